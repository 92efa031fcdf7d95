import type { SnsRecordsStore } from './records-store.js';
import type { ThrottleSlot } from './throttle.js';

/**
 * The SNS store port: topics, subscriptions, and the durable outbox of deliveries. Engines
 * (storage/sqlite/sns-store.ts, storage/postgres/sns-store.ts) implement it atomically; the
 * conformance suite is test/storage/sns-store.suite.ts.
 *
 * Times are epoch milliseconds passed in by the caller (the store never reads a clock).
 *
 * The outbox. A Publish answered with success has its message and one delivery per matching
 * confirmed subscription committed in ONE transaction (`publish`), so a crash right after the
 * answer loses nothing: whichever process opens the store next delivers them. States of a delivery:
 *
 *   pending ──claim──▶ pending+leased ──complete──▶ delivered | dead-lettered | failed   (final)
 *      ▲                    │
 *      └──retry (later)─────┘   (also: the lease runs out because its holder died → claimable again)
 *
 * A claim leases a delivery to one dispatcher (on PostgreSQL: one node, via SKIP LOCKED) until
 * `leaseUntil` and bumps `attempts`; `complete` and `retry` only act while (id, attempts) still
 * names the current claim, so a dispatcher whose lease was taken over cannot finish it twice.
 * Deliveries of a FIFO topic carry a `groupKey` (subscription + message group): a delivery is only
 * claimable when no earlier delivery with the same key is pending, so each subscription receives a
 * group in publish order, and one stuck group never holds back the others.
 */

export interface NewTopic {
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** Attributes as set by the caller (DisplayName, Policy, FifoTopic …), all strings. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly dataProtectionPolicy: string | null;
  readonly createdAt: number;
}

export interface TopicRecord extends NewTopic {
  readonly id: number;
  /** Unsubscribed subscriptions so far (the SubscriptionsDeleted attribute). */
  readonly subscriptionsDeleted: number;
}

export interface NewSubscription {
  readonly arn: string;
  readonly topicId: number;
  readonly topicArn: string;
  /** Account that made the subscription (ListSubscriptions lists the caller's). */
  readonly owner: string;
  readonly region: string;
  readonly protocol: string;
  readonly endpoint: string;
  /** Attributes as set (RawMessageDelivery, FilterPolicy, FilterPolicyScope, RedrivePolicy …). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly pendingConfirmation: boolean;
  readonly confirmationWasAuthenticated: boolean;
  /** Confirmation token of a pending subscription (ConfirmSubscription), else null. */
  readonly token: string | null;
  readonly createdAt: number;
}

export interface SubscriptionRecord extends NewSubscription {
  readonly id: number;
}

export interface SubscriptionCounts {
  readonly confirmed: number;
  readonly pending: number;
}

/** One published message as the deliveries need it; opaque to the store (kept as JSON text). */
export interface NewPublication {
  readonly messageId: string;
  /** FIFO topics: the deduplication key (dedup id, prefixed with the group for group scope). */
  readonly dedupKey: string | null;
  /** JSON document the dispatcher reads back (see services/sns/domain/publication.ts). */
  readonly payload: string;
  readonly deliveries: readonly NewDelivery[];
  /**
   * FIFO topics with an ArchivePolicy: the message (its payload, seq and the publish time `now`) is
   * archived in the same transaction, kept until this time (epoch ms). Null or absent: not archived.
   * A duplicate (dedup hit) is not archived again.
   */
  readonly archiveUntil?: number | null;
}

export interface NewDelivery {
  readonly subscriptionArn: string;
  /** JSON snapshot of what the delivery needs of the subscription (protocol, endpoint, raw …). */
  readonly target: string;
  /** FIFO ordering key (subscription arn + message group), else null. */
  readonly groupKey: string | null;
}

export interface PublishResult {
  readonly messageId: string;
  /** Never reused, increasing in commit order per topic: the SequenceNumber of FIFO topics. */
  readonly seq: number;
  /** True when a FIFO dedup key matched a message of the window: nothing was stored. */
  readonly duplicate: boolean;
}

