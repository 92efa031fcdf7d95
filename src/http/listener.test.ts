import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WireHandler, WireRequest, WireResponse } from '../protocol/wire.js';
import { sequentialIds } from '../runtime/ids.js';
import { type Listener, type ListenerOptions, type LogLevel, startListener } from './listener.js';
import { failOnUnhandled } from '../../test/helpers/unhandled.js';

const HOST = '127.0.0.1';
const T = { timeout: 10_000 };

failOnUnhandled();

interface Logged {
  level: LogLevel;
  msg: string;
  fields?: Record<string, unknown>;
}

async function listen(
  handler: WireHandler,
  extra: Partial<ListenerOptions> = {},
): Promise<{ l: Listener; logs: Logged[]; url: string }> {
  const logs: Logged[] = [];
  const l = await startListener({
    host: HOST,
    port: 0,
    handler,
    ids: sequentialIds(),
    log: (level, msg, fields) => logs.push({ level, msg, fields }),
    ...extra,
  });
  after(() => l.close());
  return { l, logs, url: `http://${HOST}:${l.port}` };
}

const echo: WireHandler = async (req) => ({
  status: 200,
  headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
  body: JSON.stringify({
    method: req.method,
    path: req.path,
    query: req.query,
    headers: req.headers,
    body: req.body.toString(),
    requestId: req.requestId,
    scheme: req.scheme,
    httpVersion: req.httpVersion,
  }),
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function h1(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent | false },
): Promise<Reply & { localPort: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port, method: opts.method ?? 'POST', path: opts.path ?? '/', headers: opts.headers, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        const localPort = res.socket.localPort!;
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString(), localPort }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function h2(
  session: http2.ClientHttp2Session,
  headers: http2.OutgoingHttpHeaders,
  body?: string | Buffer,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':method': 'POST', ':path': '/', ...headers });
    const chunks: Buffer[] = [];
    let head: Record<string, string | string[] | undefined> = {};
    req.on('response', (h) => {
      head = h as typeof head;
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve({ status: Number(head[':status']), headers: head, body: Buffer.concat(chunks).toString() }));
    req.on('error', reject);
    req.end(body);
  });
}

function connectH2(url: string): http2.ClientHttp2Session {
  const session = http2.connect(url);
  session.on('error', () => {});
  after(() => session.destroy());
  return session;
}

/** Sends raw bytes and collects everything until the server closes (or `ms` passes). */
async function raw(port: number, bytes: string | Buffer, ms = 3000): Promise<string> {
  const sock = net.connect(port, HOST);
  sock.on('error', () => {});
  const chunks: Buffer[] = [];
  sock.on('data', (c: Buffer) => chunks.push(c));
  await once(sock, 'connect');
  sock.write(bytes);
  await Promise.race([once(sock, 'close'), sleep(ms, undefined, { ref: false })]);
  sock.destroy();
  return Buffer.concat(chunks).toString('latin1');
}

