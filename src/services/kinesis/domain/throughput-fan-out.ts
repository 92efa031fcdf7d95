import type { Clock } from '../../../runtime/clock.js';

/**
 * Enhanced fan-out pacing in the opt-in throughput mode (domain/throughput.ts). AWS: enhanced
 * fan-out "lets consumers receive records from a stream with throughput of up to 2 MB of data per
 * second per shard. This throughput is dedicated" (Develop enhanced fan-out consumers with
 * dedicated throughput, https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html;
 * "2 MiB/s per shard per consumer", AWS-WIRE §7). A subscriber that falls behind is not refused:
 * its SubscribeToShardEvents come at that rate and MillisBehindLatest grows. So nothing here
 * throws or drops: it only says how long the next event must wait and how much it may carry.
 *
 * State: per registered consumer and shard (AWS's unit: the pipe is the consumer's, so a
 * takeover or a resubscription does not start on a fresh second), a token bucket of bytes:
 * `tokens` as of `at`, refilling at the rate up to one second's worth (the burst a subscriber that
 * was caught up gets at once). An event takes its records' bytes (data + partition keys, counted
 * as GetRecords counts them); a first record larger than what is left still goes whole, leaving
 * the bucket in debt, and the next event waits until the debt is paid. Per node and in memory, as
 * ShardThrottle is; a full bucket is the same as none, so full ones are dropped as others come.
 */

/** AWS's dedicated enhanced fan-out throughput per consumer and shard (the default of the setting). */
export const FAN_OUT_BYTES_PER_SECOND = 2 * 1_048_576;
/**
 * While behind, an event waits until a fifth of a second's worth has refilled: a backlog goes out
 * as about five events a second, rather than one event per record as soon as one record's bytes came back.
 */
const SLICE_MS = 200;
/** The bucket holds one second's worth. */
const BURST_MS = 1_000;

/** One consumer's pipe from one shard. */
export interface FanOutPipe {
  /** Milliseconds until the next event may go out (0: now). */
  waitMs(): number;
  /** Bytes the next event may carry (the store returns its first record whole regardless). */
  allowance(): number;
  /** An event went out carrying `bytes`. */
  take(bytes: number): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class FanOutPacer {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt = 0;

  constructor(private readonly clock: Clock) {}

  /** The pipe of `consumerId` from the shard at `shardIndex`, at `bytesPerSecond`. */
  pipe(consumerId: number, shardIndex: number, bytesPerSecond: number): FanOutPipe {
    const key = `${consumerId}/${shardIndex}`;
    const capacity = (bytesPerSecond * BURST_MS) / 1000;
    const slice = (bytesPerSecond * SLICE_MS) / 1000;
    // Looked up on each use: a bucket dropped while full comes back full, and a takeover's pipe shares it.
    const level = (now: number): number => {
      const b = this.buckets.get(key);
      return b ? Math.min(capacity, b.tokens + ((now - b.at) * bytesPerSecond) / 1000) : capacity;
    };
    return {
      waitMs: () => {
        const missing = slice - level(this.clock.now());
        return missing <= 0 ? 0 : Math.ceil((missing * 1000) / bytesPerSecond);
      },
      allowance: () => Math.max(0, Math.floor(level(this.clock.now()))),
      take: (bytes) => {
        const now = this.clock.now();
        this.sweep(now, bytesPerSecond, capacity);
        this.buckets.set(key, { tokens: level(now) - bytes, at: now });
      },
    };
  }

  /** Drops buckets that have refilled (every 2 s at most): they are the same as none. */
  private sweep(now: number, bytesPerSecond: number, capacity: number): void {
    if (now - this.sweptAt < 2_000) return;
    this.sweptAt = now;
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.at) * bytesPerSecond) / 1000 >= capacity) this.buckets.delete(key);
  }
}
