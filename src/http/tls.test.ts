/**
 * TLS on the listener's port: told apart from cleartext by the first byte, HTTP/2 or HTTP/1.1
 * by ALPN, cleartext HTTP/1.1 and h2c still served on the same port.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { selfSignedTls } from '../../test/helpers/tls.js';
import type { WireHandler } from '../protocol/wire.js';
import { sequentialIds } from '../runtime/ids.js';
import { type Listener, type LogLevel, startListener } from './listener.js';

const HOST = '127.0.0.1';
const T = { timeout: 10_000 };

/** Echoes what the handler saw of the connection. */
const echo: WireHandler = async (req) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ scheme: req.scheme, httpVersion: req.httpVersion, path: req.path, body: req.body.toString() }),
});

interface Seen {
  scheme: string;
  httpVersion: string;
  path: string;
  body: string;
}

function h1Request(port: number, options: https.RequestOptions & { body?: string; secure: boolean }): Promise<{ status: number; seen: Seen }> {
  const { secure, body, ...rest } = options;
  const send = secure ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send({ host: HOST, port, method: 'POST', path: '/p', agent: false, ...rest }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, seen: JSON.parse(text) as Seen }));
    });
    req.on('error', reject);
    req.end(body ?? '');
  });
}

async function h2Request(authority: string, options: http2.SecureClientSessionOptions = {}): Promise<Seen> {
  const session = http2.connect(authority, options);
  try {
    return await new Promise<Seen>((resolve, reject) => {
      session.on('error', reject);
      const stream = session.request({ ':method': 'POST', ':path': '/h2' });
      let text = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (text += c));
      stream.on('end', () => resolve(JSON.parse(text) as Seen));
      stream.on('error', reject);
      stream.end('over h2');
    });
  } finally {
    session.close();
  }
}

describe('TLS on the listener port', () => {
  const credentials = selfSignedTls();
  const logs: { level: LogLevel; msg: string }[] = [];
  let l: Listener;
  before(async () => {
    l = await startListener({
      host: HOST,
      port: 0,
      handler: echo,
      ids: sequentialIds(),
      log: (level, msg) => logs.push({ level, msg }),
      tls: credentials,
      limits: { headersTimeoutMs: 500 },
    });
  });
  after(() => l.close());

  test('HTTP/1.1 over TLS (ALPN http/1.1) is https; cleartext HTTP/1.1 on the same port is http', T, async () => {
    const secure = await h1Request(l.port, { secure: true, ca: credentials.cert, body: 'tls body' });
    assert.deepEqual(secure.seen, { scheme: 'https', httpVersion: '1.1', path: '/p', body: 'tls body' });
    const plain = await h1Request(l.port, { secure: false, body: 'plain body' });
    assert.deepEqual(plain.seen, { scheme: 'http', httpVersion: '1.1', path: '/p', body: 'plain body' });
  });

  test('HTTP/2 over TLS (ALPN h2) is https; h2c with prior knowledge on the same port is http', T, async () => {
    assert.deepEqual(await h2Request(`https://${HOST}:${l.port}`, { ca: credentials.cert }), { scheme: 'https', httpVersion: '2', path: '/h2', body: 'over h2' });
    assert.deepEqual(await h2Request(`http://${HOST}:${l.port}`), { scheme: 'http', httpVersion: '2', path: '/h2', body: 'over h2' });
  });

  test('a TLS client without ALPN gets HTTP/1.1', T, async () => {
    const sock = tls.connect({ host: HOST, port: l.port, ca: credentials.cert, servername: 'localhost' });
    after(() => sock.destroy());
    await new Promise<void>((resolve, reject) => {
      sock.once('secureConnect', resolve);
      sock.once('error', reject);
    });
    assert.equal(sock.alpnProtocol, false);
    sock.write('GET /no-alpn HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    let text = '';
    for await (const chunk of sock) text += String(chunk);
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.equal((JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as Seen).scheme, 'https');
  });

  test('a client that does not trust the certificate fails its handshake; the port serves on', T, async () => {
    await assert.rejects(h1Request(l.port, { secure: true }), /self-signed certificate/);
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(logs.some((e) => e.level === 'debug' && e.msg === 'TLS handshake failed'), 'the failed handshake is logged at debug level');
    assert.equal((await h1Request(l.port, { secure: true, ca: credentials.cert })).status, 200);
  });

  test('a TLS handshake that never finishes is cut after headersTimeoutMs', T, async () => {
    const sock = net.connect(l.port, HOST);
    after(() => sock.destroy());
    await new Promise<void>((resolve) => sock.once('connect', resolve));
    const t0 = Date.now();
    sock.write(Buffer.from([0x16, 0x03, 0x01])); // the start of a ClientHello, then nothing
    await new Promise<void>((resolve) => sock.once('close', resolve));
    const waited = Date.now() - t0;
    assert.ok(waited >= 400 && waited < 3_000, `closed after ${waited} ms`);
  });
});

test('a certificate that does not match its key fails the start', T, async () => {
  const a = selfSignedTls();
  const b = selfSignedTls();
  await assert.rejects(
    startListener({ host: HOST, port: 0, handler: echo, ids: sequentialIds(), tls: { cert: a.cert, key: b.key } }),
    /key values mismatch/,
  );
});
