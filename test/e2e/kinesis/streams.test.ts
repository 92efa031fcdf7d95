import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeLimitsCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  UpdateMaxRecordSizeCommand,
} from '@aws-sdk/client-kinesis';
import { E2E_CREATE_DELAY_MS, isKinesisError, kinesisE2E, waitUntilActive } from '../../helpers/kinesis.js';

const ARN = (name: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;

kinesisE2E('Kinesis streams', (t) => {
  it('CreateStream: CREATING (no shards), then ACTIVE with the hash key space split evenly', async () => {
    const { kinesis } = t();
    const name = t().name('create');
    const started = Date.now();
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 3 }));
    const creating = await kinesis.send(new DescribeStreamCommand({ StreamName: name }));
    if (Date.now() - started < E2E_CREATE_DELAY_MS) {
      assert.equal(creating.StreamDescription!.StreamStatus, 'CREATING');
      assert.deepEqual(creating.StreamDescription!.Shards, []);
      await assert.rejects(kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'a', Data: Buffer.from('x') })), (e) =>
        isKinesisError(e, 'ResourceNotFoundException', `Stream ${name} under account 000000000000 not found.`),
      );
    }
    await waitUntilActive(kinesis, name);
    const d = (await kinesis.send(new DescribeStreamCommand({ StreamName: name }))).StreamDescription!;
    assert.equal(d.StreamStatus, 'ACTIVE');
    assert.equal(d.StreamARN, ARN(name));
    assert.equal(d.RetentionPeriodHours, 24);
    assert.equal(d.EncryptionType, 'NONE');
    assert.deepEqual(d.EnhancedMonitoring, [{ ShardLevelMetrics: [] }]);
    assert.deepEqual(d.StreamModeDetails, { StreamMode: 'PROVISIONED' });
    assert.equal(d.HasMoreShards, false);
    assert.ok(d.StreamCreationTimestamp instanceof Date && Math.abs(d.StreamCreationTimestamp.getTime() - started) < 5_000);
    assert.deepEqual(
      d.Shards!.map((s) => [s.ShardId, s.HashKeyRange!.StartingHashKey, s.HashKeyRange!.EndingHashKey]),
      [
        ['shardId-000000000000', '0', '113427455640312821154458202477256070484'],
        ['shardId-000000000001', '113427455640312821154458202477256070485', '226854911280625642308916404954512140969'],
        ['shardId-000000000002', '226854911280625642308916404954512140970', '340282366920938463463374607431768211455'],
      ],
    );
    for (const s of d.Shards!) assert.match(s.SequenceNumberRange!.StartingSequenceNumber!, /^\d{56}$/);
  });

  it('CreateStream of an existing name is ResourceInUseException; without ShardCount it is on-demand with 4 shards', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({});
    await assert.rejects(kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })), (e) =>
      isKinesisError(e, 'ResourceInUseException', `Stream ${name} under account 000000000000 already exists.`),
    );
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.deepEqual(s.StreamModeDetails, { StreamMode: 'ON_DEMAND' });
    assert.equal(s.OpenShardCount, 4);
    const p = await t().activeStream({ StreamModeDetails: { StreamMode: 'PROVISIONED' }, ShardCount: 2, Tags: { team: 'x' } });
    const ps = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: ARN(p) }))).StreamDescriptionSummary!;
    assert.equal(ps.OpenShardCount, 2);
    assert.equal(ps.StreamARN, ARN(p));
    assert.equal(ps.ConsumerCount, 0);
    assert.equal(ps.MaxRecordSizeInKiB, 1024);
    assert.match(ps.StreamId!, /^[a-z0-9]{20}-[a-z0-9]{3}$/);
  });

  it('DescribeStream pages shards with Limit and ExclusiveStartShardId', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 5 });
    const p1 = (await kinesis.send(new DescribeStreamCommand({ StreamName: name, Limit: 2 }))).StreamDescription!;
    assert.deepEqual(p1.Shards!.map((s) => s.ShardId), ['shardId-000000000000', 'shardId-000000000001']);
    assert.equal(p1.HasMoreShards, true);
    const p2 = (await kinesis.send(new DescribeStreamCommand({ StreamARN: ARN(name), Limit: 5, ExclusiveStartShardId: 'shardId-000000000001' })))
      .StreamDescription!;
    assert.deepEqual(p2.Shards!.map((s) => s.ShardId), ['shardId-000000000002', 'shardId-000000000003', 'shardId-000000000004']);
    assert.equal(p2.HasMoreShards, false);
  });

  it('ListStreams pages by name with NextToken or ExclusiveStartStreamName and gives StreamSummaries', async () => {
    const { kinesis } = t();
    const prefix = t().name('list');
    const names = [`${prefix}-b`, `${prefix}-a`, `${prefix}-c`];
    for (const n of names) await kinesis.send(new CreateStreamCommand({ StreamName: n, ShardCount: 1 }));
    const all = await kinesis.send(new ListStreamsCommand({}));
    const mine = all.StreamNames!.filter((n) => n.startsWith(prefix));
    assert.deepEqual(mine, [...names].sort());
    const summary = all.StreamSummaries!.find((s) => s.StreamName === `${prefix}-a`)!;
    assert.equal(summary.StreamARN, ARN(`${prefix}-a`));
    assert.match(summary.StreamStatus!, /^(CREATING|ACTIVE)$/);
    assert.deepEqual(summary.StreamModeDetails, { StreamMode: 'PROVISIONED' });
    assert.ok(summary.StreamCreationTimestamp instanceof Date);

    const first = await kinesis.send(new ListStreamsCommand({ Limit: 1, ExclusiveStartStreamName: `${prefix}-a` }));
    assert.deepEqual(first.StreamNames, [`${prefix}-b`]);
    assert.equal(first.HasMoreStreams, true);
    assert.ok(first.NextToken);
    const next = await kinesis.send(new ListStreamsCommand({ Limit: 1, NextToken: first.NextToken }));
    assert.deepEqual(next.StreamNames, [`${prefix}-c`]);
    await assert.rejects(kinesis.send(new ListStreamsCommand({ NextToken: 'AAAA' + first.NextToken!.slice(4, 40) })), (e) =>
      isKinesisError(e, 'InvalidArgumentException'),
    );
  });

  it('ListShards: MaxResults and NextToken, ExclusiveStartShardId, every ShardFilter type, and its argument rules', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 4 });
    const ids = (r: { Shards?: { ShardId?: string }[] }) => r.Shards!.map((s) => s.ShardId!.slice(-1));
    const p1 = await kinesis.send(new ListShardsCommand({ StreamName: name, MaxResults: 3 }));
    assert.deepEqual(ids(p1), ['0', '1', '2']);
    const p2 = await kinesis.send(new ListShardsCommand({ NextToken: p1.NextToken }));
    assert.deepEqual(ids(p2), ['3']);
    assert.equal(p2.NextToken, undefined);
    assert.deepEqual(ids(await kinesis.send(new ListShardsCommand({ StreamARN: ARN(name), ExclusiveStartShardId: 'shardId-000000000001' }))), ['2', '3']);
    const filtered = async (ShardFilter: any) => ids(await kinesis.send(new ListShardsCommand({ StreamName: name, ShardFilter })));
    assert.deepEqual(await filtered({ Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000002' }), ['3']);
    for (const Type of ['AT_TRIM_HORIZON', 'FROM_TRIM_HORIZON', 'AT_LATEST']) assert.deepEqual(await filtered({ Type }), ['0', '1', '2', '3'], Type);
    for (const Type of ['AT_TIMESTAMP', 'FROM_TIMESTAMP']) assert.deepEqual(await filtered({ Type, Timestamp: new Date() }), ['0', '1', '2', '3'], Type);
    await assert.rejects(kinesis.send(new ListShardsCommand({ StreamName: name, NextToken: p1.NextToken })), (e) =>
      isKinesisError(e, 'InvalidArgumentException', 'NextToken and StreamName cannot be provided together.'),
    );
    await assert.rejects(kinesis.send(new ListShardsCommand({})), (e) =>
      isKinesisError(e, 'InvalidArgumentException', 'Either NextToken or StreamName should be provided.'),
    );
    await assert.rejects(kinesis.send(new ListShardsCommand({ StreamName: name, ShardFilter: { Type: 'AFTER_SHARD_ID' } })), (e) =>
      isKinesisError(e, 'InvalidArgumentException'),
    );
  });

  it('DeleteStream: the stream is gone for every call, and the name can be used again', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'a', Data: Buffer.from('old') }));
    await kinesis.send(new DeleteStreamCommand({ StreamName: name }));
    const missing = (e: unknown) => isKinesisError(e, 'ResourceNotFoundException', `Stream ${name} under account 000000000000 not found.`);
    await assert.rejects(kinesis.send(new DescribeStreamCommand({ StreamName: name })), missing);
    await assert.rejects(kinesis.send(new DeleteStreamCommand({ StreamARN: ARN(name) })), missing);
    await assert.rejects(kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'a', Data: Buffer.from('x') })), missing);
    assert.ok(!(await kinesis.send(new ListStreamsCommand({}))).StreamNames!.includes(name));
    await t().activeStream({ StreamName: name, ShardCount: 1 });
  });

  it('DescribeLimits counts open shards and on-demand streams; UpdateMaxRecordSize takes 1024–10240 KiB by ARN', async () => {
    const { kinesis } = t();
    const before = await kinesis.send(new DescribeLimitsCommand({}));
    // AWS's defaults: 20,000 shards in us-east-1 (1,000 in most other regions), 50 on-demand streams.
    assert.equal(before.ShardLimit, 20_000);
    assert.equal(before.OnDemandStreamCountLimit, 50);
    const elsewhere = t().kind.client(t().server.url, { region: 'ap-south-1' });
    try {
      assert.equal((await elsewhere.send(new DescribeLimitsCommand({}))).ShardLimit, 1_000);
    } finally {
      elsewhere.destroy();
    }
    const name = await t().activeStream({ ShardCount: 2 });
    const after = await kinesis.send(new DescribeLimitsCommand({}));
    assert.equal(after.OpenShardCount, before.OpenShardCount! + 2);
    await kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: ARN(name), MaxRecordSizeInKiB: 2048 }));
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.equal(s.MaxRecordSizeInKiB, 2048);
    await assert.rejects(kinesis.send(new UpdateMaxRecordSizeCommand({ StreamARN: ARN(name), MaxRecordSizeInKiB: 10241 })), (e) =>
      isKinesisError(
        e,
        'ValidationException',
        "1 validation error detected: Value '10241' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value less than or equal to 10240",
      ),
    );
  });
});
