import type { ShardRecord, StreamRecord } from '../store.js';

/**
 * ListShards' ShardFilter, per the API reference:
 * - AFTER_SHARD_ID: shards after the given one (by shard id);
 * - AT_TRIM_HORIZON: shards open at the trim horizon (now − retention);
 * - FROM_TRIM_HORIZON: every shard that still holds readable data (open, or closed within retention);
 * - AT_LATEST: the open shards;
 * - AT_TIMESTAMP: shards open at the timestamp (the stream's first shards for a time before it existed);
 * - FROM_TIMESTAMP: shards open at or after the timestamp.
 * Closed shards come only from resharding; a stream that was never resharded has all shards open.
 */

export interface ShardFilterSpec {
  readonly type: string;
  readonly timestampMs?: number;
  readonly shardIndex?: number;
}

const openAt = (s: ShardRecord, t: number, initial: boolean) => (s.createdAt <= t || initial) && (s.closedAt === null || s.closedAt > t);

export function filterShards(stream: StreamRecord, filter: ShardFilterSpec | undefined, now: number): readonly ShardRecord[] {
  if (filter === undefined) return stream.shards;
  const horizon = now - stream.retentionHours * 3_600_000;
  const initial = (s: ShardRecord) => s.parentIndex === null && s.adjacentParentIndex === null;
  switch (filter.type) {
    case 'AFTER_SHARD_ID':
      return stream.shards.filter((s) => s.index > (filter.shardIndex ?? -1));
    case 'AT_TRIM_HORIZON':
      return stream.shards.filter((s) => openAt(s, horizon, initial(s)));
    case 'FROM_TRIM_HORIZON':
      return stream.shards.filter((s) => s.closedAt === null || s.closedAt > horizon);
    case 'AT_LATEST':
      return stream.shards.filter((s) => s.closedAt === null);
    case 'AT_TIMESTAMP':
      return stream.shards.filter((s) => openAt(s, filter.timestampMs ?? now, initial(s)));
    case 'FROM_TIMESTAMP':
      return stream.shards.filter((s) => s.closedAt === null || s.closedAt > (filter.timestampMs ?? now));
    default:
      return stream.shards;
  }
}
