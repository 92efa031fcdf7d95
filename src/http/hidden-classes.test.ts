/**
 * The objects made for every request must share one hidden class (V8 "map") each. A getter in an
 * object literal is a new function per request, so each such object got its own hidden class; hidden
 * classes live in the old generation, and each kept its request (and the exchange, the socket's
 * buffers and the handler's objects) alive through every young-generation GC until the next full
 * one. That made each scavenge copy ~15 KB per request served since the last one (10-20 ms pauses
 * instead of 0.2 ms) and cost 15-30 % of a small request's CPU. V8's %HaveSameMap tells, so the check
 * runs in a child process with --allow-natives-syntax.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CHILD = `
import http from 'node:http';
import { startListener } from './src/http/listener.ts';
import { sequentialIds } from './src/runtime/ids.ts';
import { createProtocolHandler } from './src/protocol/dispatch.ts';
import { call, json, miniSqsService } from './src/protocol/fixtures.test.ts';

const requests = [];
const l = await startListener({ host: '127.0.0.1', port: 0, ids: sequentialIds(), handler: async (req) => {
  requests.push(req);
  return { status: 200, headers: {}, body: 'ok' };
} });
const agent = new http.Agent({ keepAlive: true });
for (const path of ['/a', '/b?x=1']) {
  await new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port: l.port, path, agent }, (r) => r.resume().on('end', resolve)).on('error', reject));
}
agent.destroy();
await l.close();

const contexts = [];
const handler = createProtocolHandler({
  services: [miniSqsService({ ListQueues: async (_input, ctx) => (contexts.push(ctx), {}) })],
  defaultRegion: 'us-east-1',
  defaultAccountId: '000000000000',
});
for (let i = 0; i < 2; i++) await call(handler, json('AmazonSQS.ListQueues', {}));

console.log(JSON.stringify({
  requests: requests.length === 2 && %HaveSameMap(requests[0], requests[1]),
  contexts: contexts.length === 2 && %HaveSameMap(contexts[0], contexts[1]),
  lazySignal: Object.getOwnPropertyDescriptor(contexts[0], 'signal') === undefined && contexts[0].signal instanceof AbortSignal,
}));
`;

test('every request and every handler context share one hidden class (no per-request getters)', () => {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', CHILD], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').at(-1)!), { requests: true, contexts: true, lazySignal: true });
});
