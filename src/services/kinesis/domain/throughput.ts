import type { Clock } from '../../../runtime/clock.js';
import type { Log } from '../../../runtime/logger.js';
import type { SharedRateBuckets, SharedRateWindows } from '../../../storage/engine.js';
import type { RateCharge } from '../../shared/rate-limiter.js';
import { SharedRateLimiter } from '../../shared/rate-shared.js';
import { FanOutPacer } from './throughput-fan-out.js';

/**
 * The opt-in throughput mode (`--kinesis-throughput-limits`, off by default): AWS's per-shard
 * limits, so that clients' back-off code can be tested (AWS-WIRE §7):
 * - writes: 1,000 records and 1 MiB (data + partition keys) per second per shard;
 * - reads: 5 GetRecords calls per second per shard, and 2 MiB per second on average: a read of
 *   B bytes makes the shard's next read wait B / 2 MiB seconds (so after a 10 MiB answer the
 *   shard is throttled for 5 s, as AWS documents);
 * - enhanced fan-out: each consumer's SubscribeToShard pushes 2 MiB per second per shard, later
 *   events waiting rather than failing (`fanOut`, domain/throughput-fan-out.ts).
 *
 * State (ShardThrottle, one node: SQLite, the embedded server): per shard (engine id), the current
 * one-second write window (records, bytes), the read calls of the current second, and when the
 * read "debt" is paid off, in memory: throttling is advisory back-pressure, not data, and a
 * restart forgetting it loses nothing a client relies on. Entries idle for 2 s (with no read
 * debt) are dropped as new ones come. Several nodes on PostgreSQL count the cluster's instead
 * (SharedShardThrottle, below).
 */

export const WRITE_RECORDS_PER_SECOND = 1_000;
export const WRITE_BYTES_PER_SECOND = 1_048_576;
export const READ_CALLS_PER_SECOND = 5;
export const READ_BYTES_PER_SECOND = 2 * 1_048_576;

interface ShardState {
  writeSecond: number;
  writeRecords: number;
  writeBytes: number;
  readSecond: number;
  readCalls: number;
  readFreeAt: number;
  lastUsed: number;
}

/** The per-shard limits a Kinesis operation checks; a promise only when the answer needs the database. */
export interface ShardLimits {
  /** Takes one record of `bytes` from the shard's write allowance; false (nothing taken) if it would pass a limit. */
  tryWrite(shardId: number, bytes: number): boolean | Promise<boolean>;
  /** Counts a GetRecords call; false if the shard is over its call rate or still paying for earlier reads. */
  tryRead(shardId: number): boolean | Promise<boolean>;
  /** A read returned `bytes`: the shard's next read waits until they are paid for at 2 MiB/s. */
  readBytes(shardId: number, bytes: number): void;
  /** Enhanced fan-out pacing: always this node's (a SubscribeToShard stream lives on one node). */
  readonly fanOut: FanOutPacer;
}

/**
 * Which of `records` the shards refuse: each shard's records in order (the earlier take its
 * allowance first), the shards side by side (their allowances are their own), so that a batch
 * spread over many shards waits for their leases at once, not one after another.
 */
export async function refusedWrites(limits: ShardLimits, records: readonly { readonly shardId: number; readonly size: number }[]): Promise<boolean[]> {
  const refused = new Array<boolean>(records.length);
  const byShard = new Map<number, number[]>();
  for (let i = 0; i < records.length; i++) {
    const indexes = byShard.get(records[i]!.shardId);
    if (indexes) indexes.push(i);
    else byShard.set(records[i]!.shardId, [i]);
  }
  await Promise.all(
    [...byShard.values()].map(async (indexes) => {
      for (const i of indexes) {
        const ok = limits.tryWrite(records[i]!.shardId, records[i]!.size);
        refused[i] = !(typeof ok === 'boolean' ? ok : await ok);
      }
    }),
  );
  return refused;
}

export class ShardThrottle implements ShardLimits {
  private readonly shards = new Map<number, ShardState>();
  private sweptAt = 0;
  /** The enhanced fan-out pipes (per consumer and shard, not per shard: each consumer has its own). */
  readonly fanOut: FanOutPacer;

  constructor(private readonly clock: Clock) {
    this.fanOut = new FanOutPacer(clock);
  }

  private state(shardId: number, now: number): ShardState {
    if (now - this.sweptAt > 2_000) {
      this.sweptAt = now;
      for (const [id, s] of this.shards) if (now - s.lastUsed > 2_000 && s.readFreeAt <= now) this.shards.delete(id);
    }
    let s = this.shards.get(shardId);
    if (!s) this.shards.set(shardId, (s = { writeSecond: 0, writeRecords: 0, writeBytes: 0, readSecond: 0, readCalls: 0, readFreeAt: 0, lastUsed: now }));
    s.lastUsed = now;
    return s;
  }

  /** Takes one record of `bytes` from the shard's write allowance; false (nothing taken) if it would pass a limit. */
  tryWrite(shardId: number, bytes: number): boolean {
    const now = this.clock.now();
    const s = this.state(shardId, now);
    const second = Math.floor(now / 1000);
    if (s.writeSecond !== second) {
      s.writeSecond = second;
      s.writeRecords = 0;
      s.writeBytes = 0;
    }
    if (s.writeRecords + 1 > WRITE_RECORDS_PER_SECOND || s.writeBytes + bytes > WRITE_BYTES_PER_SECOND) return false;
    s.writeRecords++;
    s.writeBytes += bytes;
    return true;
  }

  /** Gives back what tryWrite took (the write failed for another reason). */
  undoWrite(shardId: number, bytes: number): void {
    const s = this.shards.get(shardId);
    if (!s) return;
    s.writeRecords = Math.max(0, s.writeRecords - 1);
    s.writeBytes = Math.max(0, s.writeBytes - bytes);
  }

