import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  KinesisClient,
  PutRecordCommand,
  RegisterStreamConsumerCommand,
  SplitShardCommand,
  SubscribeToShardCommand,
} from '@aws-sdk/client-kinesis';
import { buildConfig } from '../../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../../src/runtime/server.js';
import { waitUntilActive } from '../../helpers/kinesis.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';
import { E2E_ENGINES } from '../../helpers/server.js';

const client = (url: string) =>
  new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });

/**
 * Two Switchyard nodes over one PostgreSQL schema (ARCHITECTURE §4): a subscription on node A
 * receives records written through node B pushed (B's commit NOTIFYs A because A follows the
 * shard), well under the safety-net poll; the one-call-a-second rate and the 5-second
 * subscription rule hold across nodes; and a reshard made on B ends A's subscription with ChildShards.
 */
const PUSHED_WITHIN_MS = 400; // the safety-net poll is DEFAULT_KINESIS_CONFIG.subscriptionPollMs (2 s)
describe('Kinesis two nodes on one PostgreSQL schema', { skip: E2E_ENGINES.includes('postgres') ? false : 'PostgreSQL is not among SWITCHYARD_E2E_ENGINES' }, () => {
  const schema = uniqueSchema('sy_kin2');
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    const config = () => buildConfig({ port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent', kinesisCreateDelayMs: '50' });
    a = await startServer(config());
    b = await startServer(config());
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(schema);
  });

  it('records put on node B are pushed to a subscription on node A; B refuses a second subscription (rate, then lease); a reshard on B ends it', async () => {
    const ka = client(a.url);
    const kb = client(b.url);
    try {
      await kb.send(new CreateStreamCommand({ StreamName: 'x', ShardCount: 1 }));
      await waitUntilActive(ka, 'x');
      const arn = (await kb.send(new RegisterStreamConsumerCommand({ StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/x', ConsumerName: 'c' }))).Consumer!
        .ConsumerARN!;
      while ((await ka.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }))).ConsumerDescription!.ConsumerStatus !== 'ACTIVE') {
        await new Promise((r) => setTimeout(r, 20));
      }
      const sub = await ka.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }));
      // Within a second of A's call, B refuses by the rate (counted across nodes); after it, by the 5-second lease.
      await assert.rejects(
        kb.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } })),
        (e: any) => e.name === 'LimitExceededException',
      );
      await new Promise((r) => setTimeout(r, 1_000));
      await assert.rejects(
        kb.send(new SubscribeToShardCommand({ ConsumerARN: arn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } })),
        (e: any) => e.name === 'ResourceInUseException',
      );
      const got: string[] = [];
      const latencies: number[] = [];
      let putAt = 0;
      let lastEvent: any;
      let split = false;
      const putOnB = async (data: string) => {
        putAt = Date.now();
        await kb.send(new PutRecordCommand({ StreamName: 'x', PartitionKey: 'k', Data: Buffer.from(data) }));
      };
      for await (const ev of sub.EventStream!) {
        const e = ev.SubscribeToShardEvent;
        if (!e) continue;
        lastEvent = e;
        if (putAt === 0) {
          await putOnB('from B 1');
          continue;
        }
        if (e.Records!.length === 0) continue; // a heartbeat
        latencies.push(Date.now() - putAt);
        got.push(...e.Records!.map((r) => Buffer.from(r.Data!).toString()));
        if (got.length < 3) {
          await putOnB(`from B ${got.length + 1}`);
        } else if (!split) {
          split = true;
          await kb.send(new SplitShardCommand({ StreamName: 'x', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' }));
        }
      }
      assert.deepEqual(got, ['from B 1', 'from B 2', 'from B 3']);
      for (const ms of latencies) assert.ok(ms < PUSHED_WITHIN_MS, `pushed, not polled: ${latencies.join(', ')} ms`);
      assert.equal(lastEvent.ChildShards.length, 2);
    } finally {
      ka.destroy();
      kb.destroy();
    }
  });

  /** A consumer of a new one-shard stream `name`, ACTIVE, and a subscription to its shard on node A. */
  async function subscribedOnA(name: string) {
    const ka = client(a.url);
    const kb = client(b.url);
    await kb.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
    await waitUntilActive(ka, name);
    const arn = (await kb.send(new RegisterStreamConsumerCommand({ StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`, ConsumerName: 'c' }))).Consumer!.ConsumerARN!;
    while ((await ka.send(new DescribeStreamConsumerCommand({ ConsumerARN: arn }))).ConsumerDescription!.ConsumerStatus !== 'ACTIVE') {
      await new Promise((r) => setTimeout(r, 20));
    }
    const request = { ConsumerARN: arn, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' as const } };
    const sub = await ka.send(new SubscribeToShardCommand(request));
    // The stream's end, timed: `ended()` resolves with when the last event came.
    let endedAt = 0;
    const ended = (async () => {
      for await (const _ of sub.EventStream!) void _;
      endedAt = Date.now();
      return endedAt;
    })();
    return { ka, kb, arn, request, ended };
  }

  it('a takeover on node B ends the subscription on node A at once, not at its next poll', async () => {
    const { ka, kb, request, ended } = await subscribedOnA('taken');
    try {
      await new Promise((r) => setTimeout(r, 5_100)); // the 5-second rule: B may take over now
      await kb.send(new SubscribeToShardCommand(request));
      const tookOver = Date.now();
      const endedAt = await ended;
      assert.ok(endedAt - tookOver < PUSHED_WITHIN_MS, `A's stream ended ${endedAt - tookOver} ms after B took over`);
    } finally {
      ka.destroy();
      kb.destroy();
    }
  });

  it('deregistering the consumer on node B ends its subscription on node A at once', async () => {
    const { ka, kb, arn, ended } = await subscribedOnA('deregistered');
    try {
      await new Promise((r) => setTimeout(r, 300));
      await kb.send(new DeregisterStreamConsumerCommand({ ConsumerARN: arn }));
      const deregistered = Date.now();
      const endedAt = await ended;
      assert.ok(endedAt - deregistered < PUSHED_WITHIN_MS, `A's stream ended ${endedAt - deregistered} ms after B deregistered the consumer`);
    } finally {
      ka.destroy();
      kb.destroy();
    }
  });
});
