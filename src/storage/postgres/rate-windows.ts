import type pg from 'pg';
import type { SharedRateWindows, WindowLease } from '../engine.js';

/** Keys of the windows' rows in account_rate_buckets (migration 0018): never an account id. */
const WINDOW_PREFIX = 'rate|';
/** Rows under keys that are not account ids (windows, Kinesis read pacing) idle this long are void: swept. */
const IDLE_MS = 60_000;

/**
 * The nodes' shared sliding windows (migration 0018): one call of rate_window_lease a lease. Rows of
 * windows and of the Kinesis read pacing (keys with a `|`, never an account id) no one leased from
 * for a minute hold nothing a lease would read (their leases are a second old, their debts paid):
 * each node deletes them at most once a minute, after a lease, in the background.
 */
export class PostgresRateWindows implements SharedRateWindows {
  private sweptAt = 0;

  constructor(private readonly pool: pg.Pool) {}

  async lease(key: string, perSecond: number, need: number, want: number, now: number): Promise<WindowLease> {
    const r = await this.pool.query<{ granted_units: number; wait_ms: number }>({
      name: 'rate_window_lease',
      text: 'SELECT granted_units, wait_ms FROM rate_window_lease($1, $2, $3, $4, $5)',
      values: [WINDOW_PREFIX + key, perSecond, need, want, Math.floor(now)],
    });
    if (now - this.sweptAt > IDLE_MS) this.sweep(now);
    const row = r.rows[0]!;
    return { granted: row.granted_units, waitMs: row.wait_ms };
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    this.pool
      .query({ name: 'rate_window_sweep', text: `DELETE FROM account_rate_buckets WHERE account_id LIKE '%|%' AND at_ms < $1`, values: [Math.floor(now) - IDLE_MS] })
      .catch(() => {}); // the next sweep tries again; a row left is only a row
  }
}
