/**
 * An HTTP/1.x request head (RFC 9112 §2–§7), parsed strictly: anything a proxy in front of us
 * could read differently (request smuggling) is refused, not guessed at.
 *
 * - Lines end in CRLF; a bare CR or LF anywhere in the head → 400.
 * - Field names are tokens with no whitespace before the colon (§5.1 says a server MUST reject
 *   that); a line starting with whitespace (obs-fold, §5.2) → 400; control characters other than
 *   HTAB in a value → 400.
 * - Framing (§6): `Transfer-Encoding` together with `Content-Length` → 400; a transfer coding
 *   list not ending in `chunked` → 400, one with other codings before `chunked` → 501 (we decode
 *   none); `Transfer-Encoding` on HTTP/1.0 → 400; Content-Length must be digits, repeated only
 *   with the same value. More than one `Host` → 400 (§3.2).
 * - Names are lower-cased; repeated fields are joined with ", " (RFC 9110 §5.3), and their separate
 *   lines kept under FIELD_LINES for the one reader that must tell them apart (SigV4).
 */
/**
 * On a parsed `headers` object (not enumerable, so copies, listings and JSON do not see it): for
 * each field sent on more than one line, its values line by line. SigV4 signs such a field as its
 * values joined by "," where the joined header has ", " (protocol/sigv4.ts), and a list sent on one
 * line ("a, b") must stay as it is, so only the lines themselves tell the two apart.
 */
export const FIELD_LINES: unique symbol = Symbol('field lines');

/**
 * HTTP/2 requests carry node's flat raw field list here instead (`[name, value, name, value…]`,
 * names lower-cased): node joins repeated fields with ", " as our HTTP/1.1 parser does, and the
 * lines are worked out from this list only when a reader asks (a signed request), not per request.
 */
export const RAW_FIELDS: unique symbol = Symbol('raw fields');

type Carrier = { [FIELD_LINES]?: Record<string, string[]>; [RAW_FIELDS]?: readonly string[] };

/** The lines of repeated fields, by lower-cased name, if the head had any. */
export function fieldLines(headers: object): Readonly<Record<string, readonly string[]>> | undefined {
  const carrier = headers as Carrier;
  const lines = carrier[FIELD_LINES];
  if (lines !== undefined) return lines;
  const raw = carrier[RAW_FIELDS];
  if (raw === undefined) return undefined;
  const repeated = repeatedLines(raw);
  if (repeated !== undefined) Object.defineProperty(headers, FIELD_LINES, { value: repeated, enumerable: false });
  return repeated;
}

/** The values of each name that occurs more than once in a flat raw field list, in order. */
function repeatedLines(raw: readonly string[]): Record<string, string[]> | undefined {
  const all: Record<string, string[]> = {};
  let repeated: Record<string, string[]> | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const values = (all[name] ??= []);
    values.push(raw[i + 1]!);
    if (values.length === 2) (repeated ??= {})[name] = values;
  }
  return repeated;
}

/** How the request body is delimited (RFC 9112 §6.3): not at all, by Content-Length, or chunked. */
export type Framing = 'none' | 'length' | 'chunked';

export interface RequestHead {
  readonly method: string;
  readonly target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1 (and any later 1.x). */
  readonly minor: number;
  readonly headers: Record<string, string>;
  readonly framing: Framing;
  /** The declared Content-Length (digits only) when `framing` is 'length'. */
  readonly length: string | undefined;
  /** The connection stays open after the response (HTTP/1.1 default, `Connection: keep-alive` on 1.0). */
  readonly keepAlive: boolean;
  /** `Expect: 100-continue` on HTTP/1.1. */
  readonly expectsContinue: boolean;
}

/** A head that cannot be served: the status to answer with before closing the connection. */
export class HeadError extends Error {
  constructor(
    readonly status: 400 | 417 | 431 | 501 | 505,
    message: string,
  ) {
    super(message);
  }
}

// tchar (RFC 9110 §5.6.2), as a table.
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;

/** A token (RFC 9110 §5.6.2): a method, a field name. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f || TCHAR[c] === 0) return false;
  }
  return true;
}
// VCHAR and obs-text; no spaces or controls.
const TARGET = /^[\x21-\x7e\x80-\xff]+$/;
const VERSION = /^HTTP\/(\d)\.(\d)$/;
const DIGITS = /^\d+$/;

/**
 * `text`: the head as latin1, without its final blank line (no trailing CRLF CRLF). One pass over
 * the field lines (a regex per name and value cost three times as much: ~8 µs for an SDK's head).
 * A bare CR or LF inside a line fails the name or value check of that line.
 */