/** Resolves when `signal` aborts (the reason), or with 'not aborted' after `ms`. */
function aborted(signal: AbortSignal, ms = 3000): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return Promise.race([once(signal, 'abort').then(() => signal.reason), sleep(ms, 'not aborted', { ref: false })]);
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('HTTP/1.1', () => {
  test('request fields, response headers, two requests on one keep-alive connection', T, async () => {
    const { l } = await listen(echo);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    after(() => agent.destroy());
    const a = await h1(l.port, { path: '/000000000000/q1?Action=SendMessage&x=1', headers: { 'X-Amz-Target': 'T' }, body: 'hello', agent });
    const b = await h1(l.port, { path: '/', body: 'again', agent });
    assert.equal(a.localPort, b.localPort, 'the second request reused the connection');
    assert.equal(a.status, 200);
    const ra = JSON.parse(a.body);
    assert.equal(ra.method, 'POST');
    assert.equal(ra.path, '/000000000000/q1');
    assert.equal(ra.query, 'Action=SendMessage&x=1');
    assert.equal(ra.headers['x-amz-target'], 'T');
    assert.equal(ra.headers.host, `${HOST}:${l.port}`);
    assert.equal(ra.body, 'hello');
    assert.equal(ra.scheme, 'http');
    assert.equal(ra.httpVersion, '1.1');
    assert.equal(ra.requestId, '00000000-0000-4000-8000-000000000001');
    assert.equal(a.headers['x-amzn-requestid'], ra.requestId);
    assert.equal(a.headers['x-custom'], 'yes');
    assert.equal(a.headers['content-length'], String(Buffer.byteLength(a.body)));
    assert.ok(a.headers.date);
    const rb = JSON.parse(b.body);
    assert.equal(rb.query, '');
    assert.equal(rb.body, 'again');
    assert.equal(rb.requestId, '00000000-0000-4000-8000-000000000002');
  });

  test('a handler-set request id is kept; framing headers are the listener’s', T, async () => {
    const { l } = await listen(async () => ({
      status: 200,
      headers: { 'x-amzn-RequestId': 'mine', 'Content-Length': '999', 'Transfer-Encoding': 'chunked' },
      body: Buffer.from('abc'),
    }));
    const r = await h1(l.port, { method: 'GET', path: '/' });
    assert.equal(r.headers['x-amzn-requestid'], 'mine');
    assert.equal(r.headers['content-length'], '3');
    assert.equal(r.headers['transfer-encoding'], undefined);
    assert.equal(r.body, 'abc');
  });

  test('chunked request body is read whole', T, async () => {
    const { l } = await listen(echo);
    const r = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: HOST, port: l.port, method: 'POST', path: '/', agent: false }, (res) => {
        let s = '';
        res.on('data', (c) => (s += c));
        res.on('end', () => resolve(s));
      });
      req.on('error', reject);
      req.write('part1-');
      setTimeout(() => req.end('part2'), 20);
    });
    assert.equal(JSON.parse(r).body, 'part1-part2');
  });
});

