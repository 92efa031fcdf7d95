/** parallelizationFactor's scheduling: partition keys to lanes, and the shard's checkpoint over lanes finishing out of order. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { laneOf, ShardProgress } from './kinesis-lanes.js';

describe('Kinesis triggers: lanes of a shard (parallelizationFactor)', () => {
  it('a partition key always goes to the same lane, within the factor; keys spread over the lanes', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
    for (const factor of [1, 2, 4, 10]) {
      const lanes = keys.map((k) => laneOf(k, factor));
      assert.ok(lanes.every((l) => Number.isInteger(l) && l >= 0 && l < factor));
      assert.deepEqual(keys.map((k) => laneOf(k, factor)), lanes, 'stable');
      assert.equal(new Set(lanes).size, factor, `all ${factor} lanes used`);
    }
    assert.equal(laneOf('anything', 1), 0);
  });

  it('the checkpoint moves only over records finished from the oldest pending one on', () => {
    const p = new ShardProgress();
    p.read(['1', '2', '3', '4', '5']);
    assert.equal(p.finish(['2', '3']), undefined, '1 still pending: the checkpoint stays');
    assert.equal(p.finish(['5']), undefined);
    assert.equal(p.finish(['1']), '3', 'then up to the last of the finished run');
    assert.equal(p.pending, 2);
    assert.equal(p.finish(['4']), '5');
    assert.equal(p.pending, 0);
    p.read(['6']);
    assert.equal(p.finish(['6']), '6');
  });

  it('keeps up with many records (the read list is compacted)', () => {
    const p = new ShardProgress();
    const seqs = Array.from({ length: 5000 }, (_, i) => String(1000 + i));
    p.read(seqs);
    for (let i = 0; i < seqs.length; i += 2) assert.equal(p.finish([seqs[i + 1]!]), undefined);
    let last: string | undefined;
    for (let i = 0; i < seqs.length; i += 2) last = p.finish([seqs[i]!]) ?? last;
    assert.equal(last, seqs.at(-1));
    assert.equal(p.pending, 0);
  });
});
