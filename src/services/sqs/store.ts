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
  /** Set when a redrive moved the message here from its source queue (that queue's ARN). */
  readonly deadLetterSourceArn: string | null;
}

/**
 * FIFO enqueue rules. Deduplication: a message whose dedupId was already accepted on this queue
 * (scope `queue`) or in its group (scope `messageGroup`) less than `windowMs` ago is a duplicate:
 * not stored, and reported with the original's messageId and seq — also after a restart, and
 * also when the original has since been received, deleted or purged. A later entry of the same
 * enqueue call can be a duplicate of an earlier one.
 */
export interface FifoEnqueue {
  readonly now: number;
  readonly windowMs: number;
  readonly scope: 'queue' | 'messageGroup';
}

/** What became of each message of an enqueue call, in input order. */
export interface EnqueueResult {
  /** The stored message's id, or the original's for a duplicate. */
  readonly messageId: string;
  /** The stored message's seq, or the original's for a duplicate (FIFO sequence numbers derive from it). */
  readonly seq: number;
  readonly duplicate: boolean;
}

/**
 * Redrive (RedrivePolicy): a claim that meets a visible message already received
 * `maxReceiveCount` times moves it to the dead-letter queue instead of returning it — in the same
 * transaction, exactly once — keeping its id, body, attributes, sentAt and receive count, made
 * visible at once there (`visibleAt` = now), with `deadLetterSourceArn` = `sourceArn`. The claim
 * goes on looking for messages to return.
 */
export interface RedriveRule {
  readonly deadLetterQueueId: number;
  readonly maxReceiveCount: number;
  readonly sourceArn: string;
  /**
   * Told, once the claim has committed, of the messages it moved to the dead-letter queue (their
   * id, body and attributes as sent; the observer's `deadLettered`). Called only when some moved.
   */
  readonly onMoved?: (messages: readonly StoredMessage[]) => void;
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
  /**
   * `fifo`: within a group (groupId) messages are handed out strictly in seq order, and a group with
   * a message in flight yields nothing until that message is deleted or visible again — across
   * concurrent claims and processes. Several messages of one group may be returned together, in
   * order. Messages with groupId null are not expected on FIFO queues.
   *
   * `standard` (the default) is fair automatically, as on AWS (no queue attribute turns fair
   * queues on): while the queue holds any message with a groupId (one index probe per claim; a
   * queue without grouped messages keeps the plain oldest-visibleAt-first claim), the claim hands
   * messages out in the order of `fairOrder` (services/sqs/fair.ts): tenants (groups; each
   * ungrouped message its own) round robin, one message per tenant per round, oldest first within
   * a tenant; tenants holding ≥ 30 in-flight messages and > 10% of the queue's in-flight messages
   * ("noisy") only after the others. Still no ordering or exclusivity per group.
   */
  readonly ordering?: 'standard' | 'fifo';
  readonly redrive?: RedriveRule;
  /**
   * FIFO ReceiveRequestAttemptId: a claim repeating `id` less than `windowMs` after the claim that
   * first used it returns that claim's messages again, unchanged, as long as every one of them is
   * still in flight under that receive (same receiveCount); otherwise it claims afresh and the id
   * now names this claim.
   */
  readonly attempt?: { readonly id: string; readonly windowMs: number };
}

export interface MessageCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** One queue of a `queueStats` call. */
export interface QueueStatsQuery {
  readonly queueId: number;
  /** Messages with sentAt <= now - retentionMs are expired: counted nowhere. */
  readonly retentionMs: number;
  /** Messages received this many times or more are left out of `oldestSentAt` (null: none are). */
  readonly poisonReceives: number | null;
}

