import type { Migration } from './index.js';

/**
 * SNS message archiving and replay for FIFO topics (the same model as SQLite's 0011-sns-archive).
 * - `sns_archive`: messages published while the topic had an ArchivePolicy (seq, publish time,
 *   expiry, payload), written in the publish's transaction; housekeeping removes expired ones.
 * - `sns_deliveries.replay_gen`: the replay generation that queued a delivery (null: live).
 * - `sns_replays`: per subscription, its latest replay's generation and whether it failed.
 */
const migration: Migration = {
  version: 11,
  name: 'sns-archive',
  // Older nodes: older code does not archive: a message published through an older node to a topic
  // with an ArchivePolicy would be missing from its archive and from every replay.
  olderNodes: 'incompatible',
  sql: `
CREATE TABLE sns_archive (
  topic_id     bigint NOT NULL,
  seq          bigint NOT NULL,
  message_id   text   NOT NULL,
  published_at bigint NOT NULL,
  expires_at   bigint NOT NULL,
  payload      text   NOT NULL,
  PRIMARY KEY (topic_id, seq)
);
CREATE INDEX sns_archive_by_time ON sns_archive (topic_id, published_at);
CREATE INDEX sns_archive_by_expiry ON sns_archive (expires_at);

ALTER TABLE sns_deliveries ADD COLUMN replay_gen bigint;
CREATE INDEX sns_deliveries_replaying ON sns_deliveries (subscription_arn, replay_gen) WHERE state = 0 AND replay_gen IS NOT NULL;
CREATE INDEX sns_deliveries_pending_by_subscription ON sns_deliveries (subscription_arn) WHERE state = 0;

CREATE TABLE sns_replays (
  subscription_arn text   PRIMARY KEY,
  gen              bigint NOT NULL,
  failed           boolean NOT NULL DEFAULT false
);
`,
};

export default migration;
