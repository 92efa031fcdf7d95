/**
 * 0009: Kinesis channels (CreateChannel … DeleteChannel). The resource only: Switchyard delivers
 * nothing to S3. CREATING until `active_at`, UPDATING until `updating_until` (time is data, as for
 * streams); `configuration` and `tags` are JSON documents. Deletion removes the row at once.
 * Ids are never reused (AUTOINCREMENT).
 */
export const sql = `
CREATE TABLE kinesis_channels (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id     TEXT    NOT NULL,
  region         TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  channel_id     TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  active_at      INTEGER NOT NULL,
  updating_until INTEGER NOT NULL DEFAULT 0,
  configuration  TEXT    NOT NULL,
  tags           TEXT    NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX kinesis_channels_by_name ON kinesis_channels (account_id, region, name);
`;