describe('HTTP/2 prior knowledge (h2c)', () => {
  test(':authority appears as host; headers, query and body arrive; response head is complete', T, async () => {
    const { l, url } = await listen(echo);
    const session = connectH2(url);
    const r = await h2(session, { ':path': '/a/b?c=d', 'x-amz-target': 'Kinesis_20131202.PutRecord', 'content-type': 'application/x-amz-json-1.1' }, '{"x":1}');
    assert.equal(r.status, 200);
    const w = JSON.parse(r.body);
    assert.equal(w.headers.host, `${HOST}:${l.port}`);
    assert.equal(w.headers[':authority'], `${HOST}:${l.port}`);
    assert.equal(w.headers['x-amz-target'], 'Kinesis_20131202.PutRecord');
    assert.equal(w.path, '/a/b');
    assert.equal(w.query, 'c=d');
    assert.equal(w.body, '{"x":1}');
    assert.equal(w.httpVersion, '2');
    assert.equal(r.headers['x-amzn-requestid'], w.requestId);
    assert.equal(r.headers['content-length'], String(Buffer.byteLength(r.body)));
    assert.ok(r.headers.date, 'date header on h2');
    // a second stream on the same session, and a GET without a body
    const g = await h2(session, { ':method': 'GET', ':path': '/' });
    assert.equal(JSON.parse(g.body).method, 'GET');
    assert.equal(JSON.parse(g.body).body, '');
  });

  test('SETTINGS advertise the stream and header limits', T, async () => {
    const { url } = await listen(echo, { limits: { h2MaxConcurrentStreams: 7, maxHeaderBytes: 4096 } });
    const session = connectH2(url);
    const [settings] = (await once(session, 'remoteSettings')) as [http2.Settings];
    assert.equal(settings.maxConcurrentStreams, 7);
    assert.equal(settings.maxHeaderListSize, 4096);
  });

  test('connection-specific headers from the handler are dropped, not fatal', T, async () => {
    const { url } = await listen(async () => ({ status: 200, headers: { Connection: 'keep-alive', 'Keep-Alive': 'timeout=5', 'X-Ok': '1' }, body: 'ok' }));
    const r = await h2(connectH2(url), {});
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-ok'], '1');
    assert.equal(r.body, 'ok');
  });

  test('a preface that arrives a few bytes at a time is still recognised', T, async () => {
    const { l } = await listen(echo);
    // A proxy that forwards the client's first 40 bytes one by one.
    const proxy = net.createServer({ noDelay: true }, (client) => {
      const upstream = net.connect({ host: HOST, port: l.port, noDelay: true });
      client.on('error', () => {});
      upstream.on('error', () => {});
      upstream.pipe(client);
      let sent = 0;
      let queue = Promise.resolve();
      client.on('data', (buf: Buffer) => {
        queue = queue.then(async () => {
          for (let i = 0; i < buf.length; ) {
            if (sent < 40) {
              upstream.write(buf.subarray(i, i + 1));
              sent++;
              i++;
              await sleep(2);
            } else {
              upstream.write(buf.subarray(i));
              break;
            }
          }
        });
      });
      client.on('close', () => upstream.destroy());
    });
    proxy.listen(0, HOST);
    await once(proxy, 'listening');
    after(() => proxy.close());
    const session = connectH2(`http://${HOST}:${(proxy.address() as net.AddressInfo).port}`);
    const r = await h2(session, { ':path': '/split' }, 'body');
    assert.equal(JSON.parse(r.body).path, '/split');
    session.destroy();
  });

  test('a large body arrives intact (flow control)', T, async () => {
    const { url } = await listen(async (req) => ({ status: 200, headers: {}, body: String(req.body.length) + ':' + req.body.subarray(-4).toString() }));
    const big = Buffer.alloc(11 * 1024 * 1024, 'a');
    big.write('tail', big.length - 4);
    const r = await h2(connectH2(url), {}, big);
    assert.equal(r.body, `${big.length}:tail`);
  });
});

describe('complete bodies', () => {
  /** A 12 MiB body whose `sent` is counted. */
  function bigBody(): { handler: WireHandler; sent: () => number; body: Buffer } {
    const body = Buffer.alloc(12 * 1024 * 1024, 'b');
    let sent = 0;
    return { body, sent: () => sent, handler: async () => ({ status: 200, headers: {}, body, sent: () => sent++ }) };
  }

  test('HTTP/1.1: `sent` is called once, after the whole body went out', T, async () => {
    const big = bigBody();
    const { l } = await listen(big.handler);
    const r = await h1(l.port, {});
    assert.equal(r.body.length, big.body.length);
    for (let i = 0; i < 50 && big.sent() === 0; i++) await new Promise((res) => setTimeout(res, 10));
    assert.equal(big.sent(), 1);
  });

  test('HTTP/2: `sent` is called once, after the whole body went out', T, async () => {
    const big = bigBody();
    const { url } = await listen(big.handler);
    const r = await h2(connectH2(url), {});
    assert.equal(r.body.length, big.body.length);
    for (let i = 0; i < 50 && big.sent() === 0; i++) await new Promise((res) => setTimeout(res, 10));
    assert.equal(big.sent(), 1);
  });
});

/** A stream whose second chunk is released only once the client has seen the first. */
function gatedStream(): { handler: WireHandler; firstSeen: () => void; finished: Promise<void> } {
  const gate = deferred();
  const done = deferred();
  const handler: WireHandler = async () => ({
    status: 200,
    headers: { 'content-type': 'application/vnd.amazon.eventstream' },
    body: (async function* () {
      try {
        yield Buffer.from('first;');
        await gate.promise;
        yield new Uint8Array(0);
        yield Buffer.from('second');
      } finally {
        done.resolve();
      }
    })(),
  });
  return { handler, firstSeen: gate.resolve, finished: done.promise };
}

