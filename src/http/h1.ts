import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { H_CONTENT_LENGTH, H_FRAMING, H_REQUEST_ID, type ListenerContext, bodiless, headerKind } from './context.js';
import { Exchange, INTERNAL_ERROR, drained } from './exchange.js';

/**
 * HTTP/1.1 on Node's own server. The listener hands it sockets (`emit('connection')`); it never
 * listens itself. Keep-alive, pipelining, chunked request bodies and `Expect: 100-continue` are
 * Node's; body limits, request ids, abort signals and response framing are ours.
 */
const kExchange = Symbol('exchange');
type Carrier = { [kExchange]?: H1Exchange };

class H1Exchange extends Exchange {
  constructor(
    ctx: ListenerContext,
    private readonly res: ServerResponse,
    req: IncomingMessage,
  ) {
    // Node lower-cases names and joins repeated values; only set-cookie stays an array.
    super(ctx, req.method ?? 'GET', req.url ?? '/', req.headers as Record<string, string | undefined>, '1.1');
  }

  /** The response head as a flat [name, value, …] list for `writeHead`; `length` -1 means none. */
  private head(headers: Record<string, string>, length: number): string[] {
    const out: string[] = [];
    let hasId = false;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined) continue;
      const kind = headerKind(name);
      if (kind === H_REQUEST_ID) hasId = true;
      else if (kind === H_CONTENT_LENGTH || kind === H_FRAMING) continue;
      out.push(name, value);
    }
    if (!hasId) out.push('x-amzn-RequestId', this.requestId);
    if (length >= 0) out.push('Content-Length', String(length));
    if (this.ctx.closing) out.push('Connection', 'close');
    return out;
  }

  protected sendComplete(status: number, headers: Record<string, string>, body: string | Uint8Array, sent?: () => void): void {
    const res = this.res;
    if (bodiless(status)) {
      res.writeHead(status, this.head(headers, -1));
      res.end();
      return;
    }
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    res.writeHead(status, this.head(headers, length));
    // Node itself drops the body of a response to HEAD.
    if (length === 0) res.end();
    // end's callback runs on 'finish' only: the socket is done with the body.
    else if (sent) res.end(body, sent);
    else res.end(body);
  }

  protected async sendStream(status: number, headers: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void> {
    const res = this.res;
    // No Content-Length: Node frames it as chunked (close-delimited for an HTTP/1.0 client).
    res.writeHead(status, this.head(headers, -1));
    res.flushHeaders();
    if (bodiless(status) || this.method === 'HEAD') {
      res.end();
      return;
    }
    // Each write goes out on the next tick (Node corks a tick at a time): chunks are not held back.
    for await (const chunk of body) {
      if (this.gone) break;
      if (chunk.byteLength === 0) continue; // an empty chunk would read as the terminator
      if (!res.write(chunk)) await drained(res);
      if (this.gone) break;
    }
    if (!this.gone) res.end();
  }

  protected refuse(status: number, body: string): void {
    const res = this.res;
    if (this.gone || res.headersSent) return;
    // `Connection: close`: Node closes the socket once this is written, so the rest of the
    // upload is never read.
    res.writeHead(status, [
      'Content-Type', 'application/json',
      'Content-Length', String(Buffer.byteLength(body)),
      'x-amzn-RequestId', this.requestId,
      'Connection', 'close',
    ]);
    res.end(body);
  }

  protected failMidway(): void {
    if (!this.res.headersSent) this.sendComplete(INTERNAL_ERROR.status, INTERNAL_ERROR.headers, INTERNAL_ERROR.body as string);
    else this.res.destroy();
  }
}

// Answers to malformed requests, written raw because no ServerResponse exists for them.
const RAW_400 = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
const RAW_408 = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
const RAW_431 = 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

export function createH1Server(ctx: ListenerContext): http.Server {
  const limits = ctx.limits;
  const server = http.createServer({
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node checks the two timeouts above.
    connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 4))),
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // No socket inactivity timeout while a request is in flight: long polls and streams stay quiet.
  server.timeout = 0;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => handle(req, res, false));
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));
  server.on('clientError', onClientError);
  // Node starts its connection tracking (headers/request timeouts, closeIdleConnections) on
  // 'listening'; this server never listens itself.
  server.emit('listening');
  return server;

  function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void {
    const x = new H1Exchange(ctx, res, req);
    (res as Carrier)[kExchange] = x;
    res.on('close', onResponseClose);
    const h = req.headers;
    const declared = h['content-length'];
    if (!x.acceptsLength(declared)) return; // answered 413 without asking for the body
    if (declared === '0' || (declared === undefined && h['transfer-encoding'] === undefined)) {
      x.endBody(); // no body; Node discards the (empty) stream itself
      return;
    }
    if (expectsContinue) res.writeContinue();
    (req as Carrier)[kExchange] = x;
    req.on('data', onRequestData);
    req.on('end', onRequestEnd);
  }

  function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    ctx.log('debug', 'malformed HTTP/1.1 request', { code: err.code, message: err.message });
    // Write an answer only if no response is under way on this socket (it would corrupt it).
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    if (err.code !== 'ECONNRESET' && socket.writable && (inFlight == null || !inFlight.headersSent)) {
      socket.write(err.code === 'HPE_HEADER_OVERFLOW' ? RAW_431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? RAW_408 : RAW_400);
    }
    socket.destroy();
  }
}

function onRequestData(this: IncomingMessage, chunk: Buffer): void {
  (this as Carrier)[kExchange]!.addChunk(chunk);
}

function onRequestEnd(this: IncomingMessage): void {
  (this as Carrier)[kExchange]!.endBody();
}

/** 'close' comes after a finished response too; the exchange ignores it then. */
function onResponseClose(this: ServerResponse): void {
  (this as Carrier)[kExchange]!.clientGone();
}
