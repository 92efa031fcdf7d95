import http2, {
  type Http2Session,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import { H_KEEP, H_REQUEST_ID, type ListenerContext, bodiless, describeError, headerKind } from './context.js';
import { Exchange, INTERNAL_ERROR, drained } from './exchange.js';
import { RAW_FIELDS } from './h1-head.js';

/**
 * Cleartext HTTP/2 (prior knowledge) on Node's core stream API, without the compatibility layer.
 * Node adds `date` to every response head. The JS v3 Kinesis client opens one session per request
 * (aws-sdk-js-v3#8279), so per-session work is kept to a map entry, a timer and two listeners.
 */
const kExchange = Symbol('exchange');
type Carrier = { [kExchange]?: H2Exchange };
const { NGHTTP2_NO_ERROR, NGHTTP2_INTERNAL_ERROR } = http2.constants;

class H2Exchange extends Exchange {
  constructor(
    ctx: ListenerContext,
    private readonly stream: ServerHttp2Stream,
    headers: IncomingHttpHeaders,
    readonly session: Http2Session,
  ) {
    super(ctx, headers[':method'] ?? 'GET', headers[':path'] ?? '/', headers as Record<string, string | undefined>, '2', session.encrypted === true);
  }

  peerAddress(): string | undefined {
    // A destroyed session has no socket left to ask.
    return this.session.destroyed ? undefined : this.session.socket?.remoteAddress;
  }

  /** The response head; connection-specific headers are dropped (HTTP/2 forbids them). */
  private head(status: number, headers: Record<string, string>, length: number): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = { ':status': status };
    let hasId = false;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined) continue;
      const kind = headerKind(name);
      if (kind === H_REQUEST_ID) hasId = true;
      else if (kind !== H_KEEP) continue;
      out[name] = value;
    }
    if (!hasId) out['x-amzn-requestid'] = this.requestId;
    if (length >= 0) out['content-length'] = length;
    return out;
  }

  protected sendComplete(status: number, headers: Record<string, string>, body: string | Uint8Array, sent?: () => void): void {
    const s = this.stream;
    if (s.destroyed) return;
    const none = bodiless(status);
    const length = none ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    const head = this.head(status, headers, none ? -1 : length);
    if (length === 0 || this.method === 'HEAD') {
      s.respond(head, { endStream: true });
    } else {
      s.respond(head);
      if (sent) {
        // The write's own callback, not end's: end's waits for 'finish', which a stream closed by
        // the peer's END_STREAM can skip (ERR_STREAM_DESTROYED after the body was sent in full).
        // A write's callback comes from the native write request, completed once the session's
        // socket write holding the last DATA frame is done (or the data was dropped unsent); only
        // a success hands the memory back.
        s.write(body, (err?: Error | null) => {
          if (!err) sent();
        });
        s.end();
      } else s.end(body);
    }
  }

  protected async sendStream(status: number, headers: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void> {
    const s = this.stream;
    if (s.destroyed) return;
    const none = bodiless(status) || this.method === 'HEAD';
    s.respond(this.head(status, headers, -1), { endStream: none });
    if (none) return;
    for await (const chunk of body) {
      if (this.gone) break;
      if (chunk.byteLength === 0) continue;
      if (!s.write(chunk)) await drained(s);
      if (this.gone) break;
    }
    if (!this.gone) s.end();
  }

  protected refuse(status: number, body: string): void {
    const s = this.stream;
    if (s.destroyed || s.headersSent) return;
    s.respond({
      ':status': status,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': this.requestId,
    });
    // Once the answer is out, RST_STREAM(NO_ERROR) tells a client still uploading to stop
    // (RFC 9113 §8.1); the rest of the body is never read.
    s.end(body, () => {
      if (!s.closed) s.close(NGHTTP2_NO_ERROR);
    });
  }

  protected failMidway(): void {
    const s = this.stream;
    if (!s.headersSent && !s.destroyed) this.sendComplete(INTERNAL_ERROR.status, INTERNAL_ERROR.headers, INTERNAL_ERROR.body as string);
    else if (!s.closed) s.close(NGHTTP2_INTERNAL_ERROR);
  }
}

interface SessionState {
  /** Streams in flight. */
  streams: number;
  /** Closes the session once no stream has been in flight for h2IdleTimeoutMs. */
  readonly idle: NodeJS.Timeout;
}

export interface H2Server {
  readonly server: http2.Http2Server;
  /** Sends GOAWAY on every session; each closes once its open streams finish. */
  closeSessions(): void;
}

