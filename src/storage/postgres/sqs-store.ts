import type pg from 'pg';
import type {
  ClaimRequest,
  EnqueueResult,
  FifoEnqueue,
  MessageCounts,
  QueueStats,
  QueueStatsQuery,
  MoveTaskRecord,
  MoveTaskUpdate,
  NewMessage,
  NewQueue,
  QueueRecord,
  ReceiptOutcome,
  ReceiptRef,
  RedriveRule,
  SqsStore,
  StoredMessage,
  VisibilityChange,
} from '../../services/sqs/store.js';
import { runNamed } from './sql.js';
import { PostgresMoveTasks } from './sqs-move-tasks.js';
import { claimFifo, moveMessages, REDRIVE_LOOKAHEAD } from './sqs-fifo.js';
import { claimFair, collectMoved, type Moved } from './sqs-fair.js';
import { FIFO_ENQUEUE } from './sqs-fifo-sql.js';
import { toMessage, toQueue, type MessageRow, type QueueRow } from './sqs-rows.js';
import * as SQL from './sqs-sql.js';
import * as TASKS from './sqs-tasks-sql.js';

/**
 * SqsStore on PostgreSQL. Holds no authoritative state: everything is in the database, so any
 * number of nodes can share it (ARCHITECTURE §4). The only in-memory state is the set of
 * wakeup listeners of this process.
 *
 * Every method is one statement (so one round trip and one implicit transaction), except
 * createQueue when it loses a creation race, FIFO claims and moveMessages (a transaction of a
 * few statements, sqs-fifo.ts), a redrive claim whose look-ahead was used up by moves (it
 * runs again for the rest), and a fair claim (a standard claim on a queue holding grouped
 * messages: the plain claim statement finds that out and claims nothing, then candidates are
 * read and claimed in fair order, sqs-fair-sql.ts). Statements are prepared once per connection (named queries).
 * Durability is the session's synchronous_commit, set by the engine.
 */

export class PostgresSqsStore implements SqsStore {
  private readonly listeners = new Set<(queueId: number) => void>();
  private readonly tasks: PostgresMoveTasks;

  constructor(
    private readonly pool: pg.Pool,
    /** NOTIFY channel of this engine's schema. */
    private readonly channel: string,
  ) {
    this.tasks = new PostgresMoveTasks(pool);
  }

  /** Wakes this process's listeners; called for local writes directly and for other nodes' NOTIFYs. */
  dispatch(queueId: number): void {
    for (const l of this.listeners) {
      try {
        l(queueId);
      } catch {
        // A listener only wakes a long poll; its failure must not fail the write that woke it.
      }
    }
  }

