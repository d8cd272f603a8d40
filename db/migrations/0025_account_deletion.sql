-- Deleting an account (issue 12): the member's row stays, anonymised, so that what the ledger,
-- the payment records and the queue's history refer to still exists; `deleted_at` says when its
-- personal data was erased (README "Your data" and /privacy say what each table keeps).
ALTER TABLE members ADD COLUMN deleted_at timestamptz;
