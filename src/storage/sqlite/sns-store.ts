import type Database from 'better-sqlite3';
import type {
  ArchivedMessage,
  NewSubscription,
  NewTopic,
  ReplayProgress,
  ReplayRequest,
  SigningKeyRecord,
  SnsStore,
  SubscriptionCounts,
  SubscriptionRecord,
  TopicRecord,
} from '../../services/sns/store.js';
import { TopicGone } from '../../services/sns/store.js';
import type { GroupCommit } from './group-commit.js';
import { prepare } from './sns-statements.js';
import { SqliteSnsRecords } from './sns-records.js';
import { SqliteSnsArchive } from './sns-archive.js';
import { SqliteSnsOutbox } from './sns-outbox.js';
import { read } from './read.js';
import { MemoryThrottle } from '../../services/sns/throttle.js';
import type { SnsRecordsStore } from '../../services/sns/records-store.js';

/** Topics kept by getTopic's cache before it starts over. */
const TOPIC_CACHE_MAX = 10_000;

/**
 * The SNS store on SQLite (schema: migrations/0004-sns.ts). Writes run inside the group-commit
 * writer, so each read-check-write is atomic, and a publish's message and deliveries commit in
 * the same transaction as every other write of that batch; the promise resolves after COMMIT.
 *
 * State kept in memory, valid because this process alone has the file open (exclusive lock):
 * the confirmed subscriptions of each topic (publish reads them on every call), filled by reads
 * and dropped for a topic by any write touching its subscriptions; topics by ARN (below); the
 * throttlePolicy slots (not persisted: a restart forgets at most one spacing per subscription).
 * The outbox is in sns-outbox.ts, recorded deliveries in sns-records.ts, the archive in sns-archive.ts.
 */
export class SqliteSnsStore implements SnsStore {
  private readonly s: ReturnType<typeof prepare>;
  private readonly confirmedCache = new Map<number, SubscriptionRecord[]>();
  /**
   * Topics by ARN, as every Publish looks its topic up. This process is the file's only writer
   * (exclusive lock), and every change to a topic row goes through `changeTopic`, which empties it.
   */
  private readonly topicCache = new Map<string, TopicRecord>();
  private readonly x: SqliteSnsRecords;
  private readonly a: SqliteSnsArchive;
  private readonly o: SqliteSnsOutbox;
  /** throttlePolicy slots: in memory, as this process alone delivers from the file (see throttle.ts). */
  private readonly throttle = new MemoryThrottle();

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    this.s = prepare(db);
    this.x = new SqliteSnsRecords(db, writer);
    this.a = new SqliteSnsArchive(db);
    this.o = new SqliteSnsOutbox(this.s, writer, this.a);
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
      if (this.s.topicExists.get(sub.topicId) === undefined) throw new TopicGone(sub.topicId);
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

  // ─────────────────────────── outbox (sns-outbox.ts) ──────────────────────────

  publish: SnsStore['publish'] = (...args) => this.o.publish(...args);
  claimDeliveries: SnsStore['claimDeliveries'] = (...args) => this.o.claimDeliveries(...args);
  completeDelivery: SnsStore['completeDelivery'] = (...args) => this.o.completeDelivery(...args);
  retryDelivery: SnsStore['retryDelivery'] = (...args) => this.o.retryDelivery(...args);
  deferDelivery: SnsStore['deferDelivery'] = (...args) => this.o.deferDelivery(...args);
  deliveriesOf: SnsStore['deliveriesOf'] = (messageId) => this.o.deliveriesOf(messageId);
  nextDeliveryAt: SnsStore['nextDeliveryAt'] = () => this.o.nextDeliveryAt();
  throttleSlot: SnsStore['throttleSlot'] = (...args) => Promise.resolve(this.throttle.take(...args));
  purge: SnsStore['purge'] = async (finishedBefore, now) => (await this.o.purge(finishedBefore, now)) + this.throttle.prune(now);
  onDeliveriesAvailable: SnsStore['onDeliveriesAvailable'] = (listener) => this.o.onDeliveriesAvailable(listener);

  // ──────────────────── archive and replay (sns-archive.ts) ───────────────────

  archivedMessages(topicId: number, afterSeq: number, limit: number): Promise<ArchivedMessage[]> {
    return read(() => this.a.list(topicId, afterSeq, limit));
  }

  replay(subscriptionId: number, request: ReplayRequest | null, now: number): Promise<number | null> {
    return this.writer.submit(() => {
      const sub = optSub(this.s.subById.get(subscriptionId));
      if (!sub || this.s.topicExists.get(sub.topicId) === undefined) return null;
      const current = JSON.parse(this.s.subAttributes.get(subscriptionId) as string) as Record<string, string>;
      // Subscribe's replay, queued once (by Subscribe, or resumed after a crash): see ReplayRequest.initial.
      if (request?.initial && (current.ReplayPolicy !== request.policy || this.a.started(sub.arn))) return 0;
      this.s.setSubAttributes.run(JSON.stringify(merge(current, { ReplayPolicy: request?.policy ?? null })), subscriptionId);
      this.forget(sub.topicId);
      const queued = this.a.replay(sub.topicId, sub.arn, request, now);
      if (queued > 0) this.writer.afterCommit(() => this.o.emit());
      return queued;
    });
  }

  replayProgress(subscriptionArn: string): Promise<ReplayProgress | null> {
    return read(() => this.a.progress(subscriptionArn));
  }

  pendingReplays(afterId: number, limit: number): Promise<SubscriptionRecord[]> {
    return read(() => (this.s.pendingReplays.all(afterId, limit) as SubRow[]).map(toSub));
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
