import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DescribeLimitsCommand,
  SplitShardCommand,
  UpdateShardCountCommand,
  UpdateStreamModeCommand,
} from '@aws-sdk/client-kinesis';
import { isKinesisError, kinesisE2E, waitUntilActive } from '../../helpers/kinesis.js';

/** The account's quotas as configured (--kinesis-shard-limit, --kinesis-on-demand-stream-limit). */

const ACCOUNT = '000000000000';
const ARN = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
const shardLimit = (current: number, limit: number, requested: number) =>
  `This request would exceed the shard limit for the account ${ACCOUNT} in us-east-1. Current shard count for the account: ${current}. ` +
  `Limit: ${limit}. Number of additional shards that would have resulted from this request: ${requested}. ` +
  'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) ' +
  'for current limits and how to request higher limits.';
const onDemandLimit = (current: number, limit: number) =>
  `This request would exceed the limit on the number of On-Demand streams for the account ${ACCOUNT} in us-east-1. Current On-Demand streams count: ${current}. Limit: ${limit}.`;

kinesisE2E(
  'Kinesis shard quota, configured',
  (t) => {
    it('DescribeLimits reports the configured shard quota in every region, AWS default on-demand quota', async () => {
      const { kinesis } = t();
      const limits = await kinesis.send(new DescribeLimitsCommand({}));
      assert.deepEqual(
        { ShardLimit: limits.ShardLimit, OpenShardCount: limits.OpenShardCount, OnDemandStreamCountLimit: limits.OnDemandStreamCountLimit },
        { ShardLimit: 6, OpenShardCount: 0, OnDemandStreamCountLimit: 50 },
      );
      // Unset, eu-central-1 would default to 1,000: the setting applies to every region.
      const elsewhere = t().kind.client(t().server.url, { region: 'eu-central-1' });
      try {
        assert.equal((await elsewhere.send(new DescribeLimitsCommand({}))).ShardLimit, 6);
      } finally {
        elsewhere.destroy();
      }
    });

    it('CreateStream and reshards past the quota: LimitExceededException; up to it is fine', async () => {
      const { kinesis } = t();
      const a = await t().activeStream({ ShardCount: 4 });
      const b = t().name();
      await assert.rejects(kinesis.send(new CreateStreamCommand({ StreamName: b, ShardCount: 3 })), (e) =>
        isKinesisError(e, 'LimitExceededException', shardLimit(4, 6, 3)),
      );
      // An on-demand stream's 4 shards count too.
      await assert.rejects(kinesis.send(new CreateStreamCommand({ StreamName: b })), (e) =>
        isKinesisError(e, 'LimitExceededException', shardLimit(4, 6, 4)),
      );
      await t().activeStream({ StreamName: b, ShardCount: 2 });
      assert.equal((await kinesis.send(new DescribeLimitsCommand({}))).OpenShardCount, 6);

      await assert.rejects(
        kinesis.send(new SplitShardCommand({ StreamName: a, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' })),
        (e) => isKinesisError(e, 'LimitExceededException', shardLimit(6, 6, 1)),
      );
      await assert.rejects(kinesis.send(new UpdateShardCountCommand({ StreamARN: ARN(b), TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' })), (e) =>
        isKinesisError(e, 'LimitExceededException', shardLimit(6, 6, 2)),
      );
      // Fewer shards need no room: b goes down to one.
      await kinesis.send(new UpdateShardCountCommand({ StreamName: b, TargetShardCount: 1, ScalingType: 'UNIFORM_SCALING' }));
      await waitUntilActive(kinesis, b);
      assert.equal((await kinesis.send(new DescribeLimitsCommand({}))).OpenShardCount, 5);
      await t().activeStream({ ShardCount: 1 });
    });
  },
  { settings: { kinesisShardLimit: '6' } },
);

kinesisE2E(
  'Kinesis on-demand stream quota, configured',
  (t) => {
    it('DescribeLimits reports it; the third on-demand stream and a switch to ON_DEMAND past it: LimitExceededException', async () => {
      const { kinesis } = t();
      const limits = await kinesis.send(new DescribeLimitsCommand({}));
      assert.equal(limits.OnDemandStreamCountLimit, 2);
      assert.equal(limits.ShardLimit, 20_000);

      const first = await t().activeStream({ StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
      await t().activeStream({});
      assert.equal((await kinesis.send(new DescribeLimitsCommand({}))).OnDemandStreamCount, 2);
      await assert.rejects(kinesis.send(new CreateStreamCommand({ StreamName: t().name(), StreamModeDetails: { StreamMode: 'ON_DEMAND' } })), (e) =>
        isKinesisError(e, 'LimitExceededException', onDemandLimit(2, 2)),
      );
      // Provisioned streams are not counted.
      const provisioned = await t().activeStream({ ShardCount: 1 });
      await assert.rejects(
        kinesis.send(new UpdateStreamModeCommand({ StreamARN: ARN(provisioned), StreamModeDetails: { StreamMode: 'ON_DEMAND' } })),
        (e) => isKinesisError(e, 'LimitExceededException', onDemandLimit(2, 2)),
      );

      // A stream switched back to PROVISIONED frees its place.
      await kinesis.send(new UpdateStreamModeCommand({ StreamARN: ARN(first), StreamModeDetails: { StreamMode: 'PROVISIONED' } }));
      assert.equal((await kinesis.send(new DescribeLimitsCommand({}))).OnDemandStreamCount, 1);
      await kinesis.send(new UpdateStreamModeCommand({ StreamARN: ARN(provisioned), StreamModeDetails: { StreamMode: 'ON_DEMAND' } }));
      assert.equal((await kinesis.send(new DescribeLimitsCommand({}))).OnDemandStreamCount, 2);
    });
  },
  { settings: { kinesisOnDemandStreamLimit: '2' } },
);
