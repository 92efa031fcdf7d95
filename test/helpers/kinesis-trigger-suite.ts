import { after, before } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ServerDeps } from '../../src/runtime/server.js';
import { startFakeLambda, type FakeLambda } from './lambda-invoke-server.js';
import { startTestServer, type EngineName, type TestServer } from './server.js';

export interface KinesisTriggerSuite {
  readonly lambda: FakeLambda;
  readonly server: TestServer;
  readonly kinesis: KinesisClient;
  /** SDK client settings for this server (account 000000000000, us-east-1, one attempt). */
  readonly clientConfig: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number; requestHandler: NodeHttpHandler };
}

/**
 * For in-process Kinesis trigger suites: registers, in the calling describe, a fake Lambda and a
 * server on `engine` started with `resources` as its resource file and the fake as its Lambda
 * endpoint (streams ACTIVE at once), and a Kinesis client on it; all stopped and removed after.
 */
export function kinesisTriggerSuite(engine: EngineName, resources: object, deps: ServerDeps = {}): KinesisTriggerSuite {
  const state = {} as { -readonly [K in keyof KinesisTriggerSuite]: KinesisTriggerSuite[K] } & { dir: string };
  before(async () => {
    state.dir = mkdtempSync(join(tmpdir(), 'switchyard-ktriggers-'));
    writeFileSync(join(state.dir, 'resources.json'), JSON.stringify(resources));
    state.lambda = await startFakeLambda();
    state.server = await startTestServer(engine, deps, { resources: join(state.dir, 'resources.json'), lambdaEndpoint: state.lambda.url, kinesisCreateDelayMs: '0' });
    state.clientConfig = { endpoint: state.server.url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() };
    state.kinesis = new KinesisClient(state.clientConfig);
  });
  after(async () => {
    state.kinesis?.destroy();
    await state.server?.close();
    await state.lambda?.close();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}
