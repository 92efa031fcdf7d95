import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteResourcePolicyCommand,
  DescribeAccountSettingsCommand,
  DescribeStreamSummaryCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
  GetResourcePolicyCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  PutRecordCommand,
  PutResourcePolicyCommand,
  RegisterStreamConsumerCommand,
  StartStreamEncryptionCommand,
  StopStreamEncryptionCommand,
  UpdateAccountSettingsCommand,
  UpdateStreamRecordDistributionStrategyCommand,
  UpdateStreamWarmThroughputCommand,
} from '@aws-sdk/client-kinesis';
import { E2E_CREATE_DELAY_MS, isKinesisError, kinesisE2E, waitUntilActive } from '../../helpers/kinesis.js';

const ACCT = '000000000000';
const arnOf = (name: string) => `arn:aws:kinesis:us-east-1:${ACCT}:stream/${name}`;
const ALL = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
];

kinesisE2E('Kinesis stream settings', (t) => {
  it('Start/StopStreamEncryption: status only (UPDATING, then KMS with the key; then NONE)', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const started = Date.now();
    await kinesis.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    let s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    // The UPDATING window is E2E_CREATE_DELAY_MS of real time: on a loaded machine the calls can
    // outlast it, so the in-window checks run only while it surely lasts (reshard-time.test.ts
    // checks UPDATING exactly, on a moved clock).
    if (Date.now() - started < E2E_CREATE_DELAY_MS) assert.equal(s.StreamStatus, 'UPDATING');
    assert.equal(s.EncryptionType, 'KMS');
    assert.equal(s.KeyId, 'alias/aws/kinesis');
    // Records still flow while UPDATING.
    await kinesis.send(new PutRecordCommand({ StreamName: name, PartitionKey: 'k', Data: Buffer.from('x') }));
    const early = await kinesis
      .send(new StopStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }))
      .then(() => undefined, (e: unknown) => e);
    // Answered inside the window: it must have been refused as UPDATING.
    if (Date.now() - started < E2E_CREATE_DELAY_MS) {
      assert.ok(isKinesisError(early, 'ResourceInUseException', `Stream ${name} under account ${ACCT} not ACTIVE, instead in state UPDATING`));
    }
    await waitUntilActive(kinesis, name);
    if (early !== undefined) await kinesis.send(new StopStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }));
    await waitUntilActive(kinesis, name);
    s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.equal(s.EncryptionType, 'NONE');
    assert.equal(s.KeyId, undefined);
  });

  it('StartStreamEncryption: a KeyId no KMS key can have (not printable ASCII, e.g. NUL) is KMSNotFoundException, on every engine, and changes nothing', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    for (const keyId of ['a\u0000b', 'alias/é', 'alias/a b', '\u202e']) {
      await assert.rejects(
        kinesis.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: keyId })),
        (e) => isKinesisError(e, 'KMSNotFoundException', `Invalid keyId ${keyId}`),
      );
    }
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.equal(s.StreamStatus, 'ACTIVE');
    assert.equal(s.EncryptionType, 'NONE');
  });

  it('Enable/DisableEnhancedMonitoring: current and desired metrics, ALL expanded', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const on = await kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: name, ShardLevelMetrics: ['IncomingBytes'] }));
    assert.deepEqual(on.CurrentShardLevelMetrics, []);
    assert.deepEqual(on.DesiredShardLevelMetrics, ['IncomingBytes']);
    assert.equal(on.StreamARN, arnOf(name));
    const all = await kinesis.send(new EnableEnhancedMonitoringCommand({ StreamName: name, ShardLevelMetrics: ['ALL'] }));
    assert.deepEqual(all.DesiredShardLevelMetrics, ALL);
    const off = await kinesis.send(new DisableEnhancedMonitoringCommand({ StreamName: name, ShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes'] }));
    assert.deepEqual(off.CurrentShardLevelMetrics, ALL);
    assert.deepEqual(off.DesiredShardLevelMetrics, ALL.filter((m) => m !== 'IncomingBytes' && m !== 'OutgoingBytes'));
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.deepEqual(s.EnhancedMonitoring, [{ ShardLevelMetrics: off.DesiredShardLevelMetrics }]);
  });

  it('Put/Get/DeleteResourcePolicy on streams and consumers, stored; unknown resources and bad documents refused', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'kinesis:GetRecords', Resource: arnOf(name) }] });
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arnOf(name) }))).Policy, '{}');
    await kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arnOf(name), Policy: policy }));
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arnOf(name) }))).Policy, policy);
    const consumer = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arnOf(name), ConsumerName: 'c' }))).Consumer!.ConsumerARN!;
    await kinesis.send(new PutResourcePolicyCommand({ ResourceARN: consumer, Policy: '{"Version":"2012-10-17","Statement":[]}' }));
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: consumer }))).Policy, '{"Version":"2012-10-17","Statement":[]}');
    await kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arnOf(name) }));
    assert.equal((await kinesis.send(new GetResourcePolicyCommand({ ResourceARN: arnOf(name) }))).Policy, '{}');
    await assert.rejects(kinesis.send(new DeleteResourcePolicyCommand({ ResourceARN: arnOf(name) })), (e) => isKinesisError(e, 'ResourceNotFoundException'));
    await assert.rejects(kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arnOf('nope'), Policy: policy })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException', `Stream nope under account ${ACCT} not found.`),
    );
    await assert.rejects(kinesis.send(new PutResourcePolicyCommand({ ResourceARN: arnOf(name), Policy: 'not json' })), (e) =>
      isKinesisError(e, 'InvalidArgumentException'),
    );
  });

  it('consumer tags: RegisterStreamConsumer Tags, then Tag/Untag/ListTagsForResource by consumer ARN', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    const arn = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: arnOf(name), ConsumerName: 'tagged', Tags: { team: 'a' } }))).Consumer!.ConsumerARN!;
    await kinesis.send(new TagResourceCommand({ ResourceARN: arn, Tags: { env: 'test' } }));
    await kinesis.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['team'] }));
    assert.deepEqual((await kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags, [{ Key: 'env', Value: 'test' }]);
    assert.deepEqual((await kinesis.send(new ListTagsForResourceCommand({ ResourceARN: arnOf(name) }))).Tags, [], 'the stream has its own tags');
    await assert.rejects(kinesis.send(new TagResourceCommand({ ResourceARN: `${arnOf(name)}/consumer/nope:1700000000`, Tags: { a: 'b' } })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException'),
    );
  });

  it('UpdateStreamWarmThroughput and UpdateStreamRecordDistributionStrategy are reported back', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({});
    const w = await kinesis.send(new UpdateStreamWarmThroughputCommand({ StreamName: name, WarmThroughputMiBps: 20 }));
    assert.deepEqual(w.WarmThroughput, { TargetMiBps: 20, CurrentMiBps: 20 });
    assert.equal(w.StreamARN, arnOf(name));
    await kinesis.send(new UpdateStreamRecordDistributionStrategyCommand({ StreamARN: arnOf(name), RecordDistributionStrategy: 'AUTO' }));
    const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!;
    assert.deepEqual(s.WarmThroughput, { TargetMiBps: 20, CurrentMiBps: 20 });
    assert.equal(s.RecordDistributionStrategy, 'AUTO');
    await kinesis.send(new PutRecordCommand({ StreamName: name, Data: Buffer.from('no key') }));
  });

  it('DescribeAccountSettings / UpdateAccountSettings: the minimum throughput billing commitment', async () => {
    const { kinesis } = t();
    assert.equal((await kinesis.send(new DescribeAccountSettingsCommand({}))).MinimumThroughputBillingCommitment, undefined);
    const on = await kinesis.send(new UpdateAccountSettingsCommand({ MinimumThroughputBillingCommitment: { Status: 'ENABLED' } }));
    assert.equal(on.MinimumThroughputBillingCommitment!.Status, 'ENABLED');
    const started = on.MinimumThroughputBillingCommitment!.StartedAt!;
    assert.equal(on.MinimumThroughputBillingCommitment!.EarliestAllowedEndAt!.getTime() - started.getTime(), 86_400_000);
    const off = await kinesis.send(new UpdateAccountSettingsCommand({ MinimumThroughputBillingCommitment: { Status: 'DISABLED' } }));
    assert.equal(off.MinimumThroughputBillingCommitment!.Status, 'ENABLED_UNTIL_EARLIEST_ALLOWED_END');
    const d = await kinesis.send(new DescribeAccountSettingsCommand({}));
    assert.equal(d.MinimumThroughputBillingCommitment!.Status, 'ENABLED_UNTIL_EARLIEST_ALLOWED_END');
  });
});
