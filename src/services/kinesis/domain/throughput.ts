import type { Clock } from '../../../runtime/clock.js';
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
 * State: per shard (engine id), the current one-second write window (records, bytes), the read
 * calls of the current second, and when the read "debt" is paid off. It is per node and in
 * memory on purpose: throttling is advisory back-pressure, not data, and a restart forgetting it
 * loses nothing a client relies on. Entries idle for 2 s (with no read debt) are dropped as new ones come.
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

export class ShardThrottle {
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
