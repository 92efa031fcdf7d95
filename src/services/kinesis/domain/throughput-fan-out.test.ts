import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FanOutPacer } from './throughput-fan-out.js';

function clockAt(ms: number) {
  const c = { t: ms, now: () => c.t };
  return c;
}

const RATE = 10_000; // bytes per second: a second's burst is 10,000, a fifth of a second's slice 2,000

describe('FanOutPacer', () => {
  it('a second of burst, then events wait for a fifth of a second to refill; a record past the allowance leaves a debt', () => {
    const c = clockAt(1_000_000);
    const pacer = new FanOutPacer(c as never);
    const pipe = pacer.pipe(1, 0, RATE);
    assert.equal(pipe.waitMs(), 0);
    assert.equal(pipe.allowance(), 10_000);
    pipe.take(9_000);
    assert.equal(pipe.waitMs(), 100, '1,000 left: 1,000 more to a slice');
    c.t += 100;
    assert.equal(pipe.waitMs(), 0);
    assert.equal(pipe.allowance(), 2_000);
    pipe.take(5_000); // one record larger than the allowance still goes whole
    assert.equal(pipe.waitMs(), 500, '3,000 owed and a 2,000 slice at 10 bytes a millisecond');
    c.t += 499;
    assert.equal(pipe.waitMs(), 1);
    c.t += 60_000;
    assert.equal(pipe.allowance(), 10_000, 'the bucket holds one second, however long it was idle');
  });

  it('pipes are per consumer and shard; a consumer resubscribing (or taking over) shares its pipe', () => {
    const c = clockAt(2_000_000);
    const pacer = new FanOutPacer(c as never);
    pacer.pipe(1, 0, RATE).take(10_000);
    assert.equal(pacer.pipe(1, 0, RATE).waitMs(), 200, 'the same consumer and shard');
    assert.equal(pacer.pipe(2, 0, RATE).waitMs(), 0, 'another consumer has its own 2 MiB/s (AWS: dedicated throughput)');
    assert.equal(pacer.pipe(1, 1, RATE).waitMs(), 0, 'another shard');
  });

  it('refilled buckets are dropped as others are used, which changes nothing', () => {
    const c = clockAt(3_000_000);
    const pacer = new FanOutPacer(c as never);
    const first = pacer.pipe(1, 0, RATE);
    first.take(10_000);
    c.t += 5_000;
    pacer.pipe(2, 0, RATE).take(1);
    assert.equal((pacer as unknown as { buckets: Map<string, unknown> }).buckets.size, 1);
    assert.equal(first.allowance(), 10_000);
    first.take(10_000);
    assert.equal(first.waitMs(), 200);
  });
});
