import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childReport } from '../../../../test/helpers/process.js';
import { formatSequenceNumber, parseSequenceNumber, startingSequenceNumber } from './sequence-number.js';
import { evenRanges, MAX_HASH_KEY, parseExplicitHashKey, partitionHashKey, rangeIndexOf } from './hash-keys.js';

test("a shard's starting sequence number matches kinesalite's layout (shard 0 created at 1700000000)", () => {
  assert.equal(startingSequenceNumber(1_700_000_000_000, 0), '49646437577108476416916876405825929425585429676275269634');
});

test('parses a real AWS sequence number: shard 6, position 1734642199', () => {
  const p = parseSequenceNumber('49590338271490256608559692538361571095921575989136588898');
  assert.equal(p?.shardIndex, 6);
  assert.equal(p?.seq, 1734642199);
});

test('56 digits, round-trips, and strictly increases with the position whatever the arrival time', () => {
  const base = { shardCreatedSecs: 1_700_000_000, shardIndex: 17 };
  let previous = 0n;
  for (const [seq, recordSecs] of [
    [1, 1_800_000_000],
    [2, 1_700_000_001],
    [3, 1_700_000_000],
    [2 ** 40, 1_700_000_000],
    [Number.MAX_SAFE_INTEGER, 1_700_000_000],
  ] as const) {
    const s = formatSequenceNumber({ ...base, seq, recordSecs });
    assert.equal(s.length, 56, s);
    assert.deepEqual(parseSequenceNumber(s), { ...base, seq, recordSecs });
    assert.ok(BigInt(s) > previous);
    previous = BigInt(s);
  }
  // records of shard 17 sort after its starting sequence number
  assert.ok(BigInt(formatSequenceNumber({ ...base, seq: 1, recordSecs: 1_700_000_000 })) > BigInt(startingSequenceNumber(1_700_000_000_000, 17)));
});

test('garbage and numbers of other layouts do not parse', () => {
  for (const s of ['', '0', '1', 'abc', '1'.repeat(56), '9'.repeat(56), '49646437577108476416916876405825929425585429676275269635'])
    assert.equal(parseSequenceNumber(s), undefined, s);
});

test('hash keys: MD5 of the partition key; "pk" → 38317986088707300215492326132921849533 (AWS-WIRE §3.3)', () => {
  assert.equal(partitionHashKey('pk'), 38317986088707300215492326132921849533n);
});

test('even ranges: 3 shards as AWS lays them out; each key lands in the range holding it', () => {
  const r = evenRanges(3);
  assert.deepEqual(
    r.map((x) => [String(x.start), String(x.end)]),
    [
      ['0', '113427455640312821154458202477256070484'],
      ['113427455640312821154458202477256070485', '226854911280625642308916404954512140969'],
      ['226854911280625642308916404954512140970', '340282366920938463463374607431768211455'],
    ],
  );
  assert.equal(rangeIndexOf(r, 0n), 0);
  assert.equal(rangeIndexOf(r, 113427455640312821154458202477256070484n), 0);
  assert.equal(rangeIndexOf(r, 113427455640312821154458202477256070485n), 1);
  assert.equal(rangeIndexOf(r, MAX_HASH_KEY), 2);
  assert.equal(rangeIndexOf(evenRanges(1), MAX_HASH_KEY), 0);
});

test('explicit hash keys: 0 … 2^128−1 only', () => {
  assert.equal(parseExplicitHashKey('0'), 0n);
  assert.equal(parseExplicitHashKey(String(MAX_HASH_KEY)), MAX_HASH_KEY);
  assert.equal(parseExplicitHashKey(String(MAX_HASH_KEY + 1n)), undefined);
  assert.equal(parseExplicitHashKey('01'), undefined);
});

test('runs of consecutive positions (formatted incrementally) equal the full conversion, across limb carries', () => {
  // 2^80 adds ~1.2e10 to the second limb a position: a run of 20,000 carries into the upper limbs twice or more.
  for (const [seq0, shardIndex, run] of [[1, 0, 20_000], [123_456_789, 3, 5_000], [2 ** 40 - 3_000, 255, 5_000], [99_999_999_999, 12, 20_000]] as const) {
    const base = { shardCreatedSecs: 1_700_000_000, shardIndex, recordSecs: 1_764_000_000 };
    const first = BigInt(formatSequenceNumber({ ...base, seq: seq0 }));
    for (let k = 1; k <= run; k++) {
      const s = formatSequenceNumber({ ...base, seq: seq0 + k });
      assert.equal(s, String(first + BigInt(k) * 2n ** 80n), `position ${seq0 + k}`);
      if (k % 997 === 0) assert.deepEqual(parseSequenceNumber(s), { ...base, seq: seq0 + k });
    }
  }
  // a change of arrival second or shard in the middle of a run starts afresh
  const a = formatSequenceNumber({ shardCreatedSecs: 1_700_000_000, shardIndex: 1, seq: 10, recordSecs: 1_764_000_000 });
  const b = formatSequenceNumber({ shardCreatedSecs: 1_700_000_000, shardIndex: 1, seq: 11, recordSecs: 1_764_000_001 });
  assert.deepEqual(parseSequenceNumber(b), { shardCreatedSecs: 1_700_000_000, shardIndex: 1, seq: 11, recordSecs: 1_764_000_001 });
  assert.ok(BigInt(b) > BigInt(a));
});

test('positions of several shards interleaved (as PutRecords formats them) each follow their own run', () => {
  const shards = [0, 1, 2, 3].map((shardIndex) => ({ shardCreatedSecs: 1_700_000_000, shardIndex, recordSecs: 1_764_000_000 }));
  const first = shards.map((base) => BigInt(formatSequenceNumber({ ...base, seq: 1 })));
  for (let k = 1; k <= 2_000; k++) {
    for (let i = 0; i < shards.length; i++) {
      assert.equal(formatSequenceNumber({ ...shards[i]!, seq: 1 + k }), String(first[i]! + BigInt(k) * 2n ** 80n), `shard ${i}, position ${1 + k}`);
    }
  }
});

/**
 * Formatting keeps nothing alive: numbers converted with `'' + n` stay in V8's number-string cache
 * (a GC root until the next full mark-compact), so every record's limb texts survived
 * young-generation GCs and were promoted. In a child process: after a full GC, 20,000 positions
 * are formatted and thrown away; a minor GC must then leave the young generation as empty as before
 * (with the cache: ~350 KB survived).
 */
test('formatting a run of positions leaves nothing behind for the young-generation GC to copy', () => {
  const child = `
    import v8 from 'node:v8';
    import { formatSequenceNumber } from './src/services/kinesis/domain/sequence-number.ts';
    const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_used_size;
    const format = (from, n) => { for (let seq = from; seq < from + n; seq++) formatSequenceNumber({ shardCreatedSecs: 1700000000, shardIndex: 0, seq, recordSecs: 1700000100 }); };
    format(1, 20000);
    gc();
    const before = young();
    format(20001, 20000);
    gc({ type: 'minor' });
    console.log(young() - before);
  `;
  const survived = childReport('--expose-gc', child) as number;
  assert.ok(survived < 64 * 1024, `${survived} bytes survived a minor GC`);
});
