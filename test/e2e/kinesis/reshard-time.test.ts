// Time is data for resharding and consumers too (ARCHITECTURE §3): on a ManualClock, a reshard
// keeps the stream UPDATING and a new consumer CREATING for exactly the configured delay, the
// 5-second SubscribeToShard rule is counted on the clock, and UpdateShardCount's 10-a-day quota
// rolls over after 24 hours.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../../src/runtime/clock.js';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const DELAY = 400;
const DAY = 86_400_000;
let clock: ManualClock;

kinesisE2E(
  'Kinesis resharding and consumers on a moved clock',
  (t) => {
    const create = async (ShardCount = 1) => {
      const name = t().name('rt');
      await t().kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount }));
      clock.advance(DELAY);
      return name;
    };
    const status = async (name: string) => (await t().kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.StreamStatus;

    it('a reshard keeps the stream UPDATING for the configured delay, then ACTIVE', async () => {
      const { kinesis } = t();
      const name = await create();
      await kinesis.send(new SplitShardCommand({ StreamName: name, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' }));
      assert.equal(await status(name), 'UPDATING');
      clock.advance(DELAY - 1);
      assert.equal(await status(name), 'UPDATING');
      clock.advance(1);
      assert.equal(await status(name), 'ACTIVE');
    });

    it('a consumer is CREATING for the delay; SubscribeToShard refuses it until ACTIVE, and a second subscription until 5 s later', async () => {
      const { kinesis } = t();
      const name = await create();
      const arn = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`, ConsumerName: 'c' })))
        .Consumer!.ConsumerARN!;
      const subscribe = () => kinesis.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }));
      assert.equal((await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }))).ConsumerDescription!.ConsumerStatus, 'CREATING');
      await assert.rejects(subscribe(), (e) => isKinesisError(e, 'ResourceInUseException'));
      clock.advance(DELAY);
      const first = await subscribe();
      clock.advance(3_999);
      await assert.rejects(subscribe(), (e) => isKinesisError(e, 'ResourceInUseException'));
      clock.advance(1_001); // exactly 5 s after the first; the refused call above was more than a second ago (one call a second)
      const second = await subscribe();
      // The first subscription was taken over: it ends.
      for await (const _ of first.EventStream!) void _;
      (second.EventStream as any).return?.();
    });

    it('UpdateShardCount: at most 10 in a rolling 24 hours', async () => {
      const { kinesis } = t();
      const name = await create(2);
      for (let i = 0; i < 10; i++) {
        await kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: i % 2 === 0 ? 3 : 2, ScalingType: 'UNIFORM_SCALING' }));
        clock.advance(DELAY);
      }
      await assert.rejects(kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' })), (e) =>
        isKinesisError(e, 'LimitExceededException'),
      );
      clock.advance(DAY);
      await kinesis.send(new UpdateShardCountCommand({ StreamName: name, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }));
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
