import type pg from 'pg';
import type { ArchivedMessage, ReplayProgress, ReplayRequest } from '../../services/sns/store.js';
import { LOCK_TOPIC, SUB_COLS } from './sns-sql.js';
import { fromJsonbValue, jsonbMap } from './unstorable-text.js';

/**
 * Archive and replay of FIFO topics on PostgreSQL (schema: migrations/0011-sns-archive.ts). A
 * publish archives in its own transaction (sns-store.ts publishFifo, ARCHIVE below). A replay is
 * one transaction holding the topic row FOR UPDATE, the lock FIFO publishes take on every node:
 * it sees every publish committed before it and none after, so the replayed deliveries queue ahead
 * of every later live delivery of the subscription (their ids are smaller).
 */

const DAY_MS = 86_400_000;
/**
 * A topic row's current archive retention in days: its ArchivePolicy's MessageRetentionPeriod (a
 * string or an integer, validated when set: domain/archive-policy.ts; through numeric, as a JSON
 * integer may be written 7.0 or 1e1), NULL when it archives nothing.
 * AWS keeps archived messages for the topic's current retention period, so a change of the policy
 * applies to what is archived already: purge and expiresAt go by this, not by the expiry stored at
 * publish (which only applies once the topic stops archiving or is deleted).
 */
const RETENTION_DAYS = `((t.attributes->>'ArchivePolicy')::jsonb->>'MessageRetentionPeriod')::numeric::bigint`;
/** ArchivedMessage columns, FROM the archive `a` and its topic `t`. */
const ARCHIVED = `a.seq, a.message_id AS "messageId", a.published_at AS "publishedAt",
  COALESCE(a.published_at + ${RETENTION_DAYS} * ${DAY_MS}, a.expires_at) AS "expiresAt", a.payload
  FROM sns_archive a LEFT JOIN sns_topics t ON t.id = a.topic_id`;
const SUPERSEDED = 'superseded by a new ReplayPolicy';
/** Archived messages read per round trip while a replay walks its window. */
const PAGE = 500;

export const ARCHIVE = `
INSERT INTO sns_archive (topic_id, seq, message_id, published_at, expires_at, payload) VALUES ($1, $2, $3, $4::bigint, $5::bigint, $6)`;
export const ARCHIVED_MESSAGES = `SELECT ${ARCHIVED} WHERE a.topic_id = $1 AND a.seq > $2::bigint ORDER BY a.seq LIMIT $3`;
/** Housekeeping: what the topic's current retention no longer keeps (see RETENTION_DAYS); $1 = now. */
export const PURGE_ARCHIVE = `
WITH kept AS (
  DELETE FROM sns_archive a USING sns_topics t
  WHERE t.id = a.topic_id AND ${RETENTION_DAYS} IS NOT NULL AND a.published_at <= $1::bigint - ${RETENTION_DAYS} * ${DAY_MS} RETURNING 1
), others AS (
  DELETE FROM sns_archive a WHERE a.expires_at <= $1::bigint
    AND NOT EXISTS (SELECT 1 FROM sns_topics t WHERE t.id = a.topic_id AND ${RETENTION_DAYS} IS NOT NULL) RETURNING 1
)
SELECT (SELECT count(*) FROM kept) + (SELECT count(*) FROM others) AS n`;
const SUBSCRIPTION = `SELECT arn, topic_id FROM sns_subscriptions WHERE id = $1`;
const SET_POLICY = `UPDATE sns_subscriptions SET attributes = (attributes || $2::jsonb) - $3::text[] WHERE id = $1`;
const NEXT_GEN = `
INSERT INTO sns_replays (subscription_arn, gen, failed) VALUES ($1, 1, false)
ON CONFLICT (subscription_arn) DO UPDATE SET gen = sns_replays.gen + 1, failed = false RETURNING gen`;
const FORGET = `DELETE FROM sns_replays WHERE subscription_arn = $1`;
const SUPERSEDE_REPLAYED = `
UPDATE sns_deliveries SET state = 3, last_error = $3, finished_at = $2::bigint, lease_until = 0
WHERE subscription_arn = $1 AND state = 0 AND replay_gen IS NOT NULL`;
const SUPERSEDE_WINDOW = `
UPDATE sns_deliveries SET state = 3, last_error = $5, finished_at = $2::bigint, lease_until = 0
WHERE subscription_arn = $1 AND state = 0 AND (replay_gen IS NOT NULL OR message_seq IN (
  SELECT seq FROM sns_archive WHERE topic_id = $3 AND published_at >= $4::bigint))`;
