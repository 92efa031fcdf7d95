/**
 * The SNS store's statements (one statement per port call, except FIFO publishes: see
 * sns-store.ts). Comments say why each is safe across nodes at READ COMMITTED. Epoch-ms numbers
 * are cast to bigint so that generic plans keep their index use.
 */

import { tagWithinLimit } from './sql.js';

export const TOPIC_COLS = `id, arn, account_id, region, name, attributes, tags, data_protection_policy, subscriptions_deleted, created_at`;
export const SUB_COLS = `id, arn, topic_id, topic_arn, owner, region, protocol, endpoint, attributes, pending, authenticated, token, created_at`;

/** Insert-or-nothing, then the row (empty when a concurrent creator committed after our snapshot: read again). */
export const CREATE_TOPIC = `
WITH ins AS (
  INSERT INTO sns_topics (arn, account_id, region, name, attributes, tags, data_protection_policy, created_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8::bigint)
  ON CONFLICT (arn) DO NOTHING
  RETURNING ${TOPIC_COLS}
)
SELECT true AS created, ${TOPIC_COLS} FROM ins
UNION ALL
SELECT false AS created, ${TOPIC_COLS} FROM sns_topics WHERE arn = $1`;

export const GET_TOPIC = `SELECT ${TOPIC_COLS} FROM sns_topics WHERE arn = $1`;
export const LIST_TOPICS = `SELECT ${TOPIC_COLS} FROM sns_topics WHERE account_id = $1 AND region = $2 AND id > $3::bigint ORDER BY id LIMIT $4`;

/** jsonb `||` then `-`: set and remove keys in one atomic UPDATE (concurrent setters of other keys both land). */
export const SET_TOPIC_ATTRIBUTES = `UPDATE sns_topics SET attributes = (attributes || $2::jsonb) - $3::text[] WHERE id = $1`;

/** The row lock (FOR UPDATE in the CTE) serializes concurrent taggers, so the quota check sees every tag. */
export const TAG_TOPIC = tagWithinLimit('sns_topics');
export const UNTAG_TOPIC = `UPDATE sns_topics SET tags = tags - $2::text[] WHERE id = $1`;
export const SET_DATA_PROTECTION = `UPDATE sns_topics SET data_protection_policy = $2 WHERE id = $1`;
export const DELETE_TOPIC = `
WITH t AS (DELETE FROM sns_topics WHERE id = $1 RETURNING id)
DELETE FROM sns_subscriptions WHERE topic_id = $1`;

/**
 * FOR KEY SHARE on the topic row makes a concurrent DeleteTopic wait for this insert (and a
 * deleted topic yields no row here: `topic_found` = 0 tells the caller).
 */
export const CREATE_SUBSCRIPTION = `
WITH t AS (SELECT id FROM sns_topics WHERE id = $2 FOR KEY SHARE),
ins AS (
  INSERT INTO sns_subscriptions (arn, topic_id, topic_arn, owner, region, protocol, endpoint, attributes, pending, authenticated, token, created_at)
  SELECT $1, t.id, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12::bigint FROM t
  ON CONFLICT (topic_id, protocol, endpoint) DO NOTHING
  RETURNING ${SUB_COLS}
)
SELECT true AS created, (SELECT count(*) FROM t) AS topic_found, ${SUB_COLS} FROM ins
UNION ALL
SELECT false AS created, 1 AS topic_found, ${SUB_COLS} FROM sns_subscriptions WHERE topic_id = $2 AND protocol = $6 AND endpoint = $7
UNION ALL
SELECT false, (SELECT count(*) FROM t), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
WHERE NOT EXISTS (SELECT 1 FROM t)`;

