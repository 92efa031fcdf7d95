import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ShardThrottle } from './throughput.js';

function clockAt(ms: number) {
  const c = { t: ms, now: () => c.t };
  return c;
}

describe('ShardThrottle', () => {
  it('writes: 1,000 records or 1 MiB per shard per second, then the next second starts afresh', () => {
    const c = clockAt(1_000_000);
    const t = new ShardThrottle(c as never);
    for (let i = 0; i < 1000; i++) assert.equal(t.tryWrite(1, 10), true);
    assert.equal(t.tryWrite(1, 10), false);
    assert.equal(t.tryWrite(2, 10), true, 'shards are independent');
    c.t += 1000;
    assert.equal(t.tryWrite(1, 1_048_576), true);
    assert.equal(t.tryWrite(1, 1), false);
    t.undoWrite(1, 1_048_576);
    assert.equal(t.tryWrite(1, 1), true);
  });

  it('reads: 5 calls per second; a 10 MiB read throttles the shard for 5 s', () => {
    const c = clockAt(2_000_000);
    const t = new ShardThrottle(c as never);
    for (let i = 0; i < 5; i++) assert.equal(t.tryRead(1), true);
    assert.equal(t.tryRead(1), false);
    c.t += 1000;
    assert.equal(t.tryRead(1), true);
    t.readBytes(1, 10 * 1_048_576);
    c.t += 4_999;
    assert.equal(t.tryRead(1), false);
    c.t += 1;
    assert.equal(t.tryRead(1), true);
  });
});
