// A reshard takes effect when UPDATING ends, as on AWS (domain/reshard-time.ts): on a ManualClock
// with a non-zero update delay, the old shards are listed and take the records while the stream is
// UPDATING; at the end of it the parents are closed at their last record, the children are listed
// and take the records, and a parent read to its end gives ChildShards (GetRecords and SubscribeToShard).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
  UpdateShardCountCommand,
  type SubscribeToShardEvent,
} from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../../src/runtime/clock.js';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const DELAY = 400;
const MID = '170141183460469231731687303715884105728'; // 2^127
const MAX = '340282366920938463463374607431768211455';
const sid = (i: number) => `shardId-${String(i).padStart(12, '0')}`;
let clock: ManualClock;

kinesisE2E(
  'Kinesis reshards take effect when UPDATING ends',
  (t) => {
    const create = async (ShardCount: number) => {
      const name = t().name('rd');
      await t().kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount }));
      clock.advance(DELAY);
      return name;
    };
    const put = async (name: string, data: string, hashKey: string) =>
      t().kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from(data), ExplicitHashKey: hashKey }));
    const summary = async (name: string) => (await t().kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    const listed = async (name: string) => (await t().kinesis.send(new ListShardsCommand({ StreamName: name }))).Shards!;
    const text = (records: { Data?: Uint8Array }[] | undefined) => (records ?? []).map((r) => Buffer.from(r.Data!).toString());

    it('SplitShard: the parent is listed and takes records until UPDATING ends; then it is closed at its last record and the children take over', async () => {
      const { kinesis } = t();
      const name = await create(1);
      await put(name, 'before', '5');
      await kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: MID }));

      // UPDATING: the old shard set, open, taking every record.
      const during = (await kinesis.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!;
      assert.equal(during.StreamStatus, 'UPDATING');
      assert.deepEqual(
        during.Shards!.map((s) => [s.ShardId, s.SequenceNumberRange!.EndingSequenceNumber]),
        [[sid(0), undefined]],
      );
      assert.deepEqual((await listed(name)).map((s) => s.ShardId), [sid(0)]);
      assert.equal((await summary(name)).OpenShardCount, 1);
      await assert.rejects(kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: sid(1), ShardIteratorType: 'TRIM_HORIZON' })), (e) =>
        isKinesisError(e, 'ResourceNotFoundException'),
      );
      assert.equal((await put(name, 'during', '5')).ShardId, sid(0));
      const batch = await kinesis.send(
        new PutRecordsCommand({ StreamName: name, Records: [{ PartitionKey: 'k', Data: Buffer.from('during-high'), ExplicitHashKey: MID }] }),
      );
      assert.equal(batch.Records![0]!.ShardId, sid(0));
      // An iterator taken while UPDATING reads the parent as an open shard.
      const first = await kinesis.send(
        new GetRecordsCommand({
          ShardIterator: (await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: sid(0), ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!,
        }),
      );
      assert.deepEqual(text(first.Records), ['before', 'during', 'during-high']);
      assert.ok(first.NextShardIterator);
      assert.equal(first.ChildShards, undefined);

      clock.advance(DELAY - 1);
      assert.equal((await summary(name)).StreamStatus, 'UPDATING');
      const last = await put(name, 'just before', '5');
      assert.equal(last.ShardId, sid(0), 'a record written just before the effective time lands in the parent');

      clock.advance(1);
      const s = await summary(name);
      assert.equal(s.StreamStatus, 'ACTIVE');
      assert.equal(s.OpenShardCount, 2);
      assert.equal((await put(name, 'after', '5')).ShardId, sid(1), 'and one after it in a child');
      assert.equal((await put(name, 'after-high', MID)).ShardId, sid(2));
      const shards = await listed(name);
      assert.deepEqual(
        shards.map((x) => [x.ShardId, x.ParentShardId, x.HashKeyRange!.StartingHashKey, x.HashKeyRange!.EndingHashKey]),
        [
          [sid(0), undefined, '0', MAX],
          [sid(1), sid(0), '0', (BigInt(MID) - 1n).toString()],
          [sid(2), sid(0), MID, MAX],
        ],
      );
      assert.equal(shards[0]!.SequenceNumberRange!.EndingSequenceNumber, last.SequenceNumber, "the parent ends at its last record's position");
      assert.equal(shards[1]!.SequenceNumberRange!.EndingSequenceNumber, undefined);
      assert.deepEqual(
        (await kinesis.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AT_LATEST' } }))).Shards!.map((x) => x.ShardId),
        [sid(1), sid(2)],
      );

      // The iterator taken while UPDATING goes on to the parent's end, then ChildShards.
      const rest = await kinesis.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator! }));
      assert.deepEqual(text(rest.Records), ['just before']);
      assert.equal(rest.NextShardIterator, undefined);
      assert.deepEqual(
        rest.ChildShards!.map((c) => [c.ShardId, c.ParentShards]),
        [
          [sid(1), [sid(0)]],
          [sid(2), [sid(0)]],
        ],
      );
      const child = await kinesis.send(
        new GetRecordsCommand({
          ShardIterator: (await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: sid(1), ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator!,
        }),
      );
      assert.deepEqual(text(child.Records), ['after']);
    });

    it('MergeShards and UpdateShardCount: the shard set changes when UPDATING ends, and writes follow it', async () => {
      const { kinesis } = t();
      const name = await create(2);
      await kinesis.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(0), AdjacentShardToMerge: sid(1) }));
      assert.deepEqual((await listed(name)).map((s) => s.ShardId), [sid(0), sid(1)]);
      assert.equal((await put(name, 'low', '5')).ShardId, sid(0));
      assert.equal((await put(name, 'high', MID)).ShardId, sid(1));
      clock.advance(DELAY);
      assert.deepEqual(
        (await listed(name)).map((s) => [s.ShardId, !!s.SequenceNumberRange!.EndingSequenceNumber]),
        [
          [sid(0), true],
          [sid(1), true],
          [sid(2), false],
        ],
      );
      assert.equal((await put(name, 'merged', MID)).ShardId, sid(2));

      await kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' }));
      assert.equal((await summary(name)).OpenShardCount, 1);
      assert.equal((await listed(name)).length, 3);
      assert.equal((await put(name, 'still merged', '5')).ShardId, sid(2));
      clock.advance(DELAY);
      const open = (await listed(name)).filter((s) => !s.SequenceNumberRange!.EndingSequenceNumber);
      assert.equal(open.length, 2);
      assert.equal((await summary(name)).OpenShardCount, 2);
      const landed = (await put(name, 'scaled', '5')).ShardId;
      assert.ok(open.some((s) => s.ShardId === landed && s.HashKeyRange!.StartingHashKey === '0'));
    });

    it('SubscribeToShard on the parent: records while UPDATING, then ChildShards once it ends', async () => {
      const { kinesis } = t();
      const name = await create(1);
      const arn = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`, ConsumerName: 'c' })))
        .Consumer!.ConsumerARN!;
      clock.advance(DELAY);
      await kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: MID }));
      const sub = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: sid(0), StartingPosition: { Type: 'LATEST' } }));
      const events: SubscribeToShardEvent[] = [];
      let wrote = false;
      for await (const ev of sub.EventStream!) {
        const e = ev.SubscribeToShardEvent;
        if (!e) continue;
        events.push(e);
        if (!wrote) {
          wrote = true;
          assert.equal((await put(name, 'while updating', '5')).ShardId, sid(0));
        } else if (text(e.Records).length > 0) {
          clock.advance(DELAY); // the subscription looks again at the close time, with no write to wake it
        }
      }
      assert.deepEqual(events.flatMap((e) => text(e.Records)), ['while updating']);
      const end = events[events.length - 1]!;
      assert.equal(end.ContinuationSequenceNumber, undefined);
      assert.deepEqual(end.ChildShards!.map((c) => c.ShardId), [sid(1), sid(2)]);
    });
  },
  {
    deps: () => {
      clock = new ManualClock(Date.now());
      return { clock };
    },
    settings: { kinesisCreateDelayMs: String(DELAY), kinesisSubscriptionMs: '60000' },
  },
);
