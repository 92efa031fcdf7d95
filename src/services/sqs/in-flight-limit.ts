import type { Clock } from '../../runtime/clock.js';
import type { MessageCounts, QueueRecord, SqsStore } from './store.js';

/**
 * AWS's in-flight quota: at most 120,000 messages received but not yet deleted or visible again,
 * per queue. On a standard queue ReceiveMessage then fails with OverLimit (403); on a FIFO queue
 * AWS returns no messages and no error (AWS "FIFO queue quotas", raised from 20,000 to 120,000).
 *
 * Counting in-flight messages is a scan, so the count is refreshed at most once per `refreshMs`
 * per queue and the limit is approximate, as AWS's is. State per queue: the last count and when
 * it was taken; nothing else.
 */
export interface InFlightLimits {
  readonly standard: number;
  readonly fifo: number;
}

export const AWS_IN_FLIGHT_LIMITS: InFlightLimits = { standard: 120_000, fifo: 120_000 };

export class InFlightGauge {
  private readonly last = new Map<number, { at: number; inFlight: number }>();

  constructor(
    private readonly store: SqsStore,
    private readonly clock: Clock,
    readonly limits: InFlightLimits = AWS_IN_FLIGHT_LIMITS,
    private readonly refreshMs = 1000,
  ) {}

  /** Whether the queue is at its in-flight limit (by a count at most `refreshMs` old). */
  async atLimit(queue: QueueRecord, fifo: boolean, retentionMs: number): Promise<boolean> {
    const limit = fifo ? this.limits.fifo : this.limits.standard;
    const now = this.clock.now();
    let seen = this.last.get(queue.id);
    if (!seen || now - seen.at >= this.refreshMs) {
      const counts: MessageCounts = await this.store.countMessages(queue.id, now, retentionMs);
      seen = { at: now, inFlight: counts.inFlight };
      this.last.set(queue.id, seen);
    }
    return seen.inFlight >= limit;
  }

  /** Counts the messages a receive just put in flight, so the next check sees them before a refresh. */
  add(queueId: number, n: number): void {
    const seen = this.last.get(queueId);
    if (seen) seen.inFlight += n;
  }
}
