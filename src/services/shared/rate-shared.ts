import type { Clock } from '../../runtime/clock.js';
import type { Log } from '../../runtime/logger.js';
import type { SharedRateBuckets, SharedRateWindows } from '../../storage/engine.js';
import { ApiRateLimiter, type RateCharge, type RateLimiter } from './rate-limiter.js';

/**
 * The throughput modes' sliding one-second windows across nodes (PostgreSQL): each window (a FIFO
 * queue's action, an account's publishes, a topic, a message group, a Kinesis operation, a shard's
 * writes …) is kept in the database as the leases of its last second (migration 0018,
 * storage/postgres/rate-windows.ts), and each node leases units from it a chunk at a time, so that
 * N nodes behind a load balancer together admit the window's rate, not N times it.
 *
 * - A chunk is a tenth of the rate (at least 1 unit; at least what the call needs). A lease is
 *   granted only what fits in the second before it, and counted in the window from then on, for a
 *   second, as if the node had admitted it all at once.
 * - A call is admitted from the node's share without a database round trip. When the share falls
 *   below half a chunk the node tops it up in the background (up to one chunk in hand). A call the
 *   share cannot pay waits for a lease (one round trip; concurrent calls share it): nothing is
 *   admitted ahead of a lease. So the common case of a high rate (300 FIFO transactions, thousands
 *   of publishes, 1,000 records a shard) costs no round trip, while a low rate (5 GetShardIterator
 *   calls a shard, chunk 1) costs one a call, which is what exactness at that rate costs.
 * - A lease granted nothing (the window is full) says when the call's units fit again: until then
 *   the node refuses what its share cannot pay and leases nothing.
 * - Leased units not spent within a second of their lease are dropped (the database no longer
 *   counts them): after a quiet second a node admits what the window grants, nothing older. A
 *   share used in the last quarter of that second is renewed in the background (a lease of what
 *   tops it up to a chunk, which restarts the second of all it holds), so that a window used a few
 *   times a second does not wait for a lease on a call's path every second.
 * - A lease that fails (the database is unreachable) refuses the call, and the node leases nothing
 *   for that window for a second: throttled, not failed, as the SDKs retry a throttle.
 *
 * The bound. Every admitted unit was leased, and a window grants at most its rate in any second;
 * the units a node admits in a second were leased in it or were in hand when it began, and a node
 * holds at most one chunk (or one call's units if larger). So in any one second the cluster admits
 * at most the rate plus one chunk per node (a tenth of the rate, or 1, per node), and over a
 * longer time the rate itself (the leases of any second are at most the rate): saturated from two
 * or three nodes for 8 s, DescribeStreamSummary (20/s) admitted 160 and SNS ListTopics (30/s) 240,
 * as one node does. It can admit less: units leased by a node that then gets no calls are counted
 * for a second and used by no one (at most a chunk per node). Times are the nodes' clocks (as for
 * the account buckets, 0016): nodes must agree on the time (NTP).
 *
 * A single node (SQLite, the embedded server) keeps ApiRateLimiter, exact in any second.
 */
export class SharedRateLimiter implements RateLimiter {
  private readonly shares = new Map<string, Share>();
  private sweptAt = 0;

