/**
 * 0007: Kinesis resharding, enhanced fan-out consumers, resource policies and account settings.
 *
 * - `kinesis_streams.updating_until`: a reshard or mode change leaves the stream UPDATING until
 *   then (time is data, like `active_at` for CREATING). 0 = never updated.
 * - `kinesis_consumers`: enhanced fan-out consumers of a stream; CREATING until `active_at`.
 *   Ids are never reused (AUTOINCREMENT): a consumer ARN carries its creation second, so a
 *   consumer registered again under the same name is another consumer.
 * - `kinesis_subscriptions`: who holds SubscribeToShard for (consumer, shard) since when, so a
 *   second subscription within 5 s is refused and a later one takes over, across nodes.
 * - `kinesis_resource_policies`: Put/Get/DeleteResourcePolicy, keyed by stream or consumer ARN.
 * - `kinesis_account_settings`: UpdateAccountSettings' document per account and region.
 */
export const sql = `
ALTER TABLE kinesis_streams ADD COLUMN updating_until INTEGER NOT NULL DEFAULT 0;

CREATE TABLE kinesis_consumers (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id  INTEGER NOT NULL,
  name       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  active_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX kinesis_consumers_by_name ON kinesis_consumers (stream_id, name);

CREATE TABLE kinesis_subscriptions (
  consumer_id INTEGER NOT NULL,
  shard_index INTEGER NOT NULL,
  owner       TEXT    NOT NULL,
  started_at  INTEGER NOT NULL,
  PRIMARY KEY (consumer_id, shard_index)
);

CREATE TABLE kinesis_resource_policies (
  arn    TEXT PRIMARY KEY,
  policy TEXT NOT NULL
);

CREATE TABLE kinesis_account_settings (
  account_id TEXT NOT NULL,
  region     TEXT NOT NULL,
  settings   TEXT NOT NULL,
  PRIMARY KEY (account_id, region)
);
`;
