import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomIds, sequentialIds } from '../../../runtime/ids.js';
import { openListShards, openListStreams, sealListShards, sealListStreams } from './page-token.js';
import { Sealer } from './sealed.js';
import { ITERATOR_TTL_MS, openIterator, sealIterator, type IteratorState } from './shard-iterator.js';

const key = Buffer.alloc(32, 7);
const sealer = new Sealer(key, randomIds);
const T = 1_700_000_000_000;
const state: IteratorState = { streamDbId: 42, streamName: 'a'.repeat(128), shardIndex: 3, fromSeq: 2 ** 40 + 5, minArrivalMs: T - 1, issuedAt: T };

test('an iterator round-trips, looks like AWS\'s ("AAAAAAAAAAE…") and stays under 512 characters with the longest name', () => {
  const it = sealIterator(sealer, state);
  assert.match(it, /^AAAAAAAAAA[EFGH]/); // bytes 00…01, then the salt
  assert.ok(it.length <= 512, `${it.length} characters`);
  assert.deepEqual(openIterator(sealer, it, T + 1), { ok: true, state });
  // another node with the same server key opens it too
  assert.deepEqual(openIterator(new Sealer(Buffer.from(key), randomIds), it, T), { ok: true, state });
});

test('expires after 5 minutes; altered, foreign-key or garbage iterators do not open', () => {
  const it = sealIterator(sealer, state);
  assert.equal(openIterator(sealer, it, T + ITERATOR_TTL_MS).ok, true);
  assert.deepEqual(openIterator(sealer, it, T + ITERATOR_TTL_MS + 1), { ok: false, expired: state });
  const raw = Buffer.from(it, 'base64');
  for (let i = 8; i < raw.length; i += 7) {
    const bad = Buffer.from(raw);
    bad[i]! ^= 1;
    assert.deepEqual(openIterator(sealer, bad.toString('base64'), T), { ok: false }, `byte ${i}`);
  }
  assert.deepEqual(openIterator(new Sealer(Buffer.alloc(32, 8), randomIds), it, T), { ok: false });
  for (const g of ['', 'x', 'AAAAAAAAAAE=', it + 'A', it.replace(/=+$/, '')]) assert.equal(openIterator(sealer, g, T).ok, false, g);
  // issued far in the future (a forged clock) is not accepted either
  assert.equal(openIterator(sealer, sealIterator(sealer, { ...state, issuedAt: T + 3_600_000 }), T).ok, false);
});

test('each token has its own salt: the same state seals differently', () => {
  const s = new Sealer(key, sequentialIds());
  assert.notEqual(sealIterator(s, state), sealIterator(s, state));
});

test('NextTokens round-trip, expire after 300 s, and are not accepted as another kind of token', () => {
  const shards = { streamDbId: 1, afterIndex: 9, filterType: 'AT_TIMESTAMP', filterTimestampMs: T, filterShardIndex: -1 };
  const t1 = sealListShards(sealer, shards, T);
  assert.deepEqual(openListShards(sealer, t1, T + 300_000), { ok: true, value: shards });
  assert.deepEqual(openListShards(sealer, t1, T + 300_001), { ok: false, expired: true });
  const streams = { accountId: '000000000000', region: 'eu-west-1', afterName: 's-9' };
  const t2 = sealListStreams(sealer, streams, T);
  assert.deepEqual(openListStreams(sealer, t2, T), { ok: true, value: streams });
  assert.deepEqual(openListShards(sealer, t2, T), { ok: false, expired: false });
  assert.equal(openIterator(sealer, t1, T).ok, false);
});
