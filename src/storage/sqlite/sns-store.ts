import type Database from 'better-sqlite3';
import type {
  ArchivedMessage,
  ClaimedDelivery,
  DeliveryState,
  DeliveryStatus,
  NewPublication,
  NewSubscription,
  NewTopic,
  PublishResult,
  ReplayProgress,
  ReplayRequest,
  SigningKeyRecord,
  SnsStore,
  SubscriptionCounts,
  SubscriptionRecord,
  TopicRecord,
} from '../../services/sns/store.js';
import type { GroupCommit } from './group-commit.js';
import { prepare, STATE, STATE_NAMES } from './sns-statements.js';
import { SqliteSnsRecords } from './sns-records.js';
import { SqliteSnsArchive } from './sns-archive.js';
import type { SnsRecordsStore } from '../../services/sns/records-store.js';

/**
 * The SNS store on SQLite (schema: migrations/0004-sns.ts). Writes run inside the group-commit
 * writer, so each read-check-write is atomic, and a publish's message and deliveries commit in
 * the same transaction as every other write of that batch; the promise resolves after COMMIT.
 *
 * State kept in memory, valid because this process alone has the file open (exclusive lock):
 * - the confirmed subscriptions of each topic (publish reads them on every call), filled by
 *   reads and dropped for a topic by any write touching its subscriptions;
 * - no leases: the engine owns the file, so at open every lease is stale (its holder was this
 *   file's previous process) and is released, making a crash's in-flight deliveries due again.
 */
/** Topics kept by getTopic's cache before it starts over. */
const TOPIC_CACHE_MAX = 10_000;

