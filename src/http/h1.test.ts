/**
 * HTTP/1.1 conformance of the listener, on raw sockets: the bytes a client writes and the bytes
 * the server answers, parsed here (no node:http client in between). Meant to hold for any
 * implementation of src/http/h1.ts, whether on Node's server or on our own parser.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WireHandler } from '../protocol/wire.js';
import { sequentialIds } from '../runtime/ids.js';
import { type HttpLimits, type Listener, startListener } from './listener.js';
import { failOnUnhandled } from '../../test/helpers/unhandled.js';

const HOST = '127.0.0.1';
const T = { timeout: 10_000 };
const HEALTH = '/_switchyard/health';

failOnUnhandled();

/** Every client socket a test opened; destroyed before its listener closes. */
const clients = new Set<net.Socket>();

async function listen(handler: WireHandler, limits: Partial<HttpLimits> = {}): Promise<Listener> {
  const l = await startListener({ host: HOST, port: 0, handler, ids: sequentialIds(), log: () => {}, limits });
  after(() => {
    for (const s of clients) s.destroy();
    clients.clear();
    return l.close();
  });
  return l;
}

/** What the echo handler answers: the request as the handler saw it. */
interface Echoed {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | undefined>;
  body: string;
  bodyLength: number;
  sha256: string;
  requestId: string;
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Echoes the request as JSON; `?delay=<ms>` makes it wait first. */
const echo: WireHandler = async (req) => {
  const delay = Number(new URLSearchParams(req.query).get('delay') ?? 0);
  if (delay > 0) await sleep(delay);
  const out: Echoed = {
    method: req.method,
    path: req.path,
    query: req.query,
    headers: req.headers,
    body: req.body.toString('latin1'),
    bodyLength: req.body.length,
    sha256: sha256(req.body),
    requestId: req.requestId,
  };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(out) };
};

interface RawResponse {
  version: string;
  status: number;
  /** Exactly the bytes of the head, final CRLFCRLF included. */
  head: string;
  /** Lower-cased names; repeated fields joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

/** Index just past the chunked body starting at `from` in `buf`, with its data; undefined while incomplete. */
function parseChunked(buf: Buffer, from: number): { end: number; data: Buffer } | undefined {
  const parts: Buffer[] = [];
  let i = from;
  for (;;) {
    const eol = buf.indexOf('\r\n', i, 'latin1');
    if (eol < 0) return undefined;
    const size = parseInt(buf.toString('latin1', i, eol).split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size)) throw new Error(`bad chunk size in response: ${JSON.stringify(buf.toString('latin1', i, eol))}`);
    i = eol + 2;
    if (size === 0) {
      // trailer section: lines until an empty one
      for (;;) {
        const t = buf.indexOf('\r\n', i, 'latin1');
        if (t < 0) return undefined;
        const empty = t === i;
        i = t + 2;
        if (empty) return { end: i, data: Buffer.concat(parts) };
      }
    }
    if (buf.length < i + size + 2) return undefined;
    parts.push(buf.subarray(i, i + size));
    i += size + 2;
  }
}

/** A raw client connection: what was received is buffered and read off one response at a time. */
class Conn {
  private buf = Buffer.alloc(0);
  private ended = false;
  private waiters: (() => void)[] = [];

  constructor(readonly sock: net.Socket) {
    clients.add(sock);
    sock.setNoDelay(true);
    sock.on('error', () => {});
    sock.on('data', (c: Buffer) => {
      this.buf = Buffer.concat([this.buf, c]);
      this.wake();
    });
    sock.on('connect', () => this.wake());
    sock.on('end', () => this.onEnd());
    sock.on('close', () => this.onEnd());
  }

  static async open(port: number): Promise<Conn> {
    const sock = net.connect(port, HOST);
    const c = new Conn(sock);
    await c.until(() => (sock.readyState === 'open' ? true : undefined), 2000, 'connect');
    return c;
  }

  /** Bytes received and not yet read off as a response. */
  get pending(): string {
    return this.buf.toString('latin1');
  }

