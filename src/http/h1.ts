import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ListenerContext, describeError } from './context.js';
import { HeadError, type RequestHead, parseHead } from './h1-head.js';
import { H1Exchange } from './h1-exchange.js';

/**
 * HTTP/1.1 on the raw socket: our own framing instead of node:http. SQS and SNS clients speak
 * HTTP/1.1 only, and node:http was most of the floor under every call: a server answering a
 * constant cost 172–218 µs of CPU a request through node:http and 88–98 µs on a bare socket
 * (bench/request-floor.ts, raw and raw-net targets, on the 2-vCPU VM of BENCHMARKS.md).
 *
 * A connection is in one phase at a time:
 *   IDLE     between requests, nothing buffered (the keep-alive timeout applies)
 *   HEAD     part of a request head buffered (the headers timeout applies)
 *   BODY     reading the body (Content-Length or chunked; the exchange's request timeout applies)
 *   WAITING  the request is complete and its response is not; bytes of pipelined requests are
 *            buffered (reading pauses past PIPELINE_BUFFER) and parsed once it is
 *   CLOSED   nothing more is read or written
 * Requests are answered one at a time, in order (RFC 9112 §9.3.2). A malformed head gets 400
 * (or 431, 501, 505, 417) and the connection is closed: after a framing error nothing that
 * follows on the connection can be trusted. The head rules are in h1-head.ts.
 */
const IDLE = 0;
const HEAD = 1;
const BODY = 2;
const WAITING = 3;
const CLOSED = 4;

// Steps of a chunked body (RFC 9112 §7.1).
const SIZE = 0;
const DATA = 1;
const DATA_END = 2;
const TRAILER = 3;

const CRLF = Buffer.from('\r\n', 'latin1');
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
/** While a response is pending, reading pauses once this much of later requests is buffered. */
const PIPELINE_BUFFER = 64 * 1024;
/** How long a closing connection keeps reading (and dropping) what the client still sends. */
const LINGER_MS = 2_000;
/** A chunk-size line (size and extensions) longer than this is refused. */
const MAX_CHUNK_LINE = 1024;
const CHUNK_SIZE = /^[0-9a-fA-F]{1,8}[\t ]*(?:;|$)/;
const BAD_LINE = /[\x00-\x08\x0a-\x1f\x7f]/;

const kConnection = Symbol('h1 connection');
type Carrier = Socket & { [kConnection]?: H1Connection };

export interface H1Server {
  /** Takes over a socket whose first bytes (`first`, possibly empty) were already read. */
  accept(sock: Socket, first: Buffer): void;
  /** Closes connections between requests; the others close after their current response. */
  closeIdle(): void;
}

export function createH1Server(ctx: ListenerContext): H1Server {
  const connections = new Set<H1Connection>();
  return {
    accept(sock, first) {
      const conn = new H1Connection(ctx, sock, connections);
      connections.add(conn);
      (sock as Carrier)[kConnection] = conn;
      sock.on('data', onData);
      sock.on('close', onClose);
      sock.on('timeout', onIdleTimeout);
      // Socket inactivity: it matters only between requests (see onIdleTimeout).
      sock.setTimeout(ctx.limits.keepAliveTimeoutMs);
      if (first.length > 0) feed(conn, first);
    },
    closeIdle() {
      for (const conn of connections) conn.closeIfIdle();
    },
  };
}

function onData(this: Carrier, chunk: Buffer): void {
  feed(this[kConnection]!, chunk);
}

function feed(conn: H1Connection, chunk: Buffer): void {
  try {
    conn.read(chunk);
  } catch (err) {
    // Only a bug of ours gets here: it costs this connection, never the process.
    conn.broke(err);
  }
}

function onClose(this: Carrier): void {
  this[kConnection]!.closed();
}

function onIdleTimeout(this: Carrier): void {
  this[kConnection]!.closeIfIdle();
}

function onLingerEnd(sock: Socket): void {
  sock.destroy();
}

function onHeadTimeout(conn: H1Connection): void {
  conn.headTimedOut();
}

export class H1Connection {
  private phase = IDLE;
  /** Bytes read and not yet parsed. */
  private buf: Buffer | undefined = undefined;
  /** How far `buf` is known not to hold the end of a head (a partial head is rescanned from here). */
  private scanned = 0;
  private exchange: H1Exchange | undefined = undefined;
  /** Whether the connection stays open after the current response. */
  keepAlive = true;
  /** The current request's minor version: 0 for HTTP/1.0. */
  minor = 1;
  private chunked = false;
  private step = SIZE;
  /** Body bytes left: of the whole body (Content-Length) or of the current chunk. */
  private left = 0;
  private trailerBytes = 0;
  private headTimer: NodeJS.Timeout | undefined = undefined;
  private lingerTimer: NodeJS.Timeout | undefined = undefined;
  private parsing = false;

