import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import type { WireHandler, WireResponse } from '../protocol/wire.js';
import type { Ids } from '../runtime/ids.js';
import { type ListenerContext, type LogFn, defaultLog, describeError } from './context.js';
import { createH1Server } from './h1.js';
import { createH2Server } from './h2.js';
import { type HttpLimits, resolveLimits } from './limits.js';

export type { HttpLimits } from './limits.js';
export { DEFAULT_HTTP_LIMITS } from './limits.js';
export type { LogFn, LogLevel } from './context.js';
export { HEALTH_PATH } from './context.js';

export interface ListenerOptions {
  host: string;
  /** 0 picks a free port; `Listener.port` tells which. */
  port: number;
  handler: WireHandler;
  ids: Ids;
  limits?: Partial<HttpLimits>;
  /** Defaults to printing warnings and errors to stderr as JSON lines. */
  log?: LogFn;
  /** Merged into the health answer (`{"status":"ok", ...result}`); a throw answers 503. */
  health?: () => Promise<object>;
  /**
   * A certificate (chain) and its key, PEM: the port then also speaks TLS, told apart from
   * cleartext by a connection's first byte. HTTP/2 over TLS is chosen by ALPN (`h2`, RFC 9113 §3.2).
   */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface Listener {
  readonly port: number;
  readonly host: string;
  /**
   * Stops accepting, closes idle connections, sends GOAWAY on HTTP/2 sessions and aborts the
   * signals of requests in flight (so long polls and streams wrap up). Responses still being
   * written get `limits.closeGraceMs`, then every connection is destroyed.
   */
  close(): Promise<void>;
}

/** A TLS record of type handshake (RFC 8446 §5.1) starts every TLS connection; no HTTP request does. */
const TLS_HANDSHAKE = 0x16;
const EMPTY = Buffer.alloc(0);

/** The HTTP/2 connection preface (RFC 9113 §3.4): 24 bytes no HTTP/1.x request starts with. */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/**
 * One TCP port speaking HTTP/1.1 and cleartext HTTP/2 with prior knowledge, and with `tls` set
 * the same over TLS (a first byte 0x16 starts a TLS handshake; see createTlsFront).
 *
 * Each connection starts in the sniffing state: its first bytes are compared with the HTTP/2
 * preface, buffering while a short first read still matches. HTTP/1.1 connections go to our own
 * framing (h1.ts), handed the bytes read so far. HTTP/2 ones go to Node's HTTP/2 server, the bytes
 * put back with `unshift`. For HTTP/2 that is enough on Node ≥ 15: a
 * session reads what is already buffered on the socket before taking over its native handle
 * (nodejs/node#35475), which keeps HTTP/2 on the native read path instead of a JS Duplex wrapper.
 */
export async function startListener(options: ListenerOptions): Promise<Listener> {
  const limits = resolveLimits(options.limits);
  const log = safeLog(options.log ?? defaultLog);
  const ctx: ListenerContext = {
    handler: options.handler,
    health: healthHandler(options.health, log),
    ids: options.ids,
    limits,
    log,
    sockets: new Set(),
    live: new Set(),
    closing: false,
  };
  const h1 = createH1Server(ctx);
  const h2 = createH2Server(ctx);
  const secure = options.tls === undefined ? undefined : createTlsFront(options.tls);
  /** Sockets still being sniffed, with the bytes read so far when one read was not enough. */
  const sniffing = new Map<Socket, Buffer | undefined>();

  const server = net.createServer({ noDelay: true }, (sock) => {
    ctx.sockets.add(sock);
    sock.on('close', onSocketClose);
    sock.on('error', onSocketError);
    if (ctx.closing) {
      sock.destroy();
      return;
    }
    sniffing.set(sock, undefined);
    // A connection that never says anything is as idle as a keep-alive one.
    sock.setTimeout(limits.keepAliveTimeoutMs);
    sock.on('timeout', onSniffTimeout);
    sock.on('data', onSniffData);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log('error', 'listening socket error', { error: describeError(err) }));

  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    host: options.host,
    close() {
      closed ??= closeAll();
      return closed;
    },
  };

  function onSniffData(this: Socket, chunk: Buffer): void {
    const before = sniffing.get(this);
    const buf = before === undefined ? chunk : Buffer.concat([before, chunk]);
    if (secure !== undefined && buf[0] === TLS_HANDSHAKE) {
      // The TLS server (never listening itself) takes the socket over; a TLSSocket reads what is
      // buffered on the socket it wraps first.
      stopSniffing(this);
      putBack(this, buf);
      secure.emit('connection', this);
      return;
    }
    const n = buf.length < PREFACE.length ? buf.length : PREFACE.length;
    const isH2 = buf.compare(PREFACE, 0, n, 0, n) === 0;
    if (isH2 && n < PREFACE.length) {
      sniffing.set(this, buf); // a prefix of the preface: wait for more
      return;
    }
    stopSniffing(this);
    if (isH2) {
      putBack(this, buf);
      h2.server.emit('connection', this);
    } else {
      h1.accept(this, buf);
    }
  }

  function stopSniffing(sock: Socket): void {
    sniffing.delete(sock);
    sock.removeListener('data', onSniffData);
    sock.removeListener('timeout', onSniffTimeout);
    sock.setTimeout(0);
  }

  /** The bytes read so far go back on the socket, for a server that reads it from the start. */
  function putBack(sock: Socket, buf: Buffer): void {
    sock.pause();
    sock.unshift(buf);
  }

  function onSniffTimeout(this: Socket): void {
    this.destroy();
  }

  /**
   * A TLS server used only for its handshake (a certificate that does not match its key fails the
   * start, not a client). Once a handshake is done, ALPN picks the protocol: `h2` → HTTP/2,
   * anything else (`http/1.1`, or no ALPN) → HTTP/1.1. A handshake must finish within
   * headersTimeoutMs.
   */
  function createTlsFront(credentials: NonNullable<ListenerOptions['tls']>): tls.Server {
    const front = tls.createServer({ ...credentials, ALPNProtocols: ['h2', 'http/1.1'], handshakeTimeout: limits.headersTimeoutMs });
    front.on('secureConnection', (t: tls.TLSSocket) => {
      t.on('error', onSocketError); // resets after the handshake: logged like the plain socket's
      if (ctx.closing) t.destroy();
      else if (t.alpnProtocol === 'h2') h2.server.emit('connection', t);
      else h1.accept(t, EMPTY);
    });
    front.on('tlsClientError', (err: NodeJS.ErrnoException, t: tls.TLSSocket) => {
      // A client that does not trust the certificate, speaks no TLS we accept or took too long:
      // its business. With a listener on this event, closing the socket is ours.
      log('debug', 'TLS handshake failed', { code: err.code, message: err.message });
      t.destroy();
    });
    return front;
  }

  function onSocketClose(this: Socket): void {
    ctx.sockets.delete(this);
    sniffing.delete(this);
  }

  function onSocketError(this: Socket, err: NodeJS.ErrnoException): void {
    // Resets and broken pipes are the client's business; Node's servers clean up after them.
    log('debug', 'client socket error', { code: err.code, message: err.message });
  }

  function closeAll(): Promise<void> {
    ctx.closing = true;
    return new Promise<void>((resolve) => {
      const grace = setTimeout(() => {
        for (const sock of ctx.sockets) sock.destroy();
      }, limits.closeGraceMs);
      grace.unref();
      // Calls back once every accepted connection is gone.
      server.close(() => {
        clearTimeout(grace);
        h2.server.close();
        resolve();
      });
      for (const sock of sniffing.keys()) sock.destroy();
      h1.closeIdle();
      h2.closeSessions();
      const reason = new DOMException('The listener is closing.', 'AbortError');
      for (const x of ctx.live) x.abort(reason);
    });
  }
}

function safeLog(log: LogFn): LogFn {
  return (level, msg, fields) => {
    try {
      log(level, msg, fields);
    } catch {
      // a failing logger must not take requests down with it
    }
  };
}

function healthHandler(health: (() => Promise<object>) | undefined, log: LogFn): WireHandler {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  const ok: WireResponse = { status: 200, headers, body: '{"status":"ok"}' };
  if (health === undefined) return () => Promise.resolve(ok);
  return async (req) => {
    try {
      const extra = await health();
      return { status: 200, headers, body: JSON.stringify({ status: 'ok', ...extra }) };
    } catch (err) {
      log('warn', 'health check failed', { requestId: req.requestId, error: describeError(err) });
      return { status: 503, headers, body: '{"status":"unavailable"}' };
    }
  };
}
