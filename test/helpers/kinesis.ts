import { after, before, describe } from 'node:test';
import { KinesisClient, DescribeStreamSummaryCommand, CreateStreamCommand, type CreateStreamCommandInput } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { E2E_ENGINES, startTestServer, type EngineName, type TestServer } from './server.js';
import type { ServerDeps } from '../../src/runtime/server.js';

/**
 * The Kinesis clients every Kinesis e2e test runs with: the current JS SDK as it comes (HTTP/2,
 * prior-knowledge h2c on an http:// endpoint: AWS-WIRE §3.7) and the same SDK over HTTP/1.1
 * (NodeHttpHandler), which is how botocore, awscli and JS v2 talk to Kinesis. Both speak AWS JSON 1.1.
 */
export interface KinesisClientKind {
  readonly transport: 'h2' | 'http1';
  client(endpoint: string, options?: { region?: string; accessKeyId?: string }): KinesisClient;
}

const base = (endpoint: string, options: { region?: string; accessKeyId?: string }) => ({
  endpoint,
  region: options.region ?? 'us-east-1',
  credentials: { accessKeyId: options.accessKeyId ?? 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
});

export const KINESIS_CLIENTS: readonly KinesisClientKind[] = [
  { transport: 'h2', client: (endpoint, options = {}) => new KinesisClient(base(endpoint, options)) },
  {
    transport: 'http1',
    client: (endpoint, options = {}) => new KinesisClient({ ...base(endpoint, options), requestHandler: new NodeHttpHandler() }),
  },
];

export interface KinesisE2E {
  readonly server: TestServer;
  readonly kind: KinesisClientKind;
  readonly kinesis: KinesisClient;
  /** A stream name unique within this file's run. */
  name(prefix?: string): string;
  /** Creates a stream and waits (polling briefly) until it is ACTIVE. */
  activeStream(input: Omit<CreateStreamCommandInput, 'StreamName'> & { StreamName?: string }): Promise<string>;
}

/** How long new streams stay CREATING in the e2e servers: long enough to observe, short enough to wait for. */
export const E2E_CREATE_DELAY_MS = 100;

export async function waitUntilActive(kinesis: KinesisClient, streamName: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    if (Date.now() > until) throw new Error(`stream ${streamName} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Registers `body` once per (engine × transport). */
export function kinesisE2E(
  title: string,
  body: (t: () => KinesisE2E) => void,
  options: { engines?: readonly EngineName[]; deps?: () => ServerDeps; settings?: Record<string, string> } = {},
): void {
  for (const engine of options.engines ?? E2E_ENGINES) {
    for (const kind of KINESIS_CLIENTS) {
      describe(`${title} [${engine}, ${kind.transport}]`, () => {
        let ctx: KinesisE2E | undefined;
        let counter = 0;
        before(async () => {
          const server = await startTestServer(engine, options.deps?.() ?? {}, {
            kinesisCreateDelayMs: String(E2E_CREATE_DELAY_MS),
            ...options.settings,
          });
          const kinesis = kind.client(server.url);
          const name = (prefix = 's') => `${prefix}-${kind.transport}-${++counter}`;
          ctx = {
            server,
            kind,
            kinesis,
            name,
            async activeStream(input) {
              const streamName = input.StreamName ?? name();
              await kinesis.send(new CreateStreamCommand({ ...input, StreamName: streamName }));
              await waitUntilActive(kinesis, streamName);
              return streamName;
            },
          };
        });
        after(async () => {
          ctx?.kinesis.destroy();
          await ctx?.server.close();
        });
        body(() => ctx!);
      });
    }
  }
}

/** `e` is the Kinesis error `name` (the SDK class named by the bare `__type`) with HTTP 400. */
export function isKinesisError(e: any, name: string, message?: string | RegExp): boolean {
  if (e?.name !== name) throw new Error(`expected ${name}, got ${e?.name}: ${e?.message}`);
  if (e.$metadata?.httpStatusCode !== 400) throw new Error(`expected HTTP 400, got ${e.$metadata?.httpStatusCode}`);
  if (message !== undefined && !(typeof message === 'string' ? e.message === message : message.test(e.message))) {
    throw new Error(`message ${JSON.stringify(e.message)} does not match ${String(message)}`);
  }
  return true;
}
