/**
 * SQS triggers on several nodes: two servers over one PostgreSQL schema, both started with the
 * same resource file, both poll the queue; SQS's visibility rules hand each message to one batch
 * at a time, so every message is invoked once (the function succeeds at once) and a FIFO group
 * stays in order across the nodes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildConfig } from '../../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../../src/runtime/server.js';
import { startFakeLambda, type FakeLambda } from '../../helpers/lambda-invoke-server.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';

const client = (url: string) => new SQSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });

describe('SQS triggers on two nodes [postgres]', { skip: E2E_ENGINES.includes('postgres') ? false : 'PostgreSQL is not among SWITCHYARD_E2E_ENGINES (several nodes need it)' }, () => {
  const schema = uniqueSchema('sy_trigger_nodes');
  let dir: string;
  let lambda: FakeLambda;
  let nodes: RunningServer[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-trigger-nodes-'));
    const file = join(dir, 'resources.json');
    writeFileSync(
      file,
      JSON.stringify({
        queues: [
          { name: 'shared', triggers: [{ function: 'shared-fn', batchSize: 5, maximumConcurrency: 3 }] },
          { name: 'shared.fifo', triggers: [{ function: 'shared-fifo-fn', batchSize: 3, maximumConcurrency: 3 }] },
        ],
      }),
    );
    lambda = await startFakeLambda();
    const config = () => buildConfig({ port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent', resources: file, lambdaEndpoint: lambda.url });
    nodes = [await startServer(config()), await startServer(config())];
  });

  after(async () => {
    for (const n of nodes) await n.close();
    await lambda.close();
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('with both nodes polling, every message is invoked once; a FIFO group in order', async () => {
    const sqs = [client(nodes[0]!.url), client(nodes[1]!.url)];
    const standard = (await sqs[0]!.send(new GetQueueUrlCommand({ QueueName: 'shared' }))).QueueUrl!;
    const fifo = (await sqs[1]!.send(new GetQueueUrlCommand({ QueueName: 'shared.fifo' }))).QueueUrl!;
    for (let n = 0; n < 10; n++) {
      await sqs[n % 2]!.send(new SendMessageBatchCommand({ QueueUrl: standard, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `s${n * 10 + i}` })) }));
      await sqs[n % 2]!.send(new SendMessageBatchCommand({ QueueUrl: fifo, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `f${n * 10 + i}`, MessageGroupId: 'g', MessageDeduplicationId: `d${n * 10 + i}` })) }));
    }
    const bodies = (name: string) => lambda.of(name).flatMap((c) => c.event.Records.map((r: { body: string }) => r.body as string));
    const deadline = Date.now() + 20_000;
    while ((bodies('shared-fn').length < 100 || bodies('shared-fifo-fn').length < 100) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300)); // anything invoked twice would show now
    const got = bodies('shared-fn');
    assert.equal(got.length, 100, 'each message once');
    assert.equal(new Set(got).size, 100);
    assert.deepEqual(bodies('shared-fifo-fn'), Array.from({ length: 100 }, (_, i) => `f${i}`), 'the group in order, each once');
    for (const c of sqs) c.destroy();
  });
});
