// AWS's per-operation call rates (src/services/kinesis/domain/api-rates.ts), enforced only in the
// opt-in throughput mode. The test clients make one attempt per call (maxAttempts: 1 in
// test/helpers/kinesis.ts), so the SDK's retries cannot hide a LimitExceededException.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeLimitsCommand,
  DescribeStreamSummaryCommand,
  GetShardIteratorCommand,
  ListStreamConsumersCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-kinesis';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const ACCT = '000000000000';
const ARN = (name: string) => `arn:aws:kinesis:us-east-1:${ACCT}:stream/${name}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longer than the one-second window: whatever came before has left it. */
const QUIET_MS = 1_100;

/**
 * Makes `call` until it is refused; how many passed, the refusal, and how long the burst took. With
 * an empty window at least `rate` pass; if the burst took under a second, exactly `rate` did.
 */
async function burst(call: () => Promise<unknown>, rate: number, max = 300): Promise<unknown> {
  const started = Date.now();
  for (let i = 0; i < max; i++) {
    try {
      await call();
    } catch (error) {
      assert.ok(i >= rate, `only ${i} calls passed before the refusal (rate ${rate}): ${String(error)}`);
      if (Date.now() - started < 1_000) assert.equal(i, rate, 'a burst within one second: the call after the rate is refused');
      return error;
    }
  }
  throw new Error(`no refusal in ${max} calls`);
}

kinesisE2E(
  'Kinesis call rates (throughput mode)',
  (t) => {
    it('DescribeStreamSummary: 20 per second per account, refused past that naming the stream; after a second, calls pass again', async () => {
      const { kinesis } = t();
      const name = await t().activeStream({ ShardCount: 1 });
      const other = await t().activeStream({ ShardCount: 1 });
      await sleep(QUIET_MS);
      const started = Date.now();
      const error = await burst(() => kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name })), 20);
      isKinesisError(error, 'LimitExceededException', `Rate exceeded for stream ${name} under account ${ACCT}.`);
      // Per account, not per stream: the account's other stream shares the window (refused while the burst is under a second old).
      const next = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: other })).catch((e) => e);
      if (Date.now() - started < 1_000) isKinesisError(next, 'LimitExceededException', `Rate exceeded for stream ${other} under account ${ACCT}.`);
      await sleep(QUIET_MS);
      for (let i = 0; i < 20; i++) await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    });

    it('ListStreams: 5 per second per account, "Rate exceeded for account"; another account is not affected; calls spread out all pass', async () => {
      const { kinesis } = t();
      await sleep(QUIET_MS);
      const error = await burst(() => kinesis.send(new ListStreamsCommand({})), 5);
      isKinesisError(error, 'LimitExceededException', `Rate exceeded for account ${ACCT}.`);
      const elsewhere = t().kind.client(t().server.url, { accessKeyId: '111111111111' });
      try {
        for (let i = 0; i < 5; i++) await elsewhere.send(new ListStreamsCommand({}));
        await assert.rejects(elsewhere.send(new ListStreamsCommand({})), (e) => isKinesisError(e, 'LimitExceededException', 'Rate exceeded for account 111111111111.'));
      } finally {
        elsewhere.destroy();
      }
      await sleep(QUIET_MS);
      // Four a second (at least 250 ms apart): never five within one second.
      for (let i = 0; i < 8; i++) {
        await kinesis.send(new ListStreamsCommand({}));
        await sleep(250);
      }
    });

    it('DescribeLimits: one per second per account', async () => {
      const { kinesis } = t();
      await sleep(QUIET_MS);
      const error = await burst(() => kinesis.send(new DescribeLimitsCommand({})), 1);
      isKinesisError(error, 'LimitExceededException', `Rate exceeded for account ${ACCT}.`);
      await sleep(QUIET_MS);
      await kinesis.send(new DescribeLimitsCommand({}));
    });

    it('ListStreamConsumers: 5 per second per stream; another stream is not affected', async () => {
      const { kinesis } = t();
      await sleep(QUIET_MS);
      const a = await t().activeStream({ ShardCount: 1 });
      const b = await t().activeStream({ ShardCount: 1 });
      const error = await burst(() => kinesis.send(new ListStreamConsumersCommand({ StreamARN: ARN(a) })), 5);
      isKinesisError(error, 'LimitExceededException', `Rate exceeded for stream ${a} under account ${ACCT}.`);
      for (let i = 0; i < 5; i++) await kinesis.send(new ListStreamConsumersCommand({ StreamARN: ARN(b) }));
    });

    it('GetShardIterator: 5 per second per shard, refused as a shard read is; the stream\'s other shard is not affected', async () => {
      const { kinesis } = t();
      await sleep(QUIET_MS);
      const name = await t().activeStream({ ShardCount: 2 });
      const iterator = (ShardId: string) => kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId, ShardIteratorType: 'LATEST' }));
      const error = await burst(() => iterator('shardId-000000000000'), 5);
      isKinesisError(error, 'ProvisionedThroughputExceededException', `Rate exceeded for shard shardId-000000000000 in stream ${name} under account ${ACCT}.`);
      for (let i = 0; i < 5; i++) await iterator('shardId-000000000001');
    });
  },
  { settings: { kinesisThroughputLimits: 'true' } },
);

kinesisE2E('Kinesis call rates without the throughput mode', (t) => {
  it('nothing is limited: bursts far past every rate pass', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    for (let i = 0; i < 60; i++) await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    for (let i = 0; i < 20; i++) await kinesis.send(new ListStreamsCommand({}));
    for (let i = 0; i < 10; i++) await kinesis.send(new DescribeLimitsCommand({}));
    for (let i = 0; i < 20; i++) await kinesis.send(new ListStreamConsumersCommand({ StreamARN: ARN(name) }));
    for (let i = 0; i < 20; i++) {
      await kinesis.send(new GetShardIteratorCommand({ StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }));
    }
  });
});
