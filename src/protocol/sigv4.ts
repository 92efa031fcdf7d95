/**
 * AWS Signature Version 4, the server's half: rebuilding the canonical request a client signed and
 * the signature it must have produced (AWS General Reference, "Create a signed AWS API request").
 *
 *   CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 *   StringToSign     = "AWS4-HMAC-SHA256" \n X-Amz-Date \n yyyymmdd/region/service/aws4_request \n hex(SHA-256(CanonicalRequest))
 *   SigningKey       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, yyyymmdd), region), service), "aws4_request")
 *   Signature        = hex(HMAC(SigningKey, StringToSign))
 *
 * Only what SQS, SNS and Kinesis use: the path is normalised and encoded once more as AWS does for
 * every service but S3 (the JS v3 signer and botocore both "double-encode" it), and the payload is
 * always hashed (no aws-chunked streaming: that is S3's). The checks around this (dates, scope,
 * known keys) and the errors are in sigv4-verify.ts.
 */
import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { fieldLines } from '../http/h1-head.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** SHA-256 of nothing: the payload hash of a GET. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SignedRequest {
  readonly method: string;
  /** The path as sent (still percent-encoded), without the query string. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface Scope {
  /** `yyyymmdd` */
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/** RFC 3986 encoding as SigV4 wants it: everything but `A-Z a-z 0-9 - _ . ~` as `%XX` (upper case). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The path with empty, `.` and `..` segments resolved, each segment encoded again (AWS's rule for
 * non-S3 services: `/q%20a` is signed as `/q%2520a`).
 */
export function canonicalUri(path: string): string {
  if (path === '/' || path === '') return '/';
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/**
 * Every `name=value` pair decoded and encoded again the canonical way, sorted by name then value;
 * `omit` drops one parameter (the presigned `X-Amz-Signature`). A `+` stays a `+` (encoded as
 * `%2B`): SDKs encode spaces as `%20` in what they sign.
 */
export function canonicalQuery(query: string, omit?: string): string {
  if (query === '') return '';
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeLenient(eq < 0 ? part : part.slice(0, eq));
    if (name === omit) continue;
    pairs.push([uriEncode(name), uriEncode(eq < 0 ? '' : decodeLenient(part.slice(eq + 1)))]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function decodeLenient(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * `name:value\n` for each signed header, in the order signed, values trimmed with inner runs of
 * white space collapsed. `host` is the Host header (HTTP/2: `:authority`, which a client may also
 * sign by that name). A header sent on several lines is signed as its values, each trimmed and
 * collapsed, joined by "," in the order sent [AWS SigV4 test suite: get-header-key-duplicate,
 * get-header-value-order]; the HTTP/1.1 parser joins them with ", " for everyone else and keeps
 * the lines (FIELD_LINES) for this.
 */
export function canonicalHeaders(headers: SignedRequest['headers'], signed: readonly string[]): string {
  const repeated = fieldLines(headers);
  let out = '';
  for (const name of signed) {
    const lines = repeated?.[name];
    if (lines !== undefined) {
      out += `${name}:${lines.map(normaliseValue).join(',')}\n`;
      continue;
    }
    const raw = name === 'host' ? headers.host ?? headers[':authority'] : name === ':authority' ? headers[':authority'] ?? headers.host : headers[name];
    out += `${name}:${raw === undefined ? '' : normaliseValue(raw)}\n`;
  }
  return out;
}

/** Trimmed, runs of white space as one space; SDK header values seldom need it, so look before replacing. */
function normaliseValue(value: string): string {
  const v = value.trim();
  return v.includes('  ') || v.includes('\t') || v.includes('\n') || v.includes('\r') ? v.replace(/\s+/g, ' ') : v;
}

/** `signedHeaders` is the list as signed (`a;b;c`); `names` the same list split, when the caller has it. */
export function canonicalRequest(req: SignedRequest, signedHeaders: string, payloadHash: string, omitParam?: string, names: readonly string[] = signedHeaders.split(';')): string {
  return `${req.method}\n${canonicalUri(req.path)}\n${canonicalQuery(req.query, omitParam)}\n${canonicalHeaders(req.headers, names)}\n${signedHeaders}\n${payloadHash}`;
}

export function stringToSign(amzDate: string, scope: Scope, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope.date}/${scope.region}/${scope.service}/aws4_request\n${sha256Hex(canonical)}`;
}

export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

export function signingKey(secret: string, scope: Scope): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, scope.date), scope.region), scope.service), 'aws4_request');
}

export function signature(key: Buffer, toSign: string): string {
  return signatureBytes(key, toSign).toString('hex');
}

export function signatureBytes(key: Buffer, toSign: string): Buffer {
  return createHmac('sha256', key).update(toSign).digest();
}

/**
 * Signing keys by access key, date, region and service: four HMACs saved on every request but the
 * first of a day. Each entry remembers the secret it was made from: a key id's secret can change
 * while the server runs (SIGHUP re-reads the credentials file), and the old one must stop working
 * at once. Bounded: a caller cycling through regions cannot grow it without end.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, { readonly secret: string; readonly key: Buffer }>();
  constructor(private readonly max = 1024) {}

  get(accessKeyId: string, secret: string, scope: Scope): Buffer {
    const id = `${accessKeyId}/${scope.date}/${scope.region}/${scope.service}`;
    const cached = this.keys.get(id);
    if (cached !== undefined && cached.secret === secret) return cached.key;
    if (this.keys.size >= this.max) this.keys.clear();
    const key = signingKey(secret, scope);
    this.keys.set(id, { secret, key });
    return key;
  }
}

/**
 * Whether `given` (hex, as the client sent it) is `expected`, compared in constant time. Hex that
 * is not 64 lower-case digits never matches (Buffer.from stops at the first non-hex pair, and
 * upper case is refused by the round trip).
 */
export function sameSignature(expected: Buffer, given: string): boolean {
  if (given.length !== 64) return false;
  const bytes = Buffer.from(given, 'hex');
  return bytes.length === 32 && timingSafeEqual(expected, bytes) && bytes.toString('hex') === given;
}
