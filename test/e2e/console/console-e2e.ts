import { after, before, describe } from 'node:test';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { E2E_ENGINES, startTestServer, type EngineName, type TestServer } from '../../helpers/server.js';

/**
 * Console e2e plumbing: a real server per engine, the official SDK clients that make the resources
 * and check the state, and `api()`, a call to the console's admin API as the console's JS makes it.
 */
export interface ConsoleE2E {
  readonly server: TestServer;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly kinesis: KinesisClient;
  /** A name unique within this file's run. */
  name(prefix?: string): string;
  /** Creates a queue; its URL and ARN. */
  queue(name: string, attributes?: Record<string, string>): Promise<{ url: string; arn: string }>;
  api(service: string, operation: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export const CONSOLE_HEADERS = { 'content-type': 'application/json', 'x-switchyard-console': '1' };

const sdkConfig = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });

/** Registers `body` once per engine (ARCHITECTURE §5.10). Streams stay CREATING 50 ms. */
export function consoleE2E(title: string, body: (t: () => ConsoleE2E) => void, engines: readonly EngineName[] = E2E_ENGINES): void {
  for (const engine of engines) {
    describe(`${title} [${engine}]`, () => {
      let ctx: ConsoleE2E | undefined;
      let counter = 0;
      before(async () => {
        const server = await startTestServer(engine, {}, { kinesisCreateDelayMs: '50' });
        const sqs = new SQSClient(sdkConfig(server.url));
        ctx = {
          server,
          sqs,
          sns: new SNSClient(sdkConfig(server.url)),
          kinesis: new KinesisClient(sdkConfig(server.url)),
          name: (prefix = 'c') => `${prefix}-${++counter}`,
          async queue(queueName, attributes) {
            const url = (await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }))).QueueUrl!;
            const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
            return { url, arn: attrs.Attributes!.QueueArn! };
          },
          api: (service, operation, input = {}, headers = CONSOLE_HEADERS) => callApi(server.url, service, operation, input, headers),
        };
      });
      after(async () => {
        ctx?.sqs.destroy();
        ctx?.sns.destroy();
        ctx?.kinesis.destroy();
        await ctx?.server.close();
      });
      body(() => ctx!);
    });
  }
}

/** A POST to the console API; a string body is sent as it is, anything else as JSON. */
export async function callApi(base: string, service: string, operation: string, input: unknown, headers: Record<string, string>): Promise<ApiAnswer> {
  const res = await fetch(`${base}/_switchyard/console/api/${service}/${operation}`, {
    method: 'POST',
    headers,
    body: typeof input === 'string' ? input : JSON.stringify(input),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** Polls `probe` every 50 ms until it returns something other than undefined, or fails after `ms`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
