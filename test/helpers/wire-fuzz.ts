/**
 * A model-driven wire fuzzer: for every operation of a service it builds a plausible input from the
 * service's own model (src/services/<svc>/model.ts, which the model tests check against the official
 * SDK's), breaks it in one or two places, writes it in each of the service's wire protocols (AWS JSON,
 * query, CBOR) and sends it as raw HTTP, alongside requests whose bodies are broken below the model
 * (truncated or nested JSON, bad form escapes and indexes, malformed CBOR).
 *
 * What every answer must be (AWS-WIRE; "bad input gets a clear AWS-style error"): a 2xx the protocol
 * can parse, or a 4xx in the protocol's error form (JSON `__type`, query `<ErrorResponse>…<Code>`, CBOR
 * `__type`); never a 5xx, a dropped connection, or no answer within the timeout. The caller checks
 * afterwards that the server still works and its data is intact.
 *
 * Deterministic: a seed (SWITCHYARD_FUZZ_SEED) fixes every request; SWITCHYARD_FUZZ_N sets how many
 * broken inputs each operation gets per protocol. A failure names the seed, operation, protocol and
 * the request body, so it can be replayed.
 */
import { Agent, request } from 'node:http';
import { connect, type ClientHttp2Session } from 'node:http2';
import { cbor } from '@smithy/core/cbor';
import type { ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape, WireProtocol } from '../../src/services/shared/shapes.js';

export type Rng = () => number;

/** mulberry32: small, fast, seedable. */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

export interface FuzzTarget {
  readonly model: ServiceModel;
  readonly baseUrl: string;
  readonly protocols: readonly WireProtocol[];
  /** Plausible values by member name (e.g. `QueueUrl` → an existing queue), so inputs get past lookups. */
  readonly hints?: Readonly<Record<string, (rng: Rng) => unknown>>;
  /** Operations not fuzzed, with why (e.g. an event stream that would stay open for minutes). */
  readonly skip?: Readonly<Record<string, string>>;
  /** Last say on an input before it is written (e.g. never let a valid long poll wait 20 s). */
  readonly tame?: (operation: string, input: Record<string, unknown>) => void;
  /** Broken inputs per operation and protocol. */
  readonly perOperation?: number;
  readonly seed?: number;
  /** Called before each operation's requests (e.g. to re-create what a Delete* removed). */
  readonly beforeOperation?: (operation: string) => Promise<void>;
  /** Send every other request over cleartext HTTP/2 (prior knowledge), as the Kinesis SDK talks. */
  readonly http2?: boolean;
  /** Told each request's outcome (`200`, or the status and error code), e.g. to compare engines. */
  readonly outcome?: (operation: string, index: number, outcome: string) => void;
}

export interface FuzzFailure {
  readonly operation: string;
  readonly protocol: WireProtocol | 'raw';
  readonly problem: string;
  readonly body: string;
}

export const FUZZ_SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261127);
export const FUZZ_N = Number(process.env.SWITCHYARD_FUZZ_N ?? 24);

// ---------------------------------------------------------------------------------------------
// Plausible values from the model

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function plausibleString(rng: Rng, shape: Extract<Shape, { type: 'string' }>): string {
  if (shape.enum && shape.enum.length > 0) return pick(rng, shape.enum);
  const lo = Math.max(shape.min ?? 1, 1);
  const hi = Math.min(shape.max ?? 16, Math.max(lo, 16));
  let s = '';
  for (let i = between(rng, lo, hi); i > 0; i--) s += ALNUM[Math.floor(rng() * ALNUM.length)];
  return s;
}

