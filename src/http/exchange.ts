import type { EventEmitter } from 'node:events';
import type { WireHandler, WireRequest, WireResponse } from '../protocol/wire.js';
import { type Abortable, HEALTH_PATH, type ListenerContext, describeError, errorBody } from './context.js';

/**
 * One request and its response, on either protocol; `H1Exchange` and `H2Exchange` supply the
 * writing. States, in order:
 *   READING    collecting the body (request timer armed; over-limit → 413, timer → 408)
 *   HANDLING   the handler (or the health check) runs (timer → 503 and the signal aborts)
 *   RESPONDING writing; for a streamed body this lasts as long as the stream
 *   DONE       nothing more will be written
 * Independently, `gone` becomes true when the client goes away before DONE, and the request's
 * AbortSignal fires (also on request timeout and on listener close). The AbortController is
 * created only if the handler reads `signal`, because creating one costs microseconds.
 */
const READING = 0;
const HANDLING = 1;
const RESPONDING = 2;
const DONE = 3;

/** Text bodies longer than this (characters) are turned into bytes before sending. */
const LARGE_TEXT = 64 * 1024;

export const EMPTY = Buffer.alloc(0);
const JSON_HEADERS: Record<string, string> = Object.freeze({ 'content-type': 'application/json' }) as Record<string, string>;
export const INTERNAL_ERROR: WireResponse = Object.freeze({
  status: 500,
  headers: JSON_HEADERS,
  body: errorBody('InternalFailure', 'The server encountered an internal error.'),
});
const TIMED_OUT: WireResponse = Object.freeze({
  status: 503,
  headers: JSON_HEADERS,
  body: errorBody('ServiceUnavailable', 'The request timed out.'),
});

