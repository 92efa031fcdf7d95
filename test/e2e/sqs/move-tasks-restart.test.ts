// A message move task interrupted by kill -9 is not lost: after the restart it goes on and
// completes (AWS finishes a running task), every message moved exactly once. Per engine.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/client-sqs';
import { spawnServer, type SpawnedServer } from '../../helpers/process.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';

const client = (url: string) =>
  new sdk.SQSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });

for (const engine of E2E_ENGINES) {
  describe(`SQS move task across kill -9 [${engine}]`, () => {
    const schema = engine === 'postgres' ? uniqueSchema() : undefined;
    const dataDir = engine === 'sqlite' ? mkdtempSync(join(tmpdir(), 'switchyard-move-')) : undefined;
    const options = engine === 'postgres' ? { databaseUrl: postgresTestUrl(), databaseSchema: schema } : { dataDir };
    let server: SpawnedServer | undefined;
    after(async () => {
      await server?.stop();
      if (schema) await dropSchema(schema);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('resumes the task after a restart and completes it', async () => {
      server = await spawnServer(options);
      let sqs = client(server.url);
      const dlq = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: 'restart-dlq' }))).QueueUrl!;
      const arn = async (s: sdk.SQSClient, url: string) =>
        (await s.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      const dlqArn = await arn(sqs, dlq);
      const source = (await sqs.send(
        new sdk.CreateQueueCommand({ QueueName: 'restart-src', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) } }),
      )).QueueUrl!;
      const n = 6;
      for (let i = 0; i < n; i++) await sqs.send(new sdk.SendMessageCommand({ QueueUrl: source, MessageBody: `m${i}` }));
      for (let round = 0; round < 20; round++) await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      const count = async (s: sdk.SQSClient, url: string) =>
        Number((await s.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes!.ApproximateNumberOfMessages);
      assert.equal(await count(sqs, dlq), n);

      // One message per second: the kill lands mid-task.
      await sqs.send(new sdk.StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 }));
      await new Promise((r) => setTimeout(r, 1500));
      sqs.destroy();
      await server.kill('SIGKILL');

      server = await spawnServer(options);
      sqs = client(server.url);
      const newDlq = server.url + '/000000000000/restart-dlq';
      const newSource = server.url + '/000000000000/restart-src';
      let status: string | undefined;
      for (let i = 0; i < 200 && status !== 'COMPLETED'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await sqs.send(new sdk.ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results?.[0]?.Status;
      }
      assert.equal(status, 'COMPLETED');
      const [task] = (await sqs.send(new sdk.ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results!;
      assert.equal(task!.ApproximateNumberOfMessagesMoved, n);
      assert.equal(await count(sqs, newDlq), 0);
      assert.equal(await count(sqs, newSource), n);
      sqs.destroy();
    });
  });
}
