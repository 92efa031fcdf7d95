// A consumer's end of life and SubscribeToShard's call rate, on a ManualClock (time is data):
// DeregisterStreamConsumer leaves the consumer DELETING for the configured delay (described and
// listed as such, refused by SubscribeToShard, its name still taken), then it is gone; and
// SubscribeToShard allows one call a second per consumer per shard (LimitExceededException).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  ListStreamConsumersCommand,
  RegisterStreamConsumerCommand,
  SubscribeToShardCommand,
  type SubscribeToShardCommandOutput,
} from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../../src/runtime/clock.js';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const DELAY = 400;
const ACCT = '000000000000';
let clock: ManualClock;

kinesisE2E(
  'Kinesis consumer DELETING and the SubscribeToShard rate',
  (t) => {
    const streamArn = (name: string) => `arn:aws:kinesis:us-east-1:${ACCT}:stream/${name}`;
    const activeConsumer = async (consumerName: string) => {
      const name = t().name('fo');
      await t().kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 2 }));
      clock.advance(DELAY);
      const c = (await t().kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn(name), ConsumerName: consumerName }))).Consumer!;
      clock.advance(DELAY);
      return { name, arn: c.ConsumerARN!, createdSecs: Math.floor(c.ConsumerCreationTimestamp!.getTime() / 1000) };
    };
    const subscribe = (arn: string, shard = 0) =>
      t().kinesis.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: `shardId-00000000000${shard}`, StartingPosition: { Type: 'LATEST' } }));
    /** Leaves a subscription: the SDK's event stream is an async iterable; returning from it closes the h2 stream. */
    const close = async (sub: SubscribeToShardCommandOutput) => void (await (sub.EventStream as any)?.return?.());

    it('DeregisterStreamConsumer: DELETING for the delay (Describe, List, SubscribeToShard, Register see it), then gone and the name is free', async () => {
      const { kinesis } = t();
      const { name, arn, createdSecs } = await activeConsumer('leaver');
      await kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN: arn }));
      const describe = async () => (await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }))).ConsumerDescription!;
      assert.equal((await describe()).ConsumerStatus, 'DELETING');
      const byName = await kinesis.send(new DescribeStreamConsumerCommand({ StreamARN: streamArn(name), ConsumerName: 'leaver' }));
      assert.equal(byName.ConsumerDescription!.ConsumerStatus, 'DELETING');
      const list = await kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn(name) }));
      assert.deepEqual(list.Consumers!.map((c) => [c.ConsumerName, c.ConsumerStatus]), [['leaver', 'DELETING']]);
      assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.ConsumerCount, 1);
      // AWS: "A consumer can't read data while in the CREATING or DELETING states."
      await assert.rejects(subscribe(arn), (e) =>
        isKinesisError(e, 'ResourceInUseException', `Consumer leaver with creation timestamp ${createdSecs} under stream: ${name} , account ${ACCT} is not in ACTIVE status.`),
      );
      // The name is still taken while the consumer is DELETING.
      await assert.rejects(kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn(name), ConsumerName: 'leaver' })), (e) =>
        isKinesisError(e, 'ResourceInUseException'),
      );
      // Deregistering again is accepted and does not extend the deletion.
      clock.advance(DELAY - 1);
      await kinesis.send(new DeregisterStreamConsumerCommand({ StreamARN: streamArn(name), ConsumerName: 'leaver' }));
      assert.equal((await describe()).ConsumerStatus, 'DELETING');
      clock.advance(1);
      await assert.rejects(describe(), (e) => isKinesisError(e, 'ResourceNotFoundException'));
      assert.deepEqual((await kinesis.send(new ListStreamConsumersCommand({ StreamARN: streamArn(name) }))).Consumers, []);
      assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary!.ConsumerCount, 0);
      await assert.rejects(kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN: arn })), (e) => isKinesisError(e, 'ResourceNotFoundException'));
      clock.advance(1_000); // a new consumer ARN carries its creation second
      const again = (await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn(name), ConsumerName: 'leaver' }))).Consumer!;
      assert.equal(again.ConsumerStatus, 'CREATING');
      assert.notEqual(again.ConsumerARN, arn);
      await assert.rejects(describe(), (e) => isKinesisError(e, 'ResourceNotFoundException'), 'the old ARN does not name the new consumer');
    });

    it('DeregisterStreamConsumer ends a subscription of the consumer', async () => {
      const { kinesis } = t();
      const { arn } = await activeConsumer('ended');
      const sub = await subscribe(arn);
      await kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN: arn }));
      let events = 0;
      for await (const ev of sub.EventStream!) if (ev.SubscribeToShardEvent && ++events > 3) break; // bounded: at most the first events
      assert.ok(events <= 3, 'the event stream ended');
    });

    it('SubscribeToShard: one call a second per consumer and shard (LimitExceededException), then the 5-second rule', async () => {
      const { arn } = await activeConsumer('rate');
      const first = await subscribe(arn);
      const other = await subscribe(arn, 1); // another shard: its own rate
      await assert.rejects(subscribe(arn), (e) => isKinesisError(e, 'LimitExceededException', /^Rate exceeded for consumer .* and shard shardId-000000000000\./));
      clock.advance(999);
      await assert.rejects(subscribe(arn), (e) => isKinesisError(e, 'LimitExceededException'));
      clock.advance(1);
      // Let through by the rate, refused by the lease: the first subscription started less than 5 s ago.
      await assert.rejects(subscribe(arn), (e) =>
        isKinesisError(e, 'ResourceInUseException', `Another active subscription exists for this consumer: ${ACCT}:${arn.split('/')[1]}:shardId-000000000000:rate`),
      );
      clock.advance(500);
      await assert.rejects(subscribe(arn), (e) => isKinesisError(e, 'LimitExceededException'), 'the refused call counted');
      clock.advance(4_000);
      const second = await subscribe(arn); // 5.5 s after the first: takes over
      for await (const _ of first.EventStream!) void _; // the first one ends
      await close(second);
      await close(other);
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
