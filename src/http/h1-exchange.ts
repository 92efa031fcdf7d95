import { STATUS_CODES } from 'node:http';
import { H_KEEP, H_REQUEST_ID, type ListenerContext, bodiless, headerKind } from './context.js';
import { Exchange, INTERNAL_ERROR, drained } from './exchange.js';
import { type RequestHead, isToken } from './h1-head.js';
import type { H1Connection } from './h1.js';

/**
 * One HTTP/1.1 request's response, written on its connection (h1.ts reads the requests): the
 * head built here (framing and connection fields are ours), a complete body in one write when it
 * can be, a streamed body chunked (close-delimited for HTTP/1.0), refusals with `Connection: close`.
 */

// Response fields: names are tokens; values may not hold controls (node:http's rules, which
// threw ERR_INVALID_HTTP_TOKEN / ERR_INVALID_CHAR here before).
const NOT_ASCII_TEXT = /[^\t\x20-\x7e]/;
const NOT_LATIN1_TEXT = /[^\t\x20-\x7e\x80-\xff]/;

export class H1Exchange extends Exchange {
  /** Something of the response went out: a later failure can only cut the connection. */
  headSent = false;

  constructor(
    ctx: ListenerContext,
    private readonly conn: H1Connection,
    head: RequestHead,
  ) {
    super(ctx, head.method, head.target, head.headers, '1.1', (conn.sock as { encrypted?: boolean }).encrypted === true);
  }

  peerAddress(): string | undefined {
    return this.conn.sock.remoteAddress;
  }

  /**
   * The response head, ending in its blank line. Connection management and framing are the
   * listener's: those fields from the handler are dropped, as on HTTP/2. Throws a TypeError on a
   * field that cannot be written. `ascii` tells whether it may be written as UTF-8 (values may
   * carry latin1 obs-text, written byte for byte as node:http did).
   */
  private head(status: number, headers: Record<string, string>, framing: string): { text: string; ascii: boolean } {
    let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
    let hasId = false;
    let ascii = true;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined) continue;
      const kind = headerKind(name);
      if (kind === H_REQUEST_ID) hasId = true;
      else if (kind !== H_KEEP) continue;
      if (!isToken(name)) throw new TypeError(`invalid response header name ${JSON.stringify(name)}`);
      const v = String(value);
      if (NOT_ASCII_TEXT.test(v)) {
        if (NOT_LATIN1_TEXT.test(v)) throw new TypeError(`invalid character in response header ${name}`);
        ascii = false;
      }
      text += `${name}: ${v}\r\n`;
    }
    if (!hasId) text += `x-amzn-RequestId: ${this.requestId}\r\n`;
    text += `${framing}Date: ${httpDate()}\r\n`;
    const conn = this.conn;
    text += conn.keepAlive && !this.ctx.closing ? this.keepAliveFields() : 'Connection: close\r\n\r\n';
    return { text, ascii };
  }

  private keepAliveFields(): string {
    return `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(this.ctx.limits.keepAliveTimeoutMs / 1000)}\r\n\r\n`;
  }

  protected sendComplete(status: number, headers: Record<string, string>, body: string | Uint8Array, sent?: () => void): void {
    const none = bodiless(status);
    const length = none ? -1 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    const { text, ascii } = this.head(status, headers, length >= 0 ? `Content-Length: ${length}\r\n` : '');
    const sock = this.conn.sock;
    this.headSent = true;
    if (length <= 0 || this.method === 'HEAD') sock.write(text, 'latin1');
    else if (typeof body === 'string' && ascii) sock.write(text + body); // one write; ASCII is the same in UTF-8
    else {
      sock.cork();
      sock.write(text, 'latin1');
      if (sent) sock.write(body, (err) => (err ? undefined : sent()));
      else sock.write(body);
      sock.uncork();
    }
    this.conn.responded();
  }

  protected async sendStream(status: number, headers: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void> {
    const conn = this.conn;
    const sock = conn.sock;
    const none = bodiless(status) || this.method === 'HEAD';
    // HTTP/1.0 has no chunked coding: the body ends where the connection does.
    const chunked = conn.minor === 1;
    if (!chunked) conn.keepAlive = false;
    sock.write(this.head(status, headers, none || !chunked ? '' : 'Transfer-Encoding: chunked\r\n').text, 'latin1');
    this.headSent = true;
    if (!none) {
      for await (const chunk of body) {
        if (this.gone) return;
        if (chunk.byteLength === 0) continue; // an empty chunk would read as the last one
        let ok: boolean;
        if (chunked) {
          sock.cork();
          sock.write(`${chunk.byteLength.toString(16)}\r\n`, 'latin1');
          sock.write(chunk);
          ok = sock.write('\r\n', 'latin1');
          sock.uncork();
        } else ok = sock.write(chunk);
        if (!ok) await drained(sock);
        if (this.gone) return;
      }
      if (chunked) sock.write('0\r\n\r\n', 'latin1');
    }
    conn.responded();
  }

  protected refuse(status: number, body: string): void {
    if (this.gone || this.headSent) return;
    this.headSent = true;
    // `Connection: close` and the connection closes once this is written: the rest of the
    // upload is never read.
    this.conn.sock.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-amzn-RequestId: ${this.requestId}\r\nDate: ${httpDate()}\r\nConnection: close\r\n\r\n${body}`,
    );
    this.conn.closeAfterWrite();
  }

  protected failMidway(): void {
    if (!this.headSent) this.sendComplete(INTERNAL_ERROR.status, INTERNAL_ERROR.headers, INTERNAL_ERROR.body as string);
    else this.conn.destroy();
  }
}

// The Date field (RFC 9110 §6.6.1), made once a second. The SDKs read it to correct clock skew.
let dateSecond = -1;
let dateText = '';
function httpDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}
