/// How donors are judged one by one, so that one account's junk codes neither flood the pool nor
/// pause distribution for everyone: a donor without a code that worked has only a few codes in
/// the pool at once, and a donor whose codes keep failing is quarantined.
public struct DonorRules: Sendable, Equatable {
    /// How many different recipients must have reported a donor's codes invalid (reports not
    /// dismissed) to quarantine the donor, provided those failures outnumber the donor's codes that
    /// worked (`SORASHARE_DONOR_QUARANTINE_FAILURES`).
    public var quarantineFailures: Int
    /// How many codes a donor without a code that worked may have in the pool at once: available,
    /// handed out and not reported on, or reported invalid and not yet resolved
    /// (`SORASHARE_NEW_DONOR_POOL_LIMIT`). Their other codes wait, held, until there is room.
    public var newDonorPoolLimit: Int

    public init(quarantineFailures: Int = 2, newDonorPoolLimit: Int = 3) {
        self.quarantineFailures = quarantineFailures
        self.newDonorPoolLimit = newDonorPoolLimit
    }

    /// Whether a donor with this record is quarantined.
    public func quarantines(_ record: DonorRecord) -> Bool {
        record.failures >= quarantineFailures && record.failures > record.worked
    }

    /// How many more of the donor's codes may enter the pool now (none while quarantined).
    public func room(_ record: DonorRecord) -> Int {
        if record.quarantined { return 0 }
        if record.worked > 0 { return Int.max }
        return max(0, newDonorPoolLimit - record.inPool)
    }
}

/// What a donor's codes did: the figures `DonorRules` judges.
public struct DonorRecord: Sendable, Equatable {
    /// Codes donated, all time.
    public var donated: Int
    /// Codes that worked for their recipient.
    public var worked: Int
    /// Different recipients who reported one of the donor's codes invalid since the donor's last
    /// release (reports not dismissed).
    public var failures: Int
    /// Codes in the pool in the sense of `DonorRules.newDonorPoolLimit`.
    public var inPool: Int
    /// Codes waiting outside the pool.
    public var held: Int
    public var quarantined: Bool

    public init(donated: Int, worked: Int, failures: Int, inPool: Int, held: Int, quarantined: Bool) {
        self.donated = donated
        self.worked = worked
        self.failures = failures
        self.inPool = inPool
        self.held = held
        self.quarantined = quarantined
    }
}
