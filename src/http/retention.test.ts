/**
 * What the listener must not keep alive after a request or a session is done, checked in child
 * processes with V8 flags (--allow-natives-syntax, --expose-gc).
 *
 * The objects made for every request must share one hidden class (V8 "map") each. A getter in an
 * object literal is a new function per request, so each such object got its own hidden class; hidden
 * classes live in the old generation, and each kept its request (and the exchange, the socket's
 * buffers and the handler's objects) alive through every young-generation GC until the next full
 * one. That made each scavenge copy ~15 KB per request served since the last one (10-20 ms pauses
 * instead of 0.2 ms) and cost 15-30 % of a small request's CPU. V8's %HaveSameMap tells, so the check
 * runs in a child process with --allow-natives-syntax.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { childReport } from '../../test/helpers/process.js';

const SAME_CLASSES = `
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
  assert.deepEqual(childReport('--allow-natives-syntax', SAME_CLASSES), { requests: true, contexts: true, lazySignal: true });
});

const CLOSED_SESSIONS = `
import http2 from 'node:http2';
import { startListener } from './src/http/listener.ts';
import { sequentialIds } from './src/runtime/ids.ts';

const l = await startListener({ host: '127.0.0.1', port: 0, ids: sequentialIds(), handler: async () => ({ status: 200, headers: {}, body: 'ok' }) });
async function sessions(n) {
  for (let i = 0; i < n; i++) {
    const s = http2.connect('http://127.0.0.1:' + l.port);
    await new Promise((resolve, reject) => s.request({ ':path': '/' }).on('error', reject).resume().on('end', resolve).end());
    await new Promise((resolve) => s.close(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // the server sees the last closes
  gc();
  return process.memoryUsage().heapUsed;
}
const before = await sessions(200);
const after = await sessions(1000);
await l.close();
console.log(JSON.stringify({ bytesPerSession: Math.round((after - before) / 1000) }));
`;

// Node 20's session.setTimeout() timer is not cleared when a session closes, and it holds the
// session (socket, buffers, listeners: ~2-3 KB) for the whole idle timeout; the Kinesis SDK opens
// a session per request. The listener keeps its own idle timer and clears it on close.
test('closed HTTP/2 sessions are not kept alive by their idle timer', () => {
  const { bytesPerSession } = childReport('--expose-gc', CLOSED_SESSIONS) as { bytesPerSession: number };
  assert.ok(bytesPerSession < 1000, `${bytesPerSession} bytes of heap kept per closed session`);
});
