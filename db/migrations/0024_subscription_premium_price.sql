-- Whether a subscription is for the premium price, as its own events say (items.data[].price.id);
-- NULL until one has said. Only a subscription for the premium price gives premium: another
-- product sold on the same Stripe account to the same customer gives nothing, whatever its
-- invoices say. Subscriptions stored before this were all premium's (the only one this app sells).
ALTER TABLE stripe_subscriptions ADD COLUMN premium_price boolean;
UPDATE stripe_subscriptions SET premium_price = true WHERE state_at > to_timestamp(0);
