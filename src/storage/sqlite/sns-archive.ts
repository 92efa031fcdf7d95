import type Database from 'better-sqlite3';
import { sameReplayPolicies, type ArchivedMessage, type NewPublication, type ReplayProgress, type ReplayPolicies, type ReplayRequest } from '../../services/sns/store.js';
import { STATE } from './sns-statements.js';

/**
 * Archive and replay of FIFO topics on SQLite (schema: migrations/0011-sns-archive.ts). Every
 * method here is synchronous and runs inside the store's group-commit writer (or as a plain read),
 * so a publish's archive row commits with its message, and a replay is ordered with publishes: the
 * writer runs one at a time, so a replay sees every publish before it and none after.
 */

const DAY_MS = 86_400_000;
/**
 * A topic row's current archive retention in days: its ArchivePolicy's MessageRetentionPeriod (a
 * string or an integer, validated when set: domain/archive-policy.ts), NULL when it archives nothing.
 * AWS keeps archived messages for the topic's current retention period, so a change of the policy
 * applies to what is archived already: purge and expiresAt go by this, not by the expiry stored at
 * publish (which only applies once the topic stops archiving or is deleted).
 */
const RETENTION_DAYS = `CAST(json_extract(json_extract(t.attributes, '$.ArchivePolicy'), '$.MessageRetentionPeriod') AS INTEGER)`;
const EXPIRES = `COALESCE(a.published_at + ${RETENTION_DAYS} * ${DAY_MS}, a.expires_at)`;
/** ArchivedMessage columns, FROM the archive `a` and its topic `t`. */
const ARCHIVED = `a.seq, a.message_id AS messageId, a.published_at AS publishedAt, ${EXPIRES} AS expiresAt, a.payload
  FROM sns_archive a LEFT JOIN sns_topics t ON t.id = a.topic_id`;
/** Why a replay's predecessors end (deliveriesOf shows it as the delivery's last error). */
export const SUPERSEDED = 'superseded by a new ReplayPolicy';

function prepare(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    archive: p('INSERT INTO sns_archive (topic_id, seq, message_id, published_at, expires_at, payload) VALUES (?, ?, ?, ?, ?, ?)'),
    list: p(`SELECT ${ARCHIVED} WHERE a.topic_id = ? AND a.seq > ? ORDER BY a.seq LIMIT ?`),
    window: p(`SELECT ${ARCHIVED} WHERE a.topic_id = @topic AND a.published_at >= @from AND a.published_at <= @to ORDER BY a.seq`),
    initialWindow: p(`SELECT ${ARCHIVED} WHERE a.topic_id = @topic AND a.published_at >= @from AND a.published_at <= @to
                        AND NOT EXISTS (SELECT 1 FROM sns_deliveries d WHERE d.message_seq = a.seq AND d.subscription_arn = @arn
                                          AND d.replay_gen IS NULL AND d.state IN (${STATE.delivered}, ${STATE['dead-lettered']}))
                      ORDER BY a.seq`),
    nextGen: p(`INSERT INTO sns_replays (subscription_arn, gen, failed) VALUES (?, 1, 0)
                ON CONFLICT (subscription_arn) DO UPDATE SET gen = gen + 1, failed = 0 RETURNING gen`).pluck(),
    forget: p('DELETE FROM sns_replays WHERE subscription_arn = ?'),
    supersedeReplayed: p(`UPDATE sns_deliveries SET state = ${STATE.failed}, last_error = ?, finished_at = ?, lease_until = 0
                          WHERE subscription_arn = ? AND state = 0 AND replay_gen IS NOT NULL`),
    supersedeWindow: p(`UPDATE sns_deliveries SET state = ${STATE.failed}, last_error = @error, finished_at = @now, lease_until = 0
                        WHERE subscription_arn = @arn AND state = 0 AND (replay_gen IS NOT NULL OR message_seq IN (
                          SELECT seq FROM sns_archive WHERE topic_id = @topic AND published_at >= @from))`),
    replayPolicies: p(`SELECT arn, json_extract(attributes, '$.ReplayPolicy') AS policy FROM sns_subscriptions
                       WHERE topic_id = ? AND pending = 0 AND json_extract(attributes, '$.ReplayPolicy') IS NOT NULL`),
    insertMessage: p('INSERT INTO sns_messages (topic_id, message_id, payload) VALUES (?, ?, ?) RETURNING seq').pluck(),
    insertDelivery: p(`INSERT INTO sns_deliveries (message_seq, message_id, subscription_arn, target, group_key, next_attempt_at, replay_gen)
                       VALUES (?, ?, ?, ?, ?, ?, ?)`),
    markFailed: p(`UPDATE sns_replays SET failed = 1 WHERE (subscription_arn, gen) IN (
                     SELECT subscription_arn, replay_gen FROM sns_deliveries WHERE id = ? AND replay_gen IS NOT NULL)`),
    replay: p('SELECT gen, failed FROM sns_replays WHERE subscription_arn = ?'),
    replaying: p('SELECT 1 FROM sns_deliveries WHERE subscription_arn = ? AND replay_gen = ? AND state = 0 LIMIT 1').pluck(),
    retainingTopics: p(`SELECT id, days FROM (SELECT t.id, ${RETENTION_DAYS} AS days FROM sns_topics t) WHERE days IS NOT NULL`),
    purgeTopic: p('DELETE FROM sns_archive WHERE topic_id = ? AND published_at <= ?'),
    purgeOthers: p(`DELETE FROM sns_archive WHERE expires_at <= ? AND topic_id NOT IN (
                      SELECT t.id FROM sns_topics t WHERE ${RETENTION_DAYS} IS NOT NULL)`),
  };
}

