import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateQueueCommand, ListQueuesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { ConfigError, startSwitchyard, type Switchyard } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** The embedding API (src/index.ts): Switchyard inside the test's own process, as a library user runs it. */
describe('embedded Switchyard (startSwitchyard)', () => {
  const started: Switchyard[] = [];
  const start = async (options?: Parameters<typeof startSwitchyard>[0]) => {
    const s = await startSwitchyard(options);
    started.push(s);
    return s;
  };
  after(async () => {
    for (const s of started) await s.close().catch(() => {});
  });

  it('serves all three services to SDK clients built from clientConfig, on an ephemeral port', async () => {
    const s = await start();
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(s.port, 4566);
    assert.equal(s.clientConfig.endpoint, s.url);
    const sqs = new SQSClient(s.clientConfig);
    const sns = new SNSClient(s.clientConfig);
    const kinesis = new KinesisClient(s.clientConfig);
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'embedded' }));
      assert.equal(QueueUrl, `${s.url}/${s.accountId}/embedded`);
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'embedded' }));
      assert.equal(TopicArn, `arn:aws:sns:${s.region}:${s.accountId}:embedded`);
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${s.region}:${s.accountId}:embedded`, Attributes: { RawMessageDelivery: 'true' } }));
      await sns.send(new PublishCommand({ TopicArn, Message: 'through the topic' }));
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
      assert.equal(got.Messages?.[0]?.Body, 'through the topic');

      await kinesis.send(new CreateStreamCommand({ StreamName: 'embedded', ShardCount: 1 }));
      await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: 'embedded' });
      await kinesis.send(new PutRecordCommand({ StreamName: 'embedded', PartitionKey: 'k', Data: Buffer.from('record') }));
      const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: 'embedded' }));
      const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'embedded', ShardId: Shards![0]!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      const records = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
      assert.equal(Buffer.from(records.Records![0]!.Data!).toString(), 'record');
    } finally {
      sqs.destroy();
      sns.destroy();
      kinesis.destroy();
    }
  });

  it('keeps two servers in one process apart, and close() releases the port', async () => {
    const a = await start();
    const b = await start({ accountId: '123456789012', region: 'eu-west-1' });
    const sqsA = new SQSClient(a.clientConfig);
    const sqsB = new SQSClient(b.clientConfig);
    try {
      await sqsA.send(new CreateQueueCommand({ QueueName: 'only-in-a' }));
      assert.deepEqual((await sqsB.send(new ListQueuesCommand({}))).QueueUrls ?? [], []);
      const { QueueUrl } = await sqsB.send(new CreateQueueCommand({ QueueName: 'in-b' }));
      assert.equal(QueueUrl, `${b.url}/123456789012/in-b`);
      assert.equal(b.clientConfig.region, 'eu-west-1');
    } finally {
      sqsA.destroy();
      sqsB.destroy();
    }
    await b.close();
    await assert.rejects(fetch(`${b.url}/`), (e: Error) => /fetch failed/.test(e.message));
  });

  it('is in memory by default, and keeps what it acknowledged in dataDir across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-embed-'));
    try {
      const first = await startSwitchyard({ dataDir: dir });
      let sqs = new SQSClient(first.clientConfig);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'still here' }));
      sqs.destroy();
      await first.close();

      const second = await start({ dataDir: dir });
      sqs = new SQSClient(second.clientConfig);
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${second.url}/${second.accountId}/kept` }));
      sqs.destroy();
      assert.equal(got.Messages?.[0]?.Body, 'still here');

      const memory = await start();
      sqs = new SQSClient(memory.clientConfig);
      const listed = await sqs.send(new ListQueuesCommand({}));
      sqs.destroy();
      assert.deepEqual(listed.QueueUrls ?? [], []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects options it cannot use with a ConfigError, before listening', async () => {
    await assert.rejects(startSwitchyard({ port: 70_000 }), (e: Error) => e instanceof ConfigError && /invalid port/.test(e.message));
    await assert.rejects(startSwitchyard({ accountId: '42' }), (e: Error) => e instanceof ConfigError && /12 digits/.test(e.message));
    await assert.rejects(startSwitchyard({ databaseUrl: 'mysql://x' }), (e: Error) => e instanceof ConfigError && /postgres:\/\//.test(e.message));
  });

  it("is the package's entry point: import 'switchyard' runs the build, and its types check", async () => {
    // A consumer project with the package installed (a symlink, as `npm link` makes).
    const consumer = mkdtempSync(join(tmpdir(), 'switchyard-consumer-'));
    try {
      mkdirSync(join(consumer, 'node_modules'));
      symlinkSync(ROOT, join(consumer, 'node_modules', 'switchyard'), 'dir');
      writeFileSync(join(consumer, 'package.json'), '{"type":"module"}');
      writeFileSync(
        join(consumer, 'main.ts'),
        [
          "import { startSwitchyard, ConfigError, type Switchyard } from 'switchyard';",
          'const s: Switchyard = await startSwitchyard({ logLevel: "silent" });',
          'const r = await fetch(`${s.url}/`, { method: "POST", headers: { "x-amz-target": "AmazonSQS.ListQueues", "content-type": "application/x-amz-json-1.0" }, body: "{}" });',
          'console.log(JSON.stringify({ status: r.status, body: await r.json(), configError: typeof ConfigError }));',
          'await s.close();',
        ].join('\n'),
      );
      writeFileSync(
        join(consumer, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] }, files: ['main.ts'] }),
      );
      // tsc checks the consumer against the package's .d.ts files and emits the JavaScript to run.
      await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', consumer], { cwd: consumer, timeout: 60_000 });
      const { stdout } = await run(process.execPath, [join(consumer, 'out', 'main.js')], { cwd: consumer, timeout: 60_000 });
      assert.deepEqual(JSON.parse(stdout), { status: 200, body: {}, configError: 'function' });
    } finally {
      rmSync(consumer, { recursive: true, force: true });
    }
  });
});