/** What the metrics scrape reports of a queue (CloudWatch's ApproximateNumberOfMessages*, ApproximateAgeOfOldestMessage). */
export interface QueueStats extends MessageCounts {
  readonly queueId: number;
  /** sentAt of the oldest unexpired message received fewer than `poisonReceives` times (in any state), or null. */
  readonly oldestSentAt: number | null;
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

/** A message move task (StartMessageMoveTask) as stored; see move-tasks.ts for its states. */
export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MoveTaskRecord {
  readonly taskHandle: string;
  readonly sourceArn: string;
  readonly sourceQueueId: number;
  readonly destinationArn: string | null;
  readonly maxPerSecond: number | null;
  readonly status: MoveTaskStatus;
  readonly moved: number;
  readonly toMove: number;
  readonly failureReason: string | null;
  /** Epoch ms. */
  readonly startedAt: number;
}

export interface MoveTaskUpdate {
  readonly status?: MoveTaskStatus;
  readonly moved?: number;
  readonly failureReason?: string;
  /** When the task's next step may start (epoch ms), at the end of a step (see takeMoveStep). */
  readonly nextStepAt?: number;
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
  /**
   * Merges tags, unless the queue would then have more than `maxTags`: then returns false and
   * changes nothing (checked with the merge, so that concurrent TagQueues cannot pass the limit
   * together). A queue that is gone: true, nothing done.
   */
  tagQueue(queueId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<boolean>;
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

  /**
   * Stores the messages (all or none; duplicates under `fifo` are skipped, see FifoEnqueue) and
   * wakes waiters on the queue. Rejects if the queue does not exist.
   */
  enqueue(queueId: number, messages: readonly NewMessage[], fifo?: FifoEnqueue): Promise<EnqueueResult[]>;
  /**
   * Claims up to `max` visible, unexpired messages, oldest visibleAt first (FIFO and fair queues: see `ordering`),
   * making them in flight.
   * Returns them as they are after the claim (receiveCount incremented, firstReceiveAt set).
   * Concurrent claims never return the same message twice within its visibility timeout, across
   * processes too.
   */
  claimVisible(queueId: number, request: ClaimRequest): Promise<StoredMessage[]>;
  /** Earliest visibleAt > now among unexpired messages of the queue, or null; lets a long poll sleep until then. */
  nextVisibleAt(queueId: number, now: number, retentionMs: number): Promise<number | null>;
  /**
   * Deletes each message whose current receive matches the ref; outcomes in input order
   * (`ok`/`stale`/`gone`). With `inFlightAt` (FIFO queues), a current receive whose visibility has
   * passed (visibleAt <= inFlightAt) no longer deletes: `not-inflight`.
   */
  deleteMessages(queueId: number, refs: readonly ReceiptRef[], inFlightAt?: number): Promise<ReceiptOutcome[]>;
  /**
   * For each ref that is the current receive of an in-flight message (visibleAt > now), sets visibleAt.
   * Outcomes in input order: `ok`, `stale`, `not-inflight`, `gone`. Wakes waiters when a message
   * becomes visible at once.
   */
  changeVisibility(queueId: number, changes: readonly VisibilityChange[], now: number): Promise<ReceiptOutcome[]>;
  countMessages(queueId: number, now: number, retentionMs: number): Promise<MessageCounts>;
  /**
   * For each query, in input order: the queue's counts (as countMessages) and its oldest message's
   * sentAt. One call for many queues (the metrics scrape); a queue that does not exist counts zero.
   */
  queueStats(queries: readonly QueueStatsQuery[], now: number): Promise<QueueStats[]>;
  /**
   * Up to `limit` of the queue's unexpired messages (sent after `cutoff`) with a seq above
   * `afterSeq`, in seq order, exactly as stored: nothing changes (no receive count, no visibility).
   * For the admin peek endpoint, not for any AWS operation.
   */
  peekMessages(queueId: number, cutoff: number, afterSeq: number, limit: number): Promise<StoredMessage[]>;
  /**
   * Moves up to `limit` unexpired messages out of `fromQueueId` (a dead-letter queue), oldest first,
   * into `toQueueId`, or — when null — back into the queue each came from (`deadLetterSourceArn`,
   * resolved by `sourceQueueIdOf`; messages whose source cannot be resolved are left in place and
   * counted in `failed`). Moved messages become visible at once with receive count 0 and no
   * deadLetterSourceArn, keeping id, body, attributes and sentAt. Atomic per call; wakes waiters.
   */
  moveMessages(
    fromQueueId: number,
    toQueueId: number | null,
    sourceQueueIdOf: (sourceArn: string) => number | undefined,
    limit: number,
    now: number,
    retentionMs: number,
  ): Promise<{ moved: number; failed: number }>;
  /** Physically removes messages of the queue sent at or before `cutoff`; returns how many. */
  trimExpired(queueId: number, cutoff: number): Promise<number>;

  /** The queue with this id, or undefined. */
  getQueueById(queueId: number): Promise<QueueRecord | undefined>;

  /**
   * Records a new RUNNING move task, unless its source queue already has a RUNNING or CANCELLING
   * task (AWS allows one active task per source): then returns false and records nothing.
   */
  createMoveTask(task: MoveTaskRecord): Promise<boolean>;
  getMoveTask(taskHandle: string): Promise<MoveTaskRecord | undefined>;
  /** The source queue's tasks, newest first (by startedAt, then creation order), at most `limit`. */
  listMoveTasks(sourceQueueId: number, limit: number): Promise<MoveTaskRecord[]>;
  /** RUNNING and CANCELLING tasks of every queue (to resume after a restart). */
  activeMoveTasks(): Promise<MoveTaskRecord[]>;
  /** Applies the given fields; a task that is no longer RUNNING/CANCELLING keeps its final status. */
  updateMoveTask(taskHandle: string, update: MoveTaskUpdate, now: number): Promise<void>;
  /**
   * Takes the next step of an active (RUNNING or CANCELLING) task if it may start now: no step is
   * in progress elsewhere and the time set by the last step's end (`nextStepAt`) has come. The
   * step is held until `now + leaseMs` (another runner takes over after that if this one died).
   * Returns the task as it stands, or undefined if the task is not active or its step is not due.
   * One taker wins even when several nodes try at once.
   */
  takeMoveStep(taskHandle: string, now: number, leaseMs: number): Promise<MoveTaskRecord | undefined>;

  /**
   * Registers a listener called with a queue id whenever messages may have become visible on that
   * queue (enqueue, visibility set to now) — by this process or, for shared engines, by any node.
   * Returns an unsubscribe function. Listeners must be cheap; they only wake long polls. A listener
   * that throws affects neither the write that triggered it nor the other listeners.
   */
  onMessagesAvailable(listener: (queueId: number) => void): () => void;
}
