import Cryptography
import Postgres
import Store

/// Writes the queue log's checkpoint of the hour (`CheckpointStore.writeIfDue`), signed with
/// SORASHARE_TRANSPARENCY_SIGNING_KEY: the worker calls it on every pass, and it costs one
/// indexed lookup until the hour turns. Any number of workers: one checkpoint an hour.
struct Checkpointer {
    let key: Ed25519.PrivateKey
    let logger: Logger

    func run(on database: Connection) {
        do {
            guard let checkpoint = try CheckpointStore().writeIfDue(key: key, figures: CheckpointStore.headlineFigures, on: database) else {
                return
            }
            logger.info(
                "worker: signed checkpoint \(checkpoint.number)",
                [("seq", .int(checkpoint.seq)), ("key_id", .string(checkpoint.keyID))])
        } catch {
            logger.error("worker: the checkpoint could not be written; trying again on the next pass: \(error)")
        }
    }
}
