import type pg from 'pg';
import {
  sameReplayPolicies,
  StaleReplayPolicies,
  type ArchivedMessage,
  type ClaimedDelivery,
  type DeliveryState,
  type DeliveryStatus,
  type NewPublication,
  type NewSubscription,
  type NewTopic,
  type PublishResult,
  type ReplayPolicies,
  type ReplayProgress,
  type ReplayRequest,
  type SigningKeyRecord,
  type SnsStore,
  type SubscriptionCounts,
  type SubscriptionRecord,
  type TopicRecord,
  TopicGone,
} from '../../services/sns/store.js';
import * as SQL from './sns-sql.js';
import { isRetryable } from './sql.js';
import { PostgresSnsRecords } from './sns-records.js';
import { fromJsonbMap, fromJsonbValue, fromStoredText, jsonbMap, storableText, type JsonbMap } from './unstorable-text.js';
import { ARCHIVE, ARCHIVED_MESSAGES, PENDING_REPLAYS, progressOf, PURGE_ARCHIVE, REPLAY_POLICIES, REPLAY_PROGRESS, replay } from './sns-archive.js';
import { inTransaction } from './sns-transaction.js';
import { throttleSpacingUs, toMicros, type ThrottleSlot } from '../../services/sns/throttle.js';
import type { SnsRecordsStore } from '../../services/sns/records-store.js';

const STATE_CODES: Record<DeliveryState, number> = { pending: 0, delivered: 1, 'dead-lettered': 2, failed: 3 };
const STATE_NAMES: readonly DeliveryState[] = ['pending', 'delivered', 'dead-lettered', 'failed'];

/**
 * SnsStore on PostgreSQL. No authoritative state in memory: any number of nodes share the schema.
 * Every call is one statement (one implicit transaction), except a publish to a FIFO topic, which
 * is a short transaction holding the topic row FOR UPDATE: that lock orders concurrent publishers
 * of the topic on every node, so sequence numbers are committed in publish order (what keeps
 * FIFO groups in order for the dispatchers) and each dedup check sees every earlier commit.
 * Dispatch across nodes: claims lease rows with FOR UPDATE SKIP LOCKED (see sns-sql.ts CLAIM);
 * throttlePolicy slots are one upsert on a row per throttled subscription (THROTTLE_SLOT).
 */
export class PostgresSnsStore implements SnsStore {
  private readonly listeners = new Set<() => void>();

  private readonly x: PostgresSnsRecords;

