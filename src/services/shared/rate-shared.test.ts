import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../runtime/clock.js';
import type { SharedRateWindows, WindowLease } from '../../storage/engine.js';
import { SharedRateLimiter } from './rate-shared.js';

/** The database's side (migration 0018's rate_window_lease) in memory: the leases of the last second per key. */
class MemoryWindows implements SharedRateWindows {
  readonly leases = new Map<string, { ms: number; units: number }[]>();
  calls = 0;
  failing = false;

  async lease(key: string, perSecond: number, need: number, want: number, now: number): Promise<WindowLease> {
    this.calls++;
    await Promise.resolve();
    if (this.failing) throw new Error('connection refused');
    const kept = (this.leases.get(key) ?? []).filter((l) => l.ms > now - 1000).sort((a, b) => a.ms - b.ms);
    const used = kept.reduce((n, l) => n + l.units, 0);
    this.leases.set(key, kept);
    if (perSecond - used >= need) {
      const granted = Math.min(want, perSecond - used);
      kept.push({ ms: now, units: granted });
      return { granted, waitMs: 0 };
    }
    let freed = 0;
    for (const l of kept) {
      freed += l.units;
      if (perSecond - used + freed >= need) return { granted: 0, waitMs: Math.max(1, l.ms + 1000 - now) };
    }
    return { granted: 0, waitMs: 1000 };
  }
}

const NO_LOG = () => {};

/** `n` calls of one unit on `key`, alternating over `limiters`; how many passed. */
async function spread(limiters: SharedRateLimiter[], key: string, perSecond: number, n: number): Promise<number> {
  let passed = 0;
  for (let i = 0; i < n; i++) if (await limiters[i % limiters.length]!.tryAll([{ key, perSecond }])) passed++;
  return passed;
}

describe('SharedRateLimiter: sliding windows leased from the store in chunks', () => {
  it('one node: the rate in any second, a lease at most every twentieth of it, no round trip for most calls', async () => {
    const clock = new ManualClock();
    const windows = new MemoryWindows();
    const node = new SharedRateLimiter(windows, clock, NO_LOG);
    assert.equal(await spread([node], 'q', 300, 400), 300);
    // Topped up to a chunk (30) each time the share falls below half of one.
    assert.ok(windows.calls <= 21, `${windows.calls} leases for 300 calls`);
    assert.equal(node.tryAll([{ key: 'q', perSecond: 300 }]), false, 'refused from what the last lease said, without asking again');
    clock.advance(999);
    assert.equal(await node.tryAll([{ key: 'q', perSecond: 300 }]), false);
    clock.advance(1);
    assert.equal(await spread([node], 'q', 300, 400), 300);
  });

  it('two nodes on one window together get the rate, not twice it', async () => {
    const clock = new ManualClock();
    const windows = new MemoryWindows();
    const nodes = [new SharedRateLimiter(windows, clock, NO_LOG), new SharedRateLimiter(windows, clock, NO_LOG)];
    assert.equal(await spread(nodes, 'q', 300, 800), 300);
    clock.advance(1000);
    assert.equal(await spread(nodes, 'q', 300, 800), 300);
    assert.equal(await spread(nodes, 'k', 5, 20), 5, 'a low rate: a chunk of 1');
  });

  it('units in hand at the start of a second are the bound: at most one chunk per node more', async () => {
    const clock = new ManualClock();
    const windows = new MemoryWindows();
    const nodes = [new SharedRateLimiter(windows, clock, NO_LOG), new SharedRateLimiter(windows, clock, NO_LOG)];
    // Each node leases a chunk (30) and spends one: both hold 29 at t = 0.
    assert.equal(await spread(nodes, 'q', 300, 2), 2);
    await new Promise((r) => setImmediate(r)); // the background top-ups settle
    clock.advance(999);
    // Still inside the second of those leases: the window grants the other 240 (300 − 60).
    let second = await spread(nodes, 'q', 300, 800);
    clock.advance(1);
    // The leases of t = 0 have left the window; units leased at t = 999 are still in it.
    second += await spread(nodes, 'q', 300, 800);
    assert.ok(second <= 300 + 2 * 30, `${second} passed in the second from t = 999`);
  });

  it('a call of several units, several windows at once: all or none', async () => {
    const clock = new ManualClock();
    const node = new SharedRateLimiter(new MemoryWindows(), clock, NO_LOG);
    assert.equal(await node.tryAll([{ key: 'account', perSecond: 30, count: 10 }, { key: 'group', perSecond: 20, count: 10 }]), true);
    assert.equal(await node.tryAll([{ key: 'account', perSecond: 30, count: 10 }, { key: 'group', perSecond: 20, count: 10 }]), true);
    assert.equal(await node.tryAll([{ key: 'account', perSecond: 30, count: 10 }, { key: 'group', perSecond: 20, count: 10 }]), false, 'the group is full');
    assert.equal(await node.tryAll([{ key: 'account', perSecond: 30, count: 10 }]), true, 'the refused call took nothing from the account');
    assert.equal(await node.tryAll([{ key: 'account', perSecond: 30, count: 31 }]), false, 'larger than the rate');
  });

  it('units not spent within a second of their lease are dropped; a share used a few times a second is renewed off the call path', async () => {
    const clock = new ManualClock();
    const windows = new MemoryWindows();
    const node = new SharedRateLimiter(windows, clock, NO_LOG);
    assert.equal(await node.tryAll([{ key: 'q', perSecond: 100 }]), true, 'the first call waits for a lease of 10');
    for (let i = 0; i < 20; i++) {
      clock.advance(200);
      assert.equal(node.tryAll([{ key: 'q', perSecond: 100 }]), true, `call ${i + 2} (5 a second) is paid from the share at once`);
      await new Promise((r) => setImmediate(r)); // a renewal settles
    }
    const leases = windows.calls;
    clock.advance(1000);
    assert.equal(await node.tryAll([{ key: 'q', perSecond: 100 }]), true);
    assert.equal(windows.calls, leases + 1, 'after a quiet second the units in hand had been dropped: a new lease');
  });

  it('a lease that fails refuses the call (a throttle), logs, and nothing is leased for a second', async () => {
    const clock = new ManualClock();
    const windows = new MemoryWindows();
    const logged: string[] = [];
    const node = new SharedRateLimiter(windows, clock, (_level, message) => logged.push(message));
    windows.failing = true;
    assert.equal(await node.tryAll([{ key: 'q', perSecond: 100 }]), false);
    assert.equal(logged.length, 1);
    windows.failing = false;
    const calls = windows.calls;
    assert.equal(await node.tryAll([{ key: 'q', perSecond: 100 }]), false);
    assert.equal(windows.calls, calls, 'no lease within the second');
    clock.advance(1000);
    assert.equal(await node.tryAll([{ key: 'q', perSecond: 100 }]), true);
  });
});
