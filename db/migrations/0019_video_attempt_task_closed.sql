-- When a stray task (an attempt that is no longer its job's, or of an ended job) was cancelled at
-- its provider. Kept apart from `outcome`, which must keep saying why the attempt ended: the
-- router counts the `retry:` outcomes per provider to send the next attempt elsewhere.
ALTER TABLE video_attempts ADD COLUMN task_closed_at timestamptz;
UPDATE video_attempts SET task_closed_at = ended_at WHERE outcome = 'cancelled';