describe('streamed responses', () => {
  test('HTTP/1.1: chunked, each chunk arrives before the iterable ends', T, async () => {
    const g = gatedStream();
    const { l } = await listen(g.handler);
    const body = await new Promise<{ te: string | undefined; text: string }>((resolve, reject) => {
      http
        .request({ host: HOST, port: l.port, method: 'POST', path: '/', agent: false }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c;
            if (text === 'first;') g.firstSeen();
          });
          res.on('end', () => resolve({ te: res.headers['transfer-encoding'], text }));
        })
        .on('error', reject)
        .end();
    });
    assert.equal(body.te, 'chunked');
    assert.equal(body.text, 'first;second');
    await g.finished;
  });

  test('HTTP/2: each chunk arrives before the iterable ends', T, async () => {
    const g = gatedStream();
    const { url } = await listen(g.handler);
    const req = connectH2(url).request({ ':method': 'POST', ':path': '/' });
    req.end();
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c;
      if (text === 'first;') g.firstSeen();
    });
    const [head] = (await once(req, 'response')) as [http2.IncomingHttpHeaders];
    assert.equal(head[':status'], 200);
    assert.ok(head['x-amzn-requestid']);
    assert.equal(head['content-length'], undefined);
    await once(req, 'end');
    assert.equal(text, 'first;second');
    await g.finished;
  });

  test('a stream outlives the request timeout', T, async () => {
    const { l } = await listen(
      async () => ({
        status: 200,
        headers: {},
        body: (async function* () {
          for (let i = 0; i < 4; i++) {
            await sleep(100);
            yield Buffer.from(String(i));
          }
        })(),
      }),
      { limits: { requestTimeoutMs: 150, headersTimeoutMs: 150 } },
    );
    const r = await h1(l.port, { method: 'GET' });
    assert.equal(r.status, 200);
    assert.equal(r.body, '0123');
  });

  test('HTTP/1.1: a client leaving mid-stream stops the iteration and aborts the signal', T, async () => {
    const done = deferred();
    let signal: AbortSignal | undefined;
    const { l } = await listen(async (req) => {
      signal = req.signal;
      return {
        status: 200,
        headers: {},
        body: (async function* () {
          try {
            for (;;) {
              yield Buffer.from('tick');
              await sleep(10);
            }
          } finally {
            done.resolve();
          }
        })(),
      };
    });
    const req = http.request({ host: HOST, port: l.port, method: 'GET', path: '/', agent: false });
    req.on('error', () => {});
    req.end();
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    await once(res, 'data');
    req.destroy();
    await done.promise;
    assert.equal(((await aborted(signal!)) as DOMException).name, 'AbortError');
  });

  test('HTTP/2: a cancelled stream stops the iteration', T, async () => {
    const done = deferred();
    const { url } = await listen(async () => ({
      status: 200,
      headers: {},
      body: (async function* () {
        try {
          for (;;) {
            yield Buffer.from('tick');
            await sleep(10);
          }
        } finally {
          done.resolve();
        }
      })(),
    }));
    const req = connectH2(url).request({ ':path': '/' });
    req.on('error', () => {});
    req.end();
    await once(req, 'data');
    req.close(http2.constants.NGHTTP2_CANCEL);
    await done.promise;
  });
});

