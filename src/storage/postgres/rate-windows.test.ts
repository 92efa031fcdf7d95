/**
 * rate_window_lease (migration 0018) on PostgreSQL: the sliding second, what a full window says,
 * and two engines (two pools, as two nodes have) leasing from one window at once.
 * Needs PostgreSQL (SWITCHYARD_TEST_DATABASE_URL); its own schema, dropped at the end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine, SharedRateWindows } from '../engine.js';
import { openPostgresEngine } from './engine.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../../test/helpers/postgres.js';

describe('rate_window_lease [postgres]', () => {
  const schema = uniqueSchema('sy_rate_windows');
  let engines: Engine[] = [];
  let windows: SharedRateWindows[] = [];
  before(async () => {
    engines = [await openPostgresEngine({ databaseUrl: postgresTestUrl(), schema }), await openPostgresEngine({ databaseUrl: postgresTestUrl(), schema })];
    windows = engines.map((e) => e.rateBuckets!.windows!);
  });
  after(async () => {
    for (const e of engines) await e.close();
    await dropSchema(schema);
  });

  it('grants what fits in the second before, up to want; a full window grants none and says when `need` fits', async () => {
    const w = windows[0]!;
    const t = 1_000_000;
    assert.deepEqual(await w.lease('a', 300, 1, 100, t), { granted: 100, waitMs: 0 });
    assert.deepEqual(await w.lease('a', 300, 1, 150, t + 400), { granted: 150, waitMs: 0 });
    assert.deepEqual(await w.lease('a', 300, 1, 100, t + 800), { granted: 50, waitMs: 0 }, 'only 50 fit');
    assert.deepEqual(await w.lease('a', 300, 1, 100, t + 900), { granted: 0, waitMs: 100 }, 'the 100 of t fit again at t + 1000');
    assert.deepEqual(await w.lease('a', 300, 120, 120, t + 900), { granted: 0, waitMs: 500 }, '120 need the 150 of t + 400 gone too');
    assert.deepEqual(await w.lease('a', 300, 1, 100, t + 1000), { granted: 100, waitMs: 0 }, 'the leases of t left the window');
    assert.deepEqual(await w.lease('a', 301, 1, 10, t + 1000), { granted: 1, waitMs: 0 }, 'the rate is the caller\'s (the limiter puts it in the key): at 301 one more fits');
  });

  it('two engines leasing one window at once get the rate between them, no more', async () => {
    const t = 2_000_000;
    const grants = await Promise.all(Array.from({ length: 40 }, (_, i) => windows[i % 2]!.lease('b', 300, 1, 30, t + (i % 3))));
    assert.equal(grants.reduce((n, g) => n + g.granted, 0), 300);
    assert.ok(grants.filter((g) => g.granted === 0).every((g) => g.waitMs > 0 && g.waitMs <= 1000));
  });
});
