-- A sign-in link no longer waits in the outbox in clear: the body holds the placeholder {link}
-- and sealed_link the link itself, sealed with AES-256-GCM under a key derived from
-- SORASHARE_SECRET_KEY (nonce || ciphertext || tag, bound to the recipient). The worker opens it
-- to send the message and drops it once the message is sent or given up; sent and failed mail is
-- removed after SORASHARE_OUTBOX_RETENTION_DAYS by the worker's housekeeping.
ALTER TABLE outbox_emails ADD COLUMN sealed_link bytea;

CREATE INDEX outbox_emails_finished ON outbox_emails ((coalesce(sent_at, failed_at)))
    WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;

-- Links that earlier versions kept in the bodies of finished mail are worthless to keep.
UPDATE outbox_emails SET body = regexp_replace(body, 'token=[0-9a-f]{64}', 'token=[removed]', 'g')
WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND body ~ 'token=[0-9a-f]{64}';
