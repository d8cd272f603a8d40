-- The public figures of /transparency, computed by the worker (at most once a minute) so that the
-- page reads two small tables however long the queue log grows.

-- One row: the latest computation. No row yet means "figures are being computed".
CREATE TABLE transparency_stats (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    computed_at timestamptz NOT NULL,
    waiting_head integer NOT NULL,
    waiting_premium integer NOT NULL,
    waiting_standard integer NOT NULL,
    codes_donated bigint NOT NULL,
    codes_donated_7d bigint NOT NULL,
    allocations_today bigint NOT NULL,
    allocations_7d bigint NOT NULL,
    allocations_30d bigint NOT NULL,
    -- Wait from joining to allocation, over allocations of the last 30 days (NULL: none).
    wait_median_seconds bigint,
    wait_p90_seconds bigint,
    -- Obligations that fell due in the last 30 days: codes owed and codes returned.
    returns_owed bigint NOT NULL,
    returns_returned bigint NOT NULL,
    -- Reports of the last 30 days: all, and invalid ones an admin did not dismiss.
    reports bigint NOT NULL,
    reports_invalid bigint NOT NULL,
    trust_score integer NOT NULL,
    paused boolean NOT NULL,
    -- Why distribution is paused, in words fit for the public ('' when it is not).
    paused_reason text NOT NULL,
    premium_members integer NOT NULL,
    passes_redeemed integer NOT NULL
);

-- The charts' data, one row per bar or point: `series` names the chart, `position` orders it.
-- waiting: members waiting at the end of each of the last 30 days (UTC); allocations: codes
-- handed out on each of those days; wait: allocations of the last 30 days by wait, one row per
-- bucket; returns: per week an obligation was created (last 8 weeks), codes owed (`value`) and
-- returned so far (`second`).
CREATE TABLE transparency_series (
    series text NOT NULL CHECK (series IN ('waiting', 'allocations', 'wait', 'returns')),
    position smallint NOT NULL,
    label text NOT NULL,
    value bigint NOT NULL,
    second bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (series, position)
);

-- The waiting-members chart rebuilds each day's queue from entries that could have waited then.
CREATE INDEX queue_entries_ended ON queue_entries (ended_at) WHERE ended_at IS NOT NULL;