/** The ReplayPolicies a FIFO publish checks (SnsStore.publish), read under the topic lock. */
export const REPLAY_POLICIES = `
SELECT arn, attributes->'ReplayPolicy' AS policy FROM sns_subscriptions WHERE topic_id = $1 AND NOT pending AND attributes ? 'ReplayPolicy'`;
const WINDOW = `
SELECT ${ARCHIVED}
WHERE a.topic_id = $1 AND a.published_at >= $2::bigint AND a.published_at <= $3::bigint AND a.seq > $4::bigint ORDER BY a.seq LIMIT ${PAGE}`;
/** An initial replay's window (ReplayRequest.initial): less what reached the subscription ($5) live. */
const INITIAL_WINDOW = `
SELECT ${ARCHIVED}
WHERE a.topic_id = $1 AND a.published_at >= $2::bigint AND a.published_at <= $3::bigint AND a.seq > $4::bigint
  AND NOT EXISTS (SELECT 1 FROM sns_deliveries d WHERE d.message_seq = a.seq AND d.subscription_arn = $5 AND d.replay_gen IS NULL AND d.state IN (1, 2))
ORDER BY a.seq LIMIT ${PAGE}`;
/** Whether an initial replay is still pending: the subscription's policy, and whether a replay was queued. */
const PENDING_REPLAY = `
SELECT s.attributes->'ReplayPolicy' AS policy, EXISTS (SELECT 1 FROM sns_replays r WHERE r.subscription_arn = s.arn) AS started
FROM sns_subscriptions s WHERE s.id = $1`;
export const PENDING_REPLAYS = `
SELECT ${SUB_COLS} FROM sns_subscriptions s
WHERE id > $1 AND attributes ? 'ReplayPolicy' AND NOT EXISTS (SELECT 1 FROM sns_replays r WHERE r.subscription_arn = s.arn)
ORDER BY id LIMIT $2`;
/** One page of replayed messages and their deliveries: $2..$6 per message, in order; fresh seqs. */
const QUEUE = `
WITH x AS (
  SELECT nextval(pg_get_serial_sequence('sns_messages', 'seq')) AS seq, u.*
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(message_id, payload, sub, target, gk, ord)
  ORDER BY u.ord
),
m AS (INSERT INTO sns_messages (seq, topic_id, message_id, payload) SELECT seq, $1, message_id, payload FROM x)
INSERT INTO sns_deliveries (message_seq, message_id, subscription_arn, target, group_key, next_attempt_at, replay_gen)
SELECT seq, message_id, sub, target, gk, $7::bigint, $8::bigint FROM x ORDER BY ord`;
export const REPLAY_PROGRESS = `
SELECT r.failed, EXISTS (
  SELECT 1 FROM sns_deliveries d WHERE d.subscription_arn = r.subscription_arn AND d.replay_gen = r.gen AND d.state = 0) AS replaying
FROM sns_replays r WHERE r.subscription_arn = $1`;

export function progressOf(row: { failed: boolean; replaying: boolean } | undefined): ReplayProgress | null {
  if (!row) return null;
  if (row.failed) return 'Failed';
  return row.replaying ? 'Replaying' : 'Completed';
}

/** SnsStore.replay, inside a transaction (see the header); null (roll back) when the subscription or its topic is gone. */
export async function replay(client: pg.PoolClient, subscriptionId: number, request: ReplayRequest | null, now: number): Promise<number | null> {
  const sub = (await client.query<{ arn: string; topic_id: number }>(SUBSCRIPTION, [subscriptionId])).rows[0];
  if (!sub || (await client.query(LOCK_TOPIC, [sub.topic_id])).rowCount === 0) return null;
  if (request?.initial) {
    // Subscribe's replay, queued once (by Subscribe, or resumed after a crash, on any node): read under the topic lock.
    const r = (await client.query<{ policy: string | string[] | null; started: boolean }>(PENDING_REPLAY, [subscriptionId])).rows[0];
    if (!r || r.policy === null || fromJsonbValue(r.policy) !== request.policy || r.started) return 0;
  }
  const set: Record<string, string> = request ? { ReplayPolicy: request.policy } : {};
  await client.query(SET_POLICY, [subscriptionId, jsonbMap(set), request ? [] : ['ReplayPolicy']]);
  if (request === null) {
    await client.query(SUPERSEDE_REPLAYED, [sub.arn, now, SUPERSEDED]);
    await client.query(FORGET, [sub.arn]);
    return 0;
  }
  const gen = (await client.query<{ gen: number }>(NEXT_GEN, [sub.arn])).rows[0]!.gen;
  const to = request.to ?? Number.MAX_SAFE_INTEGER;
  await client.query(SUPERSEDE_WINDOW, [sub.arn, now, sub.topic_id, request.from, SUPERSEDED]);
  let queued = 0;
  for (let after = 0; ; ) {
    const window = request.initial ? client.query<ArchivedMessage>(INITIAL_WINDOW, [sub.topic_id, request.from, to, after, sub.arn])
      : client.query<ArchivedMessage>(WINDOW, [sub.topic_id, request.from, to, after]);
    const page = (await window).rows.map((r) => ({ ...r, seq: Number(r.seq) }));
    const picked = page.flatMap((m) => {
      const d = request.select(m);
      return d ? [{ m, d }] : [];
    });
    if (picked.length > 0) {
      await client.query(QUEUE, [
        sub.topic_id, picked.map((x) => x.m.messageId), picked.map((x) => x.d.payload), picked.map((x) => x.d.subscriptionArn),
        picked.map((x) => x.d.target), picked.map((x) => x.d.groupKey), now, gen,
      ]);
      queued += picked.length;
    }
    if (page.length < PAGE) return queued;
    after = page[page.length - 1]!.seq;
  }
}