  constructor(private readonly pool: pg.Pool) {
    this.x = new PostgresSnsRecords((name, text, values) => this.run(name, text, values));
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

  private async run<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.query<R>({ name, text, values });
      } catch (err) {
        if (attempt >= 5 || !isRetryable(err)) throw err;
      }
    }
  }

  async createTopic(t: NewTopic): Promise<{ created: boolean; topic: TopicRecord }> {
    for (;;) {
      const r = await this.run<TopicRow & { created: boolean }>('sns_create_topic', SQL.CREATE_TOPIC, [
        t.arn, t.accountId, t.region, t.name, jsonbMap(t.attributes), jsonbMap(t.tags), storableText(t.dataProtectionPolicy), t.createdAt,
      ]);
      if (r.rows[0]) return { created: r.rows[0].created, topic: toTopic(r.rows[0]) };
      const existing = await this.getTopic(t.arn);
      if (existing) return { created: false, topic: existing };
    }
  }

  async getTopic(arn: string): Promise<TopicRecord | undefined> {
    const r = await this.run<TopicRow>('sns_get_topic', SQL.GET_TOPIC, [arn]);
    return r.rows[0] && toTopic(r.rows[0]);
  }

  async listTopics(accountId: string, region: string, afterId: number, limit: number): Promise<TopicRecord[]> {
    return (await this.run<TopicRow>('sns_list_topics', SQL.LIST_TOPICS, [accountId, region, afterId, limit])).rows.map(toTopic);
  }

  async setTopicAttributes(topicId: number, attributes: Readonly<Record<string, string | null>>): Promise<void> {
    const [set, remove] = splitChanges(attributes);
    await this.run('sns_set_topic_attributes', SQL.SET_TOPIC_ATTRIBUTES, [topicId, jsonbMap(set), remove]);
  }

  async tagTopic(topicId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<boolean> {
    const r = await this.run<{ found: number; updated: number }>('sns_tag_topic', SQL.TAG_TOPIC, [topicId, jsonbMap(tags), maxTags]);
    return r.rows[0]!.found === 0 || r.rows[0]!.updated > 0;
  }

  async untagTopic(topicId: number, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.run('sns_untag_topic', SQL.UNTAG_TOPIC, [topicId, [...keys]]);
  }

  async setDataProtectionPolicy(topicId: number, policy: string | null): Promise<void> {
    await this.run('sns_set_data_protection', SQL.SET_DATA_PROTECTION, [topicId, storableText(policy)]);
  }

  async deleteTopic(topicId: number): Promise<void> {
    await this.run('sns_delete_topic', SQL.DELETE_TOPIC, [topicId]);
  }

  async createSubscription(s: NewSubscription): Promise<{ created: boolean; subscription: SubscriptionRecord }> {
    for (;;) {
      const r = await this.run<SubRow & { created: boolean; topic_found: number }>('sns_create_subscription', SQL.CREATE_SUBSCRIPTION, [
        s.arn, s.topicId, s.topicArn, s.owner, s.region, s.protocol, s.endpoint, jsonbMap(s.attributes),
        s.pendingConfirmation, s.confirmationWasAuthenticated, s.token, s.createdAt,
      ]);
      const row = r.rows[0];
      if (row && row.id !== null) return { created: row.created, subscription: toSub(row) };
      if (row && row.topic_found === 0) throw new TopicGone(s.topicId);
      // A concurrent subscriber committed after our snapshot: read its row with a fresh statement.
    }
  }

  async getSubscription(arn: string): Promise<SubscriptionRecord | undefined> {
    const r = await this.run<SubRow>('sns_get_subscription', SQL.GET_SUBSCRIPTION, [arn]);
    return r.rows[0] && toSub(r.rows[0]);
  }

  async getSubscriptionByToken(topicArn: string, token: string): Promise<SubscriptionRecord | undefined> {
    const r = await this.run<SubRow>('sns_subscription_by_token', SQL.SUBSCRIPTION_BY_TOKEN, [token, topicArn]);
    return r.rows[0] && toSub(r.rows[0]);
  }

  async confirmSubscription(subscriptionId: number, authenticated: boolean): Promise<SubscriptionRecord | undefined> {
    const r = await this.run<SubRow>('sns_confirm_subscription', SQL.CONFIRM_SUBSCRIPTION, [subscriptionId, authenticated]);
    return r.rows[0] && toSub(r.rows[0]);
  }

  async setSubscriptionAttributes(subscriptionId: number, attributes: Readonly<Record<string, string | null>>): Promise<void> {
    const [set, remove] = splitChanges(attributes);
    await this.run('sns_set_subscription_attributes', SQL.SET_SUBSCRIPTION_ATTRIBUTES, [subscriptionId, jsonbMap(set), remove]);
  }

  async deleteSubscription(subscriptionId: number): Promise<boolean> {
    const r = await this.run<{ n: number }>('sns_delete_subscription', SQL.DELETE_SUBSCRIPTION, [subscriptionId]);
    return r.rows[0]!.n > 0;
  }

  async listSubscriptions(owner: string, region: string, afterId: number, limit: number): Promise<SubscriptionRecord[]> {
    return (await this.run<SubRow>('sns_list_subscriptions', SQL.LIST_SUBSCRIPTIONS, [owner, region, afterId, limit])).rows.map(toSub);
  }

  async listSubscriptionsByTopic(topicId: number, afterId: number, limit: number): Promise<SubscriptionRecord[]> {
    return (await this.run<SubRow>('sns_list_topic_subscriptions', SQL.LIST_TOPIC_SUBSCRIPTIONS, [topicId, afterId, limit])).rows.map(toSub);
  }

  async countSubscriptions(topicId: number): Promise<SubscriptionCounts> {
    const r = await this.run<{ confirmed: number; pending: number }>('sns_count_subscriptions', SQL.COUNT_SUBSCRIPTIONS, [topicId]);
    return { confirmed: r.rows[0]!.confirmed, pending: r.rows[0]!.pending };
  }

  async confirmedSubscriptions(topicId: number): Promise<SubscriptionRecord[]> {
    return (await this.run<SubRow>('sns_confirmed_subscriptions', SQL.CONFIRMED_SUBSCRIPTIONS, [topicId])).rows.map(toSub);
  }

  async publish(topicId: number, messages: readonly NewPublication[], now: number, dedupWindowMs: number, replayPolicies?: ReplayPolicies): Promise<PublishResult[]> {
    if (messages.length === 0) return [];
    // FIFO topics (dedup keys, archiving, replay policies) publish in a transaction holding the topic row.
    const results = replayPolicies || messages.some((m) => m.dedupKey !== null || (m.archiveUntil ?? null) !== null)
      ? await this.publishFifo(topicId, messages, now, dedupWindowMs, replayPolicies)
      : await this.publishStandard(topicId, messages, now);
    if (messages.some((m) => m.deliveries.length > 0)) this.emit();
    return results;
  }

  private async publishStandard(topicId: number, messages: readonly NewPublication[], now: number): Promise<PublishResult[]> {
    const ord: number[] = [], sub: string[] = [], target: string[] = [], gk: (string | null)[] = [];
    messages.forEach((m, i) => {
      for (const d of m.deliveries) {
        ord.push(i + 1);
        sub.push(d.subscriptionArn);
        target.push(d.target);
        gk.push(d.groupKey);
      }
    });
    const r = await this.run<{ seq: number; message_id: string }>('sns_publish', SQL.PUBLISH, [
      topicId, messages.map((m) => m.messageId), messages.map((m) => m.payload), messages.map((m) => m.deliveries.length > 0),
      now, ord, sub, target, gk,
    ]);
    if (r.rows.length === 0) throw new TopicGone(topicId);
    return r.rows.map((row) => ({ messageId: row.message_id, seq: row.seq, duplicate: false }));
  }

  private publishFifo(topicId: number, messages: readonly NewPublication[], now: number, windowMs: number, replayPolicies?: ReplayPolicies): Promise<PublishResult[]> {
    return inTransaction(this.pool, async (client) => {
      if ((await client.query(SQL.LOCK_TOPIC, [topicId])).rowCount === 0) throw new TopicGone(topicId);
      // A replay holds the same lock while it changes a ReplayPolicy: this read sees it committed, or it waits for us.
      if (replayPolicies) {
        const rows = (await client.query<{ arn: string; policy: string | string[] }>(REPLAY_POLICIES, [topicId])).rows;
        if (!sameReplayPolicies(rows.map((r) => ({ arn: r.arn, policy: fromJsonbValue(r.policy) })), replayPolicies)) throw new StaleReplayPolicies();
      }
      const out: PublishResult[] = [];
      for (const m of messages) {
        if (m.dedupKey !== null) {
          const hit = await client.query<{ message_id: string; seq: number }>(SQL.DEDUP_HIT, [topicId, m.dedupKey, now]);
          if (hit.rows[0]) {
            out.push({ messageId: hit.rows[0].message_id, seq: hit.rows[0].seq, duplicate: true });
            continue;
          }
        }
        const seq = (await client.query<{ seq: number }>(SQL.NEXT_SEQ)).rows[0]!.seq;
        if (m.deliveries.length > 0) {
          await client.query(SQL.INSERT_MESSAGE, [seq, topicId, m.messageId, m.payload]);
          const d = m.deliveries;
          await client.query(SQL.INSERT_DELIVERIES, [seq, m.messageId, now, d.map((x) => x.subscriptionArn), d.map((x) => x.target), d.map((x) => x.groupKey)]);
        }
        if (m.dedupKey !== null) await client.query(SQL.PUT_DEDUP, [topicId, m.dedupKey, m.messageId, seq, now + windowMs]);
        if (m.archiveUntil !== undefined && m.archiveUntil !== null) await client.query(ARCHIVE, [topicId, seq, m.messageId, now, m.archiveUntil, m.payload]);
        out.push({ messageId: m.messageId, seq, duplicate: false });
      }
      return out;
    });
  }

  async claimDeliveries(now: number, max: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const r = await this.run<ClaimRow>('sns_claim', SQL.CLAIM, [now, max, leaseMs]);
    return r.rows.map((x) => ({
      id: x.id, attempts: x.attempts, subscriptionArn: x.subscription_arn, target: x.target, groupKey: x.group_key,
      messageSeq: x.message_seq, messageId: x.message_id, payload: x.payload,
    }));
  }

  async completeDelivery(id: number, attempts: number, state: Exclude<DeliveryState, 'pending'>, error: string | null, now: number): Promise<boolean> {
    const r = await this.run<{ n: number }>('sns_complete', SQL.COMPLETE, [id, attempts, STATE_CODES[state], error, now]);
    return r.rows[0]!.n > 0;
  }

  async retryDelivery(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<boolean> {
    return (await this.run('sns_retry', SQL.RETRY, [id, attempts, nextAttemptAt, error])).rowCount === 1;
  }

  async deferDelivery(id: number, attempts: number, nextAttemptAt: number): Promise<boolean> {
    return (await this.run('sns_defer', SQL.DEFER, [id, attempts, nextAttemptAt])).rowCount === 1;
  }

  async throttleSlot(subscriptionArn: string, perSecond: number, now: number, maxWaitMs: number): Promise<ThrottleSlot> {
    const r = await this.run<{ slot_us: number; taken: boolean }>('sns_throttle_slot', SQL.THROTTLE_SLOT, [
      subscriptionArn, toMicros(now), throttleSpacingUs(perSecond), toMicros(maxWaitMs),
    ]);
    return { at: r.rows[0]!.slot_us / 1000, taken: r.rows[0]!.taken };
  }

  async deliveriesOf(messageId: string): Promise<DeliveryStatus[]> {
    const r = await this.run<{ id: number; message_id: string; subscription_arn: string; state: number; attempts: number; last_error: string | null }>(
      'sns_deliveries_of', SQL.DELIVERIES_OF, [messageId],
    );
    return r.rows.map((x) => ({ id: x.id, messageId: x.message_id, subscriptionArn: x.subscription_arn, state: STATE_NAMES[x.state]!, attempts: x.attempts, lastError: x.last_error }));
  }

  async nextDeliveryAt(): Promise<number | null> {
    return (await this.run<{ at: number | null }>('sns_next_due', SQL.NEXT_DUE, [])).rows[0]?.at ?? null;
  }

  async purge(finishedBefore: number, now: number): Promise<number> {
    const outbox = (await this.run<{ n: number }>('sns_purge', SQL.PURGE, [finishedBefore, now])).rows[0]!.n;
    return outbox + (await this.run<{ n: number }>('sns_purge_archive', PURGE_ARCHIVE, [now])).rows[0]!.n;
  }

  // ───────────────── archive and replay (sns-archive.ts) ─────────────────

  async archivedMessages(topicId: number, afterSeq: number, limit: number): Promise<ArchivedMessage[]> {
    return (await this.run<ArchivedMessage>('sns_archived_messages', ARCHIVED_MESSAGES, [topicId, afterSeq, limit])).rows;
  }

  async replay(subscriptionId: number, request: ReplayRequest | null, now: number): Promise<number | null> {
    const queued = await inTransaction(this.pool, (client) => replay(client, subscriptionId, request, now));
    if (queued) this.emit();
    return queued;
  }

  async replayProgress(subscriptionArn: string): Promise<ReplayProgress | null> {
    return progressOf((await this.run<{ failed: boolean; replaying: boolean }>('sns_replay_progress', REPLAY_PROGRESS, [subscriptionArn])).rows[0]);
  }

  async pendingReplays(afterId: number, limit: number): Promise<SubscriptionRecord[]> {
    return (await this.run<SubRow>('sns_pending_replays', PENDING_REPLAYS, [afterId, limit])).rows.map(toSub);
  }

  onDeliveriesAvailable(listener: () => void): () => void {
    const entry = (): void => listener();
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  async signingKey(create: () => SigningKeyRecord | Promise<SigningKeyRecord>): Promise<SigningKeyRecord> {
    const read = async () => {
      const r = await this.run<{ private_key: string; public_key: string; created_at: number }>('sns_signing_key', SQL.SIGNING_KEY, []);
      const row = r.rows[0];
      return row && { privateKeyPem: row.private_key, publicKeyPem: row.public_key, createdAt: row.created_at };
    };
    const existing = await read();
    if (existing) return existing;
    const key = await create();
    await this.run('sns_put_signing_key', SQL.PUT_SIGNING_KEY, [key.privateKeyPem, key.publicKeyPem, key.createdAt]);
    return (await read())!; // the first node's key wins
  }

  private emit(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch {
        // a listener only wakes a dispatcher
      }
    }
  }
}

interface TopicRow {
  id: number; arn: string; account_id: string; region: string; name: string;
  attributes: JsonbMap; tags: JsonbMap;
  data_protection_policy: string | null; subscriptions_deleted: number; created_at: number;
}
interface SubRow {
  id: number; arn: string; topic_id: number; topic_arn: string; owner: string; region: string; protocol: string; endpoint: string;
  attributes: JsonbMap; pending: boolean; authenticated: boolean; token: string | null; created_at: number;
}
interface ClaimRow {
  id: number; attempts: number; subscription_arn: string; target: string; group_key: string | null;
  message_seq: number; message_id: string; payload: string;
}

function splitChanges(changes: Readonly<Record<string, string | null>>): [Record<string, string>, string[]] {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) remove.push(k);
    else set[k] = v;
  }
  return [set, remove];
}

function toTopic(r: TopicRow): TopicRecord {
  return Object.freeze({
    id: r.id, arn: r.arn, accountId: r.account_id, region: r.region, name: r.name,
    attributes: fromJsonbMap(r.attributes), tags: fromJsonbMap(r.tags), dataProtectionPolicy: fromStoredText(r.data_protection_policy),
    subscriptionsDeleted: r.subscriptions_deleted, createdAt: r.created_at,
  });
}

function toSub(r: SubRow): SubscriptionRecord {
  return Object.freeze({
    id: r.id, arn: r.arn, topicId: r.topic_id, topicArn: r.topic_arn, owner: r.owner, region: r.region, protocol: r.protocol,
    endpoint: r.endpoint, attributes: fromJsonbMap(r.attributes), pendingConfirmation: r.pending,
    confirmationWasAuthenticated: r.authenticated, token: r.token, createdAt: r.created_at,
  });
}
