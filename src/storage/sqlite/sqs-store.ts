import type Database from 'better-sqlite3';
import type {
  ClaimRequest,
  EnqueueResult,
  FifoEnqueue,
  MessageCounts,
  MoveTaskRecord,
  MoveTaskUpdate,
  NewMessage,
  NewQueue,
  QueueRecord,
  QueueStats,
  QueueStatsQuery,
  ReceiptOutcome,
  ReceiptRef,
  SqsStore,
  StoredMessage,
  VisibilityChange,
} from '../../services/sqs/store.js';
import type { GroupCommit } from './group-commit.js';
import { SqliteClaims, storedMessage } from './sqs-claim.js';
import { FifoDedup } from './sqs-dedup.js';
import { SqliteMoveTasks } from './sqs-move-tasks.js';
import { moveMessages } from './sqs-moves.js';
import { SeqCounter } from './sqs-seq.js';
import { type ClaimRow, INSERT_PARAMS, MAX_BATCH, prepare, type Statements } from './sqs-statements.js';
import { read } from './read.js';

/**
 * The SQS store on SQLite (schema: migrations/).
 *
 * Writes go through the group-commit writer: each runs synchronously inside the batch
 * transaction, so a read-check-write in one op is atomic without further locking. Reads that need
 * no transaction (getQueue, listQueues, counts, nextVisibleAt, deletedSince) run directly.
 * Claims live in sqs-claim.ts, FIFO deduplication in sqs-dedup.ts, moves in sqs-moves.ts.
 *
 * State kept in memory, valid because this process alone has the file open (the engine holds an
 * exclusive lock on it):
 * - the seq counter and its committed high-water mark (sqs-seq.ts);
 * - a cache of queue records by (account, name), filled by getQueue and dropped for a queue by any
 *   write to it. Writes never fill it, so a rolled-back batch cannot leave a wrong entry behind;
 * - hints that change no outcome: the FIFO round-robin cursor per queue, when expired
 *   deduplication and receive-attempt rows were last pruned.
 */
