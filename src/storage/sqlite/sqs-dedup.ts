import type { FifoEnqueue, NewMessage } from '../../services/sqs/store.js';
import type { Statements } from './sqs-statements.js';

/** Expired deduplication rows are pruned at most this often (by the clock the enqueues carry). */
const PRUNE_EVERY_MS = 1_000;

/**
 * FIFO deduplication on SQLite (table sqs_fifo_dedup, migrations/0002-sqs-fifo.ts). Runs inside the
 * enqueue's write op: a row recorded for one message of a call is seen by the next one, and by
 * every later call, whatever becomes of the message (receive, delete, purge, restart).
 *
 * Rows are keyed by (queue, dedup id, group) whatever the scope, so that both scopes read the same
 * rows and a change of DeduplicationScope keeps the window: scope `queue` matches any group,
 * scope `messageGroup` only its own. A row counts while accepted_at > now - windowMs.
 */
export class FifoDedup {
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly s: Statements) {}

  /** The original a message duplicates, or undefined (also for a message without a dedup id). */
  original(queueId: number, m: NewMessage, fifo: FifoEnqueue): { messageId: string; seq: number } | undefined {
    if (m.dedupId === null) return undefined;
    const since = fifo.now - fifo.windowMs;
    return (
      fifo.scope === 'queue'
        ? this.s.dedupInQueue.get(queueId, m.dedupId, since)
        : this.s.dedupInGroup.get(queueId, m.dedupId, m.groupId ?? '', since)
    ) as { messageId: string; seq: number } | undefined;
  }

  /** Records a stored message's dedup id; now and then drops rows older than the window. */
  record(queueId: number, m: NewMessage, seq: number, fifo: FifoEnqueue): void {
    if (m.dedupId === null) return;
    this.s.recordDedup.run(queueId, m.dedupId, m.groupId ?? '', fifo.now, seq, m.messageId);
    if (fifo.now - this.prunedAt >= PRUNE_EVERY_MS || fifo.now < this.prunedAt) {
      this.s.pruneDedup.run(fifo.now - fifo.windowMs);
      this.prunedAt = fifo.now;
    }
  }
}
