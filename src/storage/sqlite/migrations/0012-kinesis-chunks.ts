/**
 * 0012: Kinesis records stored in chunks (SQLite only; PostgreSQL keeps a row per record).
 *
 * `kinesis_chunks` replaces `kinesis_records`. A chunk is consecutive records of one shard written
 * by one PutRecord(s) call, so they share one arrival time:
 * - `key = shard_id << 40 | seq` of its FIRST record (the rowid, as before: a shard's chunks sit
 *   together in position order), `last_seq` the position of its last record.
 * - `data` the records' data, concatenated; `keys` their partition keys, concatenated; `sizes` a
 *   JSON array `[data bytes, key length, …]`, a pair per record in position order, the key length in
 *   UTF-16 code units (JavaScript's string length), -1 for "the rest of `keys`". Keys are not
 *   stored as JSON strings because JSON.parse interns short strings: V8's string-table lookups
 *   and growth were ~5 % of the read path's CPU (perf).
 * Why: a row per record cost an INSERT and a B-tree cell per record on the way in, and on the way
 * out a row step plus a Buffer copy per record (better-sqlite3 allocates one per blob, which also
 * drove most of the read path's garbage collection). A chunk is one of each per PutRecords call and
 * shard; reads slice the records out of it.
 * Existing records become one-record chunks (their key length -1: SQLite counts characters, not
 * UTF-16 code units).
 */
export const sql = `
CREATE TABLE kinesis_chunks (
  key        INTEGER PRIMARY KEY,
  last_seq   INTEGER NOT NULL,
  arrival_ms INTEGER NOT NULL,
  sizes      TEXT    NOT NULL,
  keys       TEXT    NOT NULL,
  data       BLOB    NOT NULL
);
INSERT INTO kinesis_chunks (key, last_seq, arrival_ms, sizes, keys, data)
  SELECT key, key & 1099511627775, arrival_ms, json_array(length(data), -1), partition_key, data FROM kinesis_records ORDER BY key;
DROP TABLE kinesis_records;
`;
