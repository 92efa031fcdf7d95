import type { Clock } from '../../runtime/clock.js';

/**
 * A sliding one-second window per key: AWS's "N transactions (or messages) per second" taken
 * literally, for the opt-in throughput modes (Kinesis call rates, kinesis/domain/api-rates.ts;
 * SQS FIFO quotas, sqs/throughput.ts; SNS API and publish quotas, sns/throughput.ts).
 *
 * A call of `count` units (1 for a transaction; a PublishBatch's entries for SNS's messages per
 * second) is let through if the units admitted in the 1,000 ms before it, plus `count`, are at
 * most N: never more than N in any one second. The window is a ring of the times of the last N
 * admitted units (so O(count) a call); refused calls are not counted. Chosen over a token bucket
 * because it is exact under a fake clock: a burst of N passes, the N+1st waits until the first of
 * them is a second old.
 *
 * State: per key the times of its last N admitted units, per node and in memory: this is the
 * limiter of SQLite (one process serves the file) and of the embedded server. On PostgreSQL the
 * nodes lease from windows in the database instead (rate-shared.ts), so that N nodes behind a load
 * balancer together admit the rate, not N times it. Either way it is advisory back-pressure, not
 * data; a restart forgetting it loses nothing a client relies on. Windows whose newest unit is over
 * a second old are dropped as new calls come.
 */

/** One window a call counts against. */
export interface RateCharge {
  readonly key: string;
  readonly perSecond: number;
  /** Units the call takes (default 1). */
  readonly count?: number;
}

interface Window {
  /** The rate the window was made for: a key whose rate changes (a queue switched to high throughput) starts afresh. */
  readonly perSecond: number;
  /** Times of the last admitted units, at most `perSecond` of them; `next` is the oldest once full. */
  readonly times: number[];
  next: number;
  newest: number;
}

/** Counts calls against sliding one-second windows: this node's (ApiRateLimiter) or the cluster's (rate-shared.ts). */
export interface RateLimiter {
  /**
   * Counts the call against every window if it fits in all of them; false (nothing counted
   * anywhere) otherwise. A promise only when the answer needs the database (a lease).
   */
  tryAll(charges: readonly RateCharge[]): boolean | Promise<boolean>;
}

export class ApiRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();
  private sweptAt = 0;

  constructor(private readonly clock: Clock) {}

  /** Counts `count` units against `key` if they fit in the last second's allowance; false (nothing counted) otherwise. */
  tryCall(key: string, perSecond: number, count = 1): boolean {
    return this.tryAll([{ key, perSecond, count }]);
  }

  /** Counts the call against every window if it fits in all of them; false (nothing counted anywhere) otherwise. */
  tryAll(charges: readonly RateCharge[]): boolean {
    const now = this.clock.now();
    this.sweep(now);
    for (const c of charges) if (!this.fits(c.key, c.perSecond, c.count ?? 1, now)) return false;
    for (const c of charges) this.take(c.key, c.perSecond, c.count ?? 1, now);
    return true;
  }

  private fits(key: string, perSecond: number, count: number, now: number): boolean {
    if (count > perSecond) return false;
    const w = this.windows.get(key);
    if (!w || w.perSecond !== perSecond) return true;
    // The `expired` oldest units must be a second old for `count` more to fit; times run oldest
    // first from `next` (0 until the ring is full), so checking the newest of them is enough.
    const expired = w.times.length + count - perSecond;
    return expired <= 0 || now - w.times[(w.next + expired - 1) % w.times.length]! >= 1000;
  }

  private take(key: string, perSecond: number, count: number, now: number): void {
    let w = this.windows.get(key);
    if (!w || w.perSecond !== perSecond) this.windows.set(key, (w = { perSecond, times: [], next: 0, newest: now }));
    for (let i = 0; i < count; i++) {
      if (w.times.length < perSecond) {
        w.times.push(now);
      } else {
        w.times[w.next] = now;
        w.next = (w.next + 1) % perSecond;
      }
    }
    w.newest = now;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt <= 2_000) return;
    this.sweptAt = now;
    for (const [key, w] of this.windows) if (now - w.newest >= 1000) this.windows.delete(key);
  }
}
