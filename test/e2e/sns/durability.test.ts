// The SNS durability promise: "a Publish answered with success is delivered to every matching,
// confirmed subscription even if the server is killed right after answering" (the durable outbox,
// src/services/sns/store.ts). The real CLI runs as a child process; a burst of publishes is answered,
// the process is SIGKILLed at once, restarted on the same data, and every subscribed queue must then
// hold every acknowledged message (at-least-once: a delivery made just before the kill but not yet
// marked done is made again, so duplicates are allowed, losses are not).
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { spawnServer, type SpawnedServer, type SpawnServerOptions } from '../../helpers/process.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';
import { snsClient, sqsClient } from '../../helpers/sns.js';
import { openEngine } from '../../../src/storage/open.js';

const QUEUES = 3;
const BATCHES = 30;

for (const engine of E2E_ENGINES) {
  describe(`SNS durability: kill -9 right after Publish answers [${engine}]`, () => {
    let options: SpawnServerOptions;
    let server: SpawnedServer | undefined;
    let dataDir: string | undefined;
    let schema: string | undefined;

    before(() => {
      if (engine === 'postgres') {
        schema = uniqueSchema('sy_sns_dur');
        options = { databaseUrl: postgresTestUrl(), databaseSchema: schema };
      } else {
        dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sns-durability-'));
        options = { dataDir };
      }
    });

    after(async () => {
      await server?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
    });

    it('every acknowledged message reaches every subscribed queue after the restart', async (t: TestContext) => {
      server = await spawnServer(options);
      let sns = snsClient(server.url);
      let sqs = sqsClient(server.url);
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'durable' }))).TopicArn!;
      const queueNames: string[] = [];
      for (let i = 0; i < QUEUES; i++) {
        const name = `durable-${i}`;
        const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
        const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn, Attributes: { RawMessageDelivery: 'true' } }));
        queueNames.push(name);
      }

      // A burst of batches (10 messages each) at once, then one more Publish; the kill follows its answer.
      const acknowledged = new Set<string>();
      await Promise.all(
        Array.from({ length: BATCHES }, async (_, b) => {
          const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, Message: `b${b}-m${i}` }));
          const r = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries }));
          assert.equal(r.Failed?.length ?? 0, 0);
          for (const e of entries) acknowledged.add(e.Message);
        }),
      );
      await sns.send(new PublishCommand({ TopicArn, Message: 'the last one' }));
      acknowledged.add('the last one');
      const exit = await server.kill('SIGKILL');
      assert.equal(exit.signal, 'SIGKILL');
      sns.destroy();
      sqs.destroy();

      // How much was still in the outbox at the kill (the replay this test is about), for the record.
      const store = await openEngine(engine === 'postgres' ? { databaseUrl: postgresTestUrl(), schema } : { dataDir });
      const pendingAtKill = (await store.sns.nextDeliveryAt()) !== null;
      await store.close();

      server = await spawnServer(options);
      sqs = sqsClient(server.url);
      let duplicates = 0;
      for (const name of queueNames) {
        const QueueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
        const seen = new Set<string>();
        const deadline = Date.now() + 30_000;
        while (seen.size < acknowledged.size && Date.now() < deadline) {
          const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 600 }));
          for (const m of r.Messages ?? []) {
            if (seen.has(m.Body!)) duplicates++;
            seen.add(m.Body!);
          }
        }
        const missing = [...acknowledged].filter((b) => !seen.has(b));
        assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged messages never reached ${name}`);
      }
      sqs.destroy();
      t.diagnostic(`${engine}: ${acknowledged.size} messages × ${QUEUES} queues delivered; outbox non-empty at the kill: ${pendingAtKill}; duplicates ${duplicates}`);
    });
  });
}
