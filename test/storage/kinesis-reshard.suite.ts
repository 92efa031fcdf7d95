/**
 * Conformance suite for the Kinesis store port's resharding, consumers, subscription leases,
 * resource policies and account settings (src/services/kinesis/store.ts). Every engine runs it
 * (kinesis-store.sqlite.test.ts, kinesis-store.postgres.test.ts). Each test works in its own random
 * account; time is always an argument.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { ShardClosedError, type KinesisStore, type StreamRecord } from '../../src/services/kinesis/store.js';
import type { OpenedKinesisStore } from './kinesis-store.suite.js';

const T0 = 1_700_000_000_000;
const account = (): string => String(randomInt(100_000_000_000, 999_999_999_999));
const limits = { maxConsumers: 3, maxCreating: 2 };

export function kinesisReshardSuite(name: string, open: () => Promise<OpenedKinesisStore>): void {
  describe(`KinesisStore conformance (reshard, consumers): ${name}`, () => {
    let opened: OpenedKinesisStore;
    let store: KinesisStore;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => opened?.close());

    const create = async (shards = 2): Promise<StreamRecord> => {
      const r = await store.createStream({
        accountId: account(),
        region: 'us-east-1',
        name: 's',
        streamId: randomBytes(10).toString('hex') + '-abc',
        createdAt: T0,
        activeAt: T0,
        mode: 'PROVISIONED',
        retentionHours: 24,
        maxRecordSizeKiB: 1024,
        tags: {},
        settings: {},
        shards: Array.from({ length: shards }, (_, i) => ({ index: i, startingHashKey: String(i * 100), endingHashKey: String(i * 100 + 99) })),
      });
      assert.equal(r.stream.updatingUntil, 0);
      return r.stream;
    };
    const shard = (s: StreamRecord, index: number) => s.shards.find((x) => x.index === index)!;
    const child = (index: number, lo: number, hi: number, parent: number, adjacent: number | null = null, closed = false) => ({
      index,
      startingHashKey: String(lo),
      endingHashKey: String(hi),
      parentIndex: parent,
      adjacentParentIndex: adjacent,
      closed,
    });

    it('reshard takes effect at updatingUntil: parents take records until then, children exist from then, lineage kept', async () => {
      const s = await create();
      const put = (await store.putRecords(s.id, [0, 1, 2].map((i) => ({ shardId: shard(s, 0).id, partitionKey: `k${i}`, data: Buffer.from('x') })), T0 + 10))!;
      assert.equal(put.length, 3);
      const outcome = await store.reshard(
        s.id,
        { close: [0], create: [child(2, 0, 49, 0), child(3, 50, 99, 0), child(4, 0, 99, 2, 3, true)], updatingUntil: T0 + 600, settings: { scalingTimes: [T0] } },
        T0 + 100,
      );
      assert.equal(outcome, 'ok');
      const after = (await store.getStreamById(s.id))!;
      assert.equal(after.updatingUntil, T0 + 600);
      assert.deepEqual(after.settings.scalingTimes, [T0]);
      assert.equal(after.openShardCount, 3, 'the shards open once the reshard took effect');
      assert.deepEqual(
        after.shards.map((x) => [x.index, x.startingHashKey, x.endingHashKey, x.parentIndex, x.adjacentParentIndex, x.createdAt, x.closedAt, x.endingSeq]),
        [
          [0, '0', '99', null, null, T0, T0 + 600, null],
          [1, '100', '199', null, null, T0, null, null],
          [2, '0', '49', 0, null, T0 + 600, null, null],
          [3, '50', '99', 0, null, T0 + 600, null, null],
          [4, '0', '99', 2, 3, T0 + 600, T0 + 600, null],
        ],
      );
      // Until its close time the parent takes records; at it, it refuses them.
      assert.equal((await store.putRecords(s.id, [{ shardId: shard(after, 0).id, partitionKey: 'k', data: Buffer.from('w') }], T0 + 599))![0]!.seq, 4);
      await assert.rejects(store.putRecords(s.id, [{ shardId: shard(after, 0).id, partitionKey: 'k', data: Buffer.from('y') }], T0 + 600), ShardClosedError);
      // Sealing before the close time fixes nothing; at it, the ending positions are the last ones written.
      assert.equal(shard((await store.sealShards(s.id, T0 + 599))!, 0).endingSeq, null);
      const sealed = (await store.sealShards(s.id, T0 + 600))!;
      assert.deepEqual(
        sealed.shards.map((x) => [x.index, x.endingSeq]),
        [
          [0, 4],
          [1, null],
          [2, null],
          [3, null],
          [4, 0],
        ],
      );
      // Once sealed, not even a writer whose clock lags behind the close time reaches the parent.
      await assert.rejects(store.putRecords(s.id, [{ shardId: shard(after, 0).id, partitionKey: 'k', data: Buffer.from('y') }], T0 + 300), ShardClosedError);
      assert.equal((await store.readShard(shard(after, 0).id, { fromSeq: 0, minArrivalMs: 0, limit: 10, maxBytes: 1e6 })).records.length, 4);
      const r = (await store.putRecords(s.id, [{ shardId: shard(after, 2).id, partitionKey: 'k', data: Buffer.from('z') }], T0 + 600))!;
      assert.equal(r[0]!.seq, 1);
      assert.equal(await store.sealShards(s.id + 1_000_000, T0), undefined, 'no such stream');
    });

    it('sealShards against concurrent writers: every write lands before the ending position or is refused', async () => {
      const s = await create();
      const parent = shard(s, 0);
      assert.equal(await store.reshard(s.id, { close: [0], create: [child(2, 0, 49, 0), child(3, 50, 99, 0)], updatingUntil: T0 + 500 }, T0), 'ok');
      const write = (i: number) =>
        store.putRecords(s.id, [{ shardId: parent.id, partitionKey: `k${i}`, data: Buffer.from(String(i)) }, { shardId: shard(s, 1).id, partitionKey: 'o', data: Buffer.from('o') }], T0 + 100).then(
          (r) => r!.length,
          (e: unknown) => {
            assert.ok(e instanceof ShardClosedError, String(e));
            return 0;
          },
        );
      // Writes submitted before and after the seal, all at once (SQLite: one group commit; PostgreSQL: several connections).
      const before = Array.from({ length: 20 }, (_, i) => write(i));
      const seal = store.sealShards(s.id, T0 + 500);
      const later = Array.from({ length: 20 }, (_, i) => write(20 + i));
      const done = await Promise.all([...before, ...later]);
      const ending = shard((await seal)!, 0).endingSeq!;
      const written = done.filter((n) => n > 0).length;
      assert.equal(ending, written, 'the ending position counts exactly the writes that were let through');
      const tip = await store.shardTip(parent.id);
      assert.equal(tip.nextSeq, ending + 1);
      // A refused PutRecords wrote nothing, on the open shard either.
      assert.equal((await store.shardTip(shard(s, 1).id)).nextSeq, written + 1);
    });

    it('accountUsage books a pending reshard: per stream the larger of the shards open now and once it took effect', async () => {
      const s = await create();
      const acct = s.accountId;
      assert.equal((await store.accountUsage(acct, 'us-east-1', T0)).openShards, 2);
      assert.equal(await store.reshard(s.id, { close: [0], create: [child(2, 0, 49, 0), child(3, 50, 99, 0)], updatingUntil: T0 + 500 }, T0), 'ok');
      assert.equal((await store.accountUsage(acct, 'us-east-1', T0 + 100)).openShards, 3);
      assert.equal((await store.accountUsage(acct, 'us-east-1', T0 + 500)).openShards, 3);
      assert.equal(await store.reshard(s.id, { close: [2, 3], create: [child(4, 0, 99, 2, 3)], updatingUntil: T0 + 1_000 }, T0 + 500), 'ok');
      assert.equal((await store.accountUsage(acct, 'us-east-1', T0 + 600)).openShards, 3, 'the merged shards count until the merge takes effect');
      assert.equal((await store.accountUsage(acct, 'us-east-1', T0 + 1_000)).openShards, 2);
    });

    it('reshard is refused while UPDATING or when a shard to close is already closed; a deleted stream is gone', async () => {
      const s = await create();
      assert.equal(await store.reshard(s.id, { close: [0], create: [child(2, 0, 49, 0), child(3, 50, 99, 0)], updatingUntil: T0 + 500 }, T0), 'ok');
      assert.equal(await store.reshard(s.id, { close: [1], create: [child(4, 100, 149, 1), child(5, 150, 199, 1)], updatingUntil: T0 + 900 }, T0 + 499), 'busy');
      assert.equal(await store.reshard(s.id, { close: [0], create: [child(4, 0, 49, 0), child(5, 50, 99, 0)], updatingUntil: T0 + 900 }, T0 + 500), 'busy');
      assert.equal((await store.getStreamById(s.id))!.shards.length, 4, 'a refused reshard changes nothing');
      assert.equal(await store.reshard(s.id, { close: [1], create: [child(4, 100, 149, 1), child(5, 150, 199, 1)], updatingUntil: T0 + 900 }, T0 + 500), 'ok');
      assert.equal((await store.getStreamById(s.id))!.openShardCount, 4);
      await store.deleteStream(s.id, T0 + 1000);
      assert.equal(await store.reshard(s.id, { close: [], create: [], updatingUntil: 0 }, T0 + 2000), 'gone');
    });

    it('updateStream sets updatingUntil', async () => {
      const s = await create();
      assert.equal(await store.updateStream(s.id, { mode: 'ON_DEMAND', updatingUntil: T0 + 77 }), true);
      const u = (await store.getStreamById(s.id))!;
      assert.equal(u.mode, 'ON_DEMAND');
      assert.equal(u.updatingUntil, T0 + 77);
    });

    it('consumers: register with limits (total and CREATING), list by name, get, deregister', async () => {
      const s = await create();
      const a = await store.registerConsumer(s.id, 'b-consumer', T0, T0 + 500, limits, { team: 'x' });
      assert.equal(a.outcome, 'ok');
      if (a.outcome !== 'ok') return;
      assert.deepEqual({ ...a.consumer, id: 0 }, { id: 0, streamId: s.id, name: 'b-consumer', createdAt: T0, activeAt: T0 + 500, deletingUntil: 0, tags: { team: 'x' } });
      assert.equal(await store.tagConsumer(a.consumer.id, { b: '1', c: '2' }, 3), 'ok');
      assert.equal(await store.tagConsumer(a.consumer.id, { d: '3' }, 3), 'too-many');
      assert.equal(await store.untagConsumer(a.consumer.id, ['b', 'zz']), true);
      assert.deepEqual((await store.getConsumer(s.id, 'b-consumer'))!.tags, { team: 'x', c: '2' });
      assert.equal((await store.registerConsumer(s.id, 'b-consumer', T0, T0 + 500, limits)).outcome, 'exists');
      assert.equal((await store.registerConsumer(s.id, 'a-consumer', T0, T0 + 500, limits)).outcome, 'ok');
      assert.equal((await store.registerConsumer(s.id, 'c', T0 + 1, T0 + 500, limits)).outcome, 'too-many-creating');
      assert.equal((await store.registerConsumer(s.id, 'c', T0 + 500, T0 + 1000, limits)).outcome, 'ok');
      assert.equal((await store.registerConsumer(s.id, 'd', T0 + 2000, T0 + 2500, limits)).outcome, 'too-many');
      assert.deepEqual((await store.listConsumers(s.id)).map((c) => c.name), ['a-consumer', 'b-consumer', 'c']);
      assert.equal((await store.getConsumer(s.id, 'c'))!.activeAt, T0 + 1000);
      assert.equal(await store.getConsumer(s.id, 'zz'), undefined);
      const cId = (await store.getConsumer(s.id, 'c'))!.id;
      assert.equal(await store.deregisterConsumer(s.id, 'c', T0 + 2000, T0 + 2000), true, 'deleteAt <= now: removed at once');
      assert.equal(await store.deregisterConsumer(s.id, 'c', T0 + 2000, T0 + 2000), false);
      assert.equal(await store.tagConsumer(cId, { a: '1' }, 50), 'gone');
      assert.equal(await store.untagConsumer(cId, ['a']), false);
      assert.equal((await store.registerConsumer(s.id, 'd', T0 + 2000, T0 + 2500, limits)).outcome, 'ok');
      await store.deleteStream(s.id, T0 + 3000);
      assert.deepEqual(await store.listConsumers(s.id), []);
      assert.equal((await store.registerConsumer(s.id, 'e', T0 + 4000, T0 + 4500, limits)).outcome, 'gone');
    });

    it('subscription leases: held within the takeover window by another owner, taken over after, gone with the consumer', async () => {
      const s = await create();
      const r = await store.registerConsumer(s.id, 'c', T0, T0, limits);
      assert.equal(r.outcome, 'ok');
      if (r.outcome !== 'ok') return;
      const id = r.consumer.id;
      assert.equal(await store.subscriptionOwner(id, 0), undefined);
      assert.equal(await store.claimSubscription(id, 0, 'one', T0, 5000), 'ok');
      assert.equal(await store.claimSubscription(id, 1, 'two', T0, 5000), 'ok', 'another shard is another lease');
      assert.equal(await store.claimSubscription(id, 0, 'two', T0 + 4999, 5000), 'held');
      assert.equal(await store.subscriptionOwner(id, 0), 'one');
      assert.equal(await store.claimSubscription(id, 0, 'two', T0 + 5000, 5000), 'ok');
      assert.equal(await store.subscriptionOwner(id, 0), 'two');
      await store.releaseSubscription(id, 0, 'one');
      assert.equal(await store.subscriptionOwner(id, 0), 'two', 'only the owner releases');
      await store.releaseSubscription(id, 0, 'two');
      assert.equal(await store.subscriptionOwner(id, 0), undefined);
      assert.equal(await store.claimSubscription(id, 0, 'three', T0 + 5001, 5000), 'ok', 'a released lease is free at once');
      await store.deregisterConsumer(s.id, 'c', T0 + 9000, T0 + 9000);
      assert.equal(await store.subscriptionOwner(id, 0), undefined);
      assert.equal(await store.claimSubscription(id, 0, 'three', T0 + 9000, 5000), 'gone');
    });

    it('deregistering with a delay: DELETING (leases end, no new lease, the name stays taken) until deleteAt, then gone for good', async () => {
      const s = await create();
      const r = await store.registerConsumer(s.id, 'c', T0, T0, limits);
      assert.equal(r.outcome, 'ok');
      if (r.outcome !== 'ok') return;
      const id = r.consumer.id;
      assert.equal(await store.claimSubscription(id, 0, 'one', T0, 5000), 'ok');
      assert.equal(await store.deregisterConsumer(s.id, 'c', T0 + 100, T0 + 600), true);
      assert.equal(await store.subscriptionOwner(id, 0), undefined, 'its subscriptions end at once');
      assert.equal((await store.getConsumer(s.id, 'c'))!.deletingUntil, T0 + 600);
      assert.equal(await store.deregisterConsumer(s.id, 'c', T0 + 200, T0 + 700), true);
      assert.equal((await store.getConsumer(s.id, 'c'))!.deletingUntil, T0 + 600, 'a second deregistration keeps the deadline');
      assert.equal(await store.claimSubscription(id, 0, 'two', T0 + 6000, 5000), 'gone');
      assert.equal((await store.registerConsumer(s.id, 'c', T0 + 599, T0 + 599, limits)).outcome, 'exists');
      const again = await store.registerConsumer(s.id, 'c', T0 + 600, T0 + 600, limits);
      assert.equal(again.outcome, 'ok', 'once DELETING is over the name is free');
      if (again.outcome !== 'ok') return;
      assert.notEqual(again.consumer.id, id);
      assert.deepEqual((await store.listConsumers(s.id)).map((c) => [c.name, c.deletingUntil]), [['c', 0]]);
    });

    it('SubscribeToShard calls: one per interval per (consumer, shard), counting only the calls let through', async () => {
      const s = await create();
      const r = await store.registerConsumer(s.id, 'c', T0, T0, limits);
      if (r.outcome !== 'ok') return assert.fail(r.outcome);
      const id = r.consumer.id;
      assert.equal(await store.admitSubscribeCall(id, 0, T0, 1000), true);
      assert.equal(await store.admitSubscribeCall(id, 1, T0, 1000), true, 'another shard');
      assert.equal(await store.admitSubscribeCall(id, 0, T0 + 999, 1000), false);
      assert.equal(await store.admitSubscribeCall(id, 0, T0 + 1000, 1000), true);
      assert.equal(await store.admitSubscribeCall(id, 0, T0 + 1500, 1000), false);
      assert.equal(await store.admitSubscribeCall(id, 0, T0 + 2000, 1000), true);
    });

    it('resource policies and account settings', async () => {
      const arn = `arn:aws:kinesis:us-east-1:${account()}:stream/p`;
      assert.equal(await store.getResourcePolicy(arn), undefined);
      await store.putResourcePolicy(arn, '{"a":1}');
      await store.putResourcePolicy(arn, '{"a":2}');
      assert.equal(await store.getResourcePolicy(arn), '{"a":2}');
      assert.equal(await store.deleteResourcePolicy(arn), true);
      assert.equal(await store.deleteResourcePolicy(arn), false);
      const acct = account();
      assert.deepEqual(await store.getAccountSettings(acct, 'us-east-1'), {});
      assert.deepEqual(await store.updateAccountSettings(acct, 'us-east-1', { a: { Status: 'ENABLED' } }), { a: { Status: 'ENABLED' } });
      assert.deepEqual(await store.updateAccountSettings(acct, 'us-east-1', { b: 1 }), { a: { Status: 'ENABLED' }, b: 1 });
      assert.deepEqual(await store.getAccountSettings(acct, 'eu-west-1'), {});
    });
  });
}
