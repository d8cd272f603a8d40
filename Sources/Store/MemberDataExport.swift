import Postgres

/// Everything we hold about one member, as one JSON document (the account page's "download your
/// data"): profile, identities, queue history, donations (never a code: only its number and
/// what became of it), referrals, notification switches and the notices sent, payments and sessions (never a session's secret). Built by
/// PostgreSQL in one statement, so it is one consistent view; nothing about another member is
/// in it except the referrals' member numbers.
public struct MemberDataExport {
    public init() {}

    /// The document for `memberID`, with the points and badge names the caller computed
    /// (`recognition`, a JSON object) added under `recognition`.
    public func json(memberID: Int, recognition: String, on database: Connection) throws -> String {
        try database.query(
            """
            SELECT json_build_object(
              'exported_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
              'profile', (SELECT json_build_object('member', id, 'name', display_name, 'email', email::text,
                                 'email_verified', email_verified, 'picture_url', picture_url, 'role', role,
                                 'premium_until', premium_until, 'suspended', banned_at IS NOT NULL, 'joined', created_at)
                          FROM members WHERE id = \(memberID)),
              'identities', coalesce((SELECT json_agg(json_build_object('provider', provider, 'subject', subject,
                                 'linked', created_at, 'last_used', last_used_at) ORDER BY created_at)
                          FROM member_identities WHERE member_id = \(memberID)), '[]'),
              'queue', coalesce((SELECT json_agg(json_build_object('entry', e.id, 'use_case', e.use_case, 'persona', e.persona,
                                 'status', e.status, 'lane', e.lane, 'joined', e.joined_at, 'ended', e.ended_at,
                                 'allocation', (SELECT json_build_object('code', 'redacted', 'allocated', a.allocated_at,
                                     'reveal_by', a.reveal_by, 'revealed', a.first_revealed_at, 'outcome', a.outcome,
                                     'outcome_at', a.outcome_at, 'report_resolution', a.report_resolution)
                                   FROM allocations a WHERE a.entry_id = e.id)) ORDER BY e.id)
                          FROM queue_entries e WHERE e.member_id = \(memberID)), '[]'),
              'returns_owed', coalesce((SELECT json_agg(json_build_object('owed', owed, 'returned', returned, 'due', due_at,
                                 'fulfilled', fulfilled_at) ORDER BY id)
                          FROM return_obligations WHERE member_id = \(memberID)), '[]'),
              'donations', coalesce((SELECT json_agg(json_build_object('donation', id, 'code', 'redacted', 'status', status,
                                 'donated', donated_at) ORDER BY id)
                          FROM invite_codes WHERE donor_id = \(memberID)), '[]'),
              'passes_redeemed', coalesce((SELECT json_agg(json_build_object('redeemed', redeemed_at) ORDER BY redeemed_at)
                          FROM priority_passes WHERE redeemed_by = \(memberID)), '[]'),
              'referrals', json_build_object(
                  'code', (SELECT code FROM referral_codes WHERE member_id = \(memberID)),
                  'referred_by_a_member', EXISTS (SELECT FROM referrals WHERE referred_id = \(memberID)),
                  'sign_ups', (SELECT count(*) FROM referrals WHERE referrer_id = \(memberID))),
              'notifications', json_build_object(
                  'switches', coalesce((SELECT json_object_agg(kind, enabled ORDER BY kind)
                            FROM notification_preferences WHERE member_id = \(memberID)), '{}'),
                  'sent', coalesce((SELECT json_agg(json_build_object('kind', kind, 'stage', stage, 'at', created_at)
                                   ORDER BY created_at)
                            FROM notifications_sent WHERE member_id = \(memberID)), '[]')),
              'leaderboard', EXISTS (SELECT FROM leaderboard_members WHERE member_id = \(memberID)),
              'recognition', \(recognition)::json,
              'payments', json_build_object(
                  'subscriptions', coalesce((SELECT json_agg(json_build_object('status', status,
                                   'current_period_end', current_period_end, 'cancel_at_period_end', cancel_at_period_end))
                            FROM stripe_subscriptions WHERE member_id = \(memberID)), '[]'),
                  'credit_purchases', coalesce((SELECT json_agg(json_build_object('credits', credits, 'status', status,
                                   'amount', amount_total, 'currency', currency, 'refunded_credits', refunded_credits,
                                   'created', created_at, 'paid', paid_at) ORDER BY created_at)
                            FROM credit_purchases WHERE member_id = \(memberID)), '[]'),
                  'credit_ledger', coalesce((SELECT json_agg(json_build_object('delta', delta, 'kind', kind,
                                   'description', description, 'at', created_at) ORDER BY id)
                            FROM credit_ledger WHERE member_id = \(memberID)), '[]'),
                  'receipts', coalesce((SELECT json_agg(json_build_object('description', description, 'amount', amount,
                                   'currency', currency, 'refunded', amount_refunded, 'url', url, 'at', created_at) ORDER BY created_at)
                            FROM billing_receipts WHERE member_id = \(memberID)), '[]')),
              'videos', coalesce((SELECT json_agg(json_build_object('job', id, 'prompt', prompt, 'platform', platform,
                                 'seconds', seconds, 'credits', credits, 'state', state, 'created', created_at) ORDER BY id)
                          FROM video_jobs WHERE member_id = \(memberID)), '[]'),
              'sessions', coalesce((SELECT json_agg(json_build_object('browser', user_agent, 'signed_in', created_at,
                                 'last_seen', last_seen_at, 'expires', expires_at) ORDER BY created_at)
                          FROM sessions WHERE member_id = \(memberID)), '[]')
            )::text AS document
            """
        ).single("data export").decode(String.self, "document")
    }
}