export const GET_SUBSCRIPTION = `SELECT ${SUB_COLS} FROM sns_subscriptions WHERE arn = $1`;
export const SUBSCRIPTION_BY_TOKEN = `SELECT ${SUB_COLS} FROM sns_subscriptions WHERE token = $1 AND topic_arn = $2`;
export const CONFIRM_SUBSCRIPTION = `
WITH u AS (UPDATE sns_subscriptions SET pending = false, authenticated = $2 WHERE id = $1 AND pending RETURNING ${SUB_COLS})
SELECT ${SUB_COLS} FROM u
UNION ALL
SELECT ${SUB_COLS} FROM sns_subscriptions WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM u)`;
export const SET_SUBSCRIPTION_ATTRIBUTES = `UPDATE sns_subscriptions SET attributes = (attributes || $2::jsonb) - $3::text[] WHERE id = $1`;
export const DELETE_SUBSCRIPTION = `
WITH d AS (DELETE FROM sns_subscriptions WHERE id = $1 RETURNING topic_id),
u AS (UPDATE sns_topics SET subscriptions_deleted = subscriptions_deleted + 1 WHERE id IN (SELECT topic_id FROM d))
SELECT count(*) AS n FROM d`;
export const LIST_SUBSCRIPTIONS = `SELECT ${SUB_COLS} FROM sns_subscriptions WHERE owner = $1 AND region = $2 AND id > $3::bigint ORDER BY id LIMIT $4`;
export const LIST_TOPIC_SUBSCRIPTIONS = `SELECT ${SUB_COLS} FROM sns_subscriptions WHERE topic_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3`;
export const COUNT_SUBSCRIPTIONS = `
SELECT count(*) FILTER (WHERE NOT pending) AS confirmed, count(*) FILTER (WHERE pending) AS pending
FROM sns_subscriptions WHERE topic_id = $1`;
export const CONFIRMED_SUBSCRIPTIONS = `SELECT ${SUB_COLS} FROM sns_subscriptions WHERE topic_id = $1 AND NOT pending ORDER BY id`;

/**
 * A standard-topic publish in one statement: the topic row is held FOR KEY SHARE (a concurrent
 * DeleteTopic waits), seqs are drawn in input order, a message row is only kept when it has
 * deliveries, and every delivery is inserted in the same implicit transaction. No topic → no rows.
 * $2..$4 are per message (id, payload, has-deliveries); $6..$9 per delivery (message ordinal, …).
 */
export const PUBLISH = `
WITH t AS (SELECT id FROM sns_topics WHERE id = $1 FOR KEY SHARE),
x AS (
  SELECT nextval(pg_get_serial_sequence('sns_messages', 'seq')) AS seq, u.message_id, u.payload, u.has, u.ord
  FROM t CROSS JOIN unnest($2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS u(message_id, payload, has, ord)
  ORDER BY u.ord
),
m AS (INSERT INTO sns_messages (seq, topic_id, message_id, payload) SELECT seq, $1, message_id, payload FROM x WHERE has),
d AS (
  INSERT INTO sns_deliveries (message_seq, message_id, subscription_arn, target, group_key, next_attempt_at)
  SELECT x.seq, x.message_id, v.sub, v.target, v.gk, $5::bigint
  FROM unnest($6::bigint[], $7::text[], $8::text[], $9::text[]) AS v(ord, sub, target, gk) JOIN x ON x.ord = v.ord
)
SELECT seq, message_id FROM x ORDER BY ord`;

// FIFO publishes run as a short transaction (sns-store.ts) holding the topic row FOR UPDATE, so
// seqs are drawn and committed in the same order on every node and dedup checks see every commit.
export const LOCK_TOPIC = `SELECT id FROM sns_topics WHERE id = $1 FOR UPDATE`;
export const DEDUP_HIT = `SELECT message_id, seq FROM sns_dedup WHERE topic_id = $1 AND dedup_key = $2 AND expires_at > $3::bigint`;
export const NEXT_SEQ = `SELECT nextval(pg_get_serial_sequence('sns_messages', 'seq')) AS seq`;
export const INSERT_MESSAGE = `INSERT INTO sns_messages (seq, topic_id, message_id, payload) VALUES ($1, $2, $3, $4)`;
export const INSERT_DELIVERIES = `
INSERT INTO sns_deliveries (message_seq, message_id, subscription_arn, target, group_key, next_attempt_at)
SELECT $1, $2, v.sub, v.target, v.gk, $3::bigint FROM unnest($4::text[], $5::text[], $6::text[]) AS v(sub, target, gk)`;
export const PUT_DEDUP = `
INSERT INTO sns_dedup (topic_id, dedup_key, message_id, seq, expires_at) VALUES ($1, $2, $3, $4, $5::bigint)
ON CONFLICT (topic_id, dedup_key) DO UPDATE SET message_id = excluded.message_id, seq = excluded.seq, expires_at = excluded.expires_at`;

/**
 * Lease due deliveries with SKIP LOCKED: a row another node is claiming is skipped, one it claimed
 * and committed after our snapshot is re-checked against its new lease and dropped. A FIFO
 * delivery waits while an earlier delivery of its group is pending (leased or not).
 */
