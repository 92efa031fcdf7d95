/**
 * 0005: Kinesis streams, shards and records.
 *
 * - `kinesis_streams.id` is AUTOINCREMENT so an id is never reused: iterators name streams by id,
 *   and a stream created again under a deleted one's name must not accept the old iterators.
 *   Deleted streams keep their row (deleted_at) until their records are purged; the partial
 *   unique index frees the name at once.
 * - `kinesis_shards` holds each shard's record counter (`next_seq`) and latest arrival time,
 *   updated in the same transaction as the records it numbers.
 * - `kinesis_records` is keyed by ONE integer, `key = shard_id << 40 | seq`: the rowid, so a
 *   shard's records sit together in position order in the table's own B-tree (no second index to
 *   write, reads are one range scan, large blobs live in an ordinary rowid table). Limits that
 *   follow: shard ids below 2^23 (8.4 million shards created over the database's life) and 2^40
 *   records per shard; the store refuses to go past either. The key never reaches JavaScript
 *   (SQL computes it), so it may exceed 2^53.
 * - `data` comes last in the row so position/arrival checks never read a large blob's overflow pages.
 * - `kinesis_secrets` holds the key that seals iterators and NextTokens.
 */
export const sql = `
CREATE TABLE kinesis_streams (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id          TEXT    NOT NULL,
  region              TEXT    NOT NULL,
  name                TEXT    NOT NULL,
  stream_id           TEXT    NOT NULL,
  created_at          INTEGER NOT NULL,
  active_at           INTEGER NOT NULL,
  mode                TEXT    NOT NULL,
  retention_hours     INTEGER NOT NULL,
  max_record_size_kib INTEGER NOT NULL,
  tags                TEXT    NOT NULL,
  settings            TEXT    NOT NULL,
  deleted_at          INTEGER
);
CREATE UNIQUE INDEX kinesis_streams_by_name ON kinesis_streams (account_id, region, name) WHERE deleted_at IS NULL;

CREATE TABLE kinesis_shards (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id             INTEGER NOT NULL,
  shard_index           INTEGER NOT NULL,
  starting_hash_key     TEXT    NOT NULL,
  ending_hash_key       TEXT    NOT NULL,
  created_at            INTEGER NOT NULL,
  parent_index          INTEGER,
  adjacent_parent_index INTEGER,
  closed_at             INTEGER,
  ending_seq            INTEGER,
  next_seq              INTEGER NOT NULL DEFAULT 1,
  last_arrival          INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX kinesis_shards_by_stream ON kinesis_shards (stream_id, shard_index);

CREATE TABLE kinesis_records (
  key           INTEGER PRIMARY KEY,
  arrival_ms    INTEGER NOT NULL,
  partition_key TEXT    NOT NULL,
  data          BLOB    NOT NULL
);

CREATE TABLE kinesis_secrets (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
`;
