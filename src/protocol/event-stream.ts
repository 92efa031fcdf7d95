/**
 * `application/vnd.amazon.eventstream`: the binary framing of event-stream responses (Kinesis
 * SubscribeToShard), and the turning of a handler's EventStreamOutput into such a response.
 *
 * A message, all integers big-endian:
 *   [u32 total length][u32 headers length][u32 CRC32 of the first 8 bytes]
 *   [headers][payload][u32 CRC32 of everything before it]
 * A header is [u8 name length][name][u8 type][value]; the types are 0 true, 1 false, 2 byte,
 * 3 short, 4 integer, 5 long, 6 bytes (u16 length), 7 string (u16 length), 8 timestamp (i64 epoch
 * ms), 9 uuid (16 bytes).
 *
 * Three kinds of message go out, told apart by `:message-type`:
 *   event      `:event-type` (`initial-response` first, then e.g. `SubscribeToShardEvent`)
 *   exception  `:exception-type`, a modelled error (JS v3 throws it typed); ends the stream
 *   error      `:error-code` + `:error-message`, no payload; ends the stream
 *
 * Payloads are in the request's format. JSON requests get JSON payloads, with blobs in base64 and
 * timestamps in epoch seconds, which JS v3 and boto3 accept [AWS-WIRE §3.4]. CBOR requests get
 * CBOR payloads (`:content-type: application/x-amz-cbor-1.1`), with blobs as byte strings and
 * timestamps as tag 1 + ms. No Java client checked this here: the Java SDK v2 reads event payloads
 * with the client's protocol parser (CBOR when CBOR is on), and LocalStack encodes them in the
 * request's MIME type. Switching CBOR requests to JSON payloads is the one line in dispatch.ts that
 * picks the PayloadCodec.
 */
import zlib from 'node:zlib';
import type { EventStreamOutput } from '../services/shared/service.js';
import { CBOR_CONTENT_TYPE, encodeCborValue } from './cbor.js';
import { toBase64 } from './plan.js';
import type { WireResponse } from './wire.js';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

export type HeaderValue =
  | string
  | boolean
  | Date
  | Uint8Array
  | { readonly type: 'byte' | 'short' | 'integer'; readonly value: number }
  | { readonly type: 'long'; readonly value: bigint }
  | { readonly type: 'uuid'; readonly value: string };

export interface Frame {
  readonly headers: Record<string, HeaderValue>;
  readonly payload: Buffer;
}

// ---------------------------------------------------------------------------------------------
// framing

/** zlib.crc32 is in Node ≥ 20.15 / 22.2; the table version covers older 20.x. */
const crc32: (data: Uint8Array, value?: number) => number = zlib.crc32 ?? tableCrc32;