/** A value of `shape` as a client would send it (blobs as Buffers, timestamps as Dates). */
export function plausible(rng: Rng, shape: Shape, hints: FuzzTarget['hints'] = {}, depth = 0, name = ''): unknown {
  const hint = hints[name];
  if (hint) return hint(rng);
  switch (shape.type) {
    case 'string':
      return plausibleString(rng, shape);
    case 'integer':
    case 'long':
      return between(rng, Math.max(shape.min ?? 0, -1e6), Math.min(shape.max ?? 100, 1e6));
    case 'double':
      return (shape.min ?? 0) + rng() * ((shape.max ?? 100) - (shape.min ?? 0));
    case 'boolean':
      return rng() < 0.5;
    case 'blob':
      return Buffer.from(plausibleString(rng, { type: 'string', min: shape.min, max: Math.min(shape.max ?? 16, 16) }));
    case 'timestamp':
      return new Date(Date.now() - between(rng, 0, 3600) * 1000);
    case 'list': {
      if (depth > 4) return [];
      const n = between(rng, Math.max(shape.min ?? 0, 1), Math.max(Math.min(shape.max ?? 2, 2), 1));
      return Array.from({ length: n }, () => plausible(rng, shape.member, hints, depth + 1));
    }
    case 'map': {
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      const key = plausible(rng, shape.key, hints, depth + 1);
      out[String(key)] = plausible(rng, shape.value, hints, depth + 1);
      return out;
    }
    case 'structure':
      return plausibleStruct(rng, shape, hints, depth);
  }
}

