// SQS triggers lose nothing on kill -9: the real CLI runs with --resources (a queue with a trigger)
// and --lambda-endpoint; the fake Lambda holds every call, the server is SIGKILLed with batches in
// flight and restarted on the same data: every acknowledged message is invoked (the batches under
// way come back after their visibility timeout) and deleted. At least once: duplicates allowed.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { spawnServer } from '../../helpers/process.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { triggerProcess } from '../../helpers/trigger-process.js';

const MESSAGES = 20;
const FUNCTION = 'durable-trigger';
const client = (url: string) => new SQSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });

for (const engine of E2E_ENGINES) {
  describe(`SQS trigger durability: kill -9 with batches in flight [${engine}]`, () => {
    const p = triggerProcess(engine, 'sy_trigger_dur', { queues: [{ name: 'durable', attributes: { VisibilityTimeout: 2 }, triggers: [{ function: FUNCTION, batchSize: 5, maximumConcurrency: 2 }] }] });

    it('every acknowledged message is invoked and deleted after the restart', async (t: TestContext) => {
      p.server = await spawnServer(p.options);
      let sqs = client(p.server.url);
      let QueueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'durable' }))).QueueUrl!;
      p.lambda.respond(FUNCTION, () => 'hold'); // the function "runs" until the kill
      const acknowledged = new Set<string>();
      for (let i = 0; i < MESSAGES; i++) {
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));
        acknowledged.add(`m${i}`);
      }
      const deadline = Date.now() + 10_000;
      while (p.lambda.held() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const inFlightAtKill = p.lambda.held();
      assert.equal(inFlightAtKill, 2, 'two batches (maximumConcurrency) under way at the kill');
      assert.equal((await p.server.kill('SIGKILL')).signal, 'SIGKILL');
      sqs.destroy();
      p.lambda.respond(FUNCTION, undefined);
      p.lambda.release();

      p.server = await spawnServer(p.options);
      sqs = client(p.server.url);
      QueueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'durable' }))).QueueUrl!;
      const seen = () => new Set(p.lambda.of(FUNCTION).filter((c) => c.status === 200).flatMap((c) => c.event.Records.map((r: { body: string }) => r.body as string)));
      const empty = async () => {
        const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes!;
        return a.ApproximateNumberOfMessages === '0' && a.ApproximateNumberOfMessagesNotVisible === '0';
      };
      const until = Date.now() + 30_000;
      while ((seen().size < acknowledged.size || !(await empty())) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const missing = [...acknowledged].filter((m) => !seen().has(m));
      assert.deepEqual(missing, [], `${missing.length} acknowledged messages were never invoked`);
      assert.ok(await empty(), 'every message deleted after its successful invocation');
      assert.ok(p.lambda.of(FUNCTION).every((c) => c.signatureValid));
      sqs.destroy();
      t.diagnostic(`${engine}: ${acknowledged.size} messages invoked after the restart; ${inFlightAtKill} batches in flight at the kill`);
    });
  });
}