  /** Counts a GetRecords call; false if the shard is over its call rate or still paying for earlier reads. */
  tryRead(shardId: number): boolean {
    const now = this.clock.now();
    const s = this.state(shardId, now);
    const second = Math.floor(now / 1000);
    if (s.readSecond !== second) {
      s.readSecond = second;
      s.readCalls = 0;
    }
    if (s.readCalls + 1 > READ_CALLS_PER_SECOND || now < s.readFreeAt) return false;
    s.readCalls++;
    return true;
  }

  /** A read returned `bytes`: the shard's next read waits until they are paid for at 2 MiB/s. */
  readBytes(shardId: number, bytes: number): void {
    const now = this.clock.now();
    const s = this.state(shardId, now);
    s.readFreeAt = Math.max(s.readFreeAt, now) + (bytes * 1000) / READ_BYTES_PER_SECOND;
  }
}

/** The per-shard limits in the throughput mode: the cluster's when the store shares rates (PostgreSQL), else this node's. */
export function shardLimits(clock: Clock, shared: SharedRateBuckets | undefined, log: Log | undefined): ShardLimits {
  return shared?.windows ? new SharedShardThrottle(shared, shared.windows, clock, log ?? (() => {})) : new ShardThrottle(clock);
}

/**
 * The per-shard limits across nodes (PostgreSQL): what ShardThrottle counts, counted for the
 * cluster, so that N nodes behind a load balancer together admit a shard's limits, not N times them.
 * - Writes: 1,000 records and 1 MiB a second, as two sliding one-second windows per shard leased
 *   in chunks (shared/rate-shared.ts, which has the bound: the limits plus a tenth of them per
 *   node in any second). Sliding rather than ShardThrottle's calendar second: AWS states a rate
 *   "per second", and a sliding second is the stricter reading of it.
 * - Reads: 5 GetRecords calls a second per shard, a window as above (a chunk is 1 call: a lease a
 *   call), and the 2 MiB/s pacing as a token bucket with no burst in the database (the account
 *   buckets' table, key `kinesis-read|<shard>`): a read of B bytes charges B, and a read is let
 *   through only once the bucket is back at zero, on whichever node. A read asks the bucket (one
 *   round trip, beside the call window's lease); a node that knows its own reads' debt refuses
 *   without asking. A read answered on one node just before another node's charge lands in the
 *   database is let through: at most one read per node ahead of the pacing.
 * - Enhanced fan-out pacing stays per node (`fanOut`): a SubscribeToShard stream is served by one
 *   node, and AWS's pipe is the consumer's per shard, one subscription at a time (a takeover on
 *   another node starts with that node's bucket full: one second's worth more at most).
 */
export class SharedShardThrottle implements ShardLimits {
  readonly fanOut: FanOutPacer;
  private readonly windows: SharedRateLimiter;
  /** What this node knows of each shard's read debt: when it is paid (ms). */
  private readonly readFreeAt = new Map<number, number>();

  constructor(
    private readonly buckets: SharedRateBuckets,
    windows: SharedRateWindows,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {
    this.windows = new SharedRateLimiter(windows, clock, log);
    this.fanOut = new FanOutPacer(clock);
  }

  tryWrite(shardId: number, bytes: number): boolean | Promise<boolean> {
    return this.windows.tryAll([
      { key: `kinesis|write-records|${shardId}`, perSecond: WRITE_RECORDS_PER_SECOND },
      { key: `kinesis|write-bytes|${shardId}`, perSecond: WRITE_BYTES_PER_SECOND, count: bytes },
    ]);
  }

  tryRead(shardId: number): boolean | Promise<boolean> {
    const now = this.clock.now();
    if (now < (this.readFreeAt.get(shardId) ?? 0)) return false;
    const call: RateCharge[] = [{ key: `kinesis|read-calls|${shardId}`, perSecond: READ_CALLS_PER_SECOND }];
    // The bucket's state (no debt, nothing wanted), beside the call window's lease.
    const paced = this.buckets.lease(readKey(shardId), READ_BYTES_PER_SECOND, 0, 0, 0, now).then(
      ({ tokens }) => this.learn(shardId, now, tokens) <= now,
      (error: unknown) => {
        this.log('warn', 'could not read a shard\'s read pacing from the database', { shard: shardId, error: (error as Error).message });
        return false;
      },
    );
    return Promise.all([this.windows.tryAll(call), paced]).then(([called, free]) => {
      if (called && !free) this.windows.giveBack(call);
      return called && free;
    });
  }

  readBytes(shardId: number, bytes: number): void {
    if (bytes === 0) return;
    const now = this.clock.now();
    this.readFreeAt.set(shardId, Math.max(this.readFreeAt.get(shardId) ?? 0, now) + (bytes * 1000) / READ_BYTES_PER_SECOND);
    this.buckets.lease(readKey(shardId), READ_BYTES_PER_SECOND, 0, bytes, 0, now).then(
      ({ tokens }) => this.learn(shardId, now, tokens),
      (error: unknown) => this.log('warn', 'could not charge a shard\'s read to the database', { shard: shardId, error: (error as Error).message }),
    );
  }

  /** The bucket held `tokens` (≤ 0) at `now`: when its debt is paid, kept if later than what this node knew. */
  private learn(shardId: number, now: number, tokens: number): number {
    const freeAt = Math.max(this.readFreeAt.get(shardId) ?? 0, now + (Math.max(0, -tokens) * 1000) / READ_BYTES_PER_SECOND);
    if (freeAt > now) this.readFreeAt.set(shardId, freeAt);
    else this.readFreeAt.delete(shardId);
    return freeAt;
  }
}

function readKey(shardId: number): string {
  return `kinesis-read|${shardId}`;
}