export function parseHead(text: string): RequestHead {
  const eol = text.indexOf('\r\n');
  const requestLine = eol === -1 ? text : text.slice(0, eol);
  const sp1 = requestLine.indexOf(' ');
  const sp2 = sp1 === -1 ? -1 : requestLine.indexOf(' ', sp1 + 1);
  if (sp2 === -1) throw new HeadError(400, 'malformed request line');
  const method = requestLine.slice(0, sp1);
  const target = requestLine.slice(sp1 + 1, sp2);
  const version = VERSION.exec(requestLine.slice(sp2 + 1));
  if (!isToken(method) || !TARGET.test(target) || version === null) throw new HeadError(400, 'malformed request line');
  if (version[1] !== '1') throw new HeadError(505, `HTTP/${version[1]}.${version[2]} is not supported`);
  const minor = version[2] === '0' ? 0 : 1;

  const headers: Record<string, string> = {};
  let lines: Record<string, string[]> | undefined;
  const n = text.length;
  let pos = eol === -1 ? n : eol + 2;
  while (pos < n) {
    let end = text.indexOf('\r\n', pos);
    if (end === -1) end = n;
    // The name: tchars up to the colon (whitespace before it, or a line starting with
    // whitespace, is no tchar: 400 either way).
    let colon = pos;
    let lower = true;
    for (; colon < end; colon++) {
      const c = text.charCodeAt(colon);
      if (c === 0x3a) break;
      if (c > 0x7f || TCHAR[c] === 0) throw new HeadError(400, 'malformed header field name');
      if (c >= 0x41 && c <= 0x5a) lower = false;
    }
    if (colon === pos || colon === end) throw new HeadError(400, 'malformed header field');
    let valueStart = colon + 1;
    let valueEnd = end;
    while (valueStart < valueEnd && isOws(text.charCodeAt(valueStart))) valueStart++;
    while (valueEnd > valueStart && isOws(text.charCodeAt(valueEnd - 1))) valueEnd--;
    // No controls but HTAB (obs-text allowed, as node:http did).
    for (let i = valueStart; i < valueEnd; i++) {
      const c = text.charCodeAt(i);
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) throw new HeadError(400, 'invalid character in a header field value');
    }
    const rawName = text.slice(pos, colon);
    const name = lower ? rawName : rawName.toLowerCase();
    const value = text.slice(valueStart, valueEnd);
    const before = headers[name];
    if (before === undefined) headers[name] = value;
    else if (name === 'content-length') {
      if (before !== value) throw new HeadError(400, 'conflicting Content-Length values');
    } else if (name === 'host') throw new HeadError(400, 'more than one Host');
    else {
      headers[name] = `${before}, ${value}`;
      lines ??= {};
      (lines[name] ??= [before]).push(value);
    }
    pos = end + 2;
  }

  let framing: Framing = 'none';
  const te = headers['transfer-encoding'];
  const length = headers['content-length'];
  if (te !== undefined) {
    if (length !== undefined) throw new HeadError(400, 'both Transfer-Encoding and Content-Length');
    if (minor === 0) throw new HeadError(400, 'Transfer-Encoding in an HTTP/1.0 request');
    const codings = te.split(',');
    if (codings[codings.length - 1]!.trim().toLowerCase() !== 'chunked') throw new HeadError(400, 'the last transfer coding is not chunked');
    if (codings.length > 1) throw new HeadError(501, `transfer codings other than chunked are not supported: ${te}`);
    framing = 'chunked';
  } else if (length !== undefined) {
    if (!DIGITS.test(length)) throw new HeadError(400, 'invalid Content-Length');
    if (Number(length) !== 0) framing = 'length'; // `00` is a zero length too
  }

  const connection = headers.connection;
  let keepAlive = minor === 1;
  if (connection !== undefined) {
    const tokens = connection.toLowerCase();
    if (minor === 1 ? hasToken(tokens, 'close') : hasToken(tokens, 'keep-alive')) keepAlive = !keepAlive;
  }
  let expectsContinue = false;
  const expect = headers.expect;
  if (expect !== undefined) {
    if (expect.toLowerCase() !== '100-continue') throw new HeadError(417, `unsupported expectation: ${expect}`);
    expectsContinue = minor === 1;
  }
  if (lines) Object.defineProperty(headers, FIELD_LINES, { value: lines, enumerable: false });
  return { method, target, minor, headers, framing, length: framing === 'length' ? length : undefined, keepAlive, expectsContinue };
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function hasToken(list: string, token: string): boolean {
  for (const t of list.split(',')) if (t.trim() === token) return true;
  return false;
}