export function createH2Server(ctx: ListenerContext): H2Server {
  const limits = ctx.limits;
  const server = http2.createServer({
    maxHeaderListPairs: limits.maxHeaderPairs,
    settings: {
      maxConcurrentStreams: limits.h2MaxConcurrentStreams,
      maxHeaderListSize: limits.maxHeaderBytes,
    },
  });
  /** Open sessions, each with its streams in flight and its idle timer. */
  const sessions = new Map<Http2Session, SessionState>();

  server.on('session', (session: Http2Session) => {
    // Our own timer, not session.setTimeout(): Node 20 never clears that one when a session closes
    // (it marks the session destroyed, then its setTimeout(0) returns early), so every closed
    // session stayed reachable from its timer for h2IdleTimeoutMs. The Kinesis SDK opens a session
    // per request: at ~180 sessions a second that held ~30 MB and made V8 run a mark-compact nearly
    // every scavenge (Kinesis PutRecords+GetRecords loop: 24-32 mark-compacts in 3,000 iterations
    // against 2-8 without; server CPU 8-17 % lower in two sets of interleaved runs). Unref'd: it
    // must not keep a closed listener's process alive.
    const idle = setTimeout(onSessionIdle, limits.h2IdleTimeoutMs, session).unref();
    sessions.set(session, { streams: 0, idle });
    session.on('close', onSessionClose);
    if (ctx.closing) session.close();
  });
  server.on('sessionError', (err: Error) => {
    ctx.log('debug', 'HTTP/2 session error', { error: describeError(err) });
  });
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
    const session = stream.session;
    // A stream the client reset as it opened it (HEADERS and RST_STREAM in one write) is already
    // destroyed when this event runs, its session detached: there is no one to answer. Reading the
    // missing session threw out of this event, an uncaught exception that ended the process.
    if (session === undefined || stream.destroyed) {
      // Its 'error' (the reset's code) may still be on its way: without a listener it would be
      // thrown as an uncaught exception.
      stream.on('error', onResetStreamError);
      return;
    }
    const state = sessions.get(session);
    if (state !== undefined) state.streams++;
    // WireRequest promises `host`; HTTP/2 clients send `:authority` instead.
    if (headers.host === undefined && headers[':authority'] !== undefined) headers.host = headers[':authority'];
    // For SigV4, which signs a repeated field's lines joined by "," (see h1-head.ts FIELD_LINES).
    Object.defineProperty(headers, RAW_FIELDS, { value: rawHeaders, enumerable: false });
    const x = new H2Exchange(ctx, stream, headers, session);
    (stream as Carrier)[kExchange] = x;
    stream.on('close', onStreamClose);
    stream.on('error', onStreamError);
    if (!x.acceptsLength(headers['content-length'] as string | undefined)) return;
    if (stream.endAfterHeaders) {
      x.endBody();
      return;
    }
    stream.on('data', onStreamData);
    stream.on('end', onStreamEnd);
  });

  return {
    server,
    closeSessions() {
      for (const session of sessions.keys()) if (!session.closed) session.close();
    },
  };

  function onSessionIdle(session: Http2Session): void {
    const state = sessions.get(session);
    if (state === undefined || session.closed) return;
    // A quiet long poll or a streamed response keeps its session: look again later.
    if (state.streams > 0) state.idle.refresh();
    else session.close();
  }

  function onSessionClose(this: Http2Session): void {
    const state = sessions.get(this);
    if (state !== undefined) clearTimeout(state.idle);
    sessions.delete(this);
  }

  function onStreamClose(this: ServerHttp2Stream): void {
    const x = (this as Carrier)[kExchange]!;
    x.clientGone();
    const state = sessions.get(x.session);
    if (state !== undefined && --state.streams === 0) state.idle.refresh(); // idle from now on
  }

  function onResetStreamError(this: ServerHttp2Stream, err: Error): void {
    ctx.log('debug', 'HTTP/2 stream reset as it opened', { error: describeError(err) });
  }

  function onStreamError(this: ServerHttp2Stream, err: Error): void {
    // A peer's RST_STREAM with an error code surfaces here; 'close' follows and does the rest.
    ctx.log('debug', 'HTTP/2 stream error', { requestId: (this as Carrier)[kExchange]?.requestId, error: describeError(err) });
  }
}

function onStreamData(this: ServerHttp2Stream, chunk: Buffer): void {
  (this as Carrier)[kExchange]!.addChunk(chunk);
}

function onStreamEnd(this: ServerHttp2Stream): void {
  (this as Carrier)[kExchange]!.endBody();
}