  write(bytes: string | Buffer): void {
    this.sock.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Writes one byte at a time, each its own segment. */
  async trickle(bytes: string | Buffer): Promise<void> {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    for (let i = 0; i < b.length; i++) {
      this.sock.write(b.subarray(i, i + 1));
      await sleep(1);
    }
  }

  /** Reads the next response off the connection. `head`: it answers a HEAD request (no body). */
  read(opts: { head?: boolean; ms?: number } = {}): Promise<RawResponse> {
    return this.until(() => this.take(opts.head === true), opts.ms ?? 3000, 'a response');
  }

  /** True if the server closes the connection within `ms`. */
  async closes(ms: number): Promise<boolean> {
    return this.until(() => (this.ended ? true : undefined), ms, 'close').then(
      () => true,
      () => false,
    );
  }

  destroy(): void {
    this.sock.destroy();
    clients.delete(this.sock);
  }

  private take(isHead: boolean): RawResponse | undefined {
    const buf = this.buf;
    const headEnd = buf.indexOf('\r\n\r\n', 0, 'latin1');
    if (headEnd < 0) return undefined;
    const head = buf.toString('latin1', 0, headEnd + 4);
    const [statusLine, ...lines] = head.slice(0, -4).split('\r\n');
    const m = /^(HTTP\/\d\.\d) (\d{3})(?: .*)?$/.exec(statusLine!);
    if (!m) throw new Error(`not a status line: ${JSON.stringify(statusLine)} in ${JSON.stringify(this.pending)}`);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`not a header line: ${JSON.stringify(line)}`);
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const status = Number(m[2]);
    const start = headEnd + 4;
    let end: number;
    let body: Buffer;
    if (isHead || (status >= 100 && status < 200) || status === 204 || status === 304) {
      end = start;
      body = Buffer.alloc(0);
    } else if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      const c = parseChunked(buf, start);
      if (!c) return undefined;
      end = c.end;
      body = c.data;
    } else if (headers['content-length'] !== undefined) {
      end = start + Number(headers['content-length']);
      if (buf.length < end) return undefined;
      body = buf.subarray(start, end);
    } else {
      if (!this.ended) return undefined; // delimited by the close
      end = buf.length;
      body = buf.subarray(start);
    }
    this.buf = buf.subarray(end);
    return { version: m[1]!, status, head, headers, body: Buffer.from(body) };
  }

  private async until<V>(pick: () => V | undefined, ms: number, what: string): Promise<V> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = pick();
      if (v !== undefined) return v;
      if (this.ended) throw new Error(`connection closed before ${what}; unread: ${JSON.stringify(this.pending)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${ms} ms; unread: ${JSON.stringify(this.pending)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private onEnd(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** One request on a fresh connection: its response and the connection. */
async function exchange(port: number, bytes: string | Buffer, opts: { head?: boolean } = {}): Promise<{ res: RawResponse; conn: Conn }> {
  const conn = await Conn.open(port);
  conn.write(bytes);
  return { res: await conn.read(opts), conn };
}

function echoed(res: RawResponse): Echoed {
  assert.equal(res.status, 200, `status 200 expected, got ${res.status}: ${res.head}${res.body.toString('latin1')}`);
  return JSON.parse(res.body.toString('latin1')) as Echoed;
}

/** The server still answers a well-formed request on a fresh connection. */
async function assertAlive(port: number): Promise<void> {
  const { res, conn } = await exchange(port, `GET ${HEALTH} HTTP/1.1\r\nHost: x\r\n\r\n`);
  conn.destroy();
  assert.equal(res.status, 200, 'a fresh connection is still answered');
}

/** Resolves when `signal` aborts (the reason), or with 'not aborted' after `ms`. */
function aborted(signal: AbortSignal, ms = 3000): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('not aborted'), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(signal.reason);
    });
  });
}

/** A deterministic byte generator (xorshift32), so a failing garbage case can be replayed. */
function pseudoRandom(seed: number, n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('message framing', () => {
  test('two requests in one write (Content-Length, then chunked) are answered in order', T, async () => {
    const l = await listen(echo);
    const conn = await Conn.open(l.port);
    conn.write(
      'POST /one HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' +
        'POST /two HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n',
    );
    const a = echoed(await conn.read());
    const b = echoed(await conn.read());
    assert.deepEqual([a.path, a.body], ['/one', 'hello']);
    assert.deepEqual([b.path, b.body], ['/two', 'abcdefg']);
    assert.equal(conn.pending, '', 'nothing after the two responses');
  });

  test('three requests in one write are answered in request order even when the first is slowest', T, async () => {
    const l = await listen(echo);
    const conn = await Conn.open(l.port);
    conn.write(
      'POST /one?delay=300 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n' +
        'PUT /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nxyz' +
        'GET /three?delay=100&a=b HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    const [a, b, c] = [echoed(await conn.read()), echoed(await conn.read()), echoed(await conn.read())];
    assert.deepEqual([a.method, a.path, a.body], ['POST', '/one', 'ab']);
    assert.deepEqual([b.method, b.path, b.body], ['PUT', '/two', 'xyz']);
    assert.deepEqual([c.method, c.path, c.query, c.bodyLength], ['GET', '/three', 'delay=100&a=b', 0]);
    assert.equal(new Set([a.requestId, b.requestId, c.requestId]).size, 3, 'three request ids');
  });

  test('a request written one byte at a time (head and body, Content-Length and chunked) works', T, async () => {
    const l = await listen(echo);
    const conn = await Conn.open(l.port);
    await conn.trickle('POST /slow-client?q=1 HTTP/1.1\r\nHost: x\r\nX-A: b\r\nContent-Length: 11\r\n\r\nhello world');
    const a = echoed(await conn.read());
    assert.deepEqual([a.path, a.query, a.headers['x-a'], a.body], ['/slow-client', 'q=1', 'b', 'hello world']);
    await conn.trickle('POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n1\r\n!\r\n0\r\nX-T: 1\r\n\r\n');
    const b = echoed(await conn.read());
    assert.deepEqual([b.path, b.body], ['/c', 'hello!']);
  });

  test('chunked body with chunk extensions, trailers and upper-case hex sizes arrives intact', T, async () => {
    const l = await listen(echo);
    const conn = await Conn.open(l.port);
    const letters = 'abcdefghijklmnopqrstuvwxyz'; // 0x1A
    conn.write(
      'POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
        '5;foo=bar\r\nhello\r\n' +
        `1A;a=1;b="q s"\r\n${letters}\r\n` +
        'A\r\n0123456789\r\n' +
        '0\r\nX-T: 1\r\nX-U: 2\r\n\r\n',
    );
    const r = echoed(await conn.read());
    const want = `hello${letters}0123456789`;
    assert.equal(r.body, want);
    assert.equal(r.bodyLength, want.length);
    // the trailers were consumed: the connection goes on
    conn.write('GET /next HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(echoed(await conn.read()).path, '/next');
  });

  test('empty lines before a request line are ignored (RFC 9112 §2.2)', T, async () => {
    const l = await listen(echo);
    const conn = await Conn.open(l.port);
    conn.write('\r\n\r\nGET /first HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(echoed(await conn.read()).path, '/first');
    // and between requests on one connection (a client's stray CRLF after a body)
    conn.write('POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(echoed(await conn.read()).body, 'ok');
    assert.equal(echoed(await conn.read()).path, '/second');
  });

  test('repeated request headers reach the handler joined with ", ", names lower-cased', T, async () => {
    const l = await listen(echo);
    const { res } = await exchange(l.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nX-Mixed-CASE: v\r\nx-a: 2\r\n\r\n');
    const r = echoed(res);
    assert.equal(r.headers['x-a'], '1, 2');
    assert.equal(r.headers['x-mixed-case'], 'v');
    for (const name of Object.keys(r.headers)) assert.equal(name, name.toLowerCase());
  });
});

describe('connection management', () => {
  test('HTTP/1.0 without Connection: response, then the server closes', T, async () => {
    const l = await listen(echo);
    const { res, conn } = await exchange(l.port, 'GET /old HTTP/1.0\r\nHost: x\r\n\r\n');
    assert.equal(echoed(res).path, '/old');
    assert.notEqual(res.headers.connection?.toLowerCase(), 'keep-alive');
    assert.equal(await conn.closes(1000), true, 'the server closed the connection');
  });

  test('HTTP/1.0 with Connection: keep-alive: the connection stays open for a second request', T, async () => {
    const l = await listen(echo);
    const { res, conn } = await exchange(l.port, 'GET /a HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    assert.equal(echoed(res).path, '/a');
    assert.equal(res.headers.connection?.toLowerCase(), 'keep-alive');
    conn.write('POST /b HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi');
    const b = echoed(await conn.read());
    assert.deepEqual([b.path, b.body], ['/b', 'hi']);
  });

  test('HTTP/1.1 with Connection: close: the response says close and the server closes', T, async () => {
    const l = await listen(echo);
    const { res, conn } = await exchange(l.port, 'GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(echoed(res).path, '/bye');
    assert.equal(res.headers.connection?.toLowerCase(), 'close');
    assert.equal(await conn.closes(1000), true, 'the server closed the connection');
  });

  test('response head: Date (IMF-fixdate), Connection, Keep-Alive, Content-Length, x-amzn-RequestId', T, async () => {
    const l = await listen(echo, { keepAliveTimeoutMs: 7000 });
    const { res } = await exchange(l.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const r = echoed(res);
    assert.equal(res.version, 'HTTP/1.1');
    assert.match(res.head, /^HTTP\/1\.1 200 OK\r\n/);
    const date = res.headers.date;
    assert.ok(date !== undefined, 'a Date header');
    assert.match(date, IMF_FIXDATE);
    assert.ok(Math.abs(Date.parse(date) - Date.now()) < 5000, `Date is now: ${date}`);
    assert.equal(res.headers.connection?.toLowerCase(), 'keep-alive');
    assert.equal(res.headers['keep-alive'], 'timeout=7');
    assert.equal(res.headers['content-length'], String(res.body.length));
    assert.equal(res.headers['x-amzn-requestid'], r.requestId);
    assert.equal(res.headers['transfer-encoding'], undefined);
  });

  test('HEAD: Content-Length of the would-be body, no body bytes, the connection goes on', T, async () => {
    const l = await listen(echo);
    const conn = await Conn.open(l.port);
    conn.write(`HEAD ${HEALTH} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const head = await conn.read({ head: true });
    assert.equal(head.status, 200);
    await sleep(150);
    assert.equal(conn.pending, '', 'no body bytes after the HEAD response');
    conn.write(`GET ${HEALTH} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const get = await conn.read();
    assert.equal(get.status, 200);
    assert.ok(get.body.length > 0);
    assert.equal(head.headers['content-length'], String(get.body.length));
  });

  test('Expect: 100-continue: the interim 100 comes before the body is sent, then the response', T, async () => {
    const l = await listen(echo);
    const conn = await Conn.open(l.port);
    conn.write('POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n');
    const interim = await conn.read({ ms: 2000 });
    assert.equal(interim.head, 'HTTP/1.1 100 Continue\r\n\r\n');
    conn.write('hello');
    const r = echoed(await conn.read());
    assert.deepEqual([r.path, r.body], ['/up', 'hello']);
  });

  test('an unknown expectation → 417', T, async () => {
    let calls = 0;
    const l = await listen(async (req) => (calls++, echo(req)));
    const { res } = await exchange(l.port, 'POST / HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nContent-Length: 5\r\n\r\nhello');
    assert.equal(res.status, 417);
    assert.equal(calls, 0, 'the handler never saw the request');
    await assertAlive(l.port);
  });

  test('a client that leaves before its response aborts the handler’s signal', T, async () => {
    let started!: (s: AbortSignal) => void;
    const signalP = new Promise<AbortSignal>((r) => (started = r));
    const l = await listen(async (req) => {
      started(req.signal);
      await aborted(req.signal);
      return { status: 200, headers: {}, body: 'late' };
    });
    const conn = await Conn.open(l.port);
    conn.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx');
    const signal = await Promise.race([signalP, sleep(3000, undefined, { ref: false })]);
    assert.ok(signal, 'the handler was called');
    assert.equal(signal.aborted, false);
    conn.destroy();
    const reason = (await aborted(signal)) as DOMException;
    assert.equal(reason.name, 'AbortError');
  });
});

describe('malformed requests → 400 and close', () => {
  const cases: [string, string][] = [
    ['a request line without a version', 'GET /\r\nHost: x\r\n\r\n'],
    ['version HTTP/1.1x', 'GET / HTTP/1.1x\r\nHost: x\r\n\r\n'],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'],
    ['whitespace between header name and colon', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n'],
    ['obs-fold (a header line starting with a space)', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n continued\r\n\r\n'],
    ['Content-Length and Transfer-Encoding: chunked', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'],
    ['two different Content-Length values', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'],
    ['Content-Length: abc', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['Content-Length: -1', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
    ['an invalid chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'],
    ['chunk data not followed by CRLF', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n'],
    ['a NUL byte in a header value', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n'],
    ['a bare LF line ending in the head', 'GET / HTTP/1.1\nHost: x\n\n'],
    ['Transfer-Encoding: gzip (not ending in chunked)', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc'],
  ];
  for (const [name, bytes] of cases) {
    test(name, T, async () => {
      let calls = 0;
      const l = await listen(async (req) => (calls++, echo(req)));
      const { res, conn } = await exchange(l.port, bytes);
      assert.equal(res.status, 400, `400 expected, got: ${res.head}`);
      assert.equal(await conn.closes(1000), true, 'the server closed the connection');
      assert.equal(calls, 0, 'the handler never saw the request');
      await assertAlive(l.port);
    });
  }
});

describe('unsupported', () => {
  test('Transfer-Encoding: gzip, chunked → 501', T, async () => {
    let calls = 0;
    const l = await listen(async (req) => (calls++, echo(req)));
    const { res } = await exchange(l.port, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    assert.equal(res.status, 501);
    assert.equal(calls, 0, 'the handler never saw the request');
    await assertAlive(l.port);
  });

  test('HTTP/2.0 in an HTTP/1-style request line → 505', T, async () => {
    let calls = 0;
    const l = await listen(async (req) => (calls++, echo(req)));
    const { res } = await exchange(l.port, 'GET / HTTP/2.0\r\nHost: x\r\n\r\n');
    assert.equal(res.status, 505);
    assert.equal(calls, 0, 'the handler never saw the request');
    await assertAlive(l.port);
  });
});

describe('limits and timeouts', () => {
  test('a head over maxHeaderBytes → 431 and close; one under it is accepted', T, async () => {
    const l = await listen(echo, { maxHeaderBytes: 1024 });
    const ok = await exchange(l.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Small: ${'a'.repeat(700)}\r\n\r\n`);
    assert.equal(echoed(ok.res).headers['x-small']!.length, 700);
    const { res, conn } = await exchange(l.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4000)}\r\n\r\n`);
    assert.equal(res.status, 431);
    assert.equal(await conn.closes(1000), true, 'the server closed the connection');
    await assertAlive(l.port);
  });

  test('a request line longer than maxHeaderBytes → 431 and close', T, async () => {
    const l = await listen(echo, { maxHeaderBytes: 1024 });
    const { res, conn } = await exchange(l.port, `GET /${'a'.repeat(2000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.equal(res.status, 431);
    assert.equal(await conn.closes(1000), true, 'the server closed the connection');
    await assertAlive(l.port);
  });

  // RFC 9112 §9.6: a server closing with unread bytes makes the kernel send a reset, which can
  // destroy the answer before the client reads it. The listener shuts its sending side first and
  // reads on for a while (a lingering close), so the answer arrives.
  test('an answer before close survives a client still sending (400 to a pipeline, 413 to an upload)', T, async () => {
    const l = await listen(echo, { maxBodyBytes: 64 * 1024 });
    // The client reads nothing until it has written everything, as a client busy uploading does.
    const sendThenRead = async (head: string): Promise<RawResponse> => {
      const c = await Conn.open(l.port);
      c.sock.pause();
      c.write(head);
      for (let i = 0; i < 16; i++) {
        c.write(Buffer.alloc(64 * 1024, 'x'));
        await sleep(10);
      }
      c.sock.resume();
      return c.read();
    };
    assert.equal((await sendThenRead('GET / HTTP/1.1\r\nHost : x\r\n\r\n')).status, 400);
    const res = await sendThenRead('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8388608\r\n\r\n');
    assert.equal(res.status, 413);
    assert.equal(res.headers.connection, 'close');
    await assertAlive(l.port);
  });

  test('headers timeout: half a head → 408 and close within ~1 s', T, async () => {
    const l = await listen(echo, { headersTimeoutMs: 300, requestTimeoutMs: 1000 });
    const conn = await Conn.open(l.port);
    const t0 = Date.now();
    conn.write('GET / HTTP/1.1\r\nHost: x\r\nX-Half: ');
    const res = await conn.read({ ms: 2000 });
    assert.equal(res.status, 408);
    assert.equal(await conn.closes(1000), true, 'the server closed the connection');
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 250, `not before the headers timeout (${elapsed} ms)`);
    assert.ok(elapsed <= 1200, `closed within ~1 s (${elapsed} ms)`);
  });

  test('keep-alive timeout: an idle connection is closed within ~1 s of its last response', T, async () => {
    const l = await listen(echo, { keepAliveTimeoutMs: 300 });
    const { res, conn } = await exchange(l.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const t0 = Date.now();
    assert.equal(res.status, 200);
    assert.equal(await conn.closes(1500), true, 'the server closed the idle connection');
    assert.ok(Date.now() - t0 <= 1000, `closed after ${Date.now() - t0} ms`);
  });

  test('keep-alive timeout: a connection with a request in flight is not closed by it', T, async () => {
    const l = await listen(echo, { keepAliveTimeoutMs: 300 });
    const conn = await Conn.open(l.port);
    // the first request on the connection runs longer than the keep-alive timeout
    conn.write('GET /slow1?delay=600 HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(echoed(await conn.read({ ms: 2000 })).path, '/slow1');
    // a later one, after a short idle spell armed the keep-alive timer, too
    await sleep(100);
    conn.write('GET /slow2?delay=600 HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(echoed(await conn.read({ ms: 2000 })).path, '/slow2');
    // and then, idle, it is closed
    assert.equal(await conn.closes(1500), true, 'the server closed the idle connection');
  });
});

describe('robustness', () => {
  test('2 KiB of garbage never crashes the server; a fresh connection then gets a 200', T, async () => {
    const l = await listen(echo);
    const inputs = [
      pseudoRandom(1, 2048),
      pseudoRandom(2, 2048),
      Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n', 'latin1'), pseudoRandom(3, 2048)]),
      Buffer.concat([Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', 'latin1'), pseudoRandom(4, 2048)]),
      Buffer.concat([Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789', 'latin1'), pseudoRandom(5, 2048)]),
      Buffer.from(pseudoRandom(6, 2048).toString('latin1').replace(/[^\r\n]{40}/g, (s) => s + '\r\n'), 'latin1'),
    ];
    for (const bytes of inputs) {
      const conn = await Conn.open(l.port);
      conn.write(bytes);
      await conn.closes(500);
      conn.destroy();
    }
    const { res } = await exchange(l.port, 'POST /after HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok');
    assert.equal(echoed(res).body, 'ok');
  });
});
