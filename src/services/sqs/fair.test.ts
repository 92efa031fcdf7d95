import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fairOrder, isNoisy, type FairCandidate } from './fair.js';

const c = (seq: number, groupId: string | null, visibleAt = 0): FairCandidate => ({ seq, groupId, visibleAt });
const seqs = (xs: readonly FairCandidate[]) => xs.map((x) => x.seq);
const none = { byGroup: new Map<string, number>(), total: 0 };

describe('fair queues: fairOrder', () => {
  it('noisy means at least 30 in flight and more than 10% of the queue’s in flight', () => {
    assert.equal(isNoisy(29, 29), false);
    assert.equal(isNoisy(30, 30), true);
    assert.equal(isNoisy(30, 300), false, 'exactly 10% is not more than 10%');
    assert.equal(isNoisy(30, 299), true);
  });

  it('round robin over tenants ordered by their oldest candidate; within a tenant in the given order', () => {
    const order = fairOrder([c(1, 'A'), c(2, 'A'), c(3, 'A'), c(7, 'B'), c(8, 'B'), c(5, null), c(6, null)], none);
    assert.deepEqual(seqs(order), [1, 5, 6, 7, 2, 8, 3]);
  });

  it('orders tenants by visibleAt before seq', () => {
    const order = fairOrder([c(1, 'A', 50), c(2, 'A', 60), c(9, 'B', 10)], none);
    assert.deepEqual(seqs(order), [9, 1, 2]);
  });

  it('noisy tenants come after every quiet candidate, fewest in flight first', () => {
    const inFlight = { byGroup: new Map([['A', 100], ['B', 40], ['C', 1]]), total: 141 };
    const order = fairOrder([c(1, 'A'), c(2, 'A'), c(3, 'B'), c(4, 'B'), c(5, 'C'), c(6, 'C'), c(7, null)], inFlight);
    assert.deepEqual(seqs(order), [5, 7, 6, 3, 1, 4, 2]);
  });
});
