import { kinesisErrors } from '../errors.js';
import type { KinesisStore } from '../store.js';
import { MAX_RETENTION_HOURS, MIN_RETENTION_HOURS } from './limits.js';

/** A retention period Kinesis accepts: 24 … 8,760 hours. */
export function checkRetentionHours(hours: number): void {
  if (hours < MIN_RETENTION_HOURS) throw kinesisErrors.retentionTooShort(hours);
  if (hours > MAX_RETENTION_HOURS) throw kinesisErrors.retentionTooLong(hours);
}

const BATCH = 5_000;

/**
 * The retention job: deletes every record older than its stream's retention period, and the
 * records of deleted streams, in batches (short transactions; readers and writers go on between
 * them). Reads already hide expired records, so how soon this runs only matters for disk space.
 * Returns how many records went.
 */
export async function trimExpiredRecords(store: KinesisStore, now: number): Promise<number> {
  let total = 0;
  for (let after = 0; ; ) {
    const streams = await store.streamsAfter(after, 100);
    if (streams.length === 0) break;
    for (const s of streams) {
      const cutoff = now - s.retentionHours * 3_600_000;
      for (let n = 1; n > 0; total += n) n = await store.trimStream(s.id, cutoff, BATCH);
      after = s.id;
    }
  }
  for (let n = 1; n > 0; total += n) n = await store.purgeDeleted(BATCH);
  return total;
}
