import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ShardRecord, StreamRecord } from '../store.js';
import { needsSeal, streamAt, viewTime } from './reshard-time.js';
import { openShards } from './streams.js';

const T0 = 1_700_000_000_000;
const EFFECTIVE = T0 + 500;

const shard = (index: number, lo: number, hi: number, o: Partial<ShardRecord> = {}): ShardRecord => ({
  id: 100 + index,
  index,
  startingHashKey: String(lo),
  endingHashKey: String(hi),
  createdAt: T0,
  parentIndex: null,
  adjacentParentIndex: null,
  closedAt: null,
  endingSeq: null,
  ...o,
});

/** Shard 0 split at 50 (effective at EFFECTIVE), shard 1 untouched; `sealed`: the split's ending positions are fixed. */
function splitStream(sealed: boolean): StreamRecord {
  return {
    id: 1,
    accountId: '000000000000',
    region: 'us-east-1',
    name: 's',
    streamId: 'x',
    createdAt: T0,
    activeAt: T0,
    mode: 'PROVISIONED',
    retentionHours: 24,
    maxRecordSizeKiB: 1024,
    tags: {},
    settings: {},
    openShardCount: 3,
    updatingUntil: EFFECTIVE,
    shards: [
      shard(0, 0, 99, { closedAt: EFFECTIVE, endingSeq: sealed ? 7 : null }),
      shard(1, 100, 199),
      shard(2, 0, 49, { createdAt: EFFECTIVE, parentIndex: 0 }),
      shard(3, 50, 99, { createdAt: EFFECTIVE, parentIndex: 0 }),
    ],
  };
}

describe('reshard time (a reshard takes effect when UPDATING ends)', () => {
  it('before the effective time: the old shard set, all open', () => {
    const view = streamAt(splitStream(false), EFFECTIVE - 1);
    assert.deepEqual(
      view.shards.map((s) => [s.index, s.closedAt, s.endingSeq]),
      [
        [0, null, null],
        [1, null, null],
      ],
    );
    assert.equal(view.openShardCount, 2);
    assert.deepEqual(openShards(view).shards.map((s) => s.index), [0, 1]);
    assert.equal(needsSeal(splitStream(false), EFFECTIVE - 1), false);
  });

  it('from the effective time: unsealed parents must be sealed first; sealed, the record itself is the view', () => {
    assert.equal(needsSeal(splitStream(false), EFFECTIVE), true);
    const sealed = splitStream(true);
    assert.equal(needsSeal(sealed, EFFECTIVE), false);
    assert.equal(streamAt(sealed, EFFECTIVE), sealed);
    assert.deepEqual(openShards(sealed).shards.map((s) => s.index), [2, 3, 1]);
  });

  it('a node whose clock lags behind the sealing node sees the reshard in effect', () => {
    const sealed = splitStream(true);
    assert.equal(viewTime(sealed, EFFECTIVE - 100), EFFECTIVE);
    assert.equal(streamAt(sealed, EFFECTIVE - 100), sealed);
  });

  it('views are cached per record and phase', () => {
    const s = splitStream(false);
    assert.equal(streamAt(s, T0 + 1), streamAt(s, EFFECTIVE - 1));
  });
});
