import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  SplitShardCommand,
  UpdateShardCountCommand,
  UpdateStreamModeCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { isKinesisError, kinesisE2E, waitUntilActive } from '../../helpers/kinesis.js';

const ACCT = '000000000000';
const MID = '170141183460469231731687303715884105728'; // 2^127
const MAX = '340282366920938463463374607431768211455';
const sid = (i: number) => `shardId-${String(i).padStart(12, '0')}`;

async function drain(kinesis: KinesisClient, stream: string, shardId: string) {
  let it = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  const data: string[] = [];
  for (let i = 0; i < 10 && it; i++) {
    const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: it }));
    data.push(...r.Records!.map((x) => Buffer.from(x.Data!).toString()));
    if (!r.NextShardIterator) return { data, children: r.ChildShards, end: true };
    it = r.NextShardIterator;
  }
  return { data, end: false };
}

kinesisE2E('Kinesis resharding', (t) => {
  it('SplitShard: UPDATING, then lineage, the parent closed with an EndingSequenceNumber, readable until drained, then ChildShards', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'a', Data: Buffer.from('before') }));
    await kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: MID }));
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.equal(s.StreamStatus, 'UPDATING');
    assert.equal(s.OpenShardCount, 1, 'the split takes effect when UPDATING ends (reshard-delay.test.ts follows it on a moved clock)');
    // A second reshard while UPDATING is refused.
    await assert.rejects(kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: '100' })), (e) =>
      isKinesisError(e, 'ResourceInUseException', `Stream ${name} under account ${ACCT} not ACTIVE, instead in state UPDATING`),
    );
    await waitUntilActive(kinesis, name);
    assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.OpenShardCount, 2);
    // Records now go to the children.
    const put = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'a', Data: Buffer.from('after'), ExplicitHashKey: '5' }));
    assert.equal(put.ShardId, sid(1));
    const shards = (await kinesis.send(new ListShardsCommand({ StreamName: name }))).Shards!;
    assert.deepEqual(
      shards.map((x) => [x.ShardId, x.ParentShardId, x.HashKeyRange!.StartingHashKey, x.HashKeyRange!.EndingHashKey, !!x.SequenceNumberRange!.EndingSequenceNumber]),
      [
        [sid(0), undefined, '0', MAX, true],
        [sid(1), sid(0), '0', (BigInt(MID) - 1n).toString(), false],
        [sid(2), sid(0), MID, MAX, false],
      ],
    );
    const latest = (await kinesis.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AT_LATEST' } }))).Shards!;
    assert.deepEqual(latest.map((x) => x.ShardId), [sid(1), sid(2)]);
    const horizon = (await kinesis.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AT_TRIM_HORIZON' } }))).Shards!;
    assert.deepEqual(horizon.map((x) => x.ShardId), [sid(0)]);

    const parent = await drain(kinesis, name, sid(0));
    assert.deepEqual(parent.data, ['before']);
    assert.equal(parent.end, true);
    assert.deepEqual(parent.children, [
      { ShardId: sid(1), ParentShards: [sid(0)], HashKeyRange: { StartingHashKey: '0', EndingHashKey: (BigInt(MID) - 1n).toString() } },
      { ShardId: sid(2), ParentShards: [sid(0)], HashKeyRange: { StartingHashKey: MID, EndingHashKey: MAX } },
    ]);
    assert.deepEqual((await drain(kinesis, name, sid(1))).data, ['after']);
  });

  it('SplitShard errors: a bad NewStartingHashKey, a closed shard, an unknown shard', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    await assert.rejects(kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: '1' })), (e) =>
      isKinesisError(
        e,
        'InvalidArgumentException',
        `NewStartingHashKey 1 used in SplitShard() on shard ${sid(0)} in stream ${name} under account ${ACCT} is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey ${MAX}.`,
      ),
    );
    await assert.rejects(kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(7), NewStartingHashKey: MID })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException', `Could not find shard ${sid(7)} in stream ${name} under account ${ACCT}.`),
    );
    await kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: MID }));
    await waitUntilActive(kinesis, name);
    await assert.rejects(kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: sid(0), NewStartingHashKey: MID })), (e) =>
      isKinesisError(
        e,
        'InvalidArgumentException',
        `Shard ${sid(0)} in stream ${name} under account ${ACCT} has already been merged or split, and thus is not eligible for merging or splitting.`,
      ),
    );
  });

  it('MergeShards: adjacent shards merge into one child (ParentShardId, AdjacentParentShardId); non-adjacent ones are refused', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 3 });
    await assert.rejects(kinesis.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(0), AdjacentShardToMerge: sid(2) })), (e) =>
      isKinesisError(
        e,
        'InvalidArgumentException',
        `Shards ${sid(0)} and ${sid(2)} in stream ${name} under account ${ACCT} are not an adjacent pair of shards eligible for merging`,
      ),
    );
    await kinesis.send(new MergeShardsCommand({ StreamName: name, ShardToMerge: sid(1), AdjacentShardToMerge: sid(0) }));
    await waitUntilActive(kinesis, name);
    const shards = (await kinesis.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AT_LATEST' } }))).Shards!;
    assert.deepEqual(
      shards.map((x) => [x.ShardId, x.ParentShardId, x.AdjacentParentShardId, x.HashKeyRange!.StartingHashKey]),
      [
        [sid(2), undefined, undefined, '226854911280625642308916404954512140970'],
        [sid(3), sid(1), sid(0), '0'],
      ],
    );
    const parent = await drain(kinesis, name, sid(0));
    assert.equal(parent.end, true);
    assert.deepEqual(parent.children, [
      { ShardId: sid(3), ParentShards: [sid(1), sid(0)], HashKeyRange: { StartingHashKey: '0', EndingHashKey: '226854911280625642308916404954512140969' } },
    ]);
  });

  it('UpdateShardCount (UNIFORM_SCALING): even ranges through splits and merges, AWS limits', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 4 });
    await assert.rejects(kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 9, ScalingType: 'UNIFORM_SCALING' })), (e) =>
      isKinesisError(e, 'InvalidArgumentException', /cannot scale up over double your current open shard count. Current open shard count: 4 Target shard count: 9/),
    );
    await assert.rejects(kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 1, ScalingType: 'UNIFORM_SCALING' })), (e) =>
      isKinesisError(e, 'InvalidArgumentException', /cannot scale down below half/),
    );
    const r = await kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' }));
    assert.equal(r.CurrentShardCount, 4);
    assert.equal(r.TargetShardCount, 5);
    assert.equal(r.StreamName, name);
    await waitUntilActive(kinesis, name);
    const all = (await kinesis.send(new ListShardsCommand({ StreamName: name }))).Shards!;
    assert.equal(all.length, 15, 'as AWS (and moto): 4 → 5 passes through 11 new shards');
    const open = all.filter((x) => !x.SequenceNumberRange!.EndingSequenceNumber);
    const size = (1n << 128n) / 5n;
    assert.deepEqual(
      open.map((x) => BigInt(x.HashKeyRange!.StartingHashKey!)).sort((a, b) => (a < b ? -1 : 1)),
      [0n, size, 2n * size, 3n * size, 4n * size],
    );
    // Every record still lands in an open shard.
    const put = await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'x', Data: Buffer.from('x'), ExplicitHashKey: (2n * size).toString() }));
    assert.ok(open.some((x) => x.ShardId === put.ShardId && x.HashKeyRange!.StartingHashKey === (2n * size).toString()));
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.equal(s.OpenShardCount, 5);
  });

  it('UpdateStreamMode: UPDATING, then ON_DEMAND; UpdateShardCount is not for on-demand streams', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const arn = `arn:aws:kinesis:us-east-1:${ACCT}:stream/${name}`;
    await kinesis.send(new UpdateStreamModeCommand({ StreamARN: arn, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
    assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamStatus, 'UPDATING');
    await waitUntilActive(kinesis, name);
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.deepEqual(s.StreamModeDetails, { StreamMode: 'ON_DEMAND' });
    await assert.rejects(kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' })), (e) =>
      isKinesisError(e, 'ValidationException', `Request is invalid. Stream ${name} under account ${ACCT} is in On-Demand mode.`),
    );
  });
});
