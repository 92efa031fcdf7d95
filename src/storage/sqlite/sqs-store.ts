import type Database from 'better-sqlite3';
import type {
  ClaimRequest,
  MessageCounts,
  NewMessage,
  NewQueue,
  QueueRecord,
  ReceiptOutcome,
  ReceiptRef,
  SqsStore,
  StoredMessage,
  VisibilityChange,
} from '../../services/sqs/store.js';
import type { GroupCommit } from './group-commit.js';
import { prepare, type ClaimRow } from './sqs-statements.js';

/**
 * The SQS store on SQLite (schema: migrations/0001-sqs.ts).
 *
 * Writes go through the group-commit writer: each runs synchronously inside the batch
 * transaction, so a read-check-write in one op is atomic without further locking. Reads that need
 * no transaction (getQueue, listQueues, counts, nextVisibleAt, deletedSince) run directly.
 *
 * State kept in memory, valid because this process alone has the file open (the engine holds an
 * exclusive lock on it):
 * - `nextSeq`: the next message seq, and `committedMark`: the seq high-water mark known to be
 *   committed in `engine_counters`. An enqueue that goes past the mark raises it by SEQ_BLOCK in the
 *   same transaction, so every stored seq is <= the committed mark; a restart continues above the
 *   mark (and above max(seq)), so a seq is never handed out twice, not even after the newest
 *   message was deleted. Reserving in blocks keeps the counter page out of most commits; a restart
 *   skips at most one block. (Rolled-back enqueues and restarts leave gaps; gaps are harmless.)
 * - a cache of queue records by (account, name), filled by getQueue and dropped for a queue by any
 *   write to it. Writes never fill it, so a rolled-back batch cannot leave a wrong entry behind.
 */
export class SqliteSqsStore implements SqsStore {
  private nextSeq: number;
  private committedMark: number;
  private readonly listeners = new Set<(queueId: number) => void>();
  private readonly cacheByKey = new Map<string, QueueRecord>();
  private readonly cacheKeyById = new Map<number, string>();
  private readonly s: ReturnType<typeof prepare>;

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    this.s = prepare(db);
    const maxSeq = (db.prepare('SELECT max(seq) FROM sqs_messages').pluck().get() as number | null) ?? 0;
    const mark = (db.prepare('SELECT value FROM engine_counters WHERE id = 1').pluck().get() as number | undefined) ?? 0;
    this.committedMark = mark;
    this.nextSeq = Math.max(maxSeq, mark) + 1;
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

  tagQueue(queueId: number, tags: Readonly<Record<string, string>>): Promise<void> {
    return this.writer.submit(() => {
      const current = this.s.queueTags.get(queueId) as string | undefined;
      if (current === undefined) return;
      this.s.updateTags.run(JSON.stringify({ ...(JSON.parse(current) as Record<string, string>), ...tags }), queueId);
      this.forget(queueId);
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
      this.s.deleteQueue.run(queueId);
      this.s.insertDeleted.run(row.accountId, row.name, deletedAt);
      this.forget(queueId);
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

  enqueue(queueId: number, messages: readonly NewMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return this.writer.submit(() => {
      if (this.s.queueExists.get(queueId) === undefined) {
        // Without this, a send racing a DeleteQueue would leave rows no queue can ever reach.
        throw new Error(`SQS queue ${queueId} does not exist`);
      }
      const insert = this.s.insertMessage;
      let seq = this.nextSeq;
      for (const m of messages) {
        insert.run(
          seq++,
          queueId,
          m.visibleAt,
          m.sentAt,
          m.messageId,
          m.md5OfBody,
          m.senderId,
          m.groupId,
          m.dedupId,
          m.md5OfMessageAttributes,
          m.systemAttributes,
          m.messageAttributes,
          m.body,
        );
      }
      this.nextSeq = seq;
      if (seq - 1 > this.committedMark) {
        const mark = seq - 1 + SEQ_BLOCK;
        this.s.setSeqMark.run(mark);
        this.writer.afterCommit(() => {
          if (mark > this.committedMark) this.committedMark = mark;
        });
      }
      this.writer.afterCommit(() => this.emit(queueId));
    });
  }

  claimVisible(queueId: number, request: ClaimRequest): Promise<StoredMessage[]> {
    return this.writer.submit(() => {
      const { now } = request;
      const rows = this.s.claimable.all(queueId, now, now - request.retentionMs, request.max) as ClaimRow[];
      const visibleAt = now + request.visibilityTimeoutMs;
      const update = this.s.updateClaimed;
      const out: StoredMessage[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const receiveCount = r[12] + 1;
        const firstReceiveAt = r[13] ?? now;
        update.run(visibleAt, receiveCount, firstReceiveAt, r[0]);
        out[i] = {
          seq: r[0],
          messageId: r[1],
          body: r[2],
          md5OfBody: r[3],
          messageAttributes: r[4],
          md5OfMessageAttributes: r[5],
          systemAttributes: r[6],
          senderId: r[7],
          sentAt: r[8],
          visibleAt,
          groupId: r[10],
          dedupId: r[11],
          receiveCount,
          firstReceiveAt,
        };
      }
      return out;
    });
  }

  nextVisibleAt(queueId: number, now: number, retentionMs: number): Promise<number | null> {
    return read(() => (this.s.nextVisible.get(queueId, now, now - retentionMs) as number | undefined) ?? null);
  }

  deleteMessages(queueId: number, refs: readonly ReceiptRef[]): Promise<ReceiptOutcome[]> {
    if (refs.length === 0) return Promise.resolve([]);
    return this.writer.submit(() => {
      const out: ReceiptOutcome[] = new Array(refs.length);
      for (let i = 0; i < refs.length; i++) {
        const r = refs[i]!;
        if (this.s.deleteByReceipt.run(r.seq, queueId, r.receiveCount).changes === 1) out[i] = 'ok';
        else out[i] = this.s.receiptState.get(r.seq, queueId) === undefined ? 'gone' : 'stale';
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

  countMessages(queueId: number, now: number, retentionMs: number): Promise<MessageCounts> {
    return read(() => {
      const r = this.s.counts.get({ queue: queueId, now, cutoff: now - retentionMs }) as MessageCounts;
      return { visible: r.visible, inFlight: r.inFlight, delayed: r.delayed };
    });
  }

  trimExpired(queueId: number, cutoff: number): Promise<number> {
    return this.writer.submit(() => this.s.trim.run(queueId, cutoff).changes);
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

/** How many seqs one write of the high-water mark reserves. */
const SEQ_BLOCK = 4096;

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
function read<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}

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