export class SqliteSqsStore implements SqsStore {
  private readonly listeners = new Set<(queueId: number) => void>();
  private readonly cacheByKey = new Map<string, QueueRecord>();
  private readonly cacheKeyById = new Map<number, string>();
  private readonly s: Statements;
  private readonly seqs: SeqCounter;
  private readonly claims: SqliteClaims;
  private readonly dedup: FifoDedup;
  private readonly tasks: SqliteMoveTasks;
  private readonly wakeAfterCommit = (queueId: number): void => this.writer.afterCommit(() => this.emit(queueId));

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    this.s = prepare(db);
    this.tasks = new SqliteMoveTasks(db, writer);
    this.seqs = new SeqCounter(db, writer);
    this.claims = new SqliteClaims(this.s, this.seqs, this.wakeAfterCommit, (fn) => this.writer.afterCommit(fn));
    this.dedup = new FifoDedup(this.s);
  }

  // ───────────────────────────── queues ─────────────────────────────

  createQueue(queue: NewQueue): Promise<{ created: boolean; queue: QueueRecord }> {
    return this.writer.submit(() => {
      const res = this.s.insertQueue.run(
        queue.accountId,
        queue.name,
        JSON.stringify(queue.attributes),
        JSON.stringify(queue.tags),
        queue.createdAt,
        queue.createdAt,
      );
      const row = this.s.queueByName.get(queue.accountId, queue.name) as QueueRow;
      return { created: res.changes === 1, queue: toQueue(row) };
    });
  }

  getQueue(accountId: string, name: string): Promise<QueueRecord | undefined> {
    const key = cacheKey(accountId, name);
    const cached = this.cacheByKey.get(key);
    if (cached) return Promise.resolve(cached);
    return read(() => {
      const row = this.s.queueByName.get(accountId, name) as QueueRow | undefined;
      if (!row) return undefined;
      const q = toQueue(row);
      this.cacheByKey.set(key, q);
      this.cacheKeyById.set(q.id, key);
      return q;
    });
  }

  listQueues(accountId: string, prefix: string, afterName: string | undefined, limit: number): Promise<QueueRecord[]> {
    return read(() =>
      (this.s.listQueues.all({ account: accountId, prefix, after: afterName ?? '', limit }) as QueueRow[]).map(toQueue),
    );
  }

  queuesAfter(afterId: number, limit: number): Promise<QueueRecord[]> {
    return read(() => (this.s.queuesAfter.all(afterId, limit) as QueueRow[]).map(toQueue));
  }

  setQueueAttributes(queueId: number, attributes: Readonly<Record<string, string>>, modifiedAt: number): Promise<void> {
    return this.writer.submit(() => {
      const current = this.s.queueAttributes.get(queueId) as string | undefined;
      if (current === undefined) return;
      const merged = { ...(JSON.parse(current) as Record<string, string>), ...attributes };
      this.s.updateAttributes.run(JSON.stringify(merged), modifiedAt, queueId);
      this.forget(queueId);
    });
  }

  tagQueue(queueId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<boolean> {
    return this.writer.submit(() => {
      const current = this.s.queueTags.get(queueId) as string | undefined;
      if (current === undefined) return true;
      const merged = { ...(JSON.parse(current) as Record<string, string>), ...tags };
      if (Object.keys(merged).length > maxTags) return false;
      this.s.updateTags.run(JSON.stringify(merged), queueId);
      this.forget(queueId);
      return true;
    });
  }

  untagQueue(queueId: number, keys: readonly string[]): Promise<void> {
    return this.writer.submit(() => {
      const current = this.s.queueTags.get(queueId) as string | undefined;
      if (current === undefined) return;
      const tags = JSON.parse(current) as Record<string, string>;
      for (const k of keys) delete tags[k];
      this.s.updateTags.run(JSON.stringify(tags), queueId);
      this.forget(queueId);
    });
  }

  deleteQueue(queueId: number, deletedAt: number): Promise<void> {
    return this.writer.submit(() => {
      const row = this.s.queueById.get(queueId) as QueueRow | undefined;
      if (!row) return;
      this.s.deleteQueueMessages.run(queueId);
      this.s.deleteQueueDedup.run(queueId);
      this.s.deleteQueueAttempts.run(queueId);
      this.s.deleteQueue.run(queueId);
      this.s.insertDeleted.run(row.accountId, row.name, deletedAt);
      this.forget(queueId);
      this.claims.forget(queueId);
    });
  }

  deletedSince(accountId: string, name: string, since: number): Promise<boolean> {
    return read(() => this.s.deletedSince.get(accountId, name, since) !== undefined);
  }

  purgeQueue(queueId: number, now: number, cooldownMs: number): Promise<boolean> {
    return this.writer.submit(() => {
      const row = this.s.lastPurge.get(queueId) as { last: number | null } | undefined;
      if (!row) return true; // no such queue: nothing to purge
      if (row.last !== null && now - row.last < cooldownMs) return false;
      this.s.purgeMessages.run(queueId, now);
      this.s.setLastPurge.run(now, queueId);
      return true;
    });
  }

  // ──────────────────────────── messages ────────────────────────────

  enqueue(queueId: number, messages: readonly NewMessage[], fifo?: FifoEnqueue): Promise<EnqueueResult[]> {
    if (messages.length === 0) return Promise.resolve([]);
    return this.writer.submit(() => {
      if (this.s.queueExists.get(queueId) === undefined) {
        // Without this, a send racing a DeleteQueue would leave rows no queue can ever reach.
        throw new Error(`SQS queue ${queueId} does not exist`);
      }
      const out: EnqueueResult[] = new Array(messages.length);
      // The messages to store, with their seqs (duplicates are left out); inserted MAX_BATCH rows per statement.
      const stored: NewMessage[] = fifo === undefined ? (messages as NewMessage[]) : [];
      const first = this.seqs.next;
      let seq = first;
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i]!;
        if (fifo !== undefined) {
          const original = this.dedup.original(queueId, m, fifo);
          if (original !== undefined) {
            out[i] = { messageId: original.messageId, seq: original.seq, duplicate: true };
            continue;
          }
          this.dedup.record(queueId, m, seq, fifo); // later entries of this call see it
          stored.push(m);
        }
        out[i] = { messageId: m.messageId, seq, duplicate: false };
        seq++;
      }
      if (stored.length === 0) return out;
      for (let i = 0; i < stored.length; i += MAX_BATCH) {
        const n = Math.min(MAX_BATCH, stored.length - i);
        const params: unknown[] = new Array(n * INSERT_PARAMS);
        let p = 0;
        for (let j = i; j < i + n; j++) {
          const m = stored[j]!;
          params[p++] = first + j;
          params[p++] = queueId;
          params[p++] = m.visibleAt;
          params[p++] = m.sentAt;
          params[p++] = m.messageId;
          params[p++] = m.md5OfBody;
          params[p++] = m.senderId;
          params[p++] = m.groupId;
          params[p++] = m.dedupId;
          params[p++] = m.md5OfMessageAttributes;
          params[p++] = m.systemAttributes;
          params[p++] = m.messageAttributes;
          params[p++] = m.body;
        }
        this.s.insertMessages(n).run(...params); // spread: better-sqlite3 binds arguments much faster than array elements
      }
      this.seqs.next = seq;
      this.seqs.seal();
      this.writer.afterCommit(() => this.emit(queueId));
      return out;
    });
  }

  claimVisible(queueId: number, request: ClaimRequest): Promise<StoredMessage[]> {
    return this.writer.submit(() => this.claims.claim(queueId, request));
  }

  nextVisibleAt(queueId: number, now: number, retentionMs: number): Promise<number | null> {
    return read(() => (this.s.nextVisible.get(queueId, now, now - retentionMs) as number | undefined) ?? null);
  }

  deleteMessages(queueId: number, refs: readonly ReceiptRef[], inFlightAt?: number): Promise<ReceiptOutcome[]> {
    if (refs.length === 0) return Promise.resolve([]);
    return this.writer.submit(() => {
      const out: ReceiptOutcome[] = new Array(refs.length);
      for (let i = 0; i < refs.length; i++) {
        const r = refs[i]!;
        const deleted =
          inFlightAt === undefined
            ? this.s.deleteByReceipt.run(r.seq, queueId, r.receiveCount).changes
            : this.s.deleteInFlightByReceipt.run(r.seq, queueId, r.receiveCount, inFlightAt).changes;
        if (deleted === 1) {
          out[i] = 'ok';
          continue;
        }
        const state = this.s.receiptState.get(r.seq, queueId) as { rc: number } | undefined;
        out[i] = state === undefined ? 'gone' : state.rc === r.receiveCount ? 'not-inflight' : 'stale';
      }
      return out;
    });
  }

  changeVisibility(queueId: number, changes: readonly VisibilityChange[], now: number): Promise<ReceiptOutcome[]> {
    if (changes.length === 0) return Promise.resolve([]);
    return this.writer.submit(() => {
      const out: ReceiptOutcome[] = new Array(changes.length);
      let wake = false;
      for (let i = 0; i < changes.length; i++) {
        const c = changes[i]!;
        if (this.s.changeVisibility.run(c.visibleAt, c.seq, queueId, c.receiveCount, now).changes === 1) {
          out[i] = 'ok';
          if (c.visibleAt <= now) wake = true;
          continue;
        }
        const state = this.s.receiptState.get(c.seq, queueId) as { rc: number; v: number } | undefined;
        out[i] = state === undefined ? 'gone' : state.rc !== c.receiveCount ? 'stale' : 'not-inflight';
      }
      if (wake) this.writer.afterCommit(() => this.emit(queueId));
      return out;
    });
  }

  peekMessages(queueId: number, cutoff: number, afterSeq: number, limit: number): Promise<StoredMessage[]> {
    return read(() => (this.s.peek.all(queueId, cutoff, afterSeq, limit) as ClaimRow[]).map(storedMessage));
  }

  countMessages(queueId: number, now: number, retentionMs: number): Promise<MessageCounts> {
    return read(() => {
      const r = this.s.counts.get({ queue: queueId, now, cutoff: now - retentionMs }) as MessageCounts;
      return { visible: r.visible, inFlight: r.inFlight, delayed: r.delayed };
    });
  }

  queueStats(queries: readonly QueueStatsQuery[], now: number): Promise<QueueStats[]> {
    return read(() =>
      queries.map((q) => {
        const poison = q.poisonReceives ?? Number.MAX_SAFE_INTEGER;
        const r = this.s.stats.get({ queue: q.queueId, now, cutoff: now - q.retentionMs, poison }) as QueueStats;
        return { queueId: q.queueId, visible: r.visible, inFlight: r.inFlight, delayed: r.delayed, oldestSentAt: r.oldestSentAt ?? null };
      }),
    );
  }

  moveMessages(
    fromQueueId: number,
    toQueueId: number | null,
    sourceQueueIdOf: (sourceArn: string) => number | undefined,
    limit: number,
    now: number,
    retentionMs: number,
  ): Promise<{ moved: number; failed: number }> {
    return this.writer.submit(() => {
      const r = moveMessages(this.s, this.seqs, fromQueueId, toQueueId, sourceQueueIdOf, limit, now, retentionMs);
      for (const target of r.targets) this.wakeAfterCommit(target);
      return { moved: r.moved, failed: r.failed };
    });
  }

  trimExpired(queueId: number, cutoff: number): Promise<number> {
    return this.writer.submit(() => this.s.trim.run(queueId, cutoff).changes);
  }

  getQueueById(queueId: number): Promise<QueueRecord | undefined> {
    return read(() => {
      const row = this.s.queueById.get(queueId) as QueueRow | undefined;
      return row && toQueue(row);
    });
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
    return this.tasks.take(taskHandle, now, leaseMs);
  }

  onMessagesAvailable(listener: (queueId: number) => void): () => void {
    // Wrapped so that the same function can be registered twice and unsubscribed independently.
    const entry = (queueId: number): void => listener(queueId);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  private emit(queueId: number): void {
    for (const l of this.listeners) {
      try {
        l(queueId);
      } catch {
        // listeners only wake long polls; one that throws must not stop the others
      }
    }
  }

  private forget(queueId: number): void {
    const key = this.cacheKeyById.get(queueId);
    if (key === undefined) return;
    this.cacheKeyById.delete(queueId);
    this.cacheByKey.delete(key);
  }
}

interface QueueRow {
  id: number;
  accountId: string;
  name: string;
  attributes: string;
  tags: string;
  createdAt: number;
  modifiedAt: number;
}


/** Runs a direct (transaction-less) read, turning a throw into a rejection. */
function cacheKey(accountId: string, name: string): string {
  return `${accountId}\u0000${name}`;
}

function toQueue(row: QueueRow): QueueRecord {
  return Object.freeze({
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    attributes: Object.freeze(JSON.parse(row.attributes) as Record<string, string>),
    tags: Object.freeze(JSON.parse(row.tags) as Record<string, string>),
    createdAt: row.createdAt,
    modifiedAt: row.modifiedAt,
  });
}
