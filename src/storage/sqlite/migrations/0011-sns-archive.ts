/**
 * 0011: SNS message archiving and replay for FIFO topics (see services/sns/store.ts).
 *
 * - `sns_archive`: one row per message published to a topic while it had an ArchivePolicy, written
 *   in the publish's transaction: its seq (the SequenceNumber), publish time (what a ReplayPolicy's
 *   window compares), expiry (publish time + retention; housekeeping removes it then) and payload.
 * - `sns_deliveries.replay_gen`: set on deliveries a replay queued (the generation of
 *   `sns_replays`), null for live ones. A partial index over pending replayed deliveries answers
 *   "is the subscription still replaying".
 * - `sns_replays`: per subscription, the latest replay's generation and whether one of its
 *   deliveries failed (ReplayStatus).
 */
export const sql = `
CREATE TABLE sns_archive (
  topic_id     INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  message_id   TEXT    NOT NULL,
  published_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  payload      TEXT    NOT NULL,
  PRIMARY KEY (topic_id, seq)
);
CREATE INDEX sns_archive_by_time ON sns_archive (topic_id, published_at);
CREATE INDEX sns_archive_by_expiry ON sns_archive (expires_at);

ALTER TABLE sns_deliveries ADD COLUMN replay_gen INTEGER;
CREATE INDEX sns_deliveries_replaying ON sns_deliveries (subscription_arn, replay_gen) WHERE state = 0 AND replay_gen IS NOT NULL;
CREATE INDEX sns_deliveries_pending_by_subscription ON sns_deliveries (subscription_arn) WHERE state = 0;

CREATE TABLE sns_replays (
  subscription_arn TEXT    PRIMARY KEY,
  gen              INTEGER NOT NULL,
  failed           INTEGER NOT NULL DEFAULT 0
);
`;
