import type { ShardRecord, StreamRecord } from '../store.js';

/**
 * A reshard takes effect when UPDATING ends, as AWS does it: until then the parent shards stay
 * open and take the writes, and DescribeStream/ListShards show the old shard set; from then on
 * the parents are closed (with an EndingSequenceNumber) and the children exist and take writes.
 * Time is data here too: the store keeps the effective time on the shards (the parents' closedAt
 * and the children's createdAt, both the reshard's updatingUntil), and `streamAt` derives what a
 * reader sees at a time. Nothing flips at the effective time.
 *
 * A shard's states, at time t:
 * - pending: createdAt > t (a child not in effect yet): invisible;
 * - open: visible and (closedAt === null or closedAt > t);
 * - closing: closedAt <= t but no ending position yet. The service seals it (store.sealShards) as
 *   soon as it sees one, before acting on the stream, so no operation reports or uses it unsealed;
 * - closed: sealed (endingSeq set): no record can reach it any more.
 *
 * Sealing is also what makes the switch exact across writers and nodes: a write to a parent
 * commits before the seal (and is within EndingSequenceNumber) or is refused after it, and
 * writes to children come only after a seal. A node whose clock lags behind the node that sealed
 * sees the stream at the sealed close time (`viewTime`), so it routes to the children too.
 */

interface Timing {
  /** From then on the stored record is what every reader sees. */
  readonly settledAt: number;
  /** The earliest close time of a shard not sealed yet (Infinity if none). */
  readonly sealFrom: number;
  /** The latest close time of a sealed shard: a reshard in effect, whatever this node's clock says. */
  readonly sealedUntil: number;
  /** Views by the number of change times passed. */
  readonly views: Map<number, StreamRecord>;
  readonly changes: readonly number[];
}

const timings = new WeakMap<StreamRecord, Timing>();

function timingOf(stream: StreamRecord): Timing {
  let t = timings.get(stream);
  if (!t) {
    let sealFrom = Infinity;
    let sealedUntil = -Infinity;
    const changes = new Set<number>();
    for (const s of stream.shards) {
      changes.add(s.createdAt);
      if (s.closedAt === null) continue;
      changes.add(s.closedAt);
      if (s.endingSeq === null) sealFrom = Math.min(sealFrom, s.closedAt);
      else sealedUntil = Math.max(sealedUntil, s.closedAt);
    }
    const sorted = [...changes].sort((a, b) => a - b);
    t = { settledAt: sorted[sorted.length - 1] ?? -Infinity, sealFrom, sealedUntil, views: new Map(), changes: sorted };
    timings.set(stream, t);
  }
  return t;
}

/** Whether some shard's close time has come (by `now`) without its ending position being fixed. */
export function needsSeal(stream: StreamRecord, now: number): boolean {
  return now >= timingOf(stream).sealFrom;
}

/** The time the stream is seen at: `now`, or the close time of a reshard already sealed (by a node whose clock is ahead). */
export function viewTime(stream: StreamRecord, now: number): number {
  return Math.max(now, timingOf(stream).sealedUntil);
}

/**
 * The stream as a reader sees it at `now`: shards not yet in effect left out, shards whose close
 * time is still ahead shown open, OpenShardCount counted on that. The record itself once every
 * reshard took effect (the common case: no copy, and per-record caches such as openShards stay warm).
 */
export function streamAt(stream: StreamRecord, now: number): StreamRecord {
  const timing = timingOf(stream);
  const t = viewTime(stream, now);
  if (t >= timing.settledAt) return stream;
  let passed = 0;
  while (passed < timing.changes.length && timing.changes[passed]! <= t) passed++;
  let view = timing.views.get(passed);
  if (!view) {
    const shards: ShardRecord[] = [];
    for (const s of stream.shards) {
      if (s.createdAt > t) continue;
      shards.push(s.closedAt !== null && s.closedAt > t ? Object.freeze({ ...s, closedAt: null, endingSeq: null }) : s);
    }
    view = Object.freeze({
      ...stream,
      shards: Object.freeze(shards),
      openShardCount: shards.filter((s) => s.closedAt === null).length,
    });
    timing.views.set(passed, view);
  }
  return view;
}
