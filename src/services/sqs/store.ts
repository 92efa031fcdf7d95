/**
 * The SQS store: a port in queue verbs, implemented by every engine (storage/sqlite,
 * storage/postgres) and held to one conformance suite (test/storage/sqs-store.suite.ts).
 *
 * Terminology
 * - queue: identified by (accountId, name); `id` is the engine's surrogate key.
 * - message states are derived from timestamps, never from timers (ARCHITECTURE §3 "time is data"):
 *     expired    sentAt <= now - retentionMs          (invisible to everything; trimmed later)
 *     delayed    visibleAt > now and receiveCount = 0
 *     in flight  visibleAt > now and receiveCount > 0
 *     visible    visibleAt <= now
 * - a receive ("claim") makes visible messages in flight: receiveCount += 1, visibleAt = now +
 *   visibility timeout, firstReceiveAt set on the first receive. The pair (seq, receiveCount)
 *   identifies one receive; it is what a receipt handle carries.
 * - `seq` is unique per message for the whole life of the database and never reused (not even
 *   after the message is deleted), so a receipt can never name another message.
 *
 * Every method is atomic. A method that resolves has made its change durable per the engine's
 * durability setting (see README "Durability"); engines may coalesce concurrent calls into one
 * transaction (group commit) as long as each call resolves only after its commit.
 *
 * Attribute payloads (`messageAttributes`, `systemAttributes`) are opaque strings to the store:
 * the domain serialises them; the store keeps and returns them byte for byte.
 */

export interface QueueRecord {
  readonly id: number;
  readonly accountId: string;
  readonly name: string;
  /** Settable queue attributes in AWS's string form, e.g. { VisibilityTimeout: "30" }. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export interface NewQueue {
  readonly accountId: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: number;
}

export interface NewMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  /** Serialized message attributes, or null when there are none. */
  readonly messageAttributes: string | null;
  /** MD5 over all message attributes (AWS-WIRE §1.6), or null when there are none. */
  readonly md5OfMessageAttributes: string | null;
  /** Serialized system attributes (AWSTraceHeader …), or null. */
  readonly systemAttributes: string | null;
  readonly senderId: string;
  readonly sentAt: number;
  /** sentAt + delay; equal to sentAt when not delayed. */
  readonly visibleAt: number;
  /** MessageGroupId (FIFO and fair queues), or null. */
  readonly groupId: string | null;
  /** MessageDeduplicationId (FIFO), or null. */
  readonly dedupId: string | null;
}

export interface StoredMessage extends NewMessage {
  readonly seq: number;
  readonly receiveCount: number;
  /** Epoch ms of the first receive, or null if never received. */
  readonly firstReceiveAt: number | null;
}

/** Reference to one receive of a message, as carried by a receipt handle. */
export interface ReceiptRef {
  readonly seq: number;
  readonly receiveCount: number;
}

export interface ClaimRequest {
  readonly now: number;
  /** 1..10 */
  readonly max: number;
  /** The new visibleAt of claimed messages is now + visibilityTimeoutMs (0 = visible again at once). */
  readonly visibilityTimeoutMs: number;
  /** Messages with sentAt <= now - retentionMs are expired: never claimed. */
  readonly retentionMs: number;
}

export interface MessageCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/**
 * Outcome of acting on one receipt:
 * - `ok`: done.
 * - `stale`: the message exists but has been received again since (receiveCount differs).
 * - `not-inflight`: (changeVisibility only) the receipt is current but the message is visible.
 * - `gone`: no such message in this queue (deleted, purged, expired or never existed).
 */
export type ReceiptOutcome = 'ok' | 'stale' | 'not-inflight' | 'gone';

export interface VisibilityChange extends ReceiptRef {
  /** New visibleAt (epoch ms). */
  readonly visibleAt: number;
}

export interface SqsStore {
  /** Creates the queue unless (accountId, name) exists; returns the existing record with created=false then. */
  createQueue(queue: NewQueue): Promise<{ created: boolean; queue: QueueRecord }>;
  getQueue(accountId: string, name: string): Promise<QueueRecord | undefined>;
  /**
   * Queues of the account whose name starts with `prefix`, ordered by name, names > `afterName`, at most `limit`.
   * Names compare in binary (code point) order, as AWS's names are case-sensitive: the prefix matches
   * literally and case-sensitively (no LIKE wildcards), and no locale collation orders the list.
   */
  listQueues(accountId: string, prefix: string, afterName: string | undefined, limit: number): Promise<QueueRecord[]>;
  /** Every queue of every account with id > `afterId`, ordered by id, at most `limit` (background jobs page through all queues). */
  queuesAfter(afterId: number, limit: number): Promise<QueueRecord[]>;
  /** Merges `attributes` into the stored ones (a value of "" is stored as ""), sets modifiedAt. */
  setQueueAttributes(queueId: number, attributes: Readonly<Record<string, string>>, modifiedAt: number): Promise<void>;
  tagQueue(queueId: number, tags: Readonly<Record<string, string>>): Promise<void>;
  untagQueue(queueId: number, keys: readonly string[]): Promise<void>;
  /** Deletes the queue and all its messages; remembers (accountId, name, deletedAt) for `deletedSince`. */
  deleteQueue(queueId: number, deletedAt: number): Promise<void>;
  /** True if a queue of that name was deleted at or after `since` (epoch ms). */
  deletedSince(accountId: string, name: string, since: number): Promise<boolean>;
  /**
   * Deletes every message sent at or before `now`, unless the previous purge of this queue was less
   * than `cooldownMs` ago; returns false (and deletes nothing) in that case.
   */
  purgeQueue(queueId: number, now: number, cooldownMs: number): Promise<boolean>;

  /** Stores the messages (all or none) and wakes waiters on the queue. */
  enqueue(queueId: number, messages: readonly NewMessage[]): Promise<void>;
  /**
   * Claims up to `max` visible, unexpired messages, oldest visibleAt first, making them in flight.
   * Returns them as they are after the claim (receiveCount incremented, firstReceiveAt set).
   * Concurrent claims never return the same message twice within its visibility timeout, across
   * processes too.
   */
  claimVisible(queueId: number, request: ClaimRequest): Promise<StoredMessage[]>;
  /** Earliest visibleAt > now among unexpired messages of the queue, or null; lets a long poll sleep until then. */
  nextVisibleAt(queueId: number, now: number, retentionMs: number): Promise<number | null>;
  /** Deletes each message whose current receive matches the ref; outcomes in input order (`ok`/`stale`/`gone`). */
  deleteMessages(queueId: number, refs: readonly ReceiptRef[]): Promise<ReceiptOutcome[]>;
  /**
   * For each ref that is the current receive of an in-flight message (visibleAt > now), sets visibleAt.
   * Outcomes in input order: `ok`, `stale`, `not-inflight`, `gone`. Wakes waiters when a message
   * becomes visible at once.
   */
  changeVisibility(queueId: number, changes: readonly VisibilityChange[], now: number): Promise<ReceiptOutcome[]>;
  countMessages(queueId: number, now: number, retentionMs: number): Promise<MessageCounts>;
  /** Physically removes messages of the queue sent at or before `cutoff`; returns how many. */
  trimExpired(queueId: number, cutoff: number): Promise<number>;

  /**
   * Registers a listener called with a queue id whenever messages may have become visible on that
   * queue (enqueue, visibility set to now) — by this process or, for shared engines, by any node.
   * Returns an unsubscribe function. Listeners must be cheap; they only wake long polls. A listener
   * that throws affects neither the write that triggered it nor the other listeners.
   */
  onMessagesAvailable(listener: (queueId: number) => void): () => void;
}
