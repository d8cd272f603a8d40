import Postgres

/// A queue with a long history, built with set-based SQL in the scratch schema (how fast it is
/// built is not what is measured): for `events` log entries, a fifth as many members who joined
/// over the last 60 days, most of them served (a code donated, handed out, revealed and
/// confirmed, one owed back and mostly returned), some waiting, some gone; the log holds their
/// events (join, donate, allocate, reveal, confirm) with fake hashes, since nothing here reads
/// the chain. Then VACUUM ANALYZE, as the tables would be after a while in production.
struct BigLog {
    let events: Int

    /// Members (and queue entries): one for every five events.
    var members: Int { max(events / 5, 10) }

    func load(on database: Connection) throws {
        try database.transaction { database in
            try database.query(
                """
                INSERT INTO members (display_name, premium_until)
                SELECT 'bench member ' || n, CASE WHEN n % 10 = 3 THEN now() + interval '30 days' END
                FROM generate_series(1, \(members)) AS n ORDER BY n
                """)
            // One in eight still waiting, one in sixteen left; the rest were handed a code
            // between a minute and five days after joining.
            try database.query(
                """
                INSERT INTO queue_entries (member_id, use_case, persona, status, lane, joined_at, ended_at)
                SELECT id, 'benchmark use case', 'other',
                       CASE WHEN n % 8 = 0 THEN 'waiting' WHEN n % 16 = 1 THEN 'left' ELSE 'served' END,
                       CASE WHEN premium_until IS NOT NULL THEN 1 ELSE 2 END,
                       now() - interval '60 days' + (n::float8 / \(members)) * interval '60 days',
                       CASE WHEN n % 8 = 0 THEN NULL
                            ELSE least(now(), now() - interval '60 days' + (n::float8 / \(members)) * interval '60 days'
                                              + (1 + n % 7200) * interval '1 minute') END
                FROM (SELECT id, premium_until, row_number() OVER (ORDER BY id) AS n FROM members) AS member ORDER BY n
                """)
            try database.query(
                """
                INSERT INTO invite_codes (donor_id, key_id, ciphertext, fingerprint, status, donated_at)
                SELECT member_id, 'bench', '\\x00', sha256(id::text::bytea), CASE WHEN id % 50 = 0 THEN 'invalid' ELSE 'worked' END,
                       joined_at
                FROM queue_entries WHERE status = 'served'
                """)
            try database.query(
                """
                INSERT INTO allocations (entry_id, code_id, allocated_at, reveal_by, first_revealed_at, outcome, outcome_at)
                SELECT e.id, c.id, e.ended_at, e.ended_at + interval '1 day', e.ended_at, c.status, e.ended_at
                FROM queue_entries e JOIN invite_codes c ON c.donor_id = e.member_id WHERE e.status = 'served'
                """)
            try database.query(
                """
                INSERT INTO return_obligations (member_id, allocation_id, owed, returned, created_at, due_at)
                SELECT e.member_id, a.id, 1, CASE WHEN a.id % 5 = 0 THEN 0 ELSE 1 END, a.outcome_at, a.outcome_at + interval '7 days'
                FROM allocations a JOIN queue_entries e ON e.id = a.entry_id WHERE a.outcome = 'worked'
                """)
            try database.query(
                """
                INSERT INTO queue_events (seq, body, prev_hash, hash)
                SELECT seq, '{"at":"' || to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '","member":"m' || (seq / 5)
                            || '","seq":' || seq || ',"type":"' || (ARRAY['join', 'donate', 'allocate', 'reveal', 'confirm'])[1 + seq % 5] || '"}',
                       sha256(((seq - 1)::text)::bytea), sha256((seq::text)::bytea)
                FROM generate_series(1, \(events)) AS seq
                """)
        }
        for table in ["members", "queue_entries", "invite_codes", "allocations", "return_obligations", "queue_events"] {
            try database.query(Query(unsafeSQL: "VACUUM ANALYZE \(table)"))
        }
    }
}
