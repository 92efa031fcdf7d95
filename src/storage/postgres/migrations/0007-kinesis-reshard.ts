import type { Migration } from './index.js';

/**
 * Kinesis resharding, enhanced fan-out consumers, resource policies and account settings (the
 * same model as SQLite's 0007-kinesis-reshard; see services/kinesis/store.ts).
 * - `updating_until`: UPDATING until then after a reshard or mode change (0 = never).
 * - Consumers cascade with their stream's rows when the purge job drops a deleted stream.
 * - `kinesis_subscriptions` is the cross-node lease behind SubscribeToShard's 5-second rule.
 */
const migration: Migration = {
  version: 7,
  name: 'kinesis-reshard',
  // Older nodes: older code has no resharding: a reader of a shard a newer node closed by a split or
  // merge gets no ChildShards from an older node (it never moves on to the children), and older
  // code reports a stream ACTIVE while it is UPDATING.
  olderNodes: 'incompatible',
  sql: `
ALTER TABLE kinesis_streams ADD COLUMN updating_until bigint NOT NULL DEFAULT 0;

CREATE TABLE kinesis_consumers (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id  bigint NOT NULL REFERENCES kinesis_streams (id) ON DELETE CASCADE,
  name       text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  active_at  bigint NOT NULL,
  CONSTRAINT kinesis_consumers_by_name UNIQUE (stream_id, name)
);

CREATE TABLE kinesis_subscriptions (
  consumer_id bigint NOT NULL REFERENCES kinesis_consumers (id) ON DELETE CASCADE,
  shard_index integer NOT NULL,
  owner       text NOT NULL,
  started_at  bigint NOT NULL,
  PRIMARY KEY (consumer_id, shard_index)
);

CREATE TABLE kinesis_resource_policies (
  arn    text PRIMARY KEY,
  policy text NOT NULL
);

CREATE TABLE kinesis_account_settings (
  account_id text NOT NULL,
  region     text NOT NULL,
  settings   jsonb NOT NULL,
  PRIMARY KEY (account_id, region)
);
`,
};

export default migration;