function plausibleStruct(rng: Rng, shape: StructureShape, hints: FuzzTarget['hints'], depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = Object.keys(shape.members);
  if (shape.union) {
    if (names.length > 0) {
      const n = pick(rng, names);
      out[n] = plausible(rng, shape.members[n]!.shape, hints, depth + 1, n);
    }
    return out;
  }
  for (const n of names) {
    const m = shape.members[n]!;
    if (m.required || (depth < 4 && rng() < 0.5)) out[n] = plausible(rng, m.shape, hints, depth + 1, n);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Breaking a value

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/**
 * Names of Object.prototype's members. A handler that looks a client's name up in a plain object
 * (`KNOWN[name]`, `name in seen`, `out[name] = v`) finds the prototype's member instead of nothing:
 * an unknown attribute passes for a known one, a tag key for a duplicate, `__proto__` replaces
 * the object's prototype. Sent as strings, as map keys beside valid entries, and as filter-policy keys.
 */
export const PROTOTYPE_NAMES: readonly string[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Sets `key` as an own property, `__proto__` included (an assignment would replace the prototype). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A number written on the wire as exactly this text, which JSON.stringify cannot produce: beyond
 * float64 (1e400 reads as Infinity), negative zero, an integer with a fraction or an exponent
 * (1.0, 1E1), integers past 2^63 and 2^64. JSON: the text unquoted; query: the text; CBOR: the value
 * it reads as (an integer beyond 2^53 as a bigint, written as a 64-bit integer or a bignum tag).
 */
export class RawNumber {
  constructor(readonly text: string) {}
}
const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', '-0', '-0.0', '1.0', '1E1', '5e0', '0.5e1', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '18446744073709551616', '123456789012345678901234567890'];
const isNumeric = (shape: Shape | undefined): boolean => shape?.type === 'integer' || shape?.type === 'long' || shape?.type === 'double' || shape?.type === 'timestamp';

/** Values that are wrong somewhere: wrong types, edges of numbers and text, odd containers. */
const NASTY: readonly (() => unknown)[] = [
  () => null,
  () => '__proto__',
  () => 'constructor',
  () => 'toString',
  () => '',
  () => ' ',
  () => 'x'.repeat(300),
  () => 'y'.repeat(70_000),
  () => '\u0000',
  () => 'a\u0000b',
  () => '\ud800',
  () => 'é漢🙂\u202e',
  () => '-1',
  () => '1e309',
  () => 'NaN',
  () => 'true',
  () => '2026-13-45T25:61:61Z',
  () => '%00%ZZ',
  () => 0,
  () => -1,
  () => 1.5,
  () => -0,
  () => 2 ** 31,
  () => 2 ** 53 + 2,
  () => 1e300,
  () => -1e300,
  () => true,
  () => false,
  () => [],
  () => [null],
  () => [1, 'a', {}],
  () => ({}),
  () => ({ a: 1 }),
  () => ({ '': null }),
  () => Array.from({ length: 1001 }, (_, i) => `v${i % 7}`),
  () => nested(64),
  () => Buffer.alloc(0),
  () => new Date(8.64e15),
];

/**
 * Values of the right type at and just past the model's limits (lengths, ranges, item counts), where
 * validation has its off-by-ones.
 */
function edges(shape: Shape): unknown[] {
  const around = (min: number | undefined, max: number | undefined): number[] =>
    [...(min === undefined ? [] : [min - 1, min]), ...(max === undefined ? [] : [max, max + 1])].filter((n) => n >= 0);
  switch (shape.type) {
    case 'string':
      return shape.enum ? [shape.enum[0]!.toLowerCase(), `${shape.enum[0]} `] : around(shape.min, shape.max).filter((n) => n <= 300_000).map((n) => 'e'.repeat(n));
    case 'integer':
    case 'long':
    case 'double':
      return [...(shape.min === undefined ? [] : [shape.min - 1, shape.min]), ...(shape.max === undefined ? [] : [shape.max, shape.max + 1])];
    case 'blob':
      return around(shape.min, shape.max).filter((n) => n <= 2_000_000).map((n) => Buffer.alloc(n, 0x61));
    case 'list':
      return around(shape.min, shape.max).filter((n) => n <= 2_000).map((n) => Array.from({ length: n }, (_, i) => (shape.member.type === 'string' ? `i${i}` : {})));
    default:
      return [];
  }
}

type Container = Record<string, unknown> | unknown[];

/** Every place in the value a broken value can go: existing members and items, and members the input left out. */
function slots(v: unknown, shape: Shape | undefined, out: [Container, string | number, Shape | undefined][], depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(v)) {
    const member = shape?.type === 'list' ? shape.member : undefined;
    v.forEach((x, i) => {
      out.push([v, i, member]);
      slots(x, member, out, depth + 1);
    });
    out.push([v, v.length, member]);
    return;
  }
  if (v && typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Date) && !(v instanceof RawNumber)) {
    const o = v as Record<string, unknown>;
    if (shape?.type === 'structure') {
      for (const [n, m] of Object.entries(shape.members)) {
        out.push([o, n, m.shape]);
        if (n in o) slots(o[n], m.shape, out, depth + 1);
      }
    } else {
      const value = shape?.type === 'map' ? shape.value : undefined;
      for (const k of Object.keys(o)) {
        out.push([o, k, value]);
        slots(o[k], value, out, depth + 1);
      }
    }
  }
}

/** Breaks `input` in place, in one or two places; returns what it did, for the failure report. */
export function breakInput(rng: Rng, input: Record<string, unknown>, shape: StructureShape, hints: FuzzTarget['hints']): string {
  const done: string[] = [];
  for (let k = rng() < 0.3 ? 2 : 1; k > 0; k--) {
    const all: [Container, string | number, Shape | undefined][] = [];
    slots(input, shape, all);
    if (all.length === 0) break;
    const [where, key, slotShape] = pick(rng, all);
    const roll = rng();
    if (roll < 0.15 && !Array.isArray(where)) {
      delete where[key as string];
      done.push(`drop ${String(key)}`);
    } else if (roll < 0.25 && slotShape?.type === 'list') {
      // A list longer than any limit, of valid items, or of the same item again (batch ids).
      const item = plausible(rng, (slotShape as ListShape).member, hints, 3);
      (where as Record<string, unknown>)[key as string] = Array.from({ length: rng() < 0.5 ? 11 : 101 }, () => (rng() < 0.5 ? item : plausible(rng, (slotShape as ListShape).member, hints, 3)));
      done.push(`long list ${String(key)}`);
    } else if (roll < 0.32 && slotShape?.type === 'map') {
      const m = slotShape as MapShape;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < 60; i++) setOwn(o, pick(rng, ['', ' ', '\u0000', 'a'.repeat(300), `k${i}`, 'AWS.x', '.a', 'a..b', ...PROTOTYPE_NAMES]), plausible(rng, m.value, hints, 3));
      (where as Record<string, unknown>)[key as string] = o;
      done.push(`odd map ${String(key)}`);
    } else if (roll < 0.38 && slotShape?.type === 'map') {
      // One entry named after a prototype member, beside the map's own (valid) entries, so that
      // nothing else in the map is refused first.
      const m = slotShape as MapShape;
      const current = (where as Record<string, unknown>)[key as string];
      const o: Record<string, unknown> = current && typeof current === 'object' && !Array.isArray(current) && !Buffer.isBuffer(current) ? { ...current } : {};
      const name = pick(rng, PROTOTYPE_NAMES);
      setOwn(o, name, plausible(rng, m.value, hints, 3));
      (where as Record<string, unknown>)[key as string] = o;
      done.push(`map ${String(key)} with key ${name}`);
    } else if (roll < 0.45 && slotShape && edges(slotShape).length > 0) {
      const v = pick(rng, edges(slotShape));
      (where as Record<string | number, unknown>)[key] = v;
      done.push(`edge ${String(key)}=${describe(v)}`);
    } else if (roll < 0.55 && isNumeric(slotShape)) {
      const v = new RawNumber(pick(rng, RAW_NUMBERS));
      (where as Record<string | number, unknown>)[key] = v;
      done.push(`${String(key)}=${v.text} (number text)`);
    } else {
      const v = pick(rng, NASTY)();
      (where as Record<string | number, unknown>)[key] = v;
      done.push(`${String(key)}=${describe(v)}`);
    }
  }
  return done.join(', ');
}