export type DeliveryState = 'pending' | 'delivered' | 'dead-lettered' | 'failed';

export interface ClaimedDelivery {
  readonly id: number;
  /** Attempts including this one; with `id`, the fencing token for complete/retry. */
  readonly attempts: number;
  readonly subscriptionArn: string;
  readonly target: string;
  readonly groupKey: string | null;
  readonly messageSeq: number;
  readonly messageId: string;
  readonly payload: string;
}

export interface DeliveryStatus {
  readonly id: number;
  readonly messageId: string;
  readonly subscriptionArn: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly lastError: string | null;
}

/** One message of a topic's archive (ArchivePolicy), as `publish` stored it. */
export interface ArchivedMessage {
  readonly seq: number;
  readonly messageId: string;
  /** The publish time (`now` of the publish): what a ReplayPolicy's window is compared with. */
  readonly publishedAt: number;
  /**
   * When housekeeping removes it: publishedAt + the topic's current retention (AWS keeps the archive
   * for the current retention period: a change applies to messages archived before it), or, once
   * the topic no longer archives (or is gone), the `archiveUntil` it was published with.
   */
  readonly expiresAt: number;
  readonly payload: string;
}

/** What a replay queues for one archived message: the delivery, with its own payload (replay marker). */
export interface ReplayDelivery extends NewDelivery {
  readonly payload: string;
}

/**
 * A subscription's replay (ReplayPolicy): the archived messages of its topic published in
 * [from, to] (to = null: up to the replay's own transaction, after which live deliveries follow),
 * in publish order, each passed to `select` (filter policy, target, group key; null = skip).
 */
export interface ReplayRequest {
  /** The ReplayPolicy attribute value stored with the replay. */
  readonly policy: string;
  readonly from: number;
  readonly to: number | null;
  readonly select: (m: ArchivedMessage) => ReplayDelivery | null;
  /**
   * The replay Subscribe records with a new subscription (its ReplayPolicy attribute, stored by
   * `createSubscription` one step earlier), queued by Subscribe itself or, when a crash came between
   * the two steps, resumed later (`pendingReplays`). Such a replay runs only while it is still
   * pending: the subscription's ReplayPolicy is still `policy` and no replay was queued for it;
   * otherwise nothing changes and 0 is returned, so Subscribe and any number of resumers (nodes)
   * queue it once. It also leaves out the window's messages that already reached the subscription
   * live (a live delivery delivered or dead-lettered): a new subscription gets each message once.
   */
  readonly initial?: boolean;
}

/** Progress of a subscription's latest queued replay (AWS's ReplayStatus, less Pending: a ReplayPolicy with no replay queued yet). */
export type ReplayProgress = 'Replaying' | 'Completed' | 'Failed';

/** ReplayPolicy attribute values by subscription ARN (SnsStore.publish). */
export type ReplayPolicies = Readonly<Record<string, string>>;

/**
 * `publish` refused: a ReplayPolicy of the topic's confirmed subscriptions changed between the
 * caller's reading of them (on which its live-delivery decision rested: an EndingPoint pauses the
 * subscription) and the publish's transaction. Nothing was stored: read them again and retry.
 */
export class StaleReplayPolicies extends Error {
  constructor() {
    super("the topic's ReplayPolicies changed while publishing");
    this.name = 'StaleReplayPolicies';
  }
}

/**
 * A write refused because its topic is gone: DeleteTopic committed between the caller's lookup of
 * the topic and this write (`createSubscription`, `publish`). Nothing was stored. The service answers
 * it as it answers a topic that does not exist (NotFound); it was a plain Error, answered 500.
 */
export class TopicGone extends Error {
  constructor(topicId: number) {
    super(`SNS topic ${topicId} does not exist`);
    this.name = 'TopicGone';
  }
}

/** The engines' check for `publish`: the ReplayPolicies found in its transaction are the expected ones. */
export function sameReplayPolicies(found: readonly { arn: string; policy: string }[], expected: ReplayPolicies): boolean {
  return found.length === Object.keys(expected).length && found.every((r) => expected[r.arn] === r.policy);
}

export interface SigningKeyRecord {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly createdAt: number;
}

