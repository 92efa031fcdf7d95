/**
 * Conformance suite for the Kinesis store port (src/services/kinesis/store.ts). Every engine runs
 * it (kinesis-store.sqlite.test.ts, kinesis-store.postgres.test.ts).
 *
 * Engine-neutral: no SQL, no engine internals. `open` is called once per suite; each test works
 * in its own random account, so tests never see each other's streams. Time is always an argument.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import type { KinesisStore, NewRecord, NewStream, StoredRecord, StreamRecord } from '../../src/services/kinesis/store.js';

export interface OpenedKinesisStore {
  store: KinesisStore;
  close(): Promise<void>;
}

const T0 = 1_700_000_000_000;
const REGION = 'us-east-1';
const HOUR = 3_600_000;

const account = (): string => String(randomInt(100_000_000_000, 999_999_999_999));

function newStream(accountId: string, name: string, shards = 2, over: Partial<NewStream> = {}): NewStream {
  return {
    accountId,
    region: REGION,
    name,
    streamId: randomBytes(10).toString('hex') + '-abc',
    createdAt: T0,
    activeAt: T0 + 500,
    mode: 'PROVISIONED',
    retentionHours: 24,
    maxRecordSizeKiB: 1024,
    tags: {},
    settings: {},
    shards: Array.from({ length: shards }, (_, i) => ({ index: i, startingHashKey: String(i * 100), endingHashKey: String(i * 100 + 99) })),
    ...over,
  };
}

const records = (shard: { id: number }, n: number, tag = 'r'): NewRecord[] =>
  Array.from({ length: n }, (_, i) => ({ shardId: shard.id, partitionKey: `${tag}-${i}`, data: Buffer.from(`${tag} data ${i}`) }));

const read = { fromSeq: 0, minArrivalMs: 0, limit: 10_000, maxBytes: 10 * 1_048_576 };

export function kinesisStoreSuite(name: string, open: () => Promise<OpenedKinesisStore>): void {
  describe(`KinesisStore conformance: ${name}`, () => {
    let opened: OpenedKinesisStore;
    let store: KinesisStore;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => opened?.close());

    const create = async (acct: string, streamName: string, shards = 2, over: Partial<NewStream> = {}): Promise<StreamRecord> => {
      const r = await store.createStream(newStream(acct, streamName, shards, over));
      assert.equal(r.created, true);
      return r.stream;
    };

    it('serverKey: the first candidate becomes the key for good', async () => {
      const first = await store.serverKey(randomBytes(32));
      const again = await store.serverKey(randomBytes(32));
      assert.equal(first.length, 32);
      assert.ok(first.equals(again));
    });

    it('createStream stores every field and the shards; a second create of the name returns the first', async () => {
      const acct = account();
      const spec = newStream(acct, 's1', 3, { mode: 'ON_DEMAND', tags: { team: 'a' }, settings: { recordDistributionStrategy: 'AUTO' } });
      const { created, stream } = await store.createStream(spec);
      assert.equal(created, true);
      const { shards, ...rest } = spec;
      for (const [k, v] of Object.entries(rest)) assert.deepEqual((stream as unknown as Record<string, unknown>)[k], v, k);
      assert.equal(stream.openShardCount, 3);
      assert.deepEqual(
        stream.shards.map((s) => [s.index, s.startingHashKey, s.endingHashKey, s.createdAt, s.parentIndex, s.closedAt]),
        shards.map((s) => [s.index, s.startingHashKey, s.endingHashKey, T0, null, null]),
      );
      assert.equal(new Set(stream.shards.map((s) => s.id)).size, 3);
      const again = await store.createStream(newStream(acct, 's1', 1));
      assert.equal(again.created, false);
      assert.equal(again.stream.id, stream.id);
      assert.equal(again.stream.shards.length, 3);
      assert.deepEqual(await store.getStream(acct, REGION, 's1'), stream);
      assert.deepEqual(await store.getStreamById(stream.id), stream);
      // another region or account is another namespace
      assert.equal((await store.createStream(newStream(acct, 's1', 1, { region: 'eu-west-1' }))).created, true);
      assert.equal((await store.createStream(newStream(account(), 's1', 1))).created, true);
      assert.equal(await store.getStream(acct, REGION, 'S1'), undefined);
    });

    it('listStreams: binary name order, paging after a name, per account and region', async () => {
      const acct = account();
      for (const n of ['b', 'a', 'B', 'a.b', 'a-b', 'c']) await create(acct, n, 1);
      await create(acct, 'zz', 1, { region: 'eu-west-1' });
      const all = await store.listStreams(acct, REGION, undefined, 100);
      assert.deepEqual(all.map((s) => s.name), ['B', 'a', 'a-b', 'a.b', 'b', 'c']);
      assert.deepEqual((await store.listStreams(acct, REGION, 'a-b', 2)).map((s) => s.name), ['a.b', 'b']);
      assert.equal(all[0]!.openShardCount, 1);
    });

    it('deleteStream: gone for every reader at once, the name is free again, old ids stay dead', async () => {
      const acct = account();
      const s = await create(acct, 'gone');
      assert.equal(await store.deleteStream(s.id, T0 + 1), true);
      assert.equal(await store.deleteStream(s.id, T0 + 2), false);
      assert.equal(await store.getStream(acct, REGION, 'gone'), undefined);
      assert.equal(await store.getStreamById(s.id), undefined);
      assert.deepEqual(await store.listStreams(acct, REGION, undefined, 10), []);
      assert.equal(await store.putRecords(s.id, records(s.shards[0]!, 1), T0), undefined);
      assert.equal(await store.updateStream(s.id, { retentionHours: 48 }), false);
      assert.equal(await store.tagStream(s.id, { a: 'b' }, 50), 'gone');
      const again = await create(acct, 'gone');
      assert.notEqual(again.id, s.id);
      assert.ok(again.shards.every((sh) => !s.shards.some((old) => old.id === sh.id)));
    });

    it('updateStream: retention, record size, mode, settings merged', async () => {
      const s = await create(account(), 'upd', 1, { settings: { encryptionType: 'NONE', shardLevelMetrics: ['IncomingBytes'] } });
      assert.equal(await store.updateStream(s.id, { retentionHours: 48, maxRecordSizeKiB: 2048 }), true);
      assert.equal(await store.updateStream(s.id, { mode: 'ON_DEMAND', settings: { encryptionType: 'KMS', keyId: 'k' } }), true);
      const u = (await store.getStreamById(s.id))!;
      assert.equal(u.retentionHours, 48);
      assert.equal(u.maxRecordSizeKiB, 2048);
      assert.equal(u.mode, 'ON_DEMAND');
      assert.deepEqual(u.settings, { encryptionType: 'KMS', keyId: 'k', shardLevelMetrics: ['IncomingBytes'] });
    });

    it('tags: add/overwrite, refuse past the maximum without change, remove', async () => {
      const s = await create(account(), 'tags', 1, { tags: { a: '1' } });
      assert.equal(await store.tagStream(s.id, { b: '2', a: '3' }, 3), 'ok');
      assert.equal(await store.tagStream(s.id, { c: '4', d: '5' }, 3), 'too-many');
      assert.equal(await store.tagStream(s.id, { a: '9', c: '4' }, 3), 'ok');
      assert.deepEqual((await store.getStreamById(s.id))!.tags, { a: '9', b: '2', c: '4' });
      assert.equal(await store.untagStream(s.id, ['a', 'zz']), true);
      assert.deepEqual((await store.getStreamById(s.id))!.tags, { b: '2', c: '4' });
    });

    it('accountUsage counts open shards, on-demand streams and streams still CREATING', async () => {
      const acct = account();
      await create(acct, 'p', 3, { activeAt: T0 + 1_000 });
      await create(acct, 'o', 4, { mode: 'ON_DEMAND', activeAt: T0 });
      const gone = await create(acct, 'x', 5);
      await store.deleteStream(gone.id, T0);
      assert.deepEqual(await store.accountUsage(acct, REGION, T0 + 500), { openShards: 7, onDemandStreams: 1, creatingStreams: 1 });
      assert.deepEqual(await store.accountUsage(acct, REGION, T0 + 1_000), { openShards: 7, onDemandStreams: 1, creatingStreams: 0 });
      assert.deepEqual(await store.accountUsage(acct, 'eu-west-1', T0), { openShards: 0, onDemandStreams: 0, creatingStreams: 0 });
    });

    it('putRecords: positions from 1, per shard, in input order; arrival never goes back; bytes round-trip', async () => {
      const s = await create(account(), 'put');
      const [a, b] = s.shards as [StreamRecord['shards'][0], StreamRecord['shards'][0]];
      const binary = Buffer.from([0, 255, 1, 0, 128]);
      const input: NewRecord[] = [
        { shardId: a.id, partitionKey: 'p1', data: binary },
        { shardId: b.id, partitionKey: 'ключ 🔑', data: Buffer.alloc(0) },
        { shardId: a.id, partitionKey: 'p3', data: Buffer.from('x') },
      ];
      const r = (await store.putRecords(s.id, input, T0 + 10))!;
      assert.deepEqual(r, [
        { seq: 1, arrivalMs: T0 + 10 },
        { seq: 1, arrivalMs: T0 + 10 },
        { seq: 2, arrivalMs: T0 + 10 },
      ]);
      // a writer whose clock is behind gets the shard's latest arrival
      assert.deepEqual(await store.putRecords(s.id, records(a, 1), T0 + 5), [{ seq: 3, arrivalMs: T0 + 10 }]);
      const got = await store.readShard(a.id, read);
      assert.deepEqual(got.records.map((x) => [x.seq, x.partitionKey, x.data.toString('hex'), x.arrivalMs]), [
        [1, 'p1', binary.toString('hex'), T0 + 10],
        [2, 'p3', '78', T0 + 10],
        [3, 'r-0', Buffer.from('r data 0').toString('hex'), T0 + 10],
      ]);
      assert.ok(Buffer.isBuffer(got.records[0]!.data));
      const gotB = await store.readShard(b.id, read);
      assert.equal(gotB.records[0]!.partitionKey, 'ключ 🔑');
      assert.equal(gotB.records[0]!.data.length, 0);
      assert.deepEqual(await store.shardTip(a.id), { nextSeq: 4, lastArrivalMs: T0 + 10 });
      assert.deepEqual(await store.shardTip(b.id), { nextSeq: 2, lastArrivalMs: T0 + 10 });
    });

    it('partition keys with U+0000 (or starting with U+FDD0) come back exactly, on every page of a read; lone surrogates as U+FFFD', async () => {
      const s = await create(account(), 'nul-keys', 1);
      const shard = s.shards[0]!;
      // Each call is a chunk of its own: more chunks than a read's first page, so later pages
      // are read too (on PostgreSQL as binary COPY: src/storage/postgres/kinesis-copy.ts).
      const keys = ['a\u0000b', '\u0000', 'plain', '\ufdd0"x"', '\ufdd0', 'z\u0000\u0000', 'ключ\u0000🔑', '\u0000\ufdd0'];
      for (let call = 0; call < 8; call++) {
        const batch = [keys[call]!, `k${call}`, keys[(call + 3) % keys.length]!].map((partitionKey, i) => ({ shardId: shard.id, partitionKey, data: Buffer.from([call, i]) }));
        await store.putRecords(s.id, batch, T0 + call);
      }
      const want = Array.from({ length: 8 }, (_, call) => [keys[call]!, `k${call}`, keys[(call + 3) % keys.length]!]).flat();
      assert.deepEqual((await store.readShard(shard.id, read)).records.map((r) => r.partitionKey), want);
      for (const from of [2, 13, 24]) {
        assert.deepEqual((await store.readShard(shard.id, { ...read, fromSeq: from, limit: 3 })).records.map((r) => r.partitionKey), want.slice(from - 1, from + 2));
      }
      // The byte cap counts a key's UTF-8 bytes as given: 'a\0b' and 2 bytes of data, 'k0' and 2 (9),
      // then U+FDD0 '"x"' and 2 (8 more) would pass 12.
      assert.deepEqual((await store.readShard(shard.id, { ...read, maxBytes: 5 + 4 + 3 })).records.map((r) => r.partitionKey), ['a\u0000b', 'k0']);
      // A lone surrogate becomes U+FFFD, with or without a NUL beside it (both engines store UTF-8).
      await store.putRecords(s.id, [{ shardId: shard.id, partitionKey: '\ud800\u0000\udc00x', data: Buffer.alloc(1) }, { shardId: shard.id, partitionKey: 'y\udbff', data: Buffer.alloc(1) }], T0 + 9);
      assert.deepEqual((await store.readShard(shard.id, { ...read, fromSeq: 25 })).records.map((r) => r.partitionKey), ['\ufffd\u0000\ufffdx', 'y\ufffd']);
    });

    it('putRecords is all or nothing: a shard of another stream fails the whole call', async () => {
      const s = await create(account(), 'atomic', 1);
      const other = await create(account(), 'other', 1);
      await assert.rejects(store.putRecords(s.id, [...records(s.shards[0]!, 2), ...records(other.shards[0]!, 1)], T0));
      assert.deepEqual((await store.readShard(s.shards[0]!.id, read)).records, []);
      assert.deepEqual(await store.shardTip(s.shards[0]!.id), { nextSeq: 1, lastArrivalMs: 0 });
    });

    it('concurrent putRecords hand out every position once, strictly increasing per shard', async () => {
      const s = await create(account(), 'race', 2);
      const calls = Array.from({ length: 25 }, (_, i) => store.putRecords(s.id, [...records(s.shards[0]!, 4, `c${i}`), ...records(s.shards[1]!, 2, `c${i}`)], T0 + i));
      const results = await Promise.all(calls);
      const seqs0 = results.flatMap((r) => r!.slice(0, 4).map((x) => x.seq));
      assert.deepEqual([...seqs0].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i + 1));
      for (const r of results) assert.ok(r![0]!.seq < r![1]!.seq && r![1]!.seq < r![2]!.seq, 'positions of one call increase');
      const stored = (await store.readShard(s.shards[1]!.id, read)).records;
      assert.equal(stored.length, 50);
      stored.forEach((x, i) => assert.equal(x.seq, i + 1));
      for (let i = 1; i < stored.length; i++) assert.ok(stored[i]!.arrivalMs >= stored[i - 1]!.arrivalMs);
    });

    it('readShard: from a position, limit, byte cap (first record always), arrival bound, next position and tip', async () => {
      const s = await create(account(), 'read', 1);
      const shard = s.shards[0]!;
      const big = (n: number): NewRecord => ({ shardId: shard.id, partitionKey: 'k', data: Buffer.alloc(n, 7) });
      await store.putRecords(s.id, [big(100), big(100)], T0);
      await store.putRecords(s.id, [big(100), big(300), big(10)], T0 + 1_000);
      const page = await store.readShard(shard.id, { ...read, fromSeq: 2, limit: 2 });
      assert.deepEqual(page.records.map((r) => r.seq), [2, 3]);
      assert.equal(page.nextSeq, 4);
      assert.deepEqual(page.tip, { nextSeq: 6, lastArrivalMs: T0 + 1_000 });
      // 101 bytes per record (data + 1-byte key): 250 bytes allow two of the first ones
      assert.deepEqual((await store.readShard(shard.id, { ...read, maxBytes: 250 })).records.map((r) => r.seq), [1, 2]);
      assert.deepEqual((await store.readShard(shard.id, { ...read, fromSeq: 4, maxBytes: 10 })).records.map((r) => r.seq), [4]);
      // records before the arrival bound are skipped, and so is the read position
      const late = await store.readShard(shard.id, { ...read, minArrivalMs: T0 + 1 });
      assert.deepEqual(late.records.map((r) => r.seq), [3, 4, 5]);
      const nothing = await store.readShard(shard.id, { ...read, minArrivalMs: T0 + 2_000 });
      assert.deepEqual(nothing.records, []);
      assert.equal(nothing.nextSeq, 6);
      const atTip = await store.readShard(shard.id, { ...read, fromSeq: 6 });
      assert.deepEqual([atTip.records, atTip.nextSeq], [[], 6]);
      const beyond = await store.readShard(shard.id, { ...read, fromSeq: 50 });
      assert.deepEqual([beyond.records, beyond.nextSeq], [[], 50]);
      assert.equal(await store.seqAtTime(shard.id, T0 + 1), 3);
      assert.equal(await store.seqAtTime(shard.id, T0), 1);
      assert.equal(await store.seqAtTime(shard.id, T0 + 5_000), 6);
    });

    it('readShard over many calls of mixed sizes: from every position, small limits and byte caps, each record once and intact', async () => {
      const s = await create(account(), 'many', 2);
      const [a, b] = s.shards as [StreamRecord['shards'][0], StreamRecord['shards'][0]];
      // Sizes that cross any grouping an engine might use (one record of 300 KiB, runs of small ones).
      const sizes = [3, 0, 1_000, 300 * 1024, 7, 70_000, 70_000, 70_000, 70_000, 12, 1];
      const expected: { data: Buffer; partitionKey: string }[] = [];
      for (let call = 0; call < 6; call++) {
        const batch: NewRecord[] = [];
        for (let i = 0; i < sizes.length; i++) {
          const data = Buffer.alloc(sizes[(i + call) % sizes.length]!, (call * 31 + i) % 251);
          const partitionKey = `k${call}-${i}-ü`;
          batch.push({ shardId: a.id, partitionKey, data });
          expected.push({ data, partitionKey });
          if (i % 3 === 0) batch.push({ shardId: b.id, partitionKey: 'other', data: Buffer.from([i]) });
        }
        await store.putRecords(s.id, batch, T0 + call);
      }
      const check = (got: StoredRecord[], from: number) =>
        got.forEach((r, i) => {
          const want = expected[from - 1 + i]!;
          assert.equal(r.seq, from + i);
          assert.equal(r.partitionKey, want.partitionKey);
          assert.ok(r.data.equals(want.data), `data of position ${r.seq}`);
          assert.equal(r.arrivalMs, T0 + Math.floor((r.seq - 1) / sizes.length));
        });
      for (let from = 1; from <= expected.length; from++) {
        const got = await store.readShard(a.id, { ...read, fromSeq: from, limit: 5 });
        assert.equal(got.records.length, Math.min(5, expected.length - from + 1), `records from ${from}`);
        check(got.records, from);
        assert.equal(got.nextSeq, from + got.records.length);
      }
      // Walking the shard with a byte cap returns every record exactly once.
      const walked: StoredRecord[] = [];
      for (let from = 1; from <= expected.length; ) {
        const got = await store.readShard(a.id, { ...read, fromSeq: from, maxBytes: 150_000 });
        assert.ok(got.records.length > 0);
        walked.push(...got.records);
        from = got.nextSeq;
      }
      check(walked, 1);
      // A later arrival bound starts at the first record of the call that arrived then.
      const late = await store.readShard(a.id, { ...read, minArrivalMs: T0 + 4, limit: 1 });
      assert.deepEqual(late.records.map((r) => r.seq), [4 * sizes.length + 1]);
      assert.equal(await store.seqAtTime(a.id, T0 + 3), 3 * sizes.length + 1);
      assert.equal((await store.readShard(b.id, { ...read, limit: 1_000 })).records.length, 6 * 4);
    });

    it('random puts, reads, trims and arrival bounds agree with a simple model (seeded, bounded)', async () => {
      // A small linear congruential generator: the same sequence every run, so a failure reproduces.
      let seed = 20261127;
      const rand = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const s = await create(account(), 'model', 3);
      const model = new Map<number, { seq: number; arrivalMs: number; partitionKey: string; data: Buffer }[]>(s.shards.map((sh) => [sh.id, []]));
      const keys = ['a', 'ключ', '🔑-emoji', 'x'.repeat(256), '', 'pk'];
      let now = T0;
      for (let call = 0; call < 40; call++) {
        now += rand(3) * 1_000;
        const batch: NewRecord[] = [];
        for (let i = rand(30) + 1; i > 0; i--) {
          const size = rand(20) === 0 ? 100_000 + rand(200_000) : rand(2_000);
          const data = Buffer.alloc(size, rand(256));
          if (size > 0) data[0] = call;
          batch.push({ shardId: s.shards[rand(3)]!.id, partitionKey: keys[rand(keys.length)]! + (rand(2) ? String(call) : ''), data });
        }
        const results = (await store.putRecords(s.id, batch, now))!;
        batch.forEach((r, i) => model.get(r.shardId)!.push({ seq: results[i]!.seq, arrivalMs: results[i]!.arrivalMs, partitionKey: r.partitionKey, data: Buffer.from(r.data) }));
      }
      const expectRead = async (shardId: number, fromSeq: number, minArrivalMs: number, limit: number, maxBytes: number) => {
        const got = await store.readShard(shardId, { fromSeq, minArrivalMs, limit, maxBytes });
        const want: typeof got.records = [];
        let bytes = 0;
        for (const r of model.get(shardId)!) {
          if (r.seq < fromSeq || r.arrivalMs < minArrivalMs) continue;
          const cost = r.data.length + Buffer.byteLength(r.partitionKey);
          if (want.length === limit || (want.length > 0 && bytes + cost > maxBytes)) break;
          bytes += cost;
          want.push(r);
        }
        const what = `shard ${shardId} from ${fromSeq} min ${minArrivalMs} limit ${limit} maxBytes ${maxBytes}`;
        assert.deepEqual(got.records.map((r) => [r.seq, r.arrivalMs, r.partitionKey]), want.map((r) => [r.seq, r.arrivalMs, r.partitionKey]), what);
        got.records.forEach((r, i) => assert.ok(r.data.equals(want[i]!.data), `${what}: data of ${r.seq}`));
        if (want.length > 0) assert.equal(got.nextSeq, want[want.length - 1]!.seq + 1, what);
      };
      for (let i = 0; i < 150; i++) {
        const shard = s.shards[rand(3)]!;
        const n = model.get(shard.id)!.length;
        await expectRead(shard.id, rand(n + 3), rand(4) === 0 ? T0 + rand(60) * 1_000 : 0, rand(4) === 0 ? 10_000 : rand(12) + 1, rand(3) === 0 ? rand(400_000) + 1 : 10 * 1_048_576);
      }
      // A trim removes exactly what arrived before the cutoff; reads and seqAtTime agree afterwards.
      const cutoff = T0 + 30_000;
      for (let n = 1; n > 0; ) n = await store.trimStream(s.id, cutoff, 50);
      for (const [shardId, rows] of model) model.set(shardId, rows.filter((r) => r.arrivalMs >= cutoff));
      for (const sh of s.shards) {
        await expectRead(sh.id, 0, 0, 10_000, 10 * 1_048_576);
        const first = model.get(sh.id)![0];
        if (first) assert.equal(await store.seqAtTime(sh.id, 0), first.seq);
      }
    });

    it('trimStream deletes what arrived before the cutoff, in batches; purgeDeleted empties deleted streams', async () => {
      const s = await create(account(), 'trim', 2);
      for (let i = 0; i < 5; i++) await store.putRecords(s.id, [...records(s.shards[0]!, 2), ...records(s.shards[1]!, 1)], T0 + i * HOUR);
      assert.equal(await store.trimStream(s.id, T0 + 2 * HOUR, 4), 4);
      assert.equal(await store.trimStream(s.id, T0 + 2 * HOUR, 100), 2);
      assert.equal(await store.trimStream(s.id, T0 + 2 * HOUR, 100), 0);
      assert.deepEqual((await store.readShard(s.shards[0]!.id, read)).records.map((r) => r.seq), [5, 6, 7, 8, 9, 10]);
      assert.deepEqual((await store.readShard(s.shards[1]!.id, read)).records.map((r) => r.seq), [3, 4, 5]);
      // positions keep counting after a trim
      assert.deepEqual(await store.putRecords(s.id, records(s.shards[1]!, 1), T0 + 9 * HOUR), [{ seq: 6, arrivalMs: T0 + 9 * HOUR }]);

      await store.deleteStream(s.id, T0);
      let purged = 0;
      for (let n = await store.purgeDeleted(3); n > 0; n = await store.purgeDeleted(3)) purged += n;
      assert.ok(purged >= 10, `purged ${purged}`);
      assert.deepEqual((await store.readShard(s.shards[0]!.id, read)).records, []);
    });

    it('streamsAfter walks live streams by id', async () => {
      const acct = account();
      const a = await create(acct, 'w1', 1);
      const b = await create(acct, 'w2', 1);
      const c = await create(acct, 'w3', 1);
      await store.deleteStream(b.id, T0);
      const seen: number[] = [];
      for (let after = a.id - 1; ; ) {
        const page = await store.streamsAfter(after, 1);
        if (page.length === 0 || page[0]!.id > c.id) break;
        seen.push(page[0]!.id);
        assert.equal(page[0]!.shards.length, 1);
        after = page[0]!.id;
      }
      assert.deepEqual(seen.filter((id) => [a.id, b.id, c.id].includes(id)), [a.id, c.id]);
    });
  });
}

/** The records both engines' migration tests write with the schema before 0012 (records into chunks): [seq, arrival, key, data]. */
export const PRE_CHUNK_RECORDS: readonly (readonly [number, number, string, Buffer])[] = [
  [1, 10, 'a', Buffer.from('one')],
  [2, 20, 'ключ 🔑', Buffer.from([0, 255])],
  [3, 30, 'c', Buffer.alloc(0)],
];

/** After the upgrade: the records read back from any position, by time, and numbering goes on after them. */
export async function checkUpgradedRecords(store: KinesisStore, streamId: number, shardId: number): Promise<void> {
  const all = { fromSeq: 0, minArrivalMs: 0, limit: 10, maxBytes: 1e6 };
  const got = await store.readShard(shardId, all);
  assert.deepEqual(
    got.records.map((r) => [r.seq, r.arrivalMs, r.partitionKey, r.data.toString('hex')]),
    PRE_CHUNK_RECORDS.map(([seq, arrival, key, data]) => [seq, arrival, key, data.toString('hex')]),
  );
  assert.deepEqual((await store.readShard(shardId, { ...all, fromSeq: 2, limit: 1 })).records.map((r) => r.seq), [2]);
  assert.equal(await store.seqAtTime(shardId, 15), 2);
  assert.deepEqual(await store.putRecords(streamId, [{ shardId, partitionKey: 'd', data: Buffer.from('four') }], 40), [{ seq: 4, arrivalMs: 40 }]);
  assert.equal((await store.readShard(shardId, all)).records.length, 4);
}
