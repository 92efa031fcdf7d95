import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { selfSignedTls } from './tls.js';

/**
 * HTTP plumbing for SNS delivery tests: a subscriber endpoint that records what SNS posts (and
 * can fail on purpose), and an HTTPS front that serves the server's signing certificate, so that
 * `sns-validator` (which insists on an https: SigningCertURL and Node's CA checks) can verify the
 * messages. The front's TLS certificate is made here for 127.0.0.1 and trusted through
 * `https.globalAgent` (the agent sns-validator's `https.get` uses); node --test runs each test
 * file in its own process, so this touches no other file.
 */

export interface Posted {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Parsed body when it is JSON. */
  readonly json: any;
  /** The status the subscriber answered. */
  readonly status: number;
  /** Wall clock (or the test's clock) when it arrived. */
  readonly at: number;
}

export interface Subscriber {
  readonly url: string;
  readonly posted: Posted[];
  /** Status to answer for requests to `path` (default 200), or a function of the attempt number (1-based). */
  respond(path: string, status: number | ((attempt: number) => number)): void;
  /** Resolves once `count` requests to `path` arrived (fails after timeoutMs). */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<Posted[]>;
  to(path: string): Posted[];
  close(): Promise<void>;
}

export async function startSubscriber(now: () => number = Date.now, tls?: { key: string; cert: string }): Promise<Subscriber> {
  const posted: Posted[] = [];
  const rules = new Map<string, number | ((attempt: number) => number)>();
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      const attempt = posted.filter((p) => p.path === path).length + 1;
      const rule = rules.get(path) ?? 200;
      const status = typeof rule === 'function' ? rule(attempt) : rule;
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      posted.push({ path, headers: req.headers, body, json, status, at: now() });
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  };
  const server = tls ? https.createServer(tls, handle) : http.createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const to = (path: string) => posted.filter((p) => p.path === path);
  return {
    url,
    posted,
    respond: (path, status) => void rules.set(path, status),
    to,
    async waitFor(path, count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (to(path).length < count) {
        if (Date.now() > deadline) throw new Error(`only ${to(path).length} of ${count} posts to ${path} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return to(path);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface CertFront {
  /** `https://127.0.0.1:<port>`: the server's SNS cert base URL. */
  readonly baseUrl: string;
  /** Where GETs are forwarded (the Switchyard server's URL), set once it runs. */
  target: string;
  /** Its TLS key and certificate (trusted by https.globalAgent): reusable for an https subscriber. */
  readonly tls: { key: string; cert: string };
  close(): Promise<void>;
}

/** An HTTPS front forwarding GETs to `target` (the Switchyard server), trusted by https.globalAgent. */
export async function startCertFront(): Promise<CertFront> {
  const tls = selfSignedTls();
  const front: CertFront = { baseUrl: '', target: '', tls, close: async () => {} };
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    http
      .get(`${front.target}${req.url ?? '/'}`, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      })
      .on('error', () => res.writeHead(502).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  https.globalAgent.options.ca = tls.cert;
  return Object.assign(front, {
    baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

/** Polls GET /_switchyard/sns/recorded until `count` records for (protocol, endpoint) are there. */
export async function recorded(base: string, protocol: string, endpoint: string, count: number, timeoutMs = 5_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${base}/_switchyard/sns/recorded?protocol=${encodeURIComponent(protocol)}&endpoint=${encodeURIComponent(endpoint)}`);
    assert.equal(res.status, 200);
    const { recorded: rows } = (await res.json()) as { recorded: any[] };
    if (rows.length >= count) return rows;
    if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${count} recorded for ${protocol} ${endpoint}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
