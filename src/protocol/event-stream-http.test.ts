/**
 * Event streams end to end: the real listener plus createProtocolHandler, a fake service with one
 * streaming operation, read back over HTTP/1.1 (chunked) and h2c with node's own clients.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startListener } from '../http/listener.js';
import { sequentialIds } from '../runtime/ids.js';
import { ServiceError } from '../services/shared/errors.js';
import type { EventStreamOutput, RequestContext, ServiceDefinition, StreamEvent } from '../services/shared/service.js';
import type { ServiceModel } from '../services/shared/shapes.js';
import { decodeCbor } from './cbor.js';
import { CborWriter } from './cbor-value.js';
import { createProtocolHandler } from './dispatch.js';
import { decodeFrames } from './event-stream.js';
import { fakeInputErrors } from './fixtures.test.js';

const T = { timeout: 10_000 };

const model: ServiceModel = {
  service: 'streamy',
  apiVersion: '2024-01-01',
  protocols: ['json', 'cbor'],
  targetPrefix: 'Streamy_20240101',
  jsonVersion: '1.1',
  operations: {
    Subscribe: {
      name: 'Subscribe',
      input: {
        type: 'structure',
        name: 'SubscribeInput',
        members: { Count: { shape: { type: 'integer' } }, Then: { shape: { type: 'string' } }, Endless: { shape: { type: 'boolean' } } },
      },
      output: { type: 'structure', name: 'SubscribeOutput', members: {} },
      errors: ['ResourceInUseException'],
    },
  },
  errors: { ResourceInUseException: { code: 'ResourceInUseException', status: 400, fault: 'Sender' } },
};

/** Gates the first event, to show the initial response does not wait for it. */
let gate: Promise<void> = Promise.resolve();
let closed: (() => void) | undefined;

async function* events(input: { Count?: number; Then?: string; Endless?: boolean }, ctx: RequestContext): AsyncGenerator<StreamEvent> {
  try {
    await gate;
    const n = input.Endless ? Infinity : input.Count ?? 0;
    for (let i = 1; i <= n && !ctx.signal.aborted; i++) {
      yield { type: 'Record', payload: { N: i, Data: Buffer.from(`r${i}`), At: new Date(1_700_000_000_000 + i), Skip: null } };
      await sleep(input.Endless ? 5 : 0);
    }
    if (input.Then === 'exception') yield { exception: 'ResourceInUseException', payload: { message: 'taken over' } };
    if (input.Then === 'modelled') throw new ServiceError('ResourceInUseException', 'thrown and modelled');
    if (input.Then === 'crash') throw new Error('secret');
  } finally {
    closed?.();
  }
}

const service: ServiceDefinition = {
  model,
  inputErrors: fakeInputErrors,
  handlers: {
    Subscribe: async (input, ctx): Promise<EventStreamOutput> => ({ initial: {}, events: events(input, ctx) }),
  },
};

const listener = await startListener({
  host: '127.0.0.1',
  port: 0,
  handler: createProtocolHandler({ services: [service], defaultRegion: 'us-east-1', defaultAccountId: '000000000000', log: () => {} }),
  ids: sequentialIds(),
  log: () => {},
});
after(() => listener.close());
const origin = `http://127.0.0.1:${listener.port}`;

const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Streamy_20240101.Subscribe' };

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
}

