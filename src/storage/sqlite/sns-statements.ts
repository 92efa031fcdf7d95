import type { Preparer } from './prepare.js';

/** Every SQL statement of the SQLite SNS store, prepared once per engine (schema: migrations/0004-sns.ts). */

const TOPIC = `id, arn, account_id AS accountId, region, name, attributes, tags,
  data_protection_policy AS dataProtectionPolicy, subscriptions_deleted AS subscriptionsDeleted, created_at AS createdAt`;
const SUB = `id, arn, topic_id AS topicId, topic_arn AS topicArn, owner, region, protocol, endpoint, attributes,
  pending, authenticated, token, created_at AS createdAt`;

/** State codes of sns_deliveries.state. */
export const STATE = { pending: 0, delivered: 1, 'dead-lettered': 2, failed: 3 } as const;
export const STATE_NAMES = ['pending', 'delivered', 'dead-lettered', 'failed'] as const;

export function prepare(db: Preparer) {
  const p = (sql: string) => db.prepare(sql);
  return {
    insertTopic: p(`INSERT INTO sns_topics (arn, account_id, region, name, attributes, tags, data_protection_policy, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING`),
    topicByArn: p(`SELECT ${TOPIC} FROM sns_topics WHERE arn = ?`),
    topicById: p(`SELECT ${TOPIC} FROM sns_topics WHERE id = ?`),
    listTopics: p(`SELECT ${TOPIC} FROM sns_topics WHERE account_id = ? AND region = ? AND id > ? ORDER BY id LIMIT ?`),
    topicAttributes: p('SELECT attributes FROM sns_topics WHERE id = ?').pluck(),
    setTopicAttributes: p('UPDATE sns_topics SET attributes = ? WHERE id = ?'),
    topicTags: p('SELECT tags FROM sns_topics WHERE id = ?').pluck(),
    setTopicTags: p('UPDATE sns_topics SET tags = ? WHERE id = ?'),
    setDataProtection: p('UPDATE sns_topics SET data_protection_policy = ? WHERE id = ?'),
    deleteTopic: p('DELETE FROM sns_topics WHERE id = ?'),
    deleteTopicSubscriptions: p('DELETE FROM sns_subscriptions WHERE topic_id = ?'),
    topicExists: p('SELECT 1 FROM sns_topics WHERE id = ?').pluck(),
    countDeleted: p('UPDATE sns_topics SET subscriptions_deleted = subscriptions_deleted + 1 WHERE id = ?'),

    insertSubscription: p(`INSERT INTO sns_subscriptions (arn, topic_id, topic_arn, owner, region, protocol, endpoint, attributes,
                             pending, authenticated, token, created_at)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (topic_id, protocol, endpoint) DO NOTHING`),
    subByEndpoint: p(`SELECT ${SUB} FROM sns_subscriptions WHERE topic_id = ? AND protocol = ? AND endpoint = ?`),
    subByArn: p(`SELECT ${SUB} FROM sns_subscriptions WHERE arn = ?`),
    subById: p(`SELECT ${SUB} FROM sns_subscriptions WHERE id = ?`),
    subByToken: p(`SELECT ${SUB} FROM sns_subscriptions WHERE token = ? AND topic_arn = ?`),
    confirm: p('UPDATE sns_subscriptions SET pending = 0, authenticated = ? WHERE id = ? AND pending = 1'),
    subAttributes: p('SELECT attributes FROM sns_subscriptions WHERE id = ?').pluck(),
    setSubAttributes: p('UPDATE sns_subscriptions SET attributes = ? WHERE id = ?'),
    deleteSub: p('DELETE FROM sns_subscriptions WHERE id = ? RETURNING topic_id').pluck(),
    listSubs: p(`SELECT ${SUB} FROM sns_subscriptions WHERE owner = ? AND region = ? AND id > ? ORDER BY id LIMIT ?`),
    listTopicSubs: p(`SELECT ${SUB} FROM sns_subscriptions WHERE topic_id = ? AND id > ? ORDER BY id LIMIT ?`),
    countSubs: p(`SELECT coalesce(sum(pending = 0), 0) AS confirmed, coalesce(sum(pending = 1), 0) AS pending
                  FROM sns_subscriptions WHERE topic_id = ?`),
    confirmedSubs: p(`SELECT ${SUB} FROM sns_subscriptions WHERE topic_id = ? AND pending = 0 ORDER BY id`),
    pendingReplays: p(`SELECT ${SUB} FROM sns_subscriptions s WHERE id > ? AND json_extract(attributes, '$.ReplayPolicy') IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM sns_replays r WHERE r.subscription_arn = s.arn) ORDER BY id LIMIT ?`),

    insertMessage: p('INSERT INTO sns_messages (topic_id, message_id, payload) VALUES (?, ?, ?) RETURNING seq').pluck(),
    deleteMessage: p('DELETE FROM sns_messages WHERE seq = ?'),
    insertDelivery: p(`INSERT INTO sns_deliveries (message_seq, message_id, subscription_arn, target, group_key, next_attempt_at)
                       VALUES (?, ?, ?, ?, ?, ?)`),
    dedupHit: p('SELECT message_id AS messageId, seq FROM sns_dedup WHERE topic_id = ? AND dedup_key = ? AND expires_at > ?'),
    putDedup: p(`INSERT INTO sns_dedup (topic_id, dedup_key, message_id, seq, expires_at) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (topic_id, dedup_key) DO UPDATE SET message_id = excluded.message_id, seq = excluded.seq,
                 expires_at = excluded.expires_at`),

    /** Due, unleased, and (FIFO) first pending of its group; oldest due first. */
    claimable: p(`SELECT d.id, d.attempts, d.subscription_arn AS subscriptionArn, d.target, d.group_key AS groupKey,
                    d.message_seq AS messageSeq, d.message_id AS messageId, m.payload
                  FROM sns_deliveries d INDEXED BY sns_deliveries_due JOIN sns_messages m ON m.seq = d.message_seq
                  WHERE d.state = 0 AND d.next_attempt_at <= @now AND d.lease_until <= @now
                    AND (d.group_key IS NULL OR NOT EXISTS (
                      SELECT 1 FROM sns_deliveries e INDEXED BY sns_deliveries_by_group
                      WHERE e.group_key = d.group_key AND e.state = 0 AND e.id < d.id))
                  ORDER BY d.next_attempt_at, d.id LIMIT @max`),
    lease: p('UPDATE sns_deliveries SET lease_until = ?, attempts = attempts + 1 WHERE id = ?'),
    complete: p(`UPDATE sns_deliveries SET state = ?, last_error = ?, finished_at = ?, lease_until = 0
                 WHERE id = ? AND attempts = ? AND state = 0 RETURNING message_seq`).pluck(),
    pendingOfMessage: p('SELECT 1 FROM sns_deliveries WHERE message_seq = ? AND state = 0 LIMIT 1').pluck(),
    defer: p(`UPDATE sns_deliveries SET next_attempt_at = ?, attempts = attempts - 1, lease_until = 0 WHERE id = ? AND attempts = ? AND state = 0`),
    retry: p(`UPDATE sns_deliveries SET next_attempt_at = ?, last_error = ?, lease_until = 0
              WHERE id = ? AND attempts = ? AND state = 0`),
    deliveriesOf: p(`SELECT id, message_id AS messageId, subscription_arn AS subscriptionArn, state, attempts, last_error AS lastError
                     FROM sns_deliveries WHERE message_id = ? ORDER BY id`),
    nextDue: p('SELECT min(max(next_attempt_at, lease_until)) FROM sns_deliveries WHERE state = 0').pluck(),
    releaseLeases: p('UPDATE sns_deliveries SET lease_until = 0 WHERE state = 0 AND lease_until > 0'),
    purgeDeliveries: p('DELETE FROM sns_deliveries WHERE state <> 0 AND finished_at < ?'),
    purgeMessages: p('DELETE FROM sns_messages WHERE NOT EXISTS (SELECT 1 FROM sns_deliveries d WHERE d.message_seq = sns_messages.seq)'),
    purgeDedup: p('DELETE FROM sns_dedup WHERE expires_at <= ?'),

    signingKey: p('SELECT private_key AS privateKeyPem, public_key AS publicKeyPem, created_at AS createdAt FROM sns_signing_keys WHERE id = 1'),
    putSigningKey: p('INSERT INTO sns_signing_keys (id, private_key, public_key, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING'),
  };
}
