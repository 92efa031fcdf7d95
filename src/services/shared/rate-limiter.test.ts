import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../runtime/clock.js';
import { ApiRateLimiter } from './rate-limiter.js';

// The one-unit behaviour (a burst of N, the sliding second, refusals not counted, idle windows
// dropped) is tested with the Kinesis call rates (kinesis/domain/api-rates.test.ts).
describe('ApiRateLimiter: calls of several units, several windows at once', () => {
  it('a call of `count` units fits only if the last second holds at most N − count', () => {
    const clock = new ManualClock();
    const l = new ApiRateLimiter(clock);
    assert.equal(l.tryCall('k', 30, 10), true);
    clock.advance(100);
    assert.equal(l.tryCall('k', 30, 10), true);
    clock.advance(100);
    assert.equal(l.tryCall('k', 30, 9), true, '29 of 30');
    assert.equal(l.tryCall('k', 30, 2), false, 'two more would be 31');
    assert.equal(l.tryCall('k', 30, 1), true, 'one more is 30');
    assert.equal(l.tryCall('k', 30, 1), false);
    clock.advance(800);
    // Now 1,000 ms after the first ten: they left the window, the rest (100 ms and 200 ms) have not.
    assert.equal(l.tryCall('k', 30, 11), false);
    assert.equal(l.tryCall('k', 30, 10), true);
  });

  it('a call larger than the rate never fits', () => {
    const l = new ApiRateLimiter(new ManualClock());
    assert.equal(l.tryCall('k', 5, 6), false);
    assert.equal(l.tryCall('k', 5, 5), true);
  });

  it('tryAll counts against every window or none', () => {
    const clock = new ManualClock();
    const l = new ApiRateLimiter(clock);
    assert.equal(l.tryCall('topic', 3, 3), true);
    assert.equal(l.tryAll([{ key: 'account', perSecond: 10, count: 1 }, { key: 'topic', perSecond: 3, count: 1 }]), false);
    // The refused call took nothing from the account's window: ten still fit.
    assert.equal(l.tryCall('account', 10, 10), true);
    clock.advance(1000);
    assert.equal(l.tryAll([{ key: 'account', perSecond: 10, count: 2 }, { key: 'topic', perSecond: 3, count: 2 }]), true);
  });

  it('a key whose rate changes starts a fresh window', () => {
    const l = new ApiRateLimiter(new ManualClock());
    for (let i = 0; i < 3; i++) assert.equal(l.tryCall('q', 3), true);
    assert.equal(l.tryCall('q', 3), false);
    for (let i = 0; i < 10; i++) assert.equal(l.tryCall('q', 10), true, `call ${i} at the higher rate`);
    assert.equal(l.tryCall('q', 10), false);
  });
});
