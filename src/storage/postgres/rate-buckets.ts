import type pg from 'pg';
import type { Lease, SharedRateBuckets, SharedRateWindows } from '../engine.js';
import { PostgresRateWindows } from './rate-windows.js';

/**
 * The nodes' shared per-account token buckets (migration 0016). One upsert per lease: refill the
 * bucket for the time since the last lease (at most `burst`), take the node's debt (requests it
 * admitted ahead of a lease: the bucket may go below zero for them), then grant up to `want` whole
 * tokens of what is left. A bucket seen for the first time starts full, as the in-memory one does.
 * The key is an account id, or, for the Kinesis read pacing of the throughput mode (a bucket with
 * no burst: a debt paid at 2 MiB/s), `kinesis-read|<shard>`; the sliding windows of the throughput
 * modes are rows of the same table (rate-windows.ts).
 *
 *   $1 account  $2 requests per second  $3 burst  $4 debt  $5 want  $6 now (epoch ms)
 */
const LEASE = `
INSERT INTO account_rate_buckets AS b (account_id, tokens, at_ms, granted)
VALUES ($1, ($3::float8 - $4) - LEAST($5, GREATEST(0, floor($3::float8 - $4))), $6, LEAST($5, GREATEST(0, floor($3::float8 - $4))))
ON CONFLICT (account_id) DO UPDATE SET
  tokens = (LEAST($3::float8, b.tokens + GREATEST(0, $6 - b.at_ms) * $2::float8 / 1000) - $4)
         - LEAST($5, GREATEST(0, floor(LEAST($3::float8, b.tokens + GREATEST(0, $6 - b.at_ms) * $2::float8 / 1000) - $4))),
  granted = LEAST($5, GREATEST(0, floor(LEAST($3::float8, b.tokens + GREATEST(0, $6 - b.at_ms) * $2::float8 / 1000) - $4))),
  at_ms = GREATEST(b.at_ms, $6)
RETURNING granted, tokens`;

export class PostgresRateBuckets implements SharedRateBuckets {
  readonly windows: SharedRateWindows;

  constructor(private readonly pool: pg.Pool) {
    this.windows = new PostgresRateWindows(pool);
  }

  async lease(accountId: string, requestsPerSecond: number, burst: number, debt: number, want: number, now: number): Promise<Lease> {
    const r = await this.pool.query<Lease>({
      name: 'account_rate_lease',
      text: LEASE,
      values: [accountId, requestsPerSecond, burst, debt, want, Math.floor(now)],
    });
    return r.rows[0]!;
  }
}
