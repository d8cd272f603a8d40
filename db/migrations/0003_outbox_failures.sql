-- Mail the worker gave up on (a permanent rejection, or too many failed attempts) keeps its
-- row for the record, with failed_at set, and leaves the queue of due messages.
ALTER TABLE outbox_emails ADD COLUMN failed_at timestamptz;

DROP INDEX outbox_emails_due;
CREATE INDEX outbox_emails_due ON outbox_emails (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
