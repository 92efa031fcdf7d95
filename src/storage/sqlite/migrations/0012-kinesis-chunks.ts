/**
 * 0012: Kinesis records stored in chunks (storage/kinesis-chunks.ts: the layout and why;
 * PostgreSQL's 0012 makes the same change).
 *
 * `kinesis_chunks` replaces `kinesis_records`: `key = shard_id << 40 | seq` of a chunk's FIRST
 * record (the rowid, as before: a shard's chunks sit together in position order), `last_seq` the
 * position of its last record, then the chunk's arrival time, `sizes`, `keys` and `data`.
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
