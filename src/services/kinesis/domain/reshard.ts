import type { NewShard, ShardRecord, StreamRecord } from '../store.js';
import { evenRanges } from './hash-keys.js';
import { openShards } from './streams.js';

/**
 * Resharding plans (the store records one atomically, and it takes effect when the stream's
 * UPDATING ends: services/kinesis/store.ts ReshardPlan, domain/reshard-time.ts).
 * - Split: the parent closes; two children share its range at NewStartingHashKey, each with the
 *   parent as ParentShardId.
 * - Merge: both close; one child covers both ranges, ParentShardId = ShardToMerge,
 *   AdjacentParentShardId = AdjacentShardToMerge (kinesalite's recorded layout).
 * - UpdateShardCount (UNIFORM_SCALING): AWS reaches the even layout of the target count through
 *   a series of splits and merges, so more shards than the target are created and closed on the
 *   way (moto and AWS both show e.g. 2 → 4 giving 6 shards, 4 → 5 giving 15). Done here the same
 *   way: split the open shards at every target boundary inside them, then merge the pieces of each
 *   target range left to right; shards only passed through are created closed (and empty), so the
 *   lineage every KCL walks (parents drained before children) holds throughout.
 * New shards get the next indices of the stream, in creation order.
 */

interface Piece {
  readonly index: number;
  readonly start: bigint;
  readonly end: bigint;
  /** Set when this piece is a shard the plan creates (so closing it means creating it closed). */
  created?: { -readonly [K in keyof NewShard]: NewShard[K] };
}

export interface Plan {
  readonly close: number[];
  readonly create: NewShard[];
}

class Builder {
  readonly close: number[] = [];
  readonly create: { -readonly [K in keyof NewShard]: NewShard[K] }[] = [];
  constructor(private next: number) {}

  retire(p: Piece): void {
    if (p.created) p.created.closed = true;
    else this.close.push(p.index);
  }

  add(start: bigint, end: bigint, parent: number, adjacent: number | null): Piece {
    const created = {
      index: this.next++,
      startingHashKey: start.toString(),
      endingHashKey: end.toString(),
      parentIndex: parent,
      adjacentParentIndex: adjacent,
      closed: false,
    };
    this.create.push(created);
    return { index: created.index, start, end, created };
  }

  split(p: Piece, at: bigint): [Piece, Piece] {
    this.retire(p);
    return [this.add(p.start, at - 1n, p.index, null), this.add(at, p.end, p.index, null)];
  }

  merge(a: Piece, b: Piece): Piece {
    this.retire(a);
    this.retire(b);
    return this.add(a.start, b.end, a.index, b.index);
  }
}

export function nextShardIndex(stream: StreamRecord): number {
  return stream.shards.reduce((m, s) => Math.max(m, s.index + 1), 0);
}

const piece = (s: ShardRecord): Piece => ({ index: s.index, start: BigInt(s.startingHashKey), end: BigInt(s.endingHashKey) });

export function splitPlan(stream: StreamRecord, shard: ShardRecord, newStartingHashKey: bigint): Plan {
  const b = new Builder(nextShardIndex(stream));
  b.split(piece(shard), newStartingHashKey);
  return b;
}

export function mergePlan(stream: StreamRecord, shard: ShardRecord, adjacent: ShardRecord): Plan {
  const b = new Builder(nextShardIndex(stream));
  const [x, y] = [piece(shard), piece(adjacent)];
  // The child's range runs from the lower shard's start to the upper one's end, whichever order they were named in.
  const merged = b.merge(x.start < y.start ? x : y, x.start < y.start ? y : x);
  // Lineage names the shards as the caller did: ParentShardId is ShardToMerge.
  merged.created!.parentIndex = shard.index;
  merged.created!.adjacentParentIndex = adjacent.index;
  return b;
}

export function uniformScalingPlan(stream: StreamRecord, target: number): Plan {
  const b = new Builder(nextShardIndex(stream));
  const targets = evenRanges(target);
  const bounds = targets.slice(1).map((r) => r.start);
  const pieces: Piece[] = [];
  for (const s of openShards(stream).shards) {
    let cur = piece(s);
    for (const at of bounds) {
      if (at <= cur.start || at > cur.end) continue;
      const [left, right] = b.split(cur, at);
      pieces.push(left);
      cur = right;
    }
    pieces.push(cur);
  }
  for (const t of targets) {
    const group = pieces.filter((p) => p.start >= t.start && p.end <= t.end);
    let acc = group[0]!;
    for (const p of group.slice(1)) acc = b.merge(acc, p);
  }
  return b;
}