export class SqliteSnsStore implements SnsStore {
  private readonly s: ReturnType<typeof prepare>;
  private readonly listeners = new Set<() => void>();
  private readonly confirmedCache = new Map<number, SubscriptionRecord[]>();
  /**
   * Topics by ARN, as every Publish looks its topic up. This process is the file's only writer
   * (exclusive lock), and every change to a topic row goes through `changeTopic`, which empties it.
   */
  private readonly topicCache = new Map<string, TopicRecord>();
  private readonly x: SqliteSnsRecords;
  private readonly a: SqliteSnsArchive;

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    this.s = prepare(db);
    this.s.releaseLeases.run();
    this.x = new SqliteSnsRecords(db, writer);
    this.a = new SqliteSnsArchive(db);
  }

  // ──────────── recorded deliveries and documents (sns-records.ts) ────────────

  recordDelivery: SnsRecordsStore['recordDelivery'] = (r) => this.x.recordDelivery(r);
  listRecorded: SnsRecordsStore['listRecorded'] = (f) => this.x.listRecorded(f);
  trimRecorded: SnsRecordsStore['trimRecorded'] = (keep) => this.x.trimRecorded(keep);
  createDocument: SnsRecordsStore['createDocument'] = (d) => this.x.createDocument(d);
  getDocument: SnsRecordsStore['getDocument'] = (a) => this.x.getDocument(a);
  updateDocument: SnsRecordsStore['updateDocument'] = (a, data) => this.x.updateDocument(a, data);
  deleteDocument: SnsRecordsStore['deleteDocument'] = (a) => this.x.deleteDocument(a);
  listDocuments: SnsRecordsStore['listDocuments'] = (...args) => this.x.listDocuments(...args);

  // ───────────────────────────── topics ─────────────────────────────

  createTopic(t: NewTopic): Promise<{ created: boolean; topic: TopicRecord }> {
    return this.writer.submit(() => {
      const r = this.s.insertTopic.run(t.arn, t.accountId, t.region, t.name, JSON.stringify(t.attributes), JSON.stringify(t.tags), t.dataProtectionPolicy, t.createdAt);
      return { created: r.changes === 1, topic: toTopic(this.s.topicByArn.get(t.arn) as TopicRow) };
    });
  }

  getTopic(arn: string): Promise<TopicRecord | undefined> {
    const hit = this.topicCache.get(arn);
    if (hit) return Promise.resolve(hit);
    return read(() => {
      const row = this.s.topicByArn.get(arn) as TopicRow | undefined;
      if (!row) return undefined;
      if (this.topicCache.size >= TOPIC_CACHE_MAX) this.topicCache.clear();
      const topic = toTopic(row);
      this.topicCache.set(arn, topic);
      return topic;
    });
  }

  /** A write that changes a topic row: the cached topics go (in the same synchronous turn as the write). */
  private changeTopic<T>(op: () => T): Promise<T> {
    return this.writer.submit(() => {
      this.topicCache.clear();
      return op();
    });
  }

  listTopics(accountId: string, region: string, afterId: number, limit: number): Promise<TopicRecord[]> {
    return read(() => (this.s.listTopics.all(accountId, region, afterId, limit) as TopicRow[]).map(toTopic));
  }

  setTopicAttributes(topicId: number, attributes: Readonly<Record<string, string | null>>): Promise<void> {
    return this.changeTopic(() => {
      const current = this.s.topicAttributes.get(topicId) as string | undefined;
      if (current !== undefined) this.s.setTopicAttributes.run(JSON.stringify(merge(JSON.parse(current), attributes)), topicId);
    });
  }

  tagTopic(topicId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<boolean> {
    return this.changeTopic(() => {
      const current = this.s.topicTags.get(topicId) as string | undefined;
      if (current === undefined) return true;
      const merged = { ...(JSON.parse(current) as Record<string, string>), ...tags };
      if (Object.keys(merged).length > maxTags) return false;
      this.s.setTopicTags.run(JSON.stringify(merged), topicId);
      return true;
    });
  }

  untagTopic(topicId: number, keys: readonly string[]): Promise<void> {
    return this.changeTopic(() => {
      const current = this.s.topicTags.get(topicId) as string | undefined;
      if (current === undefined) return;
      const tags = JSON.parse(current) as Record<string, string>;
      for (const k of keys) delete tags[k];
      this.s.setTopicTags.run(JSON.stringify(tags), topicId);
    });
  }

  setDataProtectionPolicy(topicId: number, policy: string | null): Promise<void> {
    return this.changeTopic(() => void this.s.setDataProtection.run(policy, topicId));
  }

  deleteTopic(topicId: number): Promise<void> {
    return this.changeTopic(() => {
      this.s.deleteTopicSubscriptions.run(topicId);
      this.s.deleteTopic.run(topicId);
      this.forget(topicId);
    });
  }

  // ────────────────────────── subscriptions ─────────────────────────

  createSubscription(sub: NewSubscription): Promise<{ created: boolean; subscription: SubscriptionRecord }> {
    return this.writer.submit(() => {
      if (this.s.topicExists.get(sub.topicId) === undefined) throw new Error(`SNS topic ${sub.topicId} does not exist`);
      const r = this.s.insertSubscription.run(
        sub.arn, sub.topicId, sub.topicArn, sub.owner, sub.region, sub.protocol, sub.endpoint, JSON.stringify(sub.attributes),
        sub.pendingConfirmation ? 1 : 0, sub.confirmationWasAuthenticated ? 1 : 0, sub.token, sub.createdAt,
      );
      if (r.changes === 1) this.forget(sub.topicId);
      const row = this.s.subByEndpoint.get(sub.topicId, sub.protocol, sub.endpoint) as SubRow;
      return { created: r.changes === 1, subscription: toSub(row) };
    });
  }

  getSubscription(arn: string): Promise<SubscriptionRecord | undefined> {
    return read(() => optSub(this.s.subByArn.get(arn)));
  }

  getSubscriptionByToken(topicArn: string, token: string): Promise<SubscriptionRecord | undefined> {
    return read(() => optSub(this.s.subByToken.get(token, topicArn)));
  }

  confirmSubscription(subscriptionId: number, authenticated: boolean): Promise<SubscriptionRecord | undefined> {
    return this.writer.submit(() => {
      this.s.confirm.run(authenticated ? 1 : 0, subscriptionId);
      const sub = optSub(this.s.subById.get(subscriptionId));
      if (sub) this.forget(sub.topicId);
      return sub;
    });
  }

  setSubscriptionAttributes(subscriptionId: number, attributes: Readonly<Record<string, string | null>>): Promise<void> {
    return this.writer.submit(() => {
      const current = this.s.subAttributes.get(subscriptionId) as string | undefined;
      if (current === undefined) return;
      this.s.setSubAttributes.run(JSON.stringify(merge(JSON.parse(current), attributes)), subscriptionId);
      const sub = optSub(this.s.subById.get(subscriptionId));
      if (sub) this.forget(sub.topicId);
    });
  }

  deleteSubscription(subscriptionId: number): Promise<boolean> {
    return this.changeTopic(() => {
      const topicId = this.s.deleteSub.get(subscriptionId) as number | undefined;
      if (topicId === undefined) return false;
      this.s.countDeleted.run(topicId);
      this.forget(topicId);
      return true;
    });
  }

  listSubscriptions(owner: string, region: string, afterId: number, limit: number): Promise<SubscriptionRecord[]> {
    return read(() => (this.s.listSubs.all(owner, region, afterId, limit) as SubRow[]).map(toSub));
  }

  listSubscriptionsByTopic(topicId: number, afterId: number, limit: number): Promise<SubscriptionRecord[]> {
    return read(() => (this.s.listTopicSubs.all(topicId, afterId, limit) as SubRow[]).map(toSub));
  }

  countSubscriptions(topicId: number): Promise<SubscriptionCounts> {
    return read(() => {
      const r = this.s.countSubs.get(topicId) as SubscriptionCounts;
      return { confirmed: r.confirmed, pending: r.pending };
    });
  }

  confirmedSubscriptions(topicId: number): Promise<SubscriptionRecord[]> {
    const hit = this.confirmedCache.get(topicId);
    if (hit) return Promise.resolve(hit);
    return read(() => {
      const subs = (this.s.confirmedSubs.all(topicId) as SubRow[]).map(toSub);
      this.confirmedCache.set(topicId, subs);
      return subs;
    });
  }

  // ───────────────────────────── outbox ─────────────────────────────

  publish(topicId: number, messages: readonly NewPublication[], now: number, dedupWindowMs: number): Promise<PublishResult[]> {
    return this.writer.submit(() => {
      if (this.s.topicExists.get(topicId) === undefined) throw new Error(`SNS topic ${topicId} does not exist`);
      const out: PublishResult[] = [];
      for (const m of messages) {
        if (m.dedupKey !== null) {
          const hit = this.s.dedupHit.get(topicId, m.dedupKey, now) as { messageId: string; seq: number } | undefined;
          if (hit) {
            out.push({ messageId: hit.messageId, seq: hit.seq, duplicate: true });
            continue;
          }
        }
        const seq = this.s.insertMessage.get(topicId, m.messageId, m.payload) as number;
        for (const d of m.deliveries) this.s.insertDelivery.run(seq, m.messageId, d.subscriptionArn, d.target, d.groupKey, now);
        this.a.archive(topicId, seq, m, now);
        if (m.deliveries.length === 0) this.s.deleteMessage.run(seq); // AUTOINCREMENT: the seq is still never reused
        if (m.dedupKey !== null) this.s.putDedup.run(topicId, m.dedupKey, m.messageId, seq, now + dedupWindowMs);
        out.push({ messageId: m.messageId, seq, duplicate: false });
      }
      if (messages.some((m) => m.deliveries.length > 0)) this.writer.afterCommit(() => this.emit());
      return out;
    });
  }

  claimDeliveries(now: number, max: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.writer.submit(() => {
      const rows = this.s.claimable.all({ now, max }) as ClaimedDelivery[];
      return rows.map((r) => {
        this.s.lease.run(now + leaseMs, r.id);
        return { ...r, attempts: r.attempts + 1 };
      });
    });
  }

  completeDelivery(id: number, attempts: number, state: Exclude<DeliveryState, 'pending'>, error: string | null, now: number): Promise<boolean> {
    return this.writer.submit(() => {
      const seq = this.s.complete.get(STATE[state], error, now, id, attempts) as number | undefined;
      if (seq === undefined) return false;
      if (state !== 'delivered') this.a.failed(id);
      // The payload is only needed while a delivery of the message is pending.
      if (this.s.pendingOfMessage.get(seq) === undefined) this.s.deleteMessage.run(seq);
      return true;
    });
  }

  retryDelivery(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<boolean> {
    return this.writer.submit(() => this.s.retry.run(nextAttemptAt, error, id, attempts).changes === 1);
  }

  deferDelivery(id: number, attempts: number, nextAttemptAt: number): Promise<boolean> {
    return this.writer.submit(() => this.s.defer.run(nextAttemptAt, id, attempts).changes === 1);
  }

  deliveriesOf(messageId: string): Promise<DeliveryStatus[]> {
    return read(() =>
      (this.s.deliveriesOf.all(messageId) as (Omit<DeliveryStatus, 'state'> & { state: number })[]).map((r) => ({
        ...r,
        state: STATE_NAMES[r.state]!,
      })),
    );
  }

  nextDeliveryAt(): Promise<number | null> {
    return read(() => (this.s.nextDue.get() as number | null | undefined) ?? null);
  }

  purge(finishedBefore: number, now: number): Promise<number> {
    return this.writer.submit(
      () =>
        this.s.purgeDeliveries.run(finishedBefore).changes + this.s.purgeMessages.run().changes + this.s.purgeDedup.run(now).changes + this.a.purge(now),
    );
  }

  // ──────────────────── archive and replay (sns-archive.ts) ───────────────────

  archivedMessages(topicId: number, afterSeq: number, limit: number): Promise<ArchivedMessage[]> {
    return read(() => this.a.list(topicId, afterSeq, limit));
  }

  replay(subscriptionId: number, request: ReplayRequest | null, now: number): Promise<number | null> {
    return this.writer.submit(() => {
      const sub = optSub(this.s.subById.get(subscriptionId));
      if (!sub || this.s.topicExists.get(sub.topicId) === undefined) return null;
      const current = JSON.parse(this.s.subAttributes.get(subscriptionId) as string) as Record<string, string>;
      this.s.setSubAttributes.run(JSON.stringify(merge(current, { ReplayPolicy: request?.policy ?? null })), subscriptionId);
      this.forget(sub.topicId);
      const queued = this.a.replay(sub.topicId, sub.arn, request, now);
      if (queued > 0) this.writer.afterCommit(() => this.emit());
      return queued;
    });
  }

  replayProgress(subscriptionArn: string): Promise<ReplayProgress | null> {
    return read(() => this.a.progress(subscriptionArn));
  }

  onDeliveriesAvailable(listener: () => void): () => void {
    const entry = (): void => listener();
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  // ───────────────────────────── signing ────────────────────────────

  async signingKey(create: () => SigningKeyRecord | Promise<SigningKeyRecord>): Promise<SigningKeyRecord> {
    const existing = this.s.signingKey.get() as SigningKeyRecord | undefined;
    if (existing) return existing;
    const key = await create();
    return this.writer.submit(() => {
      this.s.putSigningKey.run(key.privateKeyPem, key.publicKeyPem, key.createdAt);
      return this.s.signingKey.get() as SigningKeyRecord;
    });
  }

  private emit(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // a listener only wakes a dispatcher; its failure must not fail the publish
      }
    }
  }

  private forget(topicId: number): void {
    this.confirmedCache.delete(topicId);
  }
}

interface TopicRow extends Omit<TopicRecord, 'attributes' | 'tags'> {
  attributes: string;
  tags: string;
}
interface SubRow extends Omit<SubscriptionRecord, 'attributes' | 'pendingConfirmation' | 'confirmationWasAuthenticated'> {
  attributes: string;
  pending: number;
  authenticated: number;
}

function merge(current: Record<string, string>, changes: Readonly<Record<string, string | null>>): Record<string, string> {
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete current[k];
    else current[k] = v;
  }
  return current;
}

function toTopic(r: TopicRow): TopicRecord {
  return Object.freeze({ ...r, attributes: Object.freeze(JSON.parse(r.attributes)), tags: Object.freeze(JSON.parse(r.tags)) });
}

function toSub(r: SubRow): SubscriptionRecord {
  const { pending, authenticated, attributes, ...rest } = r;
  return Object.freeze({
    ...rest,
    attributes: Object.freeze(JSON.parse(attributes)),
    pendingConfirmation: pending === 1,
    confirmationWasAuthenticated: authenticated === 1,
  });
}

function optSub(row: unknown): SubscriptionRecord | undefined {
  return row === undefined ? undefined : toSub(row as SubRow);
}

function read<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}
