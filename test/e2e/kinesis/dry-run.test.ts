import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeStreamConsumerCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
} from '@aws-sdk/client-kinesis';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const ACCOUNT = '000000000000';
const SHARD = 'shardId-000000000000';
const dryRun = (e: unknown) => isKinesisError(e, 'DryRunOperationException');

/**
 * DryRun on the five data-plane operations that take it: the permissions, the parameters and the
 * target resource are checked, nothing is read, written or started, and a request that passes
 * answers DryRunOperationException; one that fails answers what the operation would [Kinesis
 * Developer Guide, "Test your permissions and request inputs with dry run"].
 */
kinesisE2E('Kinesis DryRun', (t) => {
  it('passes only what would have run, and writes, reads or subscribes nothing', async () => {
    const { kinesis } = t();
    const StreamName = await t().activeStream({ ShardCount: 1 });
    const StreamARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${StreamName}`;

    // Writes: checked, not written.
    await assert.rejects(kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', Data: Buffer.from('dry'), DryRun: true })), dryRun);
    await assert.rejects(kinesis.send(new PutRecordsCommand({ StreamName, Records: [{ PartitionKey: 'k', Data: Buffer.from('dry') }], DryRun: true })), dryRun);
    await assert.rejects(kinesis.send(new PutRecordCommand({ StreamName: 'no-such-stream', PartitionKey: 'k', Data: Buffer.from('x'), DryRun: true })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException'),
    );
    await assert.rejects(kinesis.send(new PutRecordCommand({ StreamName, PartitionKey: 'k', ExplicitHashKey: (2n ** 128n).toString(), Data: Buffer.from('x'), DryRun: true })), (e) =>
      isKinesisError(e, 'InvalidArgumentException'),
    );
    await assert.rejects(kinesis.send(new PutRecordsCommand({ StreamName: 'no-such-stream', Records: [{ PartitionKey: 'k', Data: Buffer.from('x') }], DryRun: true })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException'),
    );

    // Iterators: checked, none handed out.
    await assert.rejects(kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: SHARD, ShardIteratorType: 'TRIM_HORIZON', DryRun: true })), dryRun);
    await assert.rejects(kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: 'shardId-000000000009', ShardIteratorType: 'TRIM_HORIZON', DryRun: true })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException'),
    );
    await assert.rejects(kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: SHARD, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '12345', DryRun: true })), (e) =>
      isKinesisError(e, 'InvalidArgumentException'),
    );

    // Reads: the iterator is checked, no record comes back.
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId: SHARD, ShardIteratorType: 'TRIM_HORIZON' }));
    await assert.rejects(kinesis.send(new GetRecordsCommand({ ShardIterator, DryRun: true })), dryRun);
    await assert.rejects(kinesis.send(new GetRecordsCommand({ ShardIterator: 'not-an-iterator', DryRun: true })), (e) => isKinesisError(e, 'InvalidArgumentException'));
    assert.deepEqual((await kinesis.send(new GetRecordsCommand({ ShardIterator }))).Records, [], 'the dry-run writes wrote nothing');

    // SubscribeToShard: checked, not started, and not counted as the second's one call.
    const registered = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN, ConsumerName: 'dry' }));
    const ConsumerARN = registered.Consumer!.ConsumerARN!;
    for (let i = 0; i < 200; i++) {
      if ((await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN }))).ConsumerDescription!.ConsumerStatus === 'ACTIVE') break;
      await sleep(20);
    }
    await assert.rejects(kinesis.send(new SubscribeToShardCommand({ ConsumerARN, ShardId: SHARD, StartingPosition: { Type: 'LATEST' }, DryRun: true })), dryRun);
    await assert.rejects(kinesis.send(new SubscribeToShardCommand({ ConsumerARN, ShardId: 'shardId-000000000009', StartingPosition: { Type: 'LATEST' }, DryRun: true })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException'),
    );
    const sub = await kinesis.send(new SubscribeToShardCommand({ ConsumerARN, ShardId: SHARD, StartingPosition: { Type: 'LATEST' } }));
    for await (const event of sub.EventStream!) {
      assert.ok(event.SubscribeToShardEvent, 'a real subscription starts right after dry runs');
      break;
    }
  });
});