  constructor(
    private readonly ctx: ListenerContext,
    readonly sock: Socket,
    private readonly connections: Set<H1Connection>,
  ) {}

  read(chunk: Buffer): void {
    if (this.phase === CLOSED) return;
    this.buf = this.buf === undefined ? chunk : Buffer.concat([this.buf, chunk]);
    if (this.phase === WAITING) {
      if (this.buf.length > PIPELINE_BUFFER) this.sock.pause();
      return;
    }
    this.parse();
  }

  private parse(): void {
    if (this.parsing) return; // a response finished from inside the loop below; it goes on
    this.parsing = true;
    try {
      let progress = true;
      while (progress && this.buf !== undefined) {
        const phase = this.phase;
        if (phase === IDLE || phase === HEAD) progress = this.readHead();
        else if (phase === BODY) progress = this.chunked ? this.readChunked() : this.readLength();
        else progress = false;
      }
    } finally {
      this.parsing = false;
    }
  }

  private take(n: number): Buffer {
    const buf = this.buf!;
    if (n >= buf.length) {
      this.buf = undefined;
      return buf;
    }
    this.buf = buf.subarray(n);
    return buf.subarray(0, n);
  }

  /** True when a head was parsed (or the connection failed); false when more bytes are needed. */
  private readHead(): boolean {
    let buf = this.buf!;
    // RFC 9112 §2.2: empty lines before a request line are ignored.
    let i = 0;
    while (i + 1 < buf.length && buf[i] === 0x0d && buf[i + 1] === 0x0a) i += 2;
    if (i > 0) {
      this.take(i);
      this.scanned = 0;
      if (this.buf === undefined) return false;
      buf = this.buf;
    }
    const limit = this.ctx.limits.maxHeaderBytes;
    const end = buf.indexOf(CRLFCRLF, this.scanned);
    if (end === -1) {
      if (buf.length > limit) return this.fail(431, 'request head too large');
      // Without this, a client using bare LFs would wait for the headers timeout.
      if (bareLineEnd(buf, this.scanned)) return this.fail(400, 'a line of the request head does not end in CRLF');
      this.scanned = buf.length > 3 ? buf.length - 3 : 0;
      if (this.phase === IDLE) {
        this.phase = HEAD;
        this.headTimer = setTimeout(onHeadTimeout, this.ctx.limits.headersTimeoutMs, this).unref();
      }
      return false;
    }
    if (end > limit) return this.fail(431, 'request head too large');
    this.scanned = 0;
    this.clearHeadTimer();
    const text = buf.toString('latin1', 0, end);
    this.take(end + 4);
    let head: RequestHead;
    try {
      head = parseHead(text);
    } catch (err) {
      if (err instanceof HeadError) return this.fail(err.status, err.message);
      throw err;
    }
    this.start(head);
    return true;
  }

  private start(head: RequestHead): void {
    this.keepAlive = head.keepAlive;
    this.minor = head.minor;
    const x = new H1Exchange(this.ctx, this, head);
    this.exchange = x;
    if (!x.acceptsLength(head.length)) return; // answered 413 (and closing) without reading the body
    if (head.framing === 'none') return this.bodyDone();
    if (head.expectsContinue) this.sock.write(CONTINUE, 'latin1');
    this.chunked = head.framing === 'chunked';
    this.left = this.chunked ? 0 : Number(head.length);
    this.step = SIZE;
    this.trailerBytes = 0;
    this.phase = BODY;
  }

  private readLength(): boolean {
    const part = this.take(this.left);
    this.left -= part.length;
    this.exchange!.addChunk(part);
    if (this.phase === BODY && this.left === 0) this.bodyDone();
    return true;
  }

