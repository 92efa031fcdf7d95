/**
 * The throughput modes across nodes (services/shared/rate-shared.ts, kinesis/domain/throughput.ts
 * SharedShardThrottle): two nodes over one PostgreSQL schema count against the same windows, so
 * calls spread over both together get one node's rate, not twice it (as they did when each node
 * counted alone). The shared windows may admit one chunk per node beyond the rate (a tenth of it,
 * at least 1): the bounds below allow that and stay under twice the rate. Both nodes run on one
 * manual clock: every call happens at the same instant until the test moves it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { buildConfig } from '../../src/runtime/config.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { startServer, type RunningServer } from '../../src/runtime/server.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';

const NODES = 2;
/** SNS's "All other supported Regions": 300 messages a second to standard topics. */
const SNS_REGION = 'ca-central-1';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** The most the cluster may admit in one instant: the rate plus one chunk (a tenth, at least 1) per node. */
function bound(rate: number): number {
  return rate + NODES * Math.max(1, Math.floor(rate / 10));
}

describe('throughput modes shared by two nodes [postgres]', { skip: !E2E_ENGINES.includes('postgres') && 'PostgreSQL e2e runs are switched off (SWITCHYARD_E2E_ENGINES)' }, () => {
  const schema = uniqueSchema('sy_throughput_nodes');
  const clock = new ManualClock(Date.now());
  let nodes: RunningServer[] = [];
  let sqs: SQSClient[] = [];
  let sns: SNSClient[] = [];
  let kinesis: KinesisClient[] = [];
  before(async () => {
    const config = () =>
      buildConfig({ port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent', throughputLimits: 'true', kinesisCreateDelayMs: '0' });
    nodes = [await startServer(config(), { clock }), await startServer(config(), { clock })];
    sqs = nodes.map((n) => new SQSClient({ endpoint: n.url, region: 'us-east-1', credentials, maxAttempts: 1 }));
    sns = nodes.map((n) => new SNSClient({ endpoint: n.url, region: SNS_REGION, credentials, maxAttempts: 1 }));
    kinesis = nodes.map((n) => new KinesisClient({ endpoint: n.url, region: 'us-east-1', credentials, maxAttempts: 1 }));
  });
  after(async () => {
    for (const c of [...sqs, ...sns, ...kinesis]) c.destroy();
    for (const n of nodes) await n.close();
    await dropSchema(schema);
  });

  /** `n` calls alternating between the nodes (`call(node)`); how many passed. Every refusal must be `refusal`. */
  async function spread(n: number, refusal: string, call: (node: number) => Promise<unknown>): Promise<number> {
    let passed = 0;
    for (let i = 0; i < n; i++) {
      try {
        await call(i % NODES);
        passed++;
      } catch (e) {
        assert.equal((e as Error).name, refusal, String(e));
      }
    }
    return passed;
  }

  it('SQS: a FIFO queue takes 300 SendMessage a second from the cluster, not from each node', async (t) => {
    await sqs[0]!.send(new CreateQueueCommand({ QueueName: 'spread.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }));
    const urls = await Promise.all(sqs.map(async (c) => (await c.send(new GetQueueUrlCommand({ QueueName: 'spread.fifo' }))).QueueUrl!));
    let body = 0;
    const send = (node: number) => sqs[node]!.send(new SendMessageCommand({ QueueUrl: urls[node], MessageBody: `m${body++}`, MessageGroupId: 'g' }));
    const first = await spread(700, 'RequestThrottled', send);
    assert.ok(first >= 300 && first <= bound(300), `${first} of 700 passed (counted per node: ${NODES * 300})`);
    clock.advance(1000);
    const second = await spread(700, 'RequestThrottled', send);
    assert.ok(second >= 300 && second <= bound(300), `${second} of 700 passed a second later`);
    t.diagnostic(`SendMessage: ${first}, then ${second} of 700 passed`);
  });

  it('SNS: an account publishes 300 messages a second to standard topics (ca-central-1) through the cluster', async (t) => {
    const { TopicArn } = await sns[0]!.send(new CreateTopicCommand({ Name: 'spread' }));
    const passed = await spread(700, 'Throttling', (node) => sns[node]!.send(new PublishCommand({ TopicArn, Message: 'hello' })));
    assert.ok(passed >= 300 && passed <= bound(300), `${passed} of 700 passed (counted per node: ${NODES * 300})`);
    clock.advance(1000);
    // Concurrent calls on both nodes: waves of 100 at once, so that each node's calls wait on its leases together.
    let concurrent = 0;
    for (let wave = 0; wave < 7; wave++) {
      const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => sns[i % NODES]!.send(new PublishCommand({ TopicArn, Message: 'hello' }))));
      for (const r of results) {
        if (r.status === 'fulfilled') concurrent++;
        else assert.equal((r.reason as Error).name, 'Throttling', String(r.reason));
      }
    }
    assert.ok(concurrent >= 300 && concurrent <= bound(300), `${concurrent} of 700 concurrent publishes passed`);
    t.diagnostic(`Publish: ${passed} of 700 passed one at a time, ${concurrent} of 700 in waves of 100`);
    clock.advance(1000);
  });

  it('Kinesis: a shard takes 1 MiB a second of PutRecord and 1,000 records of PutRecords from the cluster', async (t) => {
    await kinesis[0]!.send(new CreateStreamCommand({ StreamName: 'spread', ShardCount: 1 }));
    const data = new Uint8Array(100 * 1024); // 10 of them (and their keys) fit in 1 MiB, 11 do not
    const put = (node: number) => kinesis[node]!.send(new PutRecordCommand({ StreamName: 'spread', PartitionKey: 'k', Data: data }));
    const puts = await spread(40, 'ProvisionedThroughputExceededException', put);
    assert.ok(puts >= 10 && puts <= 12, `${puts} of 40 records of 100 KiB passed (counted per node: ${NODES * 10})`);
    clock.advance(1000);
    let accepted = 0;
    for (let i = 0; i < 6; i++) {
      const Records = Array.from({ length: 500 }, (_, j) => ({ PartitionKey: 'k', Data: new TextEncoder().encode(`r${i}-${j}`) }));
      const r = await kinesis[i % NODES]!.send(new PutRecordsCommand({ StreamName: 'spread', Records }));
      accepted += 500 - r.FailedRecordCount!;
    }
    assert.ok(accepted >= 1000 && accepted <= bound(1000), `${accepted} of 3,000 records passed (counted per node: ${NODES * 1000})`);
    t.diagnostic(`PutRecord (100 KiB): ${puts} of 40; PutRecords: ${accepted} of 3,000 records`);
    clock.advance(1000);
  });

  it('Kinesis: call rates are the cluster\'s (DescribeStreamSummary 20 a second per account, GetShardIterator 5 per shard)', async (t) => {
    const describe = (node: number) => kinesis[node]!.send(new DescribeStreamSummaryCommand({ StreamName: 'spread' }));
    const described = await spread(80, 'LimitExceededException', describe);
    assert.ok(described >= 20 && described <= bound(20), `${described} of 80 passed (counted per node: ${NODES * 20})`);
    const iterator = (node: number) => kinesis[node]!.send(new GetShardIteratorCommand({ StreamName: 'spread', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    const iterators = await spread(30, 'ProvisionedThroughputExceededException', iterator);
    assert.ok(iterators >= 5 && iterators <= bound(5), `${iterators} of 30 passed (counted per node: ${NODES * 5})`);
    t.diagnostic(`DescribeStreamSummary: ${described} of 80; GetShardIterator: ${iterators} of 30`);
    clock.advance(1000);
  });

  it('Kinesis: a read paces the shard on every node (2 MiB a second), and 5 GetRecords a second per shard', async (t) => {
    const { ShardIterator } = await kinesis[0]!.send(new GetShardIteratorCommand({ StreamName: 'spread', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }));
    const read = await kinesis[0]!.send(new GetRecordsCommand({ ShardIterator }));
    const bytes = read.Records!.reduce((n, r) => n + r.Data!.length + r.PartitionKey!.length, 0);
    assert.ok(bytes > 1_000_000, `${bytes} bytes read`);
    await new Promise((r) => setTimeout(r, 100)); // the read's charge reaches the database (real time; the clock stands)
    await assert.rejects(kinesis[1]!.send(new GetRecordsCommand({ ShardIterator })), { name: 'ProvisionedThroughputExceededException' }, 'the other node knows the shard is paying for the read');
    clock.advance(Math.ceil((bytes * 1000) / (2 * 1_048_576)));
    await kinesis[1]!.send(new GetRecordsCommand({ ShardIterator, Limit: 1 }));
    clock.advance(1000);
    // At the tip: nothing to read, so no pacing, only the call rate.
    const latest = await kinesis[0]!.send(new GetShardIteratorCommand({ StreamName: 'spread', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }));
    const get = (node: number) => kinesis[node]!.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }));
    const calls = await spread(30, 'ProvisionedThroughputExceededException', get);
    assert.ok(calls >= 5 && calls <= bound(5), `${calls} of 30 GetRecords passed (counted per node: ${NODES * 5})`);
    t.diagnostic(`GetRecords: ${calls} of 30`);
  });
});
