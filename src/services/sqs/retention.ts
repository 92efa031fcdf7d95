import type { Clock } from '../../runtime/clock.js';
import { queueSettings } from './domain/queue-attributes.js';
import type { SqsStore } from './store.js';

/**
 * Removes messages past their queue's MessageRetentionPeriod from storage. Expired messages are
 * already invisible to every operation (the store compares sentAt with the clock); this only gives
 * the disk space back. Idempotent, so several nodes running it at once do no harm.
 */
export async function trimExpiredMessages(store: SqsStore, clock: Clock, pageSize = 200): Promise<number> {
  let removed = 0;
  let after = 0;
  for (;;) {
    const queues = await store.queuesAfter(after, pageSize);
    if (queues.length === 0) return removed;
    for (const queue of queues) {
      removed += await store.trimExpired(queue.id, clock.now() - queueSettings(queue.attributes).retentionMs);
    }
    after = queues[queues.length - 1]!.id;
  }
}
