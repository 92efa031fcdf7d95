import type { Migration } from './index.js';

/**
 * Kinesis enhanced fan-out, continued (the same model as SQLite's 0010-kinesis-fan-out).
 * - `deleting_until`: DeregisterStreamConsumer leaves the consumer DELETING until then (0 = registered).
 * - `kinesis_subscribe_calls`: the last SubscribeToShard call let through per (consumer, shard), for
 *   AWS's one call a second, across nodes.
 */
const migration: Migration = {
  version: 10,
  name: 'kinesis-fan-out',
  // Older nodes: older code does not read `deleting_until`: it would list a consumer a newer node is
  // deregistering as ACTIVE and let it subscribe, and not keep SubscribeToShard's one call a second.
  olderNodes: 'incompatible',
  sql: `
ALTER TABLE kinesis_consumers ADD COLUMN deleting_until bigint NOT NULL DEFAULT 0;

CREATE TABLE kinesis_subscribe_calls (
  consumer_id bigint NOT NULL REFERENCES kinesis_consumers (id) ON DELETE CASCADE,
  shard_index integer NOT NULL,
  called_at   bigint NOT NULL,
  PRIMARY KEY (consumer_id, shard_index)
);
`,
};

export default migration;
