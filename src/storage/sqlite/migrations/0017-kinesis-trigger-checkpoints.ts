/**
 * 0017: where each Kinesis → Lambda trigger stands in each shard (storage/trigger-checkpoints.ts;
 * PostgreSQL's 0017 makes the same table). The lease columns matter to PostgreSQL's nodes; one
 * process serves a SQLite file, which takes them the same way.
 */
export const sql = `
CREATE TABLE kinesis_trigger_checkpoints (
  mapping_id      TEXT NOT NULL,
  shard_id        TEXT NOT NULL,
  sequence_number TEXT,
  start_ms        INTEGER NOT NULL,
  finished        INTEGER NOT NULL DEFAULT 0,
  lease_owner     TEXT,
  lease_until     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (mapping_id, shard_id)
) WITHOUT ROWID;
`;
