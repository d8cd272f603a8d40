-- A credit pack is credited only for a Checkout Session this app created and recorded, and only
-- when what the session says was paid is the pack's price. That price is the one Stripe quoted
-- when it created the session (the session's `amount_total` and `currency`), recorded with the
-- purchase when the member pressed the buy button; `amount_total` and `currency` stay what the
-- paid session says. A paid session that does not fit its purchase (another member, another
-- pack, another amount or currency) credits nothing: 'mismatch', with the reason.
-- Purchases recorded before this migration have no price: they cannot be checked, and a
-- payment for one is a mismatch for the operator to settle.
ALTER TABLE credit_purchases
    ADD COLUMN price_amount bigint CHECK (price_amount >= 0),
    ADD COLUMN price_currency text,
    ADD COLUMN mismatch text,
    ADD CONSTRAINT credit_purchases_price_complete CHECK ((price_amount IS NULL) = (price_currency IS NULL));

ALTER TABLE credit_purchases DROP CONSTRAINT credit_purchases_status_check;
ALTER TABLE credit_purchases ADD CONSTRAINT credit_purchases_status_check
    CHECK (status IN ('open', 'paid', 'failed', 'expired', 'mismatch'));
