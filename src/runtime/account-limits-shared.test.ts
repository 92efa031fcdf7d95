import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lease, SharedRateBuckets } from '../storage/engine.js';
import { SharedAccountRateLimiter } from './account-limits-shared.js';

/** The bucket as PostgreSQL keeps it (storage/postgres/rate-buckets.ts), in memory; `fail` makes leases reject. */
class Buckets implements SharedRateBuckets {
  tokens = new Map<string, { tokens: number; at: number }>();
  fail = false;
  leases = 0;
  async lease(key: string, rate: number, burst: number, debt: number, want: number, now: number): Promise<Lease> {
    this.leases++;
    if (this.fail) throw new Error('connection refused');
    const b = this.tokens.get(key) ?? { tokens: burst, at: now };
    const left = Math.min(burst, b.tokens + (Math.max(0, now - b.at) * rate) / 1000) - debt;
    const granted = Math.min(want, Math.max(0, Math.floor(left)));
    this.tokens.set(key, { tokens: left - granted, at: Math.max(b.at, now) });
    return { granted, tokens: left - granted };
  }
}

const ACCOUNT = '111111111111';
const settle = () => new Promise((r) => setImmediate(r));

function setup(rate: number, burst: number) {
  let now = 1_000_000;
  const buckets = new Buckets();
  const logged: string[] = [];
  const limiter = new SharedAccountRateLimiter(new Map([[ACCOUNT, { requestsPerSecond: rate, burst }]]), buckets, () => now, (_l, m) => logged.push(m));
  return { buckets, limiter, logged, advance: (ms: number) => (now += ms) };
}

test('an account not limited is never counted; the first request passes ahead of its lease', async () => {
  const { limiter, buckets } = setup(2, 10);
  assert.equal(limiter.take('222222222222'), true);
  assert.equal(buckets.leases, 0);
  assert.equal(limiter.take(ACCOUNT), true);
  assert.equal(buckets.leases, 1);
});

test('a chunk ahead with the lease in flight: the request waits for the lease instead of being refused', async () => {
  const { limiter } = setup(2, 10);
  assert.equal(limiter.take(ACCOUNT), true); // ahead by the whole chunk (1)
  const waiting = limiter.take(ACCOUNT);
  assert.ok(waiting instanceof Promise);
  assert.equal(await waiting, true);
});

test('sequential requests get the burst, then refusals without leases until a token is due', async () => {
  const { limiter, buckets, advance } = setup(2, 10);
  let passed = 0;
  for (let i = 0; i < 30; i++) {
    if (await limiter.take(ACCOUNT)) passed++;
    await settle();
  }
  assert.ok(passed >= 10 && passed <= 11, `${passed}`);
  const leases = buckets.leases;
  for (let i = 0; i < 10; i++) assert.equal(await limiter.take(ACCOUNT), false);
  assert.equal(buckets.leases, leases, 'no lease while the bucket is known to be empty');
  advance(1_000); // 2 tokens
  let after = 0;
  for (let i = 0; i < 5; i++) {
    if (await limiter.take(ACCOUNT)) after++;
    await settle();
  }
  assert.ok(after >= 1 && after <= 3, `${after}`);
});

test('a lease that fails: logged, nothing more passes ahead for a second, then leases go on', async () => {
  const { limiter, buckets, logged, advance } = setup(2, 10);
  buckets.fail = true;
  assert.equal(limiter.take(ACCOUNT), true);
  await settle();
  assert.deepEqual(logged, ['could not lease request tokens from the database']);
  assert.equal(await limiter.take(ACCOUNT), false);
  buckets.fail = false;
  advance(1_000);
  assert.equal(await limiter.take(ACCOUNT), true);
  await settle();
  assert.equal(buckets.tokens.get(ACCOUNT)!.tokens < 10, true, 'the debt was charged');
});
