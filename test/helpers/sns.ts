import { after, before, describe } from 'node:test';
import { SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { ServerDeps } from '../../src/runtime/server.js';
import { E2E_ENGINES, startTestServer, type EngineName, type TestServer } from './server.js';

/**
 * SNS e2e plumbing: the current @aws-sdk/client-sns (SNS speaks only the query protocol) with
 * @aws-sdk/client-sqs for the queues it delivers to, against a real server per engine.
 */
export interface SnsE2E {
  readonly server: TestServer;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** A name unique within this file's run. */
  name(prefix?: string): string;
  /** Creates a queue; returns its URL and ARN. */
  queue(name?: string, attributes?: Record<string, string>): Promise<{ url: string; arn: string }>;
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

export function snsClient(endpoint: string): SNSClient {
  return new SNSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/**
 * Registers `body` once per engine (ARCHITECTURE §5.10: every e2e suite runs on every engine).
 * `deps` go to each server (a ManualClock: the engines' suites run one after the other).
 */
export function snsE2E(title: string, body: (t: () => SnsE2E) => void, engines: readonly EngineName[] = E2E_ENGINES, deps: ServerDeps = {}): void {
  for (const engine of engines) {
    describe(`${title} [${engine}]`, () => {
      let ctx: SnsE2E | undefined;
      let counter = 0;
      before(async () => {
        const server = await startTestServer(engine, deps);
        const sqs = sqsClient(server.url);
        const name = (prefix = 't') => `${prefix}-${++counter}`;
        ctx = {
          server,
          sns: snsClient(server.url),
          sqs,
          name,
          async queue(queueName = name('q'), attributes) {
            const url = (await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }))).QueueUrl!;
            const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
            return { url, arn: attrs.Attributes!.QueueArn! };
          },
        };
      });
      after(async () => {
        ctx?.sns.destroy();
        ctx?.sqs.destroy();
        await ctx?.server.close();
      });
      body(() => ctx!);
    });
  }
}

/** Receives until `count` messages arrived (deleting nothing), or fails after `timeoutMs`. */
export async function receiveN(sqs: SQSClient, queueUrl: string, count: number, timeoutMs = 10_000): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${got.length} of ${count} messages arrived in ${queueUrl} within ${timeoutMs} ms`);
    const r = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 300,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    got.push(...(r.Messages ?? []));
  }
  return got;
}

/** A new queue's URL and ARN (a subscription's dead-letter queue, say). */
export async function queueWithArn(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url, arn };
}

/**
 * What the queue holds, asked without waiting on the server (its clock may be a manual one, under
 * which a long poll would not end) until something comes or `timeoutMs` of real time passes.
 */
export async function receiveSoon(sqs: SQSClient, url: string, timeoutMs = 5_000): Promise<Message[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
    if (r.Messages?.length || Date.now() > deadline) return r.Messages ?? [];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Asserts that nothing arrives in the queue for `ms`. */
export async function receiveNone(sqs: SQSClient, queueUrl: string, ms = 1_500): Promise<Message[]> {
  const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: Math.ceil(ms / 1000), MaxNumberOfMessages: 10 }));
  return r.Messages ?? [];
}

/** The message of an SNS error as JS v3 reports it for the query protocol. */
export function snsError(e: any): { name: string; code: string; status: number; message: string } {
  return { name: e?.name, code: e?.Code ?? e?.Error?.Code, status: e?.$metadata?.httpStatusCode, message: e?.Error?.Message ?? e?.message };
}
