import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { refusedWrites, ShardThrottle } from './throughput.js';

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

describe('refusedWrites (PutRecords)', () => {
  it('each shard\'s records in order take its allowance; the shards do not affect each other', async () => {
    const t = new ShardThrottle(clockAt(3_000_000) as never);
    const records = Array.from({ length: 1_502 }, (_, i) => ({ shardId: i % 3 === 0 ? 2 : 1, size: 10 }));
    const refused = await refusedWrites(t, records);
    const ofShard1 = records.flatMap((r, i) => (r.shardId === 1 ? [refused[i]] : []));
    assert.deepEqual(ofShard1, [...new Array(1_000).fill(false), true], 'shard 1: its first 1,000 records pass, the 1,001st is refused');
    const ofShard2 = records.flatMap((r, i) => (r.shardId === 2 ? [refused[i]] : []));
    assert.deepEqual(ofShard2, new Array(501).fill(false));
    assert.equal(await t.tryWrite(1, 10), false);
  });
});
