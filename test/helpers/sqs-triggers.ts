import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../../src/runtime/clock.js';
import { startFakeLambda, type FakeLambda, type Invocation } from './lambda-invoke-server.js';
import { startTestServer, type EngineName, type TestServer } from './server.js';

/**
 * SQS → Lambda trigger suites' fixture: the resource file in a temporary directory, a fake Lambda
 * (lambda-invoke-server.ts), a server on the engine and clock given with `--lambda-endpoint` at
 * it, an SDK client; a queue's URL and counts; bounded waiting. close() removes it all.
 */
export interface SqsTriggerFixture {
  readonly lambda: FakeLambda;
  readonly server: TestServer;
  readonly sqs: SQSClient;
  url(queueName: string): Promise<string>;
  /** [ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible]: visible, in flight. */
  counts(queueName: string): Promise<[number, number]>;
  close(): Promise<void>;
}

export const ACCOUNT = '000000000000';

export async function startSqsTriggerFixture(engine: EngineName, resources: object, clock: Clock, configure?: (lambda: FakeLambda) => void): Promise<SqsTriggerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-sqs-triggers-'));
  writeFileSync(join(dir, 'resources.json'), JSON.stringify(resources));
  const lambda = await startFakeLambda();
  configure?.(lambda);
  const server = await startTestServer(engine, { clock }, { resources: join(dir, 'resources.json'), lambdaEndpoint: lambda.url });
  const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' } });
  const url = async (QueueName: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl!;
  return {
    lambda,
    server,
    sqs,
    url,
    async counts(queueName) {
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await url(queueName), AttributeNames: ['All'] }))).Attributes!;
      return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible)];
    },
    async close() {
      sqs.destroy();
      await server.close();
      await lambda.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { until, wait } from './until.js';

/** The bodies of the calls' records, in order. */
export const bodies = (calls: Invocation[]): string[] => calls.flatMap((c) => c.event.Records.map((r: { body: string }) => r.body));

