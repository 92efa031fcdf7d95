import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateStreamCommand,
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
 * receives records written through node B (found by the short poll, since B's in-process
 * notification cannot reach A), the 5-second subscription rule holds across nodes, and a reshard
 * made on B ends A's subscription with ChildShards.
 */
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

  it('records put on node B reach a subscription on node A; a second subscription on B within 5 s is refused; a reshard on B ends it', async () => {
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
      let putAt = 0;
      let lastEvent: any;
      let split = false;
      for await (const ev of sub.EventStream!) {
        const e = ev.SubscribeToShardEvent;
        if (!e) continue;
        lastEvent = e;
        if (putAt === 0) {
          putAt = Date.now();
          await kb.send(new PutRecordCommand({ StreamName: 'x', PartitionKey: 'k', Data: Buffer.from('from B') }));
          continue;
        }
        got.push(...e.Records!.map((r) => Buffer.from(r.Data!).toString()));
        if (got.length === 1 && !split) {
          split = true;
          assert.ok(Date.now() - putAt < 2_000, 'found by the short poll');
          await kb.send(new SplitShardCommand({ StreamName: 'x', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' }));
        }
      }
      assert.deepEqual(got, ['from B']);
      assert.equal(lastEvent.ChildShards.length, 2);
    } finally {
      ka.destroy();
      kb.destroy();
    }
  });
});
