import type { Migration } from './index.js';

/**
 * Kinesis records stored in chunks, as on SQLite (its 0012-kinesis-chunks; the layout and why:
 * storage/kinesis-chunks.ts). `kinesis_chunks` replaces `kinesis_records`: a row per PutRecords
 * call and shard, keyed by the shard and the position of its first record, `last_seq` the
 * position of its last. `data` is stored out of line without compression (STORAGE EXTERNAL):
 * record data is often compressed already, and pglz on every chunk would cost more CPU than the
 * row per record it replaces. Existing records become one-record chunks (key length -1: the rest
 * of `keys`).
 */
const migration: Migration = {
  version: 12,
  name: 'kinesis-chunks',
  // Older nodes: drops `kinesis_records`, which older code reads and writes.
  olderNodes: 'incompatible',
  sql: `
CREATE TABLE kinesis_chunks (
  shard_id   bigint NOT NULL,
  seq        bigint NOT NULL,
  last_seq   bigint NOT NULL,
  arrival_ms bigint NOT NULL,
  sizes      text   NOT NULL,
  keys       text   NOT NULL,
  data       bytea  NOT NULL,
  PRIMARY KEY (shard_id, seq)
);
ALTER TABLE kinesis_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
INSERT INTO kinesis_chunks (shard_id, seq, last_seq, arrival_ms, sizes, keys, data)
  SELECT shard_id, seq, seq, arrival_ms, json_build_array(octet_length(data), -1)::text, partition_key, data FROM kinesis_records;
DROP TABLE kinesis_records;
`,
};

export default migration;