function h1(body: string | Buffer, headers: Record<string, string> = JSON_HEADERS): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}/`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function h2(body: string | Buffer, headers: Record<string, string> = JSON_HEADERS): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(origin);
    session.on('error', reject);
    const req = session.request({ ':method': 'POST', ':path': '/', ...headers });
    const chunks: Buffer[] = [];
    let head: Record<string, unknown> = {};
    req.on('response', (h) => (head = h));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      session.close();
      resolve({ status: Number(head[':status']), headers: head, body: Buffer.concat(chunks) });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** [message-type, event/exception type or error code, payload] for every frame. */
function summary(body: Buffer): [unknown, unknown, string][] {
  return decodeFrames(body).map((f) => [
    f.headers[':message-type'],
    f.headers[':event-type'] ?? f.headers[':exception-type'] ?? f.headers[':error-code'],
    f.payload.length > 0 ? f.payload.toString() : String(f.headers[':error-message'] ?? ''),
  ]);
}

const records = (n: number) =>
  Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return ['event', 'Record', JSON.stringify({ N: i, Data: Buffer.from(`r${i}`).toString('base64'), At: (1_700_000_000_000 + i) / 1000 })];
  });

for (const [name, send] of [
  ['HTTP/1.1', h1],
  ['h2c', h2],
] as const) {
  test(`${name}: 200 event stream, initial-response first, then the events in order`, T, async () => {
    const res = await send('{"Count":3}');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.amazon.eventstream');
    assert.match(String(res.headers['x-amzn-requestid']), /^00000000-0000-4000-8000-\d{12}$/);
    if (name === 'HTTP/1.1') assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.deepEqual(summary(res.body), [['event', 'initial-response', '{}'], ...records(3)]);
  });

  test(`${name}: a modelled exception event, a thrown modelled error and a crash each end the stream`, T, async () => {
    assert.deepEqual(summary((await send('{"Count":1,"Then":"exception"}')).body), [
      ['event', 'initial-response', '{}'],
      ...records(1),
      ['exception', 'ResourceInUseException', '{"message":"taken over"}'],
    ]);
    assert.deepEqual(summary((await send('{"Count":0,"Then":"modelled"}')).body), [
      ['event', 'initial-response', '{}'],
      ['exception', 'ResourceInUseException', '{"message":"thrown and modelled"}'],
    ]);
    assert.deepEqual(summary((await send('{"Count":2,"Then":"crash"}')).body), [
      ['event', 'initial-response', '{}'],
      ...records(2),
      ['error', 'InternalFailure', 'We encountered an internal error. Please try again.'],
    ]);
  });
}

test('a CBOR request to a streaming operation gets the same events with CBOR payloads', T, async () => {
  const w = new CborWriter();
  w.value({ Count: 2, Then: 'exception' });
  const res = await h2(w.finish(), { 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': 'Streamy_20240101.Subscribe' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/vnd.amazon.eventstream');
  const frames = decodeFrames(res.body);
  assert.deepEqual(
    frames.map((f) => [f.headers[':message-type'], f.headers[':event-type'] ?? f.headers[':exception-type'], f.headers[':content-type'], decodeCbor(f.payload)]),
    [
      ['event', 'initial-response', 'application/x-amz-cbor-1.1', {}],
      ['event', 'Record', 'application/x-amz-cbor-1.1', { N: 1, Data: Buffer.from('r1'), At: new Date(1_700_000_000_001) }],
      ['event', 'Record', 'application/x-amz-cbor-1.1', { N: 2, Data: Buffer.from('r2'), At: new Date(1_700_000_000_002) }],
      ['exception', 'ResourceInUseException', 'application/x-amz-cbor-1.1', { message: 'taken over' }],
    ],
  );
});

test('h2c: the initial-response frame arrives before the first event exists', T, async () => {
  let open!: () => void;
  gate = new Promise((r) => (open = r));
  try {
    const session = http2.connect(origin);
    const req = session.request({ ':method': 'POST', ':path': '/', ...JSON_HEADERS });
    req.end('{"Count":1}');
    const [first] = (await new Promise<Buffer[]>((resolve) => req.once('data', (c: Buffer) => resolve([c])))) as Buffer[];
    assert.deepEqual(summary(first!), [['event', 'initial-response', '{}']]);
    open();
    const rest: Buffer[] = [];
    req.on('data', (c: Buffer) => rest.push(c));
    await new Promise((r) => req.on('end', r));
    session.close();
    assert.deepEqual(summary(Buffer.concat(rest)), records(1));
  } finally {
    gate = Promise.resolve();
  }
});

for (const [name, cancel] of [
  ['HTTP/1.1', cancelH1],
  ['h2c', cancelH2],
] as const) {
  test(`${name}: a client that goes away ends the handler's event source`, T, async () => {
    const done = new Promise<void>((r) => (closed = r));
    await cancel();
    await done;
    closed = undefined;
  });
}

async function cancelH1(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const req = http.request(`${origin}/`, { method: 'POST', headers: JSON_HEADERS, agent: false }, (res) => {
      let frames = 0;
      res.on('data', () => {
        if (++frames === 3) {
          req.destroy();
          resolve();
        }
      });
    });
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.end('{"Endless":true}');
  });
}

async function cancelH2(): Promise<void> {
  const session = http2.connect(origin);
  const req = session.request({ ':method': 'POST', ':path': '/', ...JSON_HEADERS });
  req.end('{"Endless":true}');
  let frames = 0;
  await new Promise<void>((resolve) => {
    req.on('data', () => {
      if (++frames === 3) resolve();
    });
  });
  req.close(http2.constants.NGHTTP2_CANCEL);
  session.close();
}
