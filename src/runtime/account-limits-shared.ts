import type { SharedRateBuckets } from '../storage/engine.js';
import { limitOf, type AccountLimit, type AccountLimits, type RequestRateLimiter } from './account-limits.js';
import type { Log } from './logger.js';

/**
 * Per-account request rates across nodes (PostgreSQL): each account has one token bucket in the
 * database, and each node leases tokens from it a few at a time, so that N nodes behind a load
 * balancer together admit the account's rate, not N times it. Leases run in the background: a
 * request is answered from the node's share at once, and waits for the database only when the node
 * is a whole chunk ahead of a lease still in flight.
 *
 * - A lease asks for a chunk: a tenth of a second's worth (at least 1, at most the burst). The
 *   node asks for the next one when its share falls below half a chunk.
 * - A node without a token in hand (its first request, or its share spent before the next lease
 *   came back) admits up to one chunk ahead, as debt, and the next lease charges the debt to the
 *   bucket, which may go below zero for it. Every admitted request is charged, so over time the
 *   cluster admits the rate; in an instant, a node may admit up to a chunk beyond the burst.
 * - When a lease finds less than it asked for, the node knows when the bucket will hold a token
 *   again (from what the lease left in it): until then it refuses what its share cannot pay and
 *   leases nothing; from then on it may admit ahead again (another node may have taken that token:
 *   the debt then pushes the bucket below zero and the next wait longer).
 * - A lease that fails (the database is unreachable) leaves the debt unsettled and the node waits
 *   a second before it admits ahead or leases again.
 */
export class SharedAccountRateLimiter implements RequestRateLimiter {
  private readonly shares = new Map<string, Share>();

  constructor(
    private readonly limits: AccountLimits,
    private readonly buckets: SharedRateBuckets,
    private readonly now: () => number,
    private readonly log: Log,
  ) {}

  take(accountId: string): boolean | Promise<boolean> {
    const limit = limitOf(this.limits, accountId);
    if (!limit) return true;
    let share = this.shares.get(accountId);
    if (!share) this.shares.set(accountId, (share = { tokens: 0, debt: 0, leasing: undefined, waitUntil: 0 }));
    return this.spend(accountId, limit, share, true);
  }

  /** A token from the share, else one ahead of the lease; else wait for the lease in flight (once). */
  private spend(accountId: string, limit: AccountLimit, share: Share, mayWait: boolean): boolean | Promise<boolean> {
    const chunk = chunkOf(limit);
    if (share.tokens >= 1) {
      share.tokens -= 1;
      if (share.tokens < chunk / 2) this.lease(accountId, limit, share);
      return true;
    }
    if (this.now() < share.waitUntil) return false;
    if (share.debt < chunk) {
      share.debt += 1;
      this.lease(accountId, limit, share);
      return true;
    }
    // A whole chunk ahead: settle it (unless a lease is in flight) and wait for the lease rather
    // than refuse a request the bucket may well have a token for (a database round trip, not a
    // client's back-off).
    this.lease(accountId, limit, share);
    const leasing = share.leasing;
    return mayWait && leasing ? leasing.then(() => this.spend(accountId, limit, share, false)) : false;
  }

  /** Leases a chunk, unless one is in flight or the bucket is known to be empty (`settle`: even then). */
  private lease(accountId: string, limit: AccountLimit, share: Share, settle = false): void {
    const now = this.now();
    if (share.leasing || (now < share.waitUntil && !settle)) return;
    const debt = share.debt;
    const want = chunkOf(limit);
    share.leasing = this.buckets.lease(accountId, limit.requestsPerSecond, limit.burst, debt, want, now).then(
      ({ granted, tokens }) => {
        share.leasing = undefined;
        share.debt -= debt;
        share.tokens += granted;
        // Short: the bucket holds `tokens` (< 1) and gains `requestsPerSecond` a second.
        share.waitUntil = granted < want ? now + Math.max(10, Math.ceil(((1 - tokens) * 1000) / limit.requestsPerSecond)) : 0;
        // Requests admitted ahead while this lease was in flight are charged at once, not when the
        // next token is due: a debt charged after a long wait would vanish into a refilled bucket.
        if (share.debt > 0) this.lease(accountId, limit, share, true);
      },
      (error: unknown) => {
        share.leasing = undefined;
        share.waitUntil = this.now() + 1000;
        this.log('warn', 'could not lease request tokens from the database', { account: accountId, error: (error as Error).message });
      },
    );
  }
}

interface Share {
  /** Tokens leased and not spent yet. */
  tokens: number;
  /** Requests admitted ahead of a lease, not yet charged to the bucket. */
  debt: number;
  /** The lease in flight (settles after the share is updated; never rejects). */
  leasing: Promise<void> | undefined;
  /** Until then (ms) the bucket is known to hold no token: no lease, nothing admitted ahead. */
  waitUntil: number;
}

/** Tokens a lease asks for: a tenth of a second's worth, at least 1, at most the burst. */
function chunkOf(limit: AccountLimit): number {
  return Math.min(limit.burst, Math.max(1, Math.floor(limit.requestsPerSecond / 10)));
}
