import type { Migration } from './index.js';

/**
 * Kinesis tables (the same model as SQLite's 0005-kinesis; see services/kinesis/store.ts).
 * - Stream and shard ids are identities, never reused: iterators name streams by id. A deleted
 *   stream keeps its rows (deleted_at) until its records are purged; the partial unique index
 *   frees the name at once.
 * - `kinesis_shards.next_seq` is the per-shard record counter. PutRecords bumps it with an UPDATE
 *   in the same statement that inserts the records, so the row lock orders writers of a shard:
 *   positions are handed out in commit order, and a reader that sees position n+1 has seen n, on
 *   every node. `last_arrival` keeps arrival times from going back when node clocks differ.
 * - Records are keyed (shard_id, seq): a shard is one range of the primary key. No foreign key to
 *   the shards: deleting a stream must not cascade over millions of records in one statement
 *   (the purge job removes them in batches).
 * - `kinesis_fail` raises an error from inside a statement: PutRecords uses it to abort, all
 *   or nothing, when a shard it writes to is not (or no longer) an open shard of the stream.
 */
const migration: Migration = {
  version: 5,
  name: 'kinesis',
  // Older nodes: new tables for a service older builds did not have (they answer Kinesis as unknown).
  olderNodes: 'compatible',
  sql: `
CREATE TABLE kinesis_streams (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id          text NOT NULL,
  region              text NOT NULL,
  name                text COLLATE "C" NOT NULL,
  stream_id           text NOT NULL,
  created_at          bigint NOT NULL,
  active_at           bigint NOT NULL,
  mode                text NOT NULL,
  retention_hours     integer NOT NULL,
  max_record_size_kib integer NOT NULL,
  tags                jsonb NOT NULL DEFAULT '{}',
  settings            jsonb NOT NULL DEFAULT '{}',
  deleted_at          bigint
);
CREATE UNIQUE INDEX kinesis_streams_by_name ON kinesis_streams (account_id, region, name) WHERE deleted_at IS NULL;

CREATE TABLE kinesis_shards (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id             bigint NOT NULL REFERENCES kinesis_streams (id) ON DELETE CASCADE,
  shard_index           integer NOT NULL,
  starting_hash_key     text NOT NULL,
  ending_hash_key       text NOT NULL,
  created_at            bigint NOT NULL,
  parent_index          integer,
  adjacent_parent_index integer,
  closed_at             bigint,
  ending_seq            bigint,
  next_seq              bigint NOT NULL DEFAULT 1,
  last_arrival          bigint NOT NULL DEFAULT 0,
  CONSTRAINT kinesis_shards_by_stream UNIQUE (stream_id, shard_index)
);

CREATE TABLE kinesis_records (
  shard_id      bigint NOT NULL,
  seq           bigint NOT NULL,
  arrival_ms    bigint NOT NULL,
  partition_key text NOT NULL,
  data          bytea NOT NULL,
  PRIMARY KEY (shard_id, seq)
);

CREATE TABLE kinesis_secrets (
  name  text PRIMARY KEY,
  value bytea NOT NULL
);

CREATE FUNCTION kinesis_fail(message text) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', message;
END
$$;
`,
};

export default migration;