  constructor(
    private readonly windows: SharedRateWindows,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {}

  tryAll(charges: readonly RateCharge[]): boolean | Promise<boolean> {
    return this.fromShares(charges, this.clock.now()) ?? this.leaseThenTry(charges);
  }

  /** Gives back units taken for a call that was then refused for another reason (they stay leased: this node spends them next). */
  giveBack(charges: readonly RateCharge[]): void {
    for (const c of charges) {
      const share = this.shares.get(c.key);
      if (share && share.perSecond === c.perSecond) share.tokens += c.count ?? 1;
    }
  }

  /** true: paid from the shares; false: refused without a lease; undefined: some share must lease first. */
  private fromShares(charges: readonly RateCharge[], now: number): boolean | undefined {
    let short = false;
    for (const c of charges) {
      const count = c.count ?? 1;
      if (count > c.perSecond) return false;
      const share = this.share(c, now);
      if (share.tokens >= count) continue;
      if (now < share.blockedUntil) return false;
      short = true;
    }
    if (short) return undefined;
    for (const c of charges) {
      const share = this.shares.get(c.key)!;
      share.tokens -= c.count ?? 1;
      const low = share.tokens < chunkOf(c.perSecond) / 2 || now >= share.expiresAt - RENEW_BEFORE_MS;
      if (low && now >= share.blockedUntil) void this.lease(c.key, share, 1);
    }
    return true;
  }

  /** Leases for the shares that cannot pay, then tries again (a few times: concurrent calls may have spent the lease). */
  private async leaseThenTry(charges: readonly RateCharge[]): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.clock.now();
      await Promise.all(
        charges.map((c) => {
          const share = this.share(c, now);
          const count = c.count ?? 1;
          return share.tokens >= count ? undefined : this.lease(c.key, share, count);
        }),
      );
      const verdict = this.fromShares(charges, this.clock.now());
      if (verdict !== undefined) return verdict;
    }
    return false;
  }

  /** The lease in flight for `share`, or a new one bringing it to `need` units or a chunk, whichever is more. */
  private lease(key: string, share: Share, need: number): Promise<void> {
    if (share.leasing) return share.leasing;
    const now = this.clock.now();
    const missing = Math.max(1, need - share.tokens);
    const want = Math.max(missing, chunkOf(share.perSecond) - share.tokens);
    share.leasing = this.windows.lease(`${key}|${share.perSecond}`, share.perSecond, missing, want, now).then(
      ({ granted, waitMs }) => {
        share.leasing = undefined;
        if (granted > 0) {
          share.tokens += granted;
          share.expiresAt = now + LEASE_LIFETIME_MS;
        } else {
          share.blockedUntil = now + waitMs;
        }
      },
      (error: unknown) => {
        share.leasing = undefined;
        share.blockedUntil = this.clock.now() + 1000;
        this.log('warn', 'could not lease throughput units from the database', { window: key, error: (error as Error).message });
      },
    );
    return share.leasing;
  }

  private share(c: RateCharge, now: number): Share {
    this.sweep(now);
    let share = this.shares.get(c.key);
    // A window whose rate changed (a queue switched to high throughput) starts afresh, as ApiRateLimiter's does.
    if (!share || share.perSecond !== c.perSecond) this.shares.set(c.key, (share = { perSecond: c.perSecond, tokens: 0, expiresAt: 0, blockedUntil: 0, leasing: undefined }));
    if (share.tokens > 0 && now >= share.expiresAt) share.tokens = 0;
    return share;
  }

  /** Shares with nothing in hand, nothing in flight and no refusal pending are the same as none. */
  private sweep(now: number): void {
    if (now - this.sweptAt <= 2_000) return;
    this.sweptAt = now;
    for (const [key, s] of this.shares) if (!s.leasing && now >= s.blockedUntil && (s.tokens <= 0 || now >= s.expiresAt)) this.shares.delete(key);
  }
}

interface Share {
  readonly perSecond: number;
  /** Units leased and not spent yet. */
  tokens: number;
  /** When the units in hand are dropped (a second after the latest lease). */
  expiresAt: number;
  /** Until then (ms) the window is known to be full: nothing leased, what the share cannot pay refused. */
  blockedUntil: number;
  /** The lease in flight (settles after the share is updated; never rejects). */
  leasing: Promise<void> | undefined;
}

/** How long leased units are kept unspent: the second the database counts them. */
const LEASE_LIFETIME_MS = 1_000;
/** A share used this close to its units' end is renewed in the background. */
const RENEW_BEFORE_MS = 250;

/** Units a lease asks for: a tenth of a second's worth, at least 1. */
function chunkOf(perSecond: number): number {
  return Math.max(1, Math.floor(perSecond / 10));
}

/**
 * The throughput modes' limiter: the cluster's windows when the store shares them (PostgreSQL),
 * else this node's, in memory (SQLite, the embedded server).
 */
export function throughputLimiter(clock: Clock, shared: SharedRateBuckets | undefined, log: Log | undefined): RateLimiter {
  return shared?.windows ? new SharedRateLimiter(shared.windows, clock, log ?? (() => {})) : new ApiRateLimiter(clock);
}
