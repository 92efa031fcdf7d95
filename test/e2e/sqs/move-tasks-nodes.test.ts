/**
 * Message move tasks on two nodes over one PostgreSQL database (services/sqs/move-tasks.ts): both
 * nodes run the task, but each step is taken by one of them, so together they keep the task's rate
 * and count every message once; and when the node that started a task is killed, the other carries
 * it on to the end. PostgreSQL only: one SQLite file serves one process.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@aws-sdk/client-sqs';
import { spawnServer, type SpawnedServer } from '../../helpers/process.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';

const client = (url: string) => new sdk.SQSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });

describe('SQS move tasks on two nodes [postgres]', { skip: !E2E_ENGINES.includes('postgres') && 'PostgreSQL e2e runs are switched off (SWITCHYARD_E2E_ENGINES)' }, () => {
  const servers: SpawnedServer[] = [];
  const schemas: string[] = [];
  after(async () => {
    for (const s of servers) await s.stop().catch(() => undefined);
    for (const s of schemas) await dropSchema(s);
  });

  /** Two nodes on a fresh schema; a dead-letter queue holding `n` messages redriven from `src`. */
  async function setUp(name: string, n: number) {
    const schema = uniqueSchema();
    schemas.push(schema);
    const a = await spawnServer({ databaseUrl: postgresTestUrl(), databaseSchema: schema });
    servers.push(a);
    const sqs = client(a.url);
    const dlq = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
    const dlqArn = (await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const src = (await sqs.send(
      new sdk.CreateQueueCommand({ QueueName: `${name}-src`, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) } }),
    )).QueueUrl!;
    for (let i = 0; i < n; i += 10) {
      await sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: src, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: String(j), MessageBody: `m${i + j}` })) }));
    }
    // received once with no visibility timeout: at the next receive each one goes to the DLQ
    for (let round = 0; round < 4 * n; round++) {
      const r = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: src, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      if ((r.Messages?.length ?? 0) === 0 && (await count(sqs, dlq)) === n) break;
    }
    assert.equal(await count(sqs, dlq), n);
    return { a, sqs, schema, dlq, dlqArn, src };
  }

  const count = async (sqs: sdk.SQSClient, url: string) =>
    Number((await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes!.ApproximateNumberOfMessages);

  async function finished(sqs: sdk.SQSClient, dlqArn: string, ms: number): Promise<sdk.ListMessageMoveTasksResultEntry> {
    const deadline = Date.now() + ms;
    for (;;) {
      const [task] = (await sqs.send(new sdk.ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results ?? [];
      if (task && task.Status !== 'RUNNING') return task;
      if (Date.now() > deadline) throw new Error(`the task is still ${task?.Status} after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every message of the source queue, once each. */
  async function drainBodies(sqs: sdk.SQSClient, url: string): Promise<string[]> {
    const bodies: string[] = [];
    for (let round = 0; round < 100; round++) {
      const r = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }));
      if (!r.Messages?.length) break;
      bodies.push(...r.Messages.map((m) => m.Body!));
    }
    return bodies.sort();
  }

  it('both nodes run the task, together at its rate, and count every message once', async () => {
    const n = 40;
    const { sqs, schema, dlq, dlqArn, src } = await setUp('rate', n);
    const started = Date.now();
    await sqs.send(new sdk.StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 5 }));
    // b starts while the task runs: it finds the task at start-up and runs it too
    const b = await spawnServer({ databaseUrl: postgresTestUrl(), databaseSchema: schema });
    servers.push(b);
    const task = await finished(sqs, dlqArn, 30_000);
    const elapsed = Date.now() - started;
    assert.equal(task.Status, 'COMPLETED');
    assert.equal(task.ApproximateNumberOfMessagesMoved, n);
    // 40 at 5 a second: steps at 0, 1, … 7 s, the last (finding nothing) at 8 s. Two nodes each
    // stepping on their own (b joins after its start-up, ~1.5 s) would be done at about 5 s.
    assert.ok(elapsed >= 7_500, `finished in ${elapsed} ms, faster than 5 messages a second`);
    assert.equal(await count(sqs, dlq), 0);
    assert.deepEqual(await drainBodies(sqs, src), Array.from({ length: n }, (_, i) => `m${i}`).sort());
    sqs.destroy();
  });

  it('a task whose node was killed (SIGKILL) is carried on by the other node', async () => {
    const n = 30;
    const { a, schema, dlqArn, src } = await setUp('failover', n);
    const b = await spawnServer({ databaseUrl: postgresTestUrl(), databaseSchema: schema });
    servers.push(b);
    const onA = client(a.url);
    await onA.send(new sdk.StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 5 }));
    await new Promise((r) => setTimeout(r, 1_500));
    onA.destroy();
    await a.kill('SIGKILL');
    const onB = client(b.url);
    // b finds the task within ADOPT_EVERY_MS (5 s), and a step a held is free after its lease (10 s)
    const task = await finished(onB, dlqArn, 40_000);
    assert.equal(task.Status, 'COMPLETED');
    assert.equal(task.ApproximateNumberOfMessagesMoved, n);
    assert.deepEqual(await drainBodies(onB, src), Array.from({ length: n }, (_, i) => `m${i}`).sort());
    onB.destroy();
  });
});