  private run<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return runNamed<R>(this.pool, name, text, values);
  }

  async createQueue(queue: NewQueue): Promise<{ created: boolean; queue: QueueRecord }> {
    for (;;) {
      const r = await this.run<QueueRow & { created: boolean }>('sqs_create_queue', SQL.CREATE_QUEUE, [
        queue.accountId,
        queue.name,
        JSON.stringify(queue.attributes),
        JSON.stringify(queue.tags),
        queue.createdAt,
      ]);
      const row = r.rows[0];
      if (row) return { created: row.created, queue: toQueue(row) };
      // Lost a race to a creator that committed after our snapshot: its row is visible now,
      // unless it has been deleted again in between, in which case we try to create once more.
      const existing = await this.getQueue(queue.accountId, queue.name);
      if (existing) return { created: false, queue: existing };
    }
  }

  async getQueue(accountId: string, name: string): Promise<QueueRecord | undefined> {
    const r = await this.run<QueueRow>('sqs_get_queue', SQL.GET_QUEUE, [accountId, name]);
    return r.rows[0] && toQueue(r.rows[0]);
  }

  async listQueues(accountId: string, prefix: string, afterName: string | undefined, limit: number): Promise<QueueRecord[]> {
    const r = await this.run<QueueRow>('sqs_list_queues', SQL.LIST_QUEUES, [accountId, prefix, afterName ?? null, limit]);
    return r.rows.map(toQueue);
  }

  async queuesAfter(afterId: number, limit: number): Promise<QueueRecord[]> {
    const r = await this.run<QueueRow>('sqs_queues_after', SQL.QUEUES_AFTER, [afterId, limit]);
    return r.rows.map(toQueue);
  }

  async setQueueAttributes(queueId: number, attributes: Readonly<Record<string, string>>, modifiedAt: number): Promise<void> {
    await this.run('sqs_set_queue_attributes', SQL.SET_QUEUE_ATTRIBUTES, [queueId, JSON.stringify(attributes), modifiedAt]);
  }

  async tagQueue(queueId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<boolean> {
    const r = await this.run<{ found: number; updated: number }>('sqs_tag_queue', SQL.TAG_QUEUE, [queueId, JSON.stringify(tags), maxTags]);
    return Number(r.rows[0]!.found) === 0 || Number(r.rows[0]!.updated) > 0;
  }

  async untagQueue(queueId: number, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.run('sqs_untag_queue', SQL.UNTAG_QUEUE, [queueId, [...keys]]);
  }

  async deleteQueue(queueId: number, deletedAt: number): Promise<void> {
    await this.run('sqs_delete_queue', SQL.DELETE_QUEUE, [queueId, deletedAt]);
  }

  async deletedSince(accountId: string, name: string, since: number): Promise<boolean> {
    const r = await this.run<{ hit: boolean }>('sqs_deleted_since', SQL.DELETED_SINCE, [accountId, name, since]);
    return r.rows[0]?.hit === true;
  }

  async purgeQueue(queueId: number, now: number, cooldownMs: number): Promise<boolean> {
    const r = await this.run<{ purged: number }>('sqs_purge_queue', SQL.PURGE_QUEUE, [queueId, now, cooldownMs]);
    return (r.rows[0]?.purged ?? 0) > 0;
  }

  async enqueue(queueId: number, messages: readonly NewMessage[], fifo?: FifoEnqueue): Promise<EnqueueResult[]> {
    if (messages.length === 0) return [];
    const col = <K extends keyof NewMessage>(k: K): NewMessage[K][] => messages.map((m) => m[k]);
    const columns = [
      col('messageId'),
      col('body'),
      col('md5OfBody'),
      col('messageAttributes'),
      col('md5OfMessageAttributes'),
      col('systemAttributes'),
      col('senderId'),
      col('sentAt'),
      col('visibleAt'),
      col('groupId'),
      col('dedupId'),
    ];
    let results: EnqueueResult[];
    let notify: boolean;
    try {
      if (fifo) {
        const r = await this.run<{ message_id: string; seq: number; duplicate: boolean; notified: number }>(
          'sqs_fifo_enqueue',
          FIFO_ENQUEUE,
          [queueId, ...columns, this.channel, fifo.now, fifo.windowMs, fifo.scope],
        );
        results = r.rows.map((x) => ({ messageId: x.message_id, seq: x.seq, duplicate: x.duplicate }));
        notify = (r.rows[0]?.notified ?? 0) > 0;
      } else {
        const r = await this.run<{ seq: number }>('sqs_enqueue', SQL.ENQUEUE, [queueId, ...columns, this.channel]);
        results = r.rows.map((x, i) => ({ messageId: messages[i]!.messageId, seq: x.seq, duplicate: false }));
        notify = true;
      }
    } catch (err) {
      // The queue was deleted between the caller's lookup and this insert (messages and dedup
      // rows reference their queue): say so instead of surfacing a bare constraint name.
      if ((err as { code?: unknown }).code === '23503') throw new Error(`SQS queue ${queueId} does not exist`, { cause: err });
      throw err;
    }
    if (notify) this.dispatch(queueId);
    return results;
  }

  async claimVisible(queueId: number, request: ClaimRequest): Promise<StoredMessage[]> {
    if (request.ordering === 'fifo') {
      const { messages, movedSeqs } = await claimFifo(this.pool, this.channel, queueId, request);
      await this.moved(request.redrive, movedSeqs);
      return messages;
    }
    const base = [queueId, request.now, request.max, request.retentionMs, request.visibilityTimeoutMs];
    if (!request.redrive) {
      const r = await this.run<MessageRow & { grouped: boolean }>('sqs_claim', SQL.CLAIM, base);
      if (r.rows[0]?.grouped) return this.claimFair(queueId, request);
      const out: StoredMessage[] = [];
      for (const row of r.rows) if (row.seq !== null) out.push(toMessage(row));
      return out;
    }
    const { deadLetterQueueId, maxReceiveCount, sourceArn } = request.redrive;
    const out: StoredMessage[] = [];
    const movedSeqs: number[] = [];
    for (;;) {
      const want = request.max - out.length;
      base[2] = want;
      const r = await this.run<MessageRow & Moved & { scanned: number; grouped: boolean }>('sqs_claim_redrive', SQL.CLAIM_REDRIVE, [
        ...base,
        deadLetterQueueId,
        maxReceiveCount,
        sourceArn,
        this.channel,
        REDRIVE_LOOKAHEAD,
      ]);
      const head = r.rows[0];
      if (head?.grouped) {
        // only ever on the first round: a grouped queue's claims all go this way
        const more = await this.claimFair(queueId, { ...request, max: request.max - out.length });
        out.push(...more);
        break;
      }
      for (const row of r.rows) if (row.seq !== null) out.push(toMessage(row));
      collectMoved(head, movedSeqs);
      // Every row of the look-ahead went to the dead-letter queue and more may follow: go on (a
      // new statement, so a new transaction; each one moves what it met exactly once).
      if (!head || head.moved === 0 || out.length >= request.max || head.scanned < want + REDRIVE_LOOKAHEAD) break;
    }
    await this.moved(request.redrive, movedSeqs);
    return out;
  }

  /**
   * After a claim committed moves to the dead-letter queue: wakes its waiters, and tells the rule's
   * onMoved what moved (read back from the dead-letter queue: one more statement, only then).
   */
  private async moved(rule: RedriveRule | undefined, seqs: readonly number[]): Promise<void> {
    if (!rule || seqs.length === 0) return;
    this.dispatch(rule.deadLetterQueueId);
    if (!rule.onMoved) return;
    const r = await this.run<MessageRow>('sqs_messages_by_seq', SQL.MESSAGES_BY_SEQ, [rule.deadLetterQueueId, seqs]);
    // A message received or deleted from the dead-letter queue meanwhile is told as it is now, or not at all.
    if (r.rows.length > 0) rule.onMoved(r.rows.map(toMessage));
  }

  /** A fair claim (sqs-fair.ts), then what it moved to the dead-letter queue told. */
  private async claimFair(queueId: number, request: ClaimRequest): Promise<StoredMessage[]> {
    const { messages, movedSeqs } = await claimFair((name, text, values) => this.run(name, text, values), this.channel, queueId, request);
    await this.moved(request.redrive, movedSeqs);
    return messages;
  }

  async nextVisibleAt(queueId: number, now: number, retentionMs: number): Promise<number | null> {
    const r = await this.run<{ at: number | null }>('sqs_next_visible_at', SQL.NEXT_VISIBLE_AT, [queueId, now, retentionMs]);
    return r.rows[0]?.at ?? null;
  }

  async deleteMessages(queueId: number, refs: readonly ReceiptRef[], inFlightAt?: number): Promise<ReceiptOutcome[]> {
    if (refs.length === 0) return [];
    const r = await this.run<{ outcome: ReceiptOutcome }>('sqs_delete_messages', SQL.DELETE_MESSAGES, [
      queueId,
      refs.map((x) => x.seq),
      refs.map((x) => x.receiveCount),
      inFlightAt ?? null,
      this.channel,
    ]);
    // This node's long polls were woken by the service (releaseGroup); `notified` woke the others'.
    return r.rows.map((x) => x.outcome);
  }

  async changeVisibility(queueId: number, changes: readonly VisibilityChange[], now: number): Promise<ReceiptOutcome[]> {
    if (changes.length === 0) return [];
    const r = await this.run<{ outcome: ReceiptOutcome; notified: number }>('sqs_change_visibility', SQL.CHANGE_VISIBILITY, [
      queueId,
      changes.map((x) => x.seq),
      changes.map((x) => x.receiveCount),
      changes.map((x) => x.visibleAt),
      now,
      this.channel,
    ]);
    if ((r.rows[0]?.notified ?? 0) > 0) this.dispatch(queueId);
    return r.rows.map((x) => x.outcome);
  }

  async countMessages(queueId: number, now: number, retentionMs: number): Promise<MessageCounts> {
    const r = await this.run<{ visible: number; in_flight: number; delayed: number }>('sqs_count_messages', SQL.COUNT_MESSAGES, [
      queueId,
      now,
      retentionMs,
    ]);
    const row = r.rows[0];
    return { visible: row?.visible ?? 0, inFlight: row?.in_flight ?? 0, delayed: row?.delayed ?? 0 };
  }

  async queueStats(queries: readonly QueueStatsQuery[], now: number): Promise<QueueStats[]> {
    if (queries.length === 0) return [];
    const r = await this.run<{ queue_id: string; visible: string; in_flight: string; delayed: string; oldest_sent_at: string | null }>(
      'sqs_queue_stats',
      SQL.QUEUE_STATS,
      [queries.map((q) => q.queueId), queries.map((q) => q.retentionMs), queries.map((q) => q.poisonReceives), now],
    );
    return r.rows.map((row) => ({
      queueId: Number(row.queue_id),
      visible: Number(row.visible),
      inFlight: Number(row.in_flight),
      delayed: Number(row.delayed),
      oldestSentAt: row.oldest_sent_at === null ? null : Number(row.oldest_sent_at),
    }));
  }

  async peekMessages(queueId: number, cutoff: number, afterSeq: number, limit: number): Promise<StoredMessage[]> {
    const r = await this.run<MessageRow>('sqs_peek_messages', SQL.PEEK_MESSAGES, [queueId, cutoff, afterSeq, limit]);
    return r.rows.map(toMessage);
  }

  async trimExpired(queueId: number, cutoff: number): Promise<number> {
    const r = await this.run('sqs_trim_expired', SQL.TRIM_EXPIRED, [queueId, cutoff]);
    return r.rowCount ?? 0;
  }

  async moveMessages(
    fromQueueId: number,
    toQueueId: number | null,
    sourceQueueIdOf: (sourceArn: string) => number | undefined,
    limit: number,
    now: number,
    retentionMs: number,
  ): Promise<{ moved: number; failed: number }> {
    const { moved, failed, woken } = await moveMessages(this.pool, this.channel, fromQueueId, toQueueId, sourceQueueIdOf, limit, now, retentionMs);
    for (const queueId of woken) this.dispatch(queueId);
    return { moved, failed };
  }

  async getQueueById(queueId: number): Promise<QueueRecord | undefined> {
    const r = await this.run<QueueRow>('sqs_get_queue_by_id', TASKS.GET_QUEUE_BY_ID, [queueId]);
    return r.rows[0] && toQueue(r.rows[0]);
  }

  createMoveTask(task: MoveTaskRecord): Promise<boolean> {
    return this.tasks.create(task);
  }

  getMoveTask(taskHandle: string): Promise<MoveTaskRecord | undefined> {
    return this.tasks.get(taskHandle);
  }

  listMoveTasks(sourceQueueId: number, limit: number): Promise<MoveTaskRecord[]> {
    return this.tasks.list(sourceQueueId, limit);
  }

  activeMoveTasks(): Promise<MoveTaskRecord[]> {
    return this.tasks.active();
  }

  updateMoveTask(taskHandle: string, update: MoveTaskUpdate, now: number): Promise<void> {
    return this.tasks.update(taskHandle, update, now);
  }

  takeMoveStep(taskHandle: string, now: number, leaseMs: number): Promise<MoveTaskRecord | undefined> {
    return this.tasks.takeStep(taskHandle, now, leaseMs);
  }

  onMessagesAvailable(listener: (queueId: number) => void): () => void {
    // Wrapped so that the same function registered twice gets two independent subscriptions.
    const entry = (queueId: number) => listener(queueId);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }
}

