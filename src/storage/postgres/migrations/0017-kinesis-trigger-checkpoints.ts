import type { Migration } from './index.js';

/**
 * 0017: where each Kinesis → Lambda trigger (an event source mapping the resource file declares on
 * a stream) stands in each shard, and which node works the shard (storage/trigger-checkpoints.ts).
 * `lease_owner`/`lease_until` (epoch ms): a node takes a shard only while no other node's lease is
 * live, and renews it while it works, so one node at a time invokes a shard's records, in order.
 */
const migration: Migration = {
  version: 17,
  name: 'kinesis-trigger-checkpoints',
  // Older nodes: a new table they never read; they refuse a resource file with stream triggers
  // (an unknown field), so they never run a stream's triggers beside the newer nodes.
  olderNodes: 'compatible',
  sql: `
CREATE TABLE kinesis_trigger_checkpoints (
  mapping_id      text COLLATE "C" NOT NULL,
  shard_id        text COLLATE "C" NOT NULL,
  sequence_number text,
  start_ms        bigint NOT NULL,
  finished        boolean NOT NULL DEFAULT false,
  lease_owner     text,
  lease_until     bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (mapping_id, shard_id)
);
`,
};

export default migration;