describe('limits', () => {
  const limits = { maxBodyBytes: 1024 };

  test('HTTP/1.1: a declared Content-Length over the limit → 413 without reading, connection closed', T, async () => {
    let called = false;
    const { l } = await listen(async () => ((called = true), { status: 200, headers: {}, body: '' }), { limits });
    const out = await raw(l.port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(100)}`);
    assert.match(out, /^HTTP\/1\.1 413 /);
    assert.match(out, /connection: close/i);
    assert.match(out, /x-amzn-RequestId: /);
    assert.match(out, /RequestEntityTooLarge/);
    assert.equal(called, false);
  });

  test('HTTP/1.1: Expect: 100-continue over the limit → 413 and no 100', T, async () => {
    const { l } = await listen(echo, { limits });
    const out = await raw(l.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n');
    assert.match(out, /^HTTP\/1\.1 413 /);
  });

  test('HTTP/1.1: Expect: 100-continue under the limit works', T, async () => {
    const { l } = await listen(echo, { limits });
    const r = await h1(l.port, { headers: { Expect: '100-continue' }, body: 'small' });
    assert.equal(JSON.parse(r.body).body, 'small');
  });

  test('HTTP/1.1: a chunked body growing over the limit → 413', T, async () => {
    const { l } = await listen(echo, { limits });
    const chunk = 'a'.repeat(600);
    const out = await raw(l.port, `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`);
    assert.match(out, /^HTTP\/1\.1 413 /);
  });

  test('HTTP/1.1: a body at the limit is accepted', T, async () => {
    const { l } = await listen(async (req) => ({ status: 200, headers: {}, body: String(req.body.length) }), { limits });
    const r = await h1(l.port, { body: Buffer.alloc(1024) });
    assert.equal(r.body, '1024');
  });

  test('HTTP/2: a body over the limit → 413 and the stream is reset', T, async () => {
    let called = false;
    const { url } = await listen(async () => ((called = true), { status: 200, headers: {}, body: '' }), { limits });
    const session = connectH2(url);
    const undeclared = await h2(session, {}, Buffer.alloc(200_000)).catch((e: Error) => e);
    assert.ok(!(undeclared instanceof Error), String(undeclared));
    assert.equal(undeclared.status, 413);
    assert.match(undeclared.body, /RequestEntityTooLarge/);
    const declared = await h2(session, { 'content-length': '5000' }, Buffer.alloc(5000)).catch((e: Error) => e);
    assert.ok(!(declared instanceof Error), String(declared));
    assert.equal(declared.status, 413);
    assert.equal(called, false);
    // the session is still usable
    const ok = await h2(session, { ':method': 'GET', ':path': '/_switchyard/health' });
    assert.equal(ok.status, 200);
  });

  test('HTTP/1.1: headers over maxHeaderBytes → 431', T, async () => {
    const { l } = await listen(echo, { limits: { maxHeaderBytes: 1024 } });
    const out = await raw(l.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4000)}\r\n\r\n`);
    assert.match(out, /^HTTP\/1\.1 431 /);
  });

  test('HTTP/2: headers over maxHeaderBytes reset the stream, the session survives', T, async () => {
    const { url } = await listen(echo, { limits: { maxHeaderBytes: 1024 } });
    const session = connectH2(url);
    // nghttp2 enforces our SETTINGS once the client has acknowledged them (a first request
    // racing the SETTINGS frame is held to Node's 64 KiB default instead).
    assert.equal((await h2(session, {})).status, 200);
    const err = await h2(session, { 'x-big': 'a'.repeat(4000) }).catch((e: Error) => e);
    assert.ok(err instanceof Error);
    const ok = await h2(session, { 'x-small': 'a' });
    assert.equal(ok.status, 200);
  });

  test('request timeout: 503 and the signal aborts with TimeoutError', T, async () => {
    let reason: unknown;
    const { l, logs } = await listen(
      async (req) => {
        reason = await aborted(req.signal);
        return { status: 200, headers: {}, body: 'too late' };
      },
      { limits: { requestTimeoutMs: 150, headersTimeoutMs: 150 } },
    );
    const r = await h1(l.port, { method: 'GET' });
    assert.equal(r.status, 503);
    assert.match(r.body, /ServiceUnavailable/);
    await sleep(20);
    assert.equal((reason as DOMException).name, 'TimeoutError');
    assert.ok(logs.some((e) => e.level === 'warn' && e.msg.includes('timed out')));
  });

  test('HTTP/1.1 keep-alive connections are closed after keepAliveTimeoutMs idle', T, async () => {
    const { l } = await listen(echo, { limits: { keepAliveTimeoutMs: 150 } });
    const sock = net.connect(l.port, HOST);
    await once(sock, 'connect');
    sock.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await once(sock, 'data');
    const t0 = Date.now();
    await once(sock, 'close');
    assert.ok(Date.now() - t0 < 2000);
  });

  test('an idle HTTP/2 session is closed after h2IdleTimeoutMs; a busy one is not', T, async () => {
    const { url } = await listen(
      async () => {
        await sleep(400);
        return { status: 200, headers: {}, body: 'slow' };
      },
      { limits: { h2IdleTimeoutMs: 150 } },
    );
    const session = connectH2(url);
    const r = await h2(session, {});
    assert.equal(r.body, 'slow', 'a quiet request longer than the idle timeout completes');
    await Promise.race([once(session, 'close'), sleep(2000, undefined, { ref: false }).then(() => assert.fail('session not closed'))]);
  });
});