function describe(v: unknown): string {
  if (v instanceof RawNumber) return v.text;
  const s = Buffer.isBuffer(v) ? `<blob ${v.length}>` : v instanceof Date ? `<date ${v.getTime()}>` : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…(${s.length})` : s;
}

// ---------------------------------------------------------------------------------------------
// Writing it on the wire

/** JSON protocol form: blobs base64, timestamps epoch seconds; a RawNumber as a placeholder jsonText() replaces. */
function toJsonValue(v: unknown): unknown {
  if (v instanceof RawNumber) return `\u0000number:${v.text}\u0000`;
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  return v;
}

/** The JSON text of a value, RawNumbers written as their text. */
function jsonText(v: unknown): string {
  return JSON.stringify(toJsonValue(v)).replace(/"\\u0000number:([^"\\]*)\\u0000"/g, '$1');
}

/** CBOR form (smithy's encoder, not Switchyard's): blobs as byte strings, timestamps tag 1. */
function toCborValue(v: unknown): unknown {
  if (v instanceof RawNumber) return /^-?\d+$/.test(v.text) && !Number.isSafeInteger(Number(v.text)) ? BigInt(v.text) : Number(v.text);
  if (Buffer.isBuffer(v)) return new Uint8Array(v);
  if (v instanceof Date) return v;
  if (Array.isArray(v)) return v.map(toCborValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toCborValue(x)]));
  return v;
}

function queryScalar(v: unknown): string {
  if (v instanceof RawNumber) return v.text;
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  return String(v);
}

/** Query form: members by their xmlName, lists as `.member.N` (or flattened `.N`), maps as `.entry.N.key`. */
export function toQueryParams(v: unknown, shape: Shape | undefined, prefix: string, out: [string, string][], flattened = false): void {
  if (v === null || v === undefined) return;
  const at = (s: string) => (prefix ? `${prefix}.${s}` : s);
  if (Array.isArray(v)) {
    const list = shape?.type === 'list' ? shape : undefined;
    v.forEach((x, i) => toQueryParams(x, list?.member, flattened || !list ? at(String(i + 1)) : at(`${list.memberName ?? 'member'}.${i + 1}`), out));
    return;
  }
  if (typeof v === 'object' && !Buffer.isBuffer(v) && !(v instanceof Date) && !(v instanceof RawNumber)) {
    const o = v as Record<string, unknown>;
    if (shape?.type === 'structure') {
      for (const [k, x] of Object.entries(o)) {
        const m = shape.members[k];
        toQueryParams(x, m?.shape, at(m?.xmlName ?? k), out, m?.flattened === true);
      }
    } else if (shape?.type === 'map') {
      Object.entries(o).forEach(([k, x], i) => {
        const entry = flattened ? at(String(i + 1)) : at(`entry.${i + 1}`);
        out.push([`${entry}.${shape.keyName ?? 'key'}`, k]);
        toQueryParams(x, shape.value, `${entry}.${shape.valueName ?? 'value'}`, out);
      });
    } else {
      for (const [k, x] of Object.entries(o)) toQueryParams(x, undefined, at(k), out);
    }
    return;
  }
  out.push([prefix || 'Value', queryScalar(v)]);
}

/** A lone surrogate cannot be percent-encoded; it goes as U+FFFD, which is what its UTF-8 would decode to. */
const pct = (s: string): string => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
const form = (params: readonly [string, string][]): string => params.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');

interface WireRequest {
  readonly protocol: WireProtocol | 'raw';
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  /** The protocol the answer is written in. */
  readonly answer: WireProtocol;
  /** Query protocol as an unsigned GET: the form in the URL, no body (as SNS's SubscribeURL is followed). */
  readonly get?: boolean;
}

function headersFor(model: ServiceModel, protocol: WireProtocol, operation: string): Record<string, string> {
  const h: Record<string, string> = {
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20261127/us-east-1/${model.service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
    'x-amz-date': '20261127T000000Z',
  };
  if (protocol === 'query') h['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
  else {
    h['content-type'] = protocol === 'cbor' ? 'application/x-amz-cbor-1.1' : `application/x-amz-json-${model.jsonVersion ?? '1.0'}`;
    h['x-amz-target'] = `${model.targetPrefix}.${operation}`;
    if (protocol === 'cbor') h.accept = 'application/x-amz-cbor-1.1';
  }
  return h;
}

function encodeInput(model: ServiceModel, protocol: WireProtocol, op: OperationModel, input: Record<string, unknown>, get = false): WireRequest {
  const headers = headersFor(model, protocol, op.name);
  if (protocol === 'json') return { protocol, headers, answer: protocol, body: Buffer.from(jsonText(input)) };
  if (protocol === 'cbor') return { protocol, headers, answer: protocol, body: Buffer.from(cbor.serialize(toCborValue(input))) };
  const params: [string, string][] = [['Action', op.name], ['Version', model.apiVersion]];
  toQueryParams(input, op.input, '', params);
  return { protocol, headers, answer: protocol, body: Buffer.from(form(params)), get };
}

/** Bodies broken below the model: the codec's own input handling. */
function rawRequests(model: ServiceModel, op: OperationModel, rng: Rng): WireRequest[] {
  const out: WireRequest[] = [];
  for (const protocol of model.protocols) {
    const headers = headersFor(model, protocol, op.name);
    const add = (body: string | Buffer, h: Record<string, string> = headers) => out.push({ protocol: 'raw', headers: h, answer: protocol, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });
    if (protocol === 'json') {
      for (const b of ['', 'not json', '{', '{"a":', '[]', 'null', '"x"', '{"__proto__":{"polluted":1}}', '['.repeat(100_000), '{"a":'.repeat(20_000), `{"x":"${'z'.repeat(2_000_000)}"}`]) add(b);
      add('{}', { ...headers, 'x-amz-target': `${model.targetPrefix}.NoSuchOperation` });
      add('{}', { ...headers, 'x-amz-target': `${model.targetPrefix}.` });
      add('{}', { ...headers, 'content-type': 'text/plain' });
    } else if (protocol === 'cbor') {
      const bytes = Buffer.from(Array.from({ length: 64 }, () => Math.floor(rng() * 256)));
      const valid = Buffer.from(cbor.serialize({}));
      add(bytes);
      add(Buffer.alloc(0));
      add(valid.subarray(0, 0));
      add(Buffer.concat([Buffer.alloc(100_000, 0x81), Buffer.from([0xa0])])); // 100k nested arrays
      add(Buffer.from([0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])); // a byte string of 2^64-1 bytes
      add(Buffer.from([0xbf, 0x61, 0x61])); // an indefinite map never closed
      add(Buffer.from([0xa1, 0x01, 0x02])); // a map with an integer key
      add(Buffer.from([0xd9, 0xd9, 0xf7, 0xa0])); // self-described CBOR tag
      add(Buffer.from([0xa1, 0x61, 0x61, 0xf9, 0x7e, 0x00])); // {"a": half-float NaN}
      add(Buffer.from([0xa1, 0x61, 0x61, 0xf7])); // {"a": undefined}
      // The operation's first member given odd data items: what a generic encoder, or a broken one, could write there.
      const first = Object.keys(op.input.members)[0];
      if (first !== undefined && Buffer.byteLength(first) < 24) {
        const key = Buffer.concat([Buffer.from([0x60 + Buffer.byteLength(first)]), Buffer.from(first)]);
        for (const item of [
          [0xc2, 0x41, 0x01], // tag 2 (bignum) of one byte
          [0xc3, 0x48, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // tag 3 (negative bignum)
          [0x1b, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01], // 2^53 + 1: past exact doubles
          [0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // -2^64
          [0xf9, 0x7c, 0x00], // half-float +Infinity
          [0xfa, 0x7f, 0xc0, 0x00, 0x00], // single-float NaN
          [0xf0], // simple value 16
          [0xf8, 0x20], // simple value 32
          [0xc1, 0x61, 0x78], // tag 1 (epoch time) holding text
          [0xc1, 0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // tag 1 holding 2^64 - 1 ms
          [0xc0, 0x63, 0x6e, 0x6f, 0x77], // tag 0 (date text) "now"
          [0x7f, 0x41, 0x61, 0xff], // indefinite text with a byte-string chunk
          [0x62, 0xff, 0xfe], // text that is not UTF-8
          [0x5f, 0x41, 0x61, 0x41, 0x62, 0xff], // indefinite byte string
          [...Array.from({ length: 150 }, () => 0xc6), 0x01], // 150 nested tags
          [0xd9, 0xd9, 0xf7, 0xa1, 0x61, 0x61, 0x01], // self-described map
        ]) add(Buffer.concat([Buffer.from([0xa1]), key, Buffer.from(item)]));
      }
    } else {
      const base = `Action=${op.name}&Version=${model.apiVersion}`;
      for (const b of [
        '',
        'Action=',
        `Action=NoSuchOperation&Version=${model.apiVersion}`,
        `Action=${op.name}&Version=1999-01-01`,
        `${base}&%ZZ=1&a=%`,
        `${base}&A.0.B=1&A.-1=2&A.99999999999999999999=3&A..B=4&.=5&A.1.1.1.1.1.1.1=6`,
        `${base}&${'a.'.repeat(5_000)}b=1`,
        `${base}&${Array.from({ length: 5_000 }, (_, i) => `P.member.${i + 1}=x`).join('&')}`,
        `${base}&${base}`,
        `${base}&x=${'%C3'.repeat(1000)}`,
      ]) add(b);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sending and judging

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** A GET goes as a browser or a subscriber following SubscribeURL sends it: no body type, no signature. */
function unsignedGet(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _type, authorization: _auth, 'x-amz-date': _date, ...rest } = headers;
  return rest;
}

function send(baseUrl: string, r: WireRequest, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const getHeaders = unsignedGet(r.headers);
    const target = r.get ? { path: `/?${r.body.toString('latin1')}`, method: 'GET', headers: getHeaders } : { path: '/', method: 'POST', headers: { ...r.headers, 'content-length': String(r.body.length) } };
    const req = request(`${baseUrl}${target.path}`, { method: target.method, agent, headers: target.headers }, (res) => {
      const contentType = String(res.headers['content-type'] ?? '');
      if (contentType.includes('eventstream')) {
        // A subscription that was opened: the answer is a stream, not a document.
        res.destroy();
        req.destroy();
        resolve({ status: res.statusCode ?? 0, contentType, body: Buffer.alloc(0) });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(r.get ? undefined : r.body);
  });
}

/**
 * The same request over an HTTP/2 session. A stream the server resets after answering (a body over
 * the limit: 413, then RST_STREAM) counts as that answer; a reset with no answer is a failure.
 */
function sendH2(session: ClientHttp2Session, r: WireRequest, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const getHeaders = unsignedGet(r.headers);
    const stream = r.get
      ? session.request({ ':method': 'GET', ':path': `/?${r.body.toString('latin1')}`, ...getHeaders })
      : session.request({ ':method': 'POST', ':path': '/', ...r.headers, 'content-length': String(r.body.length) });
    let status = 0;
    let contentType = '';
    const chunks: Buffer[] = [];
    stream.setTimeout(timeoutMs, () => stream.close(0x8, () => reject(new Error(`no answer within ${timeoutMs} ms`))));
    stream.on('response', (h) => {
      status = Number(h[':status']);
      contentType = String(h['content-type'] ?? '');
      if (contentType.includes('eventstream')) {
        stream.close(0x8);
        resolve({ status, contentType, body: Buffer.alloc(0) });
      }
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve({ status, contentType, body: Buffer.concat(chunks) }));
    stream.on('error', (e) => (status ? resolve({ status, contentType, body: Buffer.concat(chunks) }) : reject(e)));
    stream.end(r.get ? undefined : r.body);
  });
}

const HTTP_REFUSALS = new Set([413, 414, 431]);

/** A JSON or CBOR answer's document (an empty body is `{}`); throws when it cannot be read. */
function documentOf(protocol: 'json' | 'cbor', a: Answer): unknown {
  if (protocol === 'cbor') return a.body.length > 0 ? cbor.deserialize(a.body) : {};
  return JSON.parse(a.body.toString('utf8') || '{}');
}

/** The error code an error answer carries in its protocol's form (query `<ErrorResponse>…<Code>`, JSON/CBOR `__type`). */
function errorCode(protocol: WireProtocol, a: Answer): string | undefined {
  if (protocol === 'query') return /<ErrorResponse[\s>][\s\S]*<Code>([^<]+)<\/Code>/.exec(a.body.toString('utf8'))?.[1];
  const type = (documentOf(protocol, a) as Record<string, unknown> | null)?.__type;
  return typeof type === 'string' && type.length > 0 ? type : undefined;
}

/** Why an answer is not acceptable, or undefined when it is. */
export function judge(protocol: WireProtocol, a: Answer): string | undefined {
  if (a.status >= 500 || a.status < 200) return `status ${a.status}: ${a.body.toString('utf8', 0, 300)}`;
  if (a.contentType.includes('eventstream')) return a.status === 200 ? undefined : `event stream with status ${a.status}`;
  // Refused at the HTTP layer before any API read it (an over-long URL or header block, a body over
  // the limit), as AWS's front door refuses such requests: the status says it all.
  if (HTTP_REFUSALS.has(a.status)) return undefined;
  try {
    if (a.status < 300) {
      if (protocol === 'query') return a.body.toString('utf8').startsWith('<') ? undefined : `2xx that is not XML: ${a.body.toString('utf8', 0, 200)}`;
      const doc = documentOf(protocol, a);
      return doc && typeof doc === 'object' ? undefined : `2xx body is not a structure`;
    }
    return errorCode(protocol, a) ? undefined : `${a.status} without an error code in the protocol's form: ${a.body.toString('utf8', 0, 300)}`;
  } catch (e) {
    return `${a.status} with an unreadable body (${(e as Error).message}): ${a.body.toString('utf8', 0, 200)}`;
  }
}