  /** Consumes as much of a chunked body as `buf` holds; false when more bytes are needed. */
  private readChunked(): boolean {
    while (this.buf !== undefined && this.phase === BODY) {
      const buf = this.buf;
      if (this.step === DATA) {
        const part = this.take(this.left);
        this.left -= part.length;
        this.exchange!.addChunk(part);
        if (this.left === 0) this.step = DATA_END;
      } else if (this.step === DATA_END) {
        if (buf[0] !== 0x0d || (buf.length > 1 && buf[1] !== 0x0a)) return this.fail(400, 'chunk data not followed by CRLF');
        if (buf.length < 2) return false;
        this.take(2);
        this.step = SIZE;
      } else {
        const eol = buf.indexOf(CRLF);
        const max = this.step === SIZE ? MAX_CHUNK_LINE : this.ctx.limits.maxHeaderBytes - this.trailerBytes;
        if (eol === -1 || eol > max) {
          if (buf.length <= max) return false;
          return this.step === SIZE ? this.fail(400, 'chunk-size line too long') : this.fail(431, 'trailer section too large');
        }
        const line = buf.toString('latin1', 0, eol);
        this.take(eol + 2);
        if (this.step === SIZE) {
          if (!CHUNK_SIZE.test(line) || BAD_LINE.test(line)) return this.fail(400, 'invalid chunk-size line');
          this.left = Number.parseInt(line, 16);
          this.step = this.left === 0 ? TRAILER : DATA;
        } else if (eol === 0) {
          this.bodyDone();
        } else {
          // Trailer fields are read and dropped (RFC 9110 §6.5.1 lets a recipient discard them).
          if (line.indexOf(':') <= 0 || BAD_LINE.test(line)) return this.fail(400, 'malformed trailer field');
          this.trailerBytes += eol + 2;
        }
      }
    }
    return true;
  }

  private bodyDone(): void {
    this.phase = WAITING;
    this.exchange!.endBody();
  }

  /** The exchange wrote its whole response. */
  responded(): void {
    this.exchange = undefined;
    if (this.phase === CLOSED) return;
    if (!this.keepAlive || this.ctx.closing) return this.closeAfterWrite();
    this.phase = IDLE;
    if (this.sock.isPaused()) this.sock.resume();
    if (this.buf !== undefined) this.parse();
  }

  /** Answers a head or body that cannot be read with a bare status, then closes. */
  private fail(status: number, reason: string): false {
    this.ctx.log('debug', 'malformed HTTP/1.1 request', { status, reason });
    const x = this.exchange;
    if (x === undefined || !x.headSent) {
      this.sock.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, 'latin1');
    }
    x?.clientGone(); // a body that broke off: the exchange is over
    this.closeAfterWrite();
    return false;
  }

  /**
   * Closes after what was written. A lingering close (RFC 9112 §9.6): our sending side is shut
   * first and what the client still sends is read and dropped, for at most LINGER_MS (the socket
   * closes as soon as the client closes its side). Closing at once with unread bytes makes the
   * kernel send a reset, which can destroy a response the client has not read yet: a 400 to a
   * client still writing its pipeline, a 413 to an upload.
   */
  closeAfterWrite(): void {
    if (this.phase === CLOSED) return;
    this.phase = CLOSED;
    this.buf = undefined;
    this.clearHeadTimer();
    const sock = this.sock;
    if (!sock.writable) {
      sock.destroy();
      return;
    }
    sock.end();
    if (sock.isPaused()) sock.resume();
    this.lingerTimer = setTimeout(onLingerEnd, LINGER_MS, sock).unref();
  }

  destroy(): void {
    this.phase = CLOSED;
    this.sock.destroy();
  }

  broke(err: unknown): void {
    this.ctx.log('error', 'HTTP/1.1 connection failed', { error: describeError(err) });
    this.parsing = false;
    this.destroy();
  }

  closeIfIdle(): void {
    if (this.phase === IDLE && this.buf === undefined) this.destroy();
  }

  headTimedOut(): void {
    this.headTimer = undefined;
    if (this.phase === HEAD) this.fail(408, 'request head not received in time');
  }

  closed(): void {
    this.phase = CLOSED;
    this.buf = undefined;
    this.clearHeadTimer();
    if (this.lingerTimer !== undefined) clearTimeout(this.lingerTimer);
    this.connections.delete(this);
    const x = this.exchange;
    this.exchange = undefined;
    x?.clientGone();
  }

  private clearHeadTimer(): void {
    if (this.headTimer !== undefined) {
      clearTimeout(this.headTimer);
      this.headTimer = undefined;
    }
  }
}

/** A LF not preceded by CR, or a CR followed by something else than LF, at or after `from`. */
function bareLineEnd(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x0a && (i === 0 || buf[i - 1] !== 0x0d)) return true;
    if (c === 0x0d && i + 1 < buf.length && buf[i + 1] !== 0x0a) return true;
  }
  return false;
}
