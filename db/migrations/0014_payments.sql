-- Payments with Stripe: customers, subscriptions (premium), credit purchases and the credit
-- ledger, receipts, and every webhook event processed (by id, exactly once).

-- The Stripe customer of a member (learned from Checkout; used for the billing portal).
CREATE TABLE stripe_customers (
    member_id bigint PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    customer_id text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every webhook event whose effects were applied, inserted in the same transaction as those
-- effects: a redelivered event finds its id here and changes nothing.
CREATE TABLE stripe_events (
    id text PRIMARY KEY,
    type text NOT NULL,
    created_at timestamptz NOT NULL,
    livemode boolean NOT NULL DEFAULT false,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- The latest known state of each subscription. `state_at` is the Stripe `created` time of the
-- event that set it: an older event arriving late does not overwrite a newer state.
-- `member_id` may be unknown until the Checkout Session naming the member arrives.
CREATE TABLE stripe_subscriptions (
    id text PRIMARY KEY,
    member_id bigint REFERENCES members (id) ON DELETE CASCADE,
    customer_id text,
    status text NOT NULL CHECK (status IN (
        'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused')),
    current_period_end timestamptz,
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    state_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stripe_subscriptions_member ON stripe_subscriptions (member_id);
CREATE INDEX stripe_subscriptions_customer ON stripe_subscriptions (customer_id);

-- A credit pack bought through Checkout (mode=payment): written when the session is created
-- ('open'), paid when Stripe confirms the payment by webhook, never on the success redirect.
CREATE TABLE credit_purchases (
    checkout_session_id text PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    credits integer NOT NULL CHECK (credits > 0),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'failed', 'expired')),
    payment_intent_id text UNIQUE,
    amount_total bigint,
    currency text,
    -- credits already taken back by refunds (the refunded share of `credits`)
    refunded_credits integer NOT NULL DEFAULT 0 CHECK (refunded_credits >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    paid_at timestamptz
);
CREATE INDEX credit_purchases_member ON credit_purchases (member_id, created_at);

-- Every change of a member's credits. The balance is the sum; a refund after the credits were
-- spent makes it negative: that is a debt, and spending is blocked until it is covered.
-- (kind, reference) is unique: one purchase is credited once, however its events arrive.
CREATE TABLE credit_ledger (
    id bigserial PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    delta integer NOT NULL CHECK (delta <> 0),
    kind text NOT NULL CHECK (kind IN ('purchase', 'refund', 'spend', 'grant')),
    reference text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (kind, reference)
);
CREATE INDEX credit_ledger_member ON credit_ledger (member_id, id);

-- Links to Stripe's own receipts: hosted invoice pages (subscriptions) and charge receipts
-- (credit packs). `member_id` may be filled in later, when the payment is matched to a member.
CREATE TABLE billing_receipts (
    reference text PRIMARY KEY,
    member_id bigint REFERENCES members (id) ON DELETE CASCADE,
    payment_intent_id text,
    description text NOT NULL,
    amount bigint NOT NULL DEFAULT 0,
    currency text NOT NULL DEFAULT '',
    -- for charges: the total refunded so far, also when the refund arrives before the purchase
    amount_refunded bigint NOT NULL DEFAULT 0,
    url text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX billing_receipts_member ON billing_receipts (member_id);
CREATE INDEX billing_receipts_payment_intent ON billing_receipts (payment_intent_id);
