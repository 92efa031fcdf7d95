/**
 * 0010: Kinesis enhanced fan-out, continued.
 *
 * - `kinesis_consumers.deleting_until`: DeregisterStreamConsumer leaves the consumer DELETING until
 *   then, as AWS does; after it the consumer is gone (its row is removed lazily). 0 = registered.
 * - `kinesis_subscribe_calls`: when SubscribeToShard last let a call through for (consumer, shard),
 *   for AWS's rate of one call a second per consumer per shard. Unlike the lease in
 *   kinesis_subscriptions, it outlives the subscription it started.
 */
export const sql = `
ALTER TABLE kinesis_consumers ADD COLUMN deleting_until INTEGER NOT NULL DEFAULT 0;

CREATE TABLE kinesis_subscribe_calls (
  consumer_id INTEGER NOT NULL,
  shard_index INTEGER NOT NULL,
  called_at   INTEGER NOT NULL,
  PRIMARY KEY (consumer_id, shard_index)
);
`;