export const CLAIM = `
WITH c AS (
  SELECT d.id FROM sns_deliveries d
  WHERE d.state = 0 AND d.next_attempt_at <= $1::bigint AND d.lease_until <= $1::bigint
    AND (d.group_key IS NULL OR NOT EXISTS (
      SELECT 1 FROM sns_deliveries e WHERE e.group_key = d.group_key AND e.state = 0 AND e.id < d.id))
  ORDER BY d.next_attempt_at, d.id
  LIMIT $2
  FOR UPDATE SKIP LOCKED
), u AS (
  UPDATE sns_deliveries d SET lease_until = $1::bigint + $3::bigint, attempts = d.attempts + 1
  FROM c WHERE d.id = c.id
  RETURNING d.id, d.attempts, d.subscription_arn, d.target, d.group_key, d.message_seq, d.message_id, d.next_attempt_at
)
SELECT u.*, m.payload FROM u JOIN sns_messages m ON m.seq = u.message_seq ORDER BY u.next_attempt_at, u.id`;

/**
 * Final state, only for the current claim; the message row goes with its last pending delivery
 * (a sibling finishing concurrently on another node may leave it to purge()). A replayed delivery
 * (replay_gen) ending other than delivered (state 1) marks its replay failed.
 */
export const COMPLETE = `
WITH u AS (
  UPDATE sns_deliveries SET state = $3, last_error = $4, finished_at = $5::bigint, lease_until = 0
  WHERE id = $1 AND attempts = $2 AND state = 0 RETURNING message_seq, subscription_arn, replay_gen
), m AS (
  DELETE FROM sns_messages WHERE seq IN (SELECT message_seq FROM u)
    AND NOT EXISTS (SELECT 1 FROM sns_deliveries x WHERE x.message_seq = sns_messages.seq AND x.state = 0 AND x.id <> $1)
), f AS (
  UPDATE sns_replays r SET failed = true FROM u
  WHERE $3 <> 1 AND r.subscription_arn = u.subscription_arn AND r.gen = u.replay_gen
)
SELECT count(*) AS n FROM u`;
export const DEFER = `UPDATE sns_deliveries SET next_attempt_at = $3::bigint, attempts = attempts - 1, lease_until = 0 WHERE id = $1 AND attempts = $2 AND state = 0`;
export const RETRY = `UPDATE sns_deliveries SET next_attempt_at = $3::bigint, last_error = $4, lease_until = 0 WHERE id = $1 AND attempts = $2 AND state = 0`;
export const DELIVERIES_OF = `
SELECT id, message_id, subscription_arn, state, attempts, last_error FROM sns_deliveries WHERE message_id = $1 ORDER BY id`;
export const NEXT_DUE = `SELECT min(greatest(next_attempt_at, lease_until)) AS at FROM sns_deliveries WHERE state = 0`;
export const PURGE = `
WITH a AS (DELETE FROM sns_deliveries WHERE state <> 0 AND finished_at < $1::bigint RETURNING 1),
b AS (DELETE FROM sns_messages m WHERE NOT EXISTS (SELECT 1 FROM sns_deliveries d WHERE d.message_seq = m.seq) RETURNING 1),
c AS (DELETE FROM sns_dedup WHERE expires_at <= $2::bigint RETURNING 1),
e AS (DELETE FROM sns_throttle WHERE next_us <= $2::bigint * 1000 RETURNING 1)
SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b) + (SELECT count(*) FROM c) + (SELECT count(*) FROM e) AS n`;

/**
 * A throttled subscription's next slot (services/sns/throttle.ts): $1 subscription, $2 now, $3 the
 * spacing, $4 the longest wait, all µs. One upsert: a concurrent caller on another node waits for
 * the row lock and then reads our next_us (ON CONFLICT DO UPDATE re-checks the latest row version
 * at READ COMMITTED), so every caller sees every earlier slot and no two get the same one. SET reads
 * the old row: slot_us is the slot offered, next_us moves on only when it is taken, so
 * next_us > slot_us says "taken" (PostgreSQL < 18 has no OLD in RETURNING). A purge that deleted
 * a passed row meanwhile is the same state: the insert starts it afresh.
 */
export const THROTTLE_SLOT = `
INSERT INTO sns_throttle AS t (subscription_arn, next_us, slot_us) VALUES ($1, $2::bigint + $3::bigint, $2::bigint)
ON CONFLICT (subscription_arn) DO UPDATE SET
  slot_us = GREATEST(t.next_us, $2::bigint),
  next_us = CASE WHEN GREATEST(t.next_us, $2::bigint) <= $2::bigint + $4::bigint THEN GREATEST(t.next_us, $2::bigint) + $3::bigint ELSE t.next_us END
RETURNING slot_us, next_us > slot_us AS taken`;

export const SIGNING_KEY = `SELECT private_key, public_key, created_at FROM sns_signing_keys WHERE id = 1`;
export const PUT_SIGNING_KEY = `
INSERT INTO sns_signing_keys (id, private_key, public_key, created_at) VALUES (1, $1, $2, $3::bigint) ON CONFLICT (id) DO NOTHING`;