describe('health', () => {
  test('GET /_switchyard/health on HTTP/1.1 and HTTP/2', T, async () => {
    let called = false;
    const { l, url } = await listen(async () => ((called = true), { status: 404, headers: {}, body: '' }));
    const a = await h1(l.port, { method: 'GET', path: '/_switchyard/health' });
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(a.body), { status: 'ok' });
    const b = await h2(connectH2(url), { ':method': 'GET', ':path': '/_switchyard/health' });
    assert.equal(b.status, 200);
    assert.deepEqual(JSON.parse(b.body), { status: 'ok' });
    assert.equal(called, false);
  });

  test('the health option is merged in; a throw answers 503', T, async () => {
    let healthy = true;
    const { l } = await listen(echo, {
      health: async () => {
        if (!healthy) throw new Error('db down');
        return { storage: 'sqlite', nodes: 1 };
      },
    });
    const a = await h1(l.port, { method: 'GET', path: '/_switchyard/health' });
    assert.deepEqual(JSON.parse(a.body), { status: 'ok', storage: 'sqlite', nodes: 1 });
    healthy = false;
    const b = await h1(l.port, { method: 'GET', path: '/_switchyard/health' });
    assert.equal(b.status, 503);
    assert.equal(JSON.parse(b.body).status, 'unavailable');
  });
});