/** `200`, or the status and the error code the answer carries (`400 InvalidParameterValue`). */
function outcomeOf(protocol: WireProtocol, a: Answer): string {
  if (a.status < 300 || HTTP_REFUSALS.has(a.status)) return String(a.status);
  try {
    return `${a.status} ${errorCode(protocol, a) ?? '(no code)'}`;
  } catch {
    return `${a.status} (unreadable)`;
  }
}

const preview = (b: Buffer, protocol: WireProtocol): string => {
  const s = protocol === 'cbor' ? b.toString('hex') : b.toString('utf8');
  return s.length > 400 ? `${s.slice(0, 400)}…(${s.length} chars)` : s;
};

/** One operation's requests: N broken inputs per protocol (the first one whole), then the raw bodies. */
function requestsFor(t: FuzzTarget, op: OperationModel, rng: Rng, n: number): { r: WireRequest; what: string }[] {
  const requests: { r: WireRequest; what: string }[] = [];
  for (const protocol of t.protocols) {
    for (let i = 0; i < n; i++) {
      const input = plausibleStruct(rng, op.input, t.hints, 0);
      const what = i === 0 ? 'plausible input' : breakInput(rng, input, op.input, t.hints);
      t.tame?.(op.name, input);
      requests.push({ r: encodeInput(t.model, protocol, op, input, protocol === 'query' && i % 4 === 3), what });
    }
  }
  for (const r of rawRequests(t.model, op, rng)) if (t.protocols.includes(r.answer)) requests.push({ r, what: 'raw body' });
  return requests;
}

