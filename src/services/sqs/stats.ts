import type { SqsDeps } from './context.js';
import { queueSettings } from './domain/queue-attributes.js';
import type { QueueStatsQuery } from './store.js';

/** A queue's state as the metrics report it (CloudWatch's ApproximateNumberOfMessages*, ApproximateAgeOfOldestMessage). */
export interface QueueGauges {
  readonly accountId: string;
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
  /** Whole seconds since the oldest message was sent; 0 for an empty queue. */
  readonly oldestAgeSeconds: number;
}

/**
 * AWS: on a standard queue a message received three times or more without being deleted goes to
 * the back of the queue, and ApproximateAgeOfOldestMessage points at the oldest message received
 * fewer times (a poison pill does not hold the metric up). FIFO queues keep their order: no
 * exception there.
 */
const POISON_RECEIVES = 3;
/** Queues per store call (one grouped query on PostgreSQL; one indexed query per queue on SQLite). */
const CHUNK = 500;

/**
 * Every queue's gauges, at most `maxQueues` of them (in queue creation order): what a metrics scrape
 * costs is one page of queue records and one store call per CHUNK queues, each counting the
 * queue's unexpired messages as GetQueueAttributes does. `skipped` is how many queues were left out.
 */
export async function queueGauges(deps: SqsDeps, maxQueues: number): Promise<{ queues: QueueGauges[]; skipped: number }> {
  const out: QueueGauges[] = [];
  let skipped = 0;
  let afterId = 0;
  const now = deps.clock.now();
  for (;;) {
    const page = await deps.store.queuesAfter(afterId, CHUNK);
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    const room = Math.max(0, maxQueues - out.length);
    const taken = page.slice(0, room);
    skipped += page.length - taken.length;
    if (taken.length > 0) {
      const queries: QueueStatsQuery[] = taken.map((q) => {
        const s = queueSettings(q.attributes);
        return { queueId: q.id, retentionMs: s.retentionMs, poisonReceives: s.fifo ? null : POISON_RECEIVES };
      });
      const stats = await deps.store.queueStats(queries, now);
      taken.forEach((q, i) => {
        const s = stats[i]!;
        out.push({
          accountId: q.accountId,
          name: q.name,
          visible: s.visible,
          inFlight: s.inFlight,
          delayed: s.delayed,
          oldestAgeSeconds: s.oldestSentAt === null ? 0 : Math.max(0, Math.floor((now - s.oldestSentAt) / 1000)),
        });
      });
    }
    if (page.length < CHUNK) break;
  }
  return { queues: out, skipped };
}