export abstract class Exchange implements Abortable {
  readonly requestId: string;
  /** The client went away before the response was finished; nothing more can be written. */
  gone = false;
  private state = READING;
  private aborted = false;
  private reason: unknown = undefined;
  private ac: AbortController | undefined = undefined;
  private first: Buffer | undefined = undefined;
  private chunks: Buffer[] | undefined = undefined;
  private size = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly ctx: ListenerContext,
    readonly method: string,
    /** The request target: path plus `?query`. */
    private readonly target: string,
    private readonly headers: WireRequest['headers'],
    private readonly httpVersion: '1.1' | '2',
    /** The connection is TLS. */
    private readonly secure: boolean,
  ) {
    this.requestId = ctx.ids.uuid();
    ctx.live.add(this);
    // Unref'd: a timer alone must not keep a closed listener's process alive.
    this.timer = setTimeout(onRequestTimeout, ctx.limits.requestTimeoutMs, this).unref();
  }

  /** The peer's IP address, as the socket reports it (resource policies' aws:SourceIp). */
  abstract peerAddress(): string | undefined;

  /** Writes a complete response. Synchronous; throws on invalid headers. */
  /** `sent`: called once the transport is done with the body (see WireResponse.sent). */
  protected abstract sendComplete(status: number, headers: Record<string, string>, body: string | Uint8Array, sent?: () => void): void;
  /** Writes the head at once, then each chunk as it comes; stops when `gone`. */
  protected abstract sendStream(status: number, headers: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void>;
  /** Answers before the handler ran (413, 408) and stops the client's upload by closing. */
  protected abstract refuse(status: number, body: string): void;
  /** Writing failed: a 500 if nothing went out yet, otherwise cut the response short. */
  protected abstract failMidway(): void;

  /** The Content-Length the client declared; false (and 413 sent) when it is over the limit. */
  acceptsLength(declared: string | undefined): boolean {
    if (declared === undefined || Number(declared) <= this.ctx.limits.maxBodyBytes) return true;
    this.tooLarge();
    return false;
  }

  addChunk(chunk: Buffer): void {
    if (this.state !== READING) return;
    const size = this.size + chunk.length;
    if (size > this.ctx.limits.maxBodyBytes) return this.tooLarge();
    this.size = size;
    if (this.first === undefined) this.first = chunk;
    else if (this.chunks === undefined) this.chunks = [this.first, chunk];
    else this.chunks.push(chunk);
  }

  /** The body is complete: hand the request to the handler. */
  endBody(): void {
    if (this.state !== READING) return;
    const body = this.chunks !== undefined ? Buffer.concat(this.chunks, this.size) : (this.first ?? EMPTY);
    this.first = this.chunks = undefined;
    this.state = HANDLING;
    const target = this.target;
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const req = new ExchangeRequest(this, this.method, path, q === -1 ? '' : target.slice(q + 1), this.headers, body, this.httpVersion, this.secure ? 'https' : 'http');
    const isHealth = path === HEALTH_PATH && (this.method === 'GET' || this.method === 'HEAD');
    void this.run(isHealth ? this.ctx.health : this.ctx.handler, req);
  }

  /** Called by the protocol side when the connection or stream closed. */
  clientGone(): void {
    if (this.state === DONE || this.gone) return;
    this.gone = true;
    this.abort(new DOMException('The client disconnected.', 'AbortError'));
    if (this.state === READING) this.finish();
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.ac?.abort(reason);
  }

  /** @internal ExchangeRequest's `signal` */
  signal(): AbortSignal {
    let ac = this.ac;
    if (ac === undefined) {
      ac = this.ac = new AbortController();
      if (this.aborted) ac.abort(this.reason);
    }
    return ac.signal;
  }

  private async run(handler: WireHandler, req: WireRequest): Promise<void> {
    try {
      let res: WireResponse;
      try {
        res = await handler(req);
        if (res === null || typeof res !== 'object' || typeof res.status !== 'number') {
          throw new TypeError('the handler resolved without a WireResponse');
        }
      } catch (err) {
        this.ctx.log('error', 'request handler threw', { requestId: this.requestId, error: describeError(err) });
        res = INTERNAL_ERROR;
      }
      if (this.state !== HANDLING) return; // the request timer answered already
      if (this.gone) return this.finish();
      await this.respond(res);
    } catch (err) {
      // Only a bug in the listener itself gets here; never let it become an unhandled rejection.
      this.ctx.log('error', 'http listener failed', { requestId: this.requestId, error: describeError(err) });
      this.finish();
    }
  }

  private async respond(res: WireResponse): Promise<void> {
    this.state = RESPONDING;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      const body = res.body;
      // A large text body is encoded once here: as a string it would be scanned once for its
      // Content-Length and encoded again by the socket write (GetRecords answers reach 14 MB).
      if (typeof body === 'string') this.sendComplete(res.status, res.headers, body.length > LARGE_TEXT ? Buffer.from(body) : body);
      else if (body instanceof Uint8Array) this.sendComplete(res.status, res.headers, body, res.sent);
      else await this.sendStream(res.status, res.headers, body);
    } catch (err) {
      this.ctx.log('error', 'writing the response failed', { requestId: this.requestId, error: describeError(err) });
      try {
        this.failMidway();
      } catch {
        // the connection is beyond help; it is being destroyed
      }
    }
    this.finish();
  }

  private tooLarge(): void {
    this.refuseEarly(413, errorBody('RequestEntityTooLarge', `The request body exceeds ${this.ctx.limits.maxBodyBytes} bytes.`));
  }

  private refuseEarly(status: number, body: string): void {
    if (this.state !== READING) return;
    this.finish();
    this.first = this.chunks = undefined;
    try {
      this.refuse(status, body);
    } catch (err) {
      this.ctx.log('error', 'refusing a request failed', { requestId: this.requestId, error: describeError(err) });
    }
  }

  /** @internal the request timer fired */
  timedOut(): void {
    this.timer = undefined;
    if (this.state === READING) {
      this.abort(new DOMException('The request body did not arrive in time.', 'TimeoutError'));
      this.refuseEarly(408, errorBody('RequestTimeout', 'The request body did not arrive in time.'));
    } else if (this.state === HANDLING) {
      this.ctx.log('warn', 'request timed out in its handler', { requestId: this.requestId });
      this.abort(new DOMException('The request timed out.', 'TimeoutError'));
      if (this.gone) this.finish();
      else void this.respond(TIMED_OUT);
    }
  }

  private finish(): void {
    this.state = DONE;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.ctx.live.delete(this);
  }
}

/**
 * The request as the handler sees it. A class, not an object literal with a `get signal()`: a
 * literal's getter is a new function per request, so every request object got its own hidden
 * class, and hidden classes live in the old generation. Each one held its request (and through it
 * the exchange, the socket's buffers and the handler's objects) alive across every young-generation
 * GC until the next full one: ~15 KB per request survived each scavenge, and scavenges took 10-20 ms
 * instead of 0.2 ms (`--trace-gc-nvp`). A getter on the prototype is shared by all requests.
 */
class ExchangeRequest implements WireRequest {
  readonly requestId: string;
  constructor(
    private readonly exchange: Exchange,
    readonly method: string,
    readonly path: string,
    readonly query: string,
    readonly headers: WireRequest['headers'],
    readonly body: Buffer,
    readonly httpVersion: '1.1' | '2',
    readonly scheme: 'http' | 'https',
  ) {
    this.requestId = exchange.requestId;
  }

  /** Made on first use: an AbortController costs microseconds and only long polls and streams look. */
  get signal(): AbortSignal {
    return this.exchange.signal();
  }

  /** Read on use: only resource policies (--enforce-policies) look. */
  get remoteAddress(): string | undefined {
    return this.exchange.peerAddress();
  }
}

function onRequestTimeout(x: Exchange): void {
  x.timedOut();
}

/** Resolves on 'drain', or on 'close' (the caller then sees `gone`). */
export function drained(e: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      e.removeListener('drain', done);
      e.removeListener('close', done);
      resolve();
    };
    e.on('drain', done);
    e.on('close', done);
  });
}