/** Sends every operation its broken inputs; returns what was not answered as it must be. */
export async function fuzzService(t: FuzzTarget): Promise<FuzzFailure[]> {
  const failures: FuzzFailure[] = [];
  const seed = t.seed ?? FUZZ_SEED;
  let h2: ClientHttp2Session | undefined;
  const session = (): ClientHttp2Session => {
    if (!h2 || h2.closed || h2.destroyed) {
      h2 = connect(t.baseUrl);
      h2.on('error', () => undefined); // a failed request reports its own error
    }
    return h2;
  };
  try {
    for (const op of Object.values(t.model.operations)) {
      if (t.skip?.[op.name]) continue;
      await t.beforeOperation?.(op.name);
      const requests = requestsFor(t, op, rngFrom(seed ^ hash(op.name)), t.perOperation ?? FUZZ_N);
      for (const [k, { r, what }] of requests.entries()) {
        const overH2 = t.http2 === true && k % 2 === 1;
        let problem: string | undefined;
        try {
          const answer = await (overH2 ? sendH2(session(), r, 15_000) : send(t.baseUrl, r, 15_000));
          problem = judge(r.answer, answer);
          t.outcome?.(op.name, k, outcomeOf(r.answer, answer));
        } catch (e) {
          problem = `no answer: ${(e as Error).message}`;
        }
        if (problem) {
          const where = `${what}${overH2 ? ', HTTP/2' : ''}; seed ${seed}`;
          failures.push({ operation: op.name, protocol: r.protocol === 'raw' ? 'raw' : r.protocol, problem: `${problem} [${where}]`, body: `${r.get ? 'GET /?' : ''}${preview(r.body, r.answer)}` });
        }
      }
    }
  } finally {
    h2?.close();
  }
  return failures;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Each request's outcome on each engine, to check that the engines answered every request alike:
 * the same requests, from the same seed, must get the same status and error code on SQLite and on
 * PostgreSQL (the engines must behave the same; only what is stored where differs).
 */
export class OutcomesByEngine {
  private readonly byEngine = new Map<string, string[]>();

  /** `timed`: operations whose answer depends on timing (a task still running or not), with why; not compared. */
  constructor(private readonly timed: Readonly<Record<string, string>> = {}) {}

  recorder(engine: string): NonNullable<FuzzTarget['outcome']> {
    const list: string[] = [];
    this.byEngine.set(engine, list);
    return (operation, index, outcome) => {
      if (!this.timed[operation]) list.push(`${operation} #${index}: ${outcome}`);
    };
  }

  /** Lines where an engine answered otherwise than the first one (empty when they all agree). */
  differences(max = 40): string[] {
    const [[first, base] = ['', []], ...others] = [...this.byEngine];
    const out: string[] = [];
    for (const [engine, list] of others) {
      if (list.length !== base.length) out.push(`${first} answered ${base.length} requests, ${engine} ${list.length}`);
      for (let i = 0; i < Math.min(list.length, base.length) && out.length < max; i++) {
        if (list[i] !== base[i]) out.push(`${first} ${base[i]} ≠ ${engine} ${list[i]}`);
      }
    }
    return out;
  }
}

/** A readable summary for assert messages: one line per failure, grouped by operation. */
export function report(failures: readonly FuzzFailure[], max = 40): string {
  const lines = failures.slice(0, max).map((f) => `${f.operation} (${f.protocol}): ${f.problem}\n    body: ${f.body}`);
  if (failures.length > max) lines.push(`… and ${failures.length - max} more`);
  return `${failures.length} answers were not AWS-style:\n${lines.join('\n')}`;
}