export class SqliteSnsArchive {
  private readonly s: ReturnType<typeof prepare>;

  constructor(db: Database.Database) {
    this.s = prepare(db);
  }

  /** In the publish's transaction: archives one stored (not duplicate) message. */
  archive(topicId: number, seq: number, m: NewPublication, now: number): void {
    if (m.archiveUntil !== undefined && m.archiveUntil !== null) this.s.archive.run(topicId, seq, m.messageId, now, m.archiveUntil, m.payload);
  }

  list(topicId: number, afterSeq: number, limit: number): ArchivedMessage[] {
    return this.s.list.all(topicId, afterSeq, limit) as ArchivedMessage[];
  }

  /** In the writer: supersedes, then queues the window (see SnsStore.replay); returns how many were queued. */
  replay(topicId: number, subscriptionArn: string, request: ReplayRequest | null, now: number): number {
    if (request === null) {
      this.s.supersedeReplayed.run(SUPERSEDED, now, subscriptionArn);
      this.s.forget.run(subscriptionArn);
      return 0;
    }
    const gen = this.s.nextGen.get(subscriptionArn) as number;
    const to = request.to ?? Number.MAX_SAFE_INTEGER;
    this.s.supersedeWindow.run({ error: SUPERSEDED, now, arn: subscriptionArn, topic: topicId, from: request.from });
    let queued = 0;
    // An initial replay (ReplayRequest.initial) leaves out what reached the subscription live.
    const window = (request.initial ? this.s.initialWindow : this.s.window).all({ topic: topicId, from: request.from, to, arn: subscriptionArn });
    for (const m of window as ArchivedMessage[]) {
      const d = request.select(m);
      if (!d) continue;
      const seq = this.s.insertMessage.get(topicId, m.messageId, d.payload) as number;
      this.s.insertDelivery.run(seq, m.messageId, d.subscriptionArn, d.target, d.groupKey, now, gen);
      queued++;
    }
    return queued;
  }

  /** In the publish's writer: whether the topic's confirmed subscriptions have exactly these ReplayPolicies (SnsStore.publish). */
  replayPoliciesAre(topicId: number, expected: ReplayPolicies): boolean {
    return sameReplayPolicies(this.s.replayPolicies.all(topicId) as { arn: string; policy: string }[], expected);
  }

  /** In the writer, after a delivery ended other than delivered: its replay (if any) failed. */
  failed(deliveryId: number): void {
    this.s.markFailed.run(deliveryId);
  }

  /** Whether a replay was queued for the subscription (and not removed since). */
  started(subscriptionArn: string): boolean {
    return this.s.replay.get(subscriptionArn) !== undefined;
  }

  progress(subscriptionArn: string): ReplayProgress | null {
    const r = this.s.replay.get(subscriptionArn) as { gen: number; failed: number } | undefined;
    if (!r) return null;
    if (r.failed) return 'Failed';
    return this.s.replaying.get(subscriptionArn, r.gen) === undefined ? 'Completed' : 'Replaying';
  }

  /** Removes what the topic's current retention no longer keeps (see RETENTION_DAYS). */
  purge(now: number): number {
    let n = this.s.purgeOthers.run(now).changes;
    for (const t of this.s.retainingTopics.all() as { id: number; days: number }[]) n += this.s.purgeTopic.run(t.id, now - t.days * DAY_MS).changes;
    return n;
  }
}