describe('failures', () => {
  test('a handler that throws → 500 JSON, logged with the request id (h1 and h2)', T, async () => {
    const { l, logs, url } = await listen(async () => {
      throw new Error('boom secret');
    });
    const a = await h1(l.port, {});
    assert.equal(a.status, 500);
    assert.equal(JSON.parse(a.body).__type, 'InternalFailure');
    assert.doesNotMatch(a.body, /secret/);
    const b = await h2(connectH2(url), {});
    assert.equal(b.status, 500);
    const errors = logs.filter((e) => e.level === 'error');
    assert.equal(errors.length, 2);
    assert.equal(errors[0]!.fields!.requestId, a.headers['x-amzn-requestid']);
    assert.match(String(errors[0]!.fields!.error), /boom secret/);
  });

  test('a handler that throws synchronously, or returns nonsense → 500', T, async () => {
    const { l } = await listen(((req: WireRequest) => {
      if (req.path === '/sync') throw new Error('sync');
      return Promise.resolve(undefined);
    }) as unknown as WireHandler);
    assert.equal((await h1(l.port, { path: '/sync' })).status, 500);
    assert.equal((await h1(l.port, { path: '/nothing' })).status, 500);
  });

  test('invalid response headers → 500, the server lives on', T, async () => {
    const { l, url } = await listen(async (req): Promise<WireResponse> =>
      req.path === '/bad' ? { status: 200, headers: { 'bad name': 'x' }, body: 'x' } : { status: 200, headers: {}, body: 'fine' },
    );
    assert.equal((await h1(l.port, { path: '/bad' })).status, 500);
    assert.equal((await h2(connectH2(url), { ':path': '/bad' })).status, 500);
    assert.equal((await h1(l.port, { path: '/good' })).body, 'fine');
  });

  test('a stream that throws midway cuts the response; the server lives on', T, async () => {
    const { l } = await listen(async (req) => ({
      status: 200,
      headers: {},
      body:
        req.path === '/bad'
          ? (async function* () {
              yield Buffer.from('partial');
              throw new Error('stream broke');
            })()
          : 'fine',
    }));
    const err = await h1(l.port, { path: '/bad' }).catch((e: Error) => e);
    assert.ok(err instanceof Error, 'the client sees an incomplete response');
    assert.equal((await h1(l.port, { path: '/good' })).body, 'fine');
  });

  test('abort signal fires when an HTTP/1.1 client destroys its socket mid-request', T, async () => {
    const started = deferred<AbortSignal>();
    const { l } = await listen(async (req) => {
      started.resolve(req.signal);
      await aborted(req.signal);
      return { status: 200, headers: {}, body: 'late' };
    });
    const req = http.request({ host: HOST, port: l.port, method: 'POST', path: '/', agent: false });
    req.on('error', () => {});
    req.end('x');
    const signal = await started.promise;
    assert.equal(signal.aborted, false);
    req.destroy();
    const reason = (await aborted(signal)) as DOMException;
    assert.equal(reason.name, 'AbortError');
  });

  test('abort signal fires when an HTTP/2 stream is cancelled', T, async () => {
    const started = deferred<AbortSignal>();
    const { url } = await listen(async (req) => {
      started.resolve(req.signal);
      await aborted(req.signal);
      return { status: 200, headers: {}, body: 'late' };
    });
    const session = connectH2(url);
    const req = session.request({ ':method': 'POST', ':path': '/' });
    req.on('error', () => {});
    req.end('x');
    const signal = await started.promise;
    req.close(http2.constants.NGHTTP2_CANCEL);
    assert.equal(((await aborted(signal)) as DOMException).name, 'AbortError');
    // the session itself is fine
    assert.equal((await h2(session, { ':path': '/_switchyard/health', ':method': 'GET' })).status, 200);
  });

  test('HTTP/2 streams the client resets as it opens them never crash the process', T, async () => {
    // HEADERS then RST_STREAM in one write: by the time the server's 'stream' event runs, the
    // stream is destroyed and its session is gone; reading session.encrypted threw out of the
    // event (uncaught TypeError: the process ended). Found probing HTTP/2 beside the wire fuzz.
    let handled = 0;
    const { url } = await listen(async (req) => {
      handled++;
      return echo(req);
    });
    const session = connectH2(url);
    // With an error code, the server's stream also emits 'error' once it is destroyed: it needs a listener.
    const { NGHTTP2_CANCEL, NGHTTP2_PROTOCOL_ERROR, NGHTTP2_INTERNAL_ERROR } = http2.constants;
    for (let i = 0; i < 60; i++) {
      const req = session.request({ ':method': 'POST', ':path': '/' });
      req.on('error', () => {});
      req.write('{');
      req.close([NGHTTP2_CANCEL, NGHTTP2_PROTOCOL_ERROR, NGHTTP2_INTERNAL_ERROR][i % 3]);
    }
    await sleep(200);
    assert.equal((await h2(session, {}, 'after')).status, 200);
    assert.equal((await h2(connectH2(url), {}, 'fresh session')).status, 200);
    assert.ok(handled >= 2);
  });

  test('a signal read only after the client left is already aborted', T, async () => {
    const gone = deferred();
    const seen = deferred<boolean>();
    const { l } = await listen(async (req) => {
      await gone.promise;
      await sleep(50);
      seen.resolve(req.signal.aborted);
      return { status: 200, headers: {}, body: '' };
    });
    const req = http.request({ host: HOST, port: l.port, method: 'GET', path: '/', agent: false });
    req.on('error', () => {});
    req.end();
    await sleep(50);
    req.destroy();
    gone.resolve();
    assert.equal(await seen.promise, true);
  });

  test('a fault of ours while reading an HTTP/1.1 request costs that connection, not the process', T, async () => {
    let calls = 0;
    const ids = sequentialIds();
    // The second request's id fails: a throw from inside the HTTP/1.1 reader.
    const { l, logs } = await listen(echo, { ids: { ...ids, uuid: () => (++calls === 2 ? (() => { throw new Error('boom'); })() : ids.uuid()) } });
    assert.equal((await h1(l.port, { body: 'first' })).status, 200);
    await assert.rejects(h1(l.port, { body: 'second' }), /socket hang up|ECONNRESET/);
    assert.ok(logs.some((e) => e.level === 'error' && e.msg === 'HTTP/1.1 connection failed'));
    assert.equal((await h1(l.port, { body: 'third' })).status, 200);
  });

  test('garbage on the socket never crashes the server', T, async () => {
    const { l, url } = await listen(echo);
    assert.match(await raw(l.port, 'GARBAGE GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400 /);
    assert.match(await raw(l.port, Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])), /^HTTP\/1\.1 400 /);
    await raw(l.port, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' + 'x'.repeat(100), 1000); // preface, then junk frames
    await raw(l.port, 'PRI * HT', 300); // a partial preface, then silence
    await raw(l.port, 'PRI * HTTP/1.1\r\n\r\n', 300); // diverges late: goes to HTTP/1.1 (held until its headers timeout)
    await raw(l.port, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 1000);
    await raw(l.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc', 200); // hangs up mid-body
    const sock = net.connect(l.port, HOST);
    await once(sock, 'connect');
    sock.destroy(); // connects and leaves
    assert.equal((await h1(l.port, { body: 'still' })).status, 200);
    assert.equal((await h2(connectH2(url), {}, 'still')).status, 200);
  });
});

describe('process', () => {
  test('two listeners on port 0 in one process are independent', T, async () => {
    const a = await listen(async () => ({ status: 200, headers: {}, body: 'A' }));
    const b = await listen(async () => ({ status: 200, headers: {}, body: 'B' }), { limits: { maxBodyBytes: 10 } });
    assert.notEqual(a.l.port, b.l.port);
    assert.equal((await h1(a.l.port, { body: 'x'.repeat(100) })).body, 'A');
    assert.equal((await h1(b.l.port, { body: 'x'.repeat(100) })).status, 413);
    assert.equal((await h2(connectH2(b.url), {})).body, 'B');
    await a.l.close();
    assert.equal((await h1(b.l.port, {})).body, 'B');
    await assert.rejects(h1(a.l.port, {}));
  });

  test('close() aborts requests in flight and resolves', T, async () => {
    const started = deferred();
    const { l, url } = await listen(async (req) => {
      started.resolve();
      await aborted(req.signal, 5000);
      return { status: 200, headers: {}, body: 'closing' };
    });
    const session = connectH2(url);
    const agent = new http.Agent({ keepAlive: true });
    after(() => agent.destroy());
    await h1(l.port, { path: '/_switchyard/health', method: 'GET', agent }); // leaves an idle keep-alive connection
    const inflight = h1(l.port, { agent: false });
    await started.promise;
    const t0 = Date.now();
    await l.close();
    assert.ok(Date.now() - t0 < 2000, 'close did not wait for the grace period');
    const r = await inflight;
    assert.equal(r.body, 'closing');
    assert.equal(r.headers.connection, 'close');
    await Promise.race([once(session, 'close'), sleep(2000, undefined, { ref: false })]);
    assert.equal(session.closed || session.destroyed, true);
  });

  test('a port in use is a rejected start, not a crash', T, async () => {
    const { l } = await listen(echo);
    await assert.rejects(startListener({ host: HOST, port: l.port, handler: echo, ids: sequentialIds(), log: () => {} }), /EADDRINUSE/);
  });

  test('invalid limits are refused', T, async () => {
    await assert.rejects(startListener({ host: HOST, port: 0, handler: echo, ids: sequentialIds(), limits: { maxBodyBytes: -1 } }), RangeError);
  });
});