export interface SnsStore extends SnsRecordsStore {
  // ── topics ──
  /** Creates the topic unless its ARN exists; then returns the existing one with created=false. */
  createTopic(topic: NewTopic): Promise<{ created: boolean; topic: TopicRecord }>;
  getTopic(arn: string): Promise<TopicRecord | undefined>;
  /** Topics of (account, region) with id > afterId, by id, at most `limit`. */
  listTopics(accountId: string, region: string, afterId: number, limit: number): Promise<TopicRecord[]>;
  /** Merges attributes; a null value removes the attribute. No-op for a missing topic. */
  setTopicAttributes(topicId: number, attributes: Readonly<Record<string, string | null>>): Promise<void>;
  /** Merges tags, unless the result would exceed `maxTags`: then returns false and changes nothing. */
  tagTopic(topicId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<boolean>;
  untagTopic(topicId: number, keys: readonly string[]): Promise<void>;
  setDataProtectionPolicy(topicId: number, policy: string | null): Promise<void>;
  /** Deletes the topic and its subscriptions; pending deliveries already recorded stay. */
  deleteTopic(topicId: number): Promise<void>;

  // ── subscriptions ──
  /**
   * Creates the subscription unless (topic, protocol, endpoint) is subscribed already: then returns
   * the existing one with created=false. Fails (rejects) if the topic no longer exists.
   */
  createSubscription(sub: NewSubscription): Promise<{ created: boolean; subscription: SubscriptionRecord }>;
  getSubscription(arn: string): Promise<SubscriptionRecord | undefined>;
  getSubscriptionByToken(topicArn: string, token: string): Promise<SubscriptionRecord | undefined>;
  /** Marks it confirmed (idempotent); returns the record, or undefined if it is gone. */
  confirmSubscription(subscriptionId: number, authenticated: boolean): Promise<SubscriptionRecord | undefined>;
  setSubscriptionAttributes(subscriptionId: number, attributes: Readonly<Record<string, string | null>>): Promise<void>;
  /** Deletes it and counts it in its topic's SubscriptionsDeleted; false if it did not exist. */
  deleteSubscription(subscriptionId: number): Promise<boolean>;
  /** The owner's subscriptions in a region with id > afterId, by id. */
  listSubscriptions(owner: string, region: string, afterId: number, limit: number): Promise<SubscriptionRecord[]>;
  listSubscriptionsByTopic(topicId: number, afterId: number, limit: number): Promise<SubscriptionRecord[]>;
  countSubscriptions(topicId: number): Promise<SubscriptionCounts>;
  /** Confirmed subscriptions of the topic: the candidates of a publish. */
  confirmedSubscriptions(topicId: number): Promise<SubscriptionRecord[]>;

  // ── outbox ──
  /**
   * Records the messages and their deliveries (due at `now`) in one transaction, in order (seqs
   * increase with input order). Rejects if the topic no longer exists (nothing is stored then).
   * A message with a dedupKey that was published to the topic within `dedupWindowMs` before `now`
   * is not stored again: its result names the original (messageId, seq) with duplicate=true; a
   * dedupKey repeated within the same call is a duplicate of its first occurrence.
   *
   * `replayPolicies` (FIFO topics): the ReplayPolicy of each confirmed subscription of the topic
   * that has one, by ARN, as the caller read them to decide which subscriptions get the messages
   * live. The transaction checks them, ordered with `replay` (which changes them), and rejects with
   * StaleReplayPolicies, storing nothing, when they differ: a ReplayPolicy set concurrently (an
   * EndingPoint that pauses the subscription, or a new one that resumes it) either committed before
   * the publish and is obeyed, or commits after it and finds the message (see `replay`).
   */
  publish(topicId: number, messages: readonly NewPublication[], now: number, dedupWindowMs: number, replayPolicies?: ReplayPolicies): Promise<PublishResult[]>;
  /** Leases up to `max` due deliveries (see the header) until now + leaseMs, oldest due first. */
  claimDeliveries(now: number, max: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Final outcome of a claim; false when the claim was no longer current (nothing changed). */
  completeDelivery(id: number, attempts: number, state: Exclude<DeliveryState, 'pending'>, error: string | null, now: number): Promise<boolean>;
  /** Releases a claim to be tried again at `nextAttemptAt`; false when the claim was no longer current. */
  retryDelivery(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<boolean>;
  /**
   * Hands a claim back untried, to be claimed again at `nextAttemptAt`: the attempt it counted is
   * taken back (the endpoint was not called: throttling, too many attempts in flight to it).
   * False when the claim was no longer current.
   */
  deferDelivery(id: number, attempts: number, nextAttemptAt: number): Promise<boolean>;
  /**
   * throttlePolicy.maxReceivesPerSecond, held across nodes (see throttle.ts for the rule): the
   * subscription's next free start, max(now, its next), is taken when it is at most `now + maxWaitMs`
   * (the next free start moves one spacing on), else only reported. Atomic: concurrent callers on
   * any node are given distinct slots, a spacing apart. Called only for throttled subscriptions.
   */
  throttleSlot(subscriptionArn: string, perSecond: number, now: number, maxWaitMs: number): Promise<ThrottleSlot>;
  /** Deliveries of a message (by its MessageId), by id: for tests and the admin console. */
  deliveriesOf(messageId: string): Promise<DeliveryStatus[]>;
  /** Earliest next attempt of a pending, unleased delivery (or lease end), or null when none is pending. */
  nextDeliveryAt(): Promise<number | null>;
  /**
   * Housekeeping: removes final deliveries finished before `finishedBefore`, messages with no
   * delivery left, dedup entries expired at `now`, archived messages whose expiresAt (under
   * the topic's current ArchivePolicy) is at or before `now`, and throttle state whose next free
   * start has passed (it says nothing then). Returns how many rows went.
   */
  purge(finishedBefore: number, now: number): Promise<number>;
  // ── archive and replay (FIFO topics: ArchivePolicy, ReplayPolicy) ──
  /** Archived messages of a topic with seq > afterSeq, by seq, at most `limit` (expired ones until purge removes them). */
  archivedMessages(topicId: number, afterSeq: number, limit: number): Promise<ArchivedMessage[]>;
  /**
   * Sets the subscription's ReplayPolicy attribute to `request.policy` and queues its replay, in one
   * transaction ordered with the topic's publishes: every pending delivery to the subscription of an
   * earlier replay, or of an archived message published at or after the window's start, is
   * superseded (state failed, "superseded by a new ReplayPolicy": the window's are queued again, and
   * those after an EndingPoint are paused, as a publish after the change would be); then each archived message of the window that `select` accepts becomes a
   * new outbox message (fresh seq, the payload `select` gave) with one delivery, due at `now`, behind
   * the subscription's pending deliveries of the same group key. With request null, removes the
   * ReplayPolicy and its replay (pending replayed deliveries superseded). Returns how many were
   * queued, or null when the subscription (or its topic) no longer exists (nothing changed).
   */
  replay(subscriptionId: number, request: ReplayRequest | null, now: number): Promise<number | null>;
  /**
   * Progress of the subscription's latest replay: Replaying while one of its deliveries is pending,
   * Failed once one ended other than delivered, else Completed; null when it has none.
   */
  replayProgress(subscriptionArn: string): Promise<ReplayProgress | null>;
  /**
   * Subscriptions (id > afterId, by id, at most `limit`) with a ReplayPolicy but no replay queued:
   * what a crash between Subscribe's two steps leaves (ReplayStatus Pending), to resume with an
   * `initial` replay.
   */
  pendingReplays(afterId: number, limit: number): Promise<SubscriptionRecord[]>;

  /** Called after a publish by this process commits: wakes the local dispatcher. */
  onDeliveriesAvailable(listener: () => void): () => void;

  // ── signing ──
  /**
   * The server's message-signing key: the stored one, or `create()`'s, stored by the first caller
   * (`create` runs only when none is stored; it may be async: RSA key generation is slow).
   */
  signingKey(create: () => SigningKeyRecord | Promise<SigningKeyRecord>): Promise<SigningKeyRecord>;
}