let table: Int32Array | undefined;
function tableCrc32(data: Uint8Array, value = 0): number {
  if (table === undefined) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** One message. Header order is kept as given. */
export function encodeFrame(headers: Readonly<Record<string, HeaderValue>>, payload: Uint8Array | string = EMPTY): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const parts: Buffer[] = [];
  let hlen = 0;
  for (const name in headers) {
    const h = encodeHeader(name, headers[name]!);
    parts.push(h);
    hlen += h.length;
  }
  const total = 16 + hlen + body.length;
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(hlen, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  let p = 12;
  for (const h of parts) p += h.copy(out, p);
  out.set(body, p);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

const EMPTY = Buffer.alloc(0);

function encodeHeader(name: string, v: HeaderValue): Buffer {
  const n = Buffer.from(name, 'utf8');
  if (n.length === 0 || n.length > 255) throw new RangeError(`Event-stream header name must be 1-255 bytes: ${name}`);
  let value: Buffer;
  if (typeof v === 'string' || v instanceof Uint8Array) {
    const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
    if (b.length > 0xffff) throw new RangeError(`Event-stream header ${name} is longer than 65535 bytes.`);
    value = Buffer.allocUnsafe(3 + b.length);
    value[0] = typeof v === 'string' ? 7 : 6;
    value.writeUInt16BE(b.length, 1);
    value.set(b, 3);
  } else if (typeof v === 'boolean') {
    value = Buffer.from([v ? 0 : 1]);
  } else if (v instanceof Date) {
    value = Buffer.allocUnsafe(9);
    value[0] = 8;
    value.writeBigInt64BE(BigInt(v.getTime()), 1);
  } else if (v.type === 'byte') {
    value = Buffer.from([2, v.value & 0xff]);
  } else if (v.type === 'short') {
    value = Buffer.allocUnsafe(3);
    value[0] = 3;
    value.writeInt16BE(v.value, 1);
  } else if (v.type === 'integer') {
    value = Buffer.allocUnsafe(5);
    value[0] = 4;
    value.writeInt32BE(v.value, 1);
  } else if (v.type === 'long') {
    value = Buffer.allocUnsafe(9);
    value[0] = 5;
    value.writeBigInt64BE(v.value, 1);
  } else {
    const hex = String(v.value).replace(/-/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`Event-stream header ${name} is not a UUID.`);
    value = Buffer.concat([Buffer.from([9]), Buffer.from(hex, 'hex')]);
  }
  return Buffer.concat([Buffer.from([n.length]), n, value]);
}

/** Every message in `bytes`, checking lengths and both CRCs; throws on anything incomplete or corrupt. */
export function decodeFrames(bytes: Uint8Array): Frame[] {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: Frame[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < 16) throw new Error(`Truncated event-stream message at byte ${at}.`);
    const total = buf.readUInt32BE(at);
    const hlen = buf.readUInt32BE(at + 4);
    if (crc32(buf.subarray(at, at + 8)) !== buf.readUInt32BE(at + 8)) throw new Error(`Prelude CRC mismatch at byte ${at}.`);
    if (total < 16 || hlen > total - 16 || at + total > buf.length) throw new Error(`Bad event-stream lengths at byte ${at}.`);
    const end = at + total;
    if (crc32(buf.subarray(at, end - 4)) !== buf.readUInt32BE(end - 4)) throw new Error(`Message CRC mismatch at byte ${at}.`);
    const headers = decodeHeaders(buf.subarray(at + 12, at + 12 + hlen));
    frames.push({ headers, payload: buf.subarray(at + 12 + hlen, end - 4) });
    at = end;
  }
  return frames;
}

function decodeHeaders(b: Buffer): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  let p = 0;
  while (p < b.length) {
    const nlen = b[p++]!;
    const name = b.toString('utf8', p, (p += nlen));
    const type = b[p++];
    let v: HeaderValue;
    switch (type) {
      case 0:
      case 1:
        v = type === 0;
        break;
      case 2:
        v = { type: 'byte', value: b.readInt8(p) };
        p += 1;
        break;
      case 3:
        v = { type: 'short', value: b.readInt16BE(p) };
        p += 2;
        break;
      case 4:
        v = { type: 'integer', value: b.readInt32BE(p) };
        p += 4;
        break;
      case 5:
        v = { type: 'long', value: b.readBigInt64BE(p) };
        p += 8;
        break;
      case 6:
      case 7: {
        const len = b.readUInt16BE(p);
        const s = b.subarray(p + 2, (p += 2 + len));
        v = type === 7 ? s.toString('utf8') : s;
        break;
      }
      case 8:
        v = new Date(Number(b.readBigInt64BE(p)));
        p += 8;
        break;
      case 9: {
        const h = b.toString('hex', p, (p += 16));
        v = { type: 'uuid', value: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
        break;
      }
      default:
        throw new Error(`Unknown event-stream header type ${String(type)} for ${name}.`);
    }
    if (p > b.length) throw new Error(`Truncated event-stream header ${name}.`);
    out[name] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// the three kinds of message

const JSON_TYPE = 'application/json';

export function eventFrame(eventType: string, payload: Uint8Array | string, contentType = JSON_TYPE): Buffer {
  return encodeFrame({ ':event-type': eventType, ':content-type': contentType, ':message-type': 'event' }, payload);
}

export function exceptionFrame(exceptionType: string, payload: Uint8Array | string, contentType = JSON_TYPE): Buffer {
  return encodeFrame({ ':exception-type': exceptionType, ':content-type': contentType, ':message-type': 'exception' }, payload);
}

export function errorFrame(code: string, message: string): Buffer {
  return encodeFrame({ ':error-code': code, ':error-message': message, ':message-type': 'error' });
}

// ---------------------------------------------------------------------------------------------
// handler output → response

/** A handler result is an event stream when its `events` is async-iterable. */
export function isEventStreamOutput(v: unknown): v is EventStreamOutput {
  if (typeof v !== 'object' || v === null) return false;
  const events = (v as { events?: unknown }).events;
  return typeof events === 'object' && events !== null && typeof (events as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** How event payloads are written: the request's format. */
export interface PayloadCodec {
  readonly contentType: string;
  encode(payload: object): Uint8Array | string;
}

export const JSON_PAYLOADS: PayloadCodec = { contentType: JSON_TYPE, encode: (v) => payloadJson(v) };
export const CBOR_PAYLOADS: PayloadCodec = { contentType: CBOR_CONTENT_TYPE, encode: (v) => encodeCborValue(v) };

/** How a stream ends when its event source throws: a modelled exception, or an error message. */
export type StreamFailure = { readonly exception: string; readonly payload: object } | { readonly code: string; readonly message: string };

/**
 * The 200 response for an event-stream output. `onError` decides how what `events` throws is
 * reported (the caller knows the service's error table and the log).
 */
export function eventStreamResponse(
  out: EventStreamOutput,
  requestId: string,
  codec: PayloadCodec,
  onError: (e: unknown) => StreamFailure,
): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-RequestId': requestId },
    body: eventStreamBody(out, codec, onError),
  };
}

/**
 * `initial-response` first, without waiting for any event (the JS v3 client resolves `send()` on
 * it), then one message per event. Returning early (the client went away) closes `events` too.
 */
export async function* eventStreamBody(
  out: EventStreamOutput,
  codec: PayloadCodec,
  onError: (e: unknown) => StreamFailure,
): AsyncGenerator<Buffer> {
  const type = codec.contentType;
  yield eventFrame('initial-response', codec.encode(out.initial ?? {}), type);
  try {
    for await (const ev of out.events) {
      if ('exception' in ev) {
        yield exceptionFrame(ev.exception, codec.encode(ev.payload), type);
        return;
      }
      yield eventFrame(ev.type, codec.encode(ev.payload), type);
    }
  } catch (e) {
    const f = onError(e);
    yield 'exception' in f ? exceptionFrame(f.exception, codec.encode(f.payload), type) : errorFrame(f.code, f.message);
  }
}

/** A payload as AWS JSON: Uint8Array → base64, Date → epoch seconds, null/undefined members left out. */
export function payloadJson(v: object): string {
  return JSON.stringify(plain(v));
}

function plain(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'bigint' ? Number(v) : v;
  if (v instanceof Uint8Array) return toBase64(v);
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : plain(x)));
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const x = o[k];
    if (x === undefined || x === null) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: plain(x), enumerable: true, writable: true, configurable: true });
    else out[k] = plain(x);
  }
  return out;
}
