/**
 * AWS CBOR 1.1 (`application/x-amz-cbor-1.1`): the body format the Java SDKs (v1, v2, hence the
 * KCL) use for Kinesis by default. Same X-Amz-Target and member names as AWS JSON 1.1; the body is
 * one CBOR map (RFC 8949) instead of a JSON object.
 *
 * Hand-written rather than cbor-x, because what AWS sends is not what a generic CBOR library
 * assumes, and the model has to decide anyway:
 * - timestamps are `tag 1` + integer epoch MILLISECONDS (Java: `writeTag(1); writeNumber(ms)`),
 *   not RFC 8949 seconds. cbor-x throws on that input by default and writes Dates as float
 *   seconds; fixing it takes `addExtension`, which changes cbor-x's tables for the whole process;
 * - a `long` ≥ 2^32 must go out as a CBOR integer, never float64, which only the model knows;
 * - encoding walks the output plan to drop non-model fields and convert values; writing bytes in
 *   that same walk saves building a second object tree for a library to walk again;
 * - no native addon to build or pin (cbor-extract).
 *
 * Decode is two steps, like json.ts: `decodeCbor` (cbor-value.ts) reads the bytes into plain values (maps →
 * objects, byte strings → Buffer, tag 1 → Date), then `decodeCborStruct` checks them against the
 * operation's input plan in place. Both definite and indefinite lengths are accepted everywhere.
 *
 * Timestamps in: `tag 1` + integer = epoch milliseconds (AWS); `tag 1` + float = epoch seconds
 * (RFC 8949, what generic encoders write); `tag 0` + text = RFC 3339. An untagged number in a
 * timestamp member follows the same integer/float rule. Timestamps out: always `tag 1` + integer
 * milliseconds, whatever the member's `timestampFormat` (a JSON-text matter; Kinesis sets none).
 *
 * Blobs decode as views into the request body, not copies: the listener gives each request its
 * own body buffer, the stores copy bytes when they persist them, and a copy would cost more than
 * the rest of the decode (≈0.6 µs per 1 KiB record against ≈0.3 µs). Code that keeps a blob in
 * memory beyond the request keeps the whole body alive; copy it there.
 */
import { CborWriter } from './cbor-value.js';
import { InputFault, parseTimestampText, toEpochMs, type ListPlan, type MapPlan, type Plan, type StructPlan } from './plan.js';

export { CborSyntaxError, decodeCbor, encodeCborValue } from './cbor-value.js';

export const CBOR_CONTENT_TYPE = 'application/x-amz-cbor-1.1';

// ---------------------------------------------------------------------------------------------
// values → model input

/**
 * Checks a decoded map against an input plan, in place (as decodeJsonStruct does). `null` and
 * `undefined` count as absent; values in another runtime form (an untagged timestamp number) are
 * replaced. Throws InputFault with the member path.
 */
export function decodeCborStruct(plan: StructPlan, obj: unknown): Record<string, unknown> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || Buffer.isBuffer(obj) || obj instanceof Date) {
    throw new InputFault('type', obj, 'structure');
  }
  const o = obj as Record<string, unknown>;
  const members = plan.members;
  let i = 0;
  try {
    for (; i < members.length; i++) {
      const m = members[i]!;
      const v = o[m.name];
      if (v === undefined || v === null) {
        if (m.required) throw new InputFault('missing');
        if (v === null) o[m.name] = undefined;
        continue;
      }
      const out = decodeValue(m.plan, v);
      if (out !== v) o[m.name] = out;
    }
  } catch (e) {
    if (e instanceof InputFault) e.at(members[i]!.name);
    throw e;
  }
  return o;
}

function decodeValue(p: Plan, v: unknown): unknown {
  switch (p.kind) {
    case 'string':
      if (typeof v !== 'string') throw new InputFault('type', v, 'string');
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputFault('type', v, p.kind);
      return v;
    case 'double':
      if (typeof v !== 'number') throw new InputFault('type', v, 'double');
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw new InputFault('type', v, 'boolean');
      return v;
    case 'blob':
      if (!Buffer.isBuffer(v)) throw new InputFault('type', v, 'blob (byte string)');
      return v;
    case 'timestamp': {
      let d: Date | undefined;
      if (v instanceof Date) d = v;
      else if (typeof v === 'number') d = new Date(Number.isInteger(v) ? v : v * 1000);
      else if (typeof v === 'string') d = parseTimestampText(v);
      if (d === undefined || Number.isNaN(d.getTime())) throw new InputFault('type', v, 'timestamp');
      return d;
    }
    case 'structure':
      return decodeCborStruct(p, v);
    case 'list':
      return decodeList(p, v);
    case 'map':
      return decodeMap(p, v);
  }
}

function decodeList(p: ListPlan, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new InputFault('type', v, 'list');
  let i = 0;
  try {
    for (; i < v.length; i++) {
      const x = v[i];
      // A null list member or map value is refused, as in JSON (json.ts says what AWS answers).
      if (x === null || x === undefined) throw new InputFault('null', x, 'member');
      const out = decodeValue(p.item, x);
      if (out !== x) v[i] = out;
    }
  } catch (e) {
    if (e instanceof InputFault) e.at(String(i + 1));
    throw e;
  }
  return v;
}

function decodeMap(p: MapPlan, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Buffer.isBuffer(v) || v instanceof Date) {
    throw new InputFault('type', v, 'map');
  }
  const o = v as Record<string, unknown>;
  let key = '';
  try {
    for (key in o) {
      const x = o[key];
      if (x === null || x === undefined) throw new InputFault('null', x, 'value');
      const out = decodeValue(p.value, x);
      if (out !== x) o[key] = out;
    }
  } catch (e) {
    if (e instanceof InputFault) e.at(key);
    throw e;
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// encode

const EMPTY_MAP = Buffer.from([0xa0]);

/**
 * Encodes a handler's output against the output plan: model members only, in model order,
 * `null`/`undefined` left out; an absent plan or value gives an empty map (`a0`).
 */
export function encodeCbor(plan: StructPlan | undefined, value: unknown): Buffer {
  if (plan === undefined || typeof value !== 'object' || value === null) return EMPTY_MAP;
  const w = new CborWriter();
  writeStruct(w, plan, value as Record<string, unknown>);
  return w.finish();
}

/** The AWS CBOR error body: `{"__type": type, "message": message, ...fields}`. */
export function encodeCborError(type: string, message: string, fields?: Readonly<Record<string, unknown>>): Buffer {
  const w = new CborWriter(64 + type.length + message.length);
  let n = 2;
  if (fields !== undefined) for (const k in fields) if (isExtra(k, fields[k])) n++;
  w.head(5, n);
  w.text('__type');
  w.text(type);
  w.text('message');
  w.text(message);
  if (fields !== undefined) {
    for (const k in fields) {
      if (!isExtra(k, fields[k])) continue;
      w.text(k);
      w.value(fields[k]);
    }
  }
  return w.finish();
}

function isExtra(k: string, v: unknown): boolean {
  return k !== '__type' && k !== 'message' && v !== undefined && v !== null;
}

/** Each structure's member names, already encoded as CBOR text (computed once per plan). */
const keyCache = new WeakMap<StructPlan, Buffer[]>();

function memberKeys(p: StructPlan): Buffer[] {
  let keys = keyCache.get(p);
  if (keys === undefined) {
    keys = p.members.map((m) => {
      const w = new CborWriter(m.name.length + 9);
      w.text(m.name);
      return Buffer.from(w.finish());
    });
    keyCache.set(p, keys);
  }
  return keys;
}

function writeStruct(w: CborWriter, p: StructPlan, o: Record<string, unknown>): void {
  const members = p.members;
  const keys = memberKeys(p);
  let n = 0;
  for (let i = 0; i < members.length; i++) {
    const v = o[members[i]!.name];
    if (v !== undefined && v !== null) n++;
  }
  w.head(5, n);
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const v = o[m.name];
    if (v === undefined || v === null) continue;
    w.raw(keys[i]!);
    writeValue(w, m.plan, v);
  }
}

function writeValue(w: CborWriter, p: Plan, v: unknown): void {
  switch (p.kind) {
    case 'string':
      return w.text(typeof v === 'string' ? v : String(v));
    case 'integer':
    case 'long':
      return typeof v === 'bigint' ? w.bigint(v) : w.int(typeof v === 'number' ? v : Number(v));
    case 'double':
      return w.float64(typeof v === 'number' ? v : Number(v));
    case 'boolean':
      return w.byte(v ? 0xf5 : 0xf4);
    case 'blob':
      return w.bytes(v instanceof Uint8Array ? v : Buffer.from(String(v), 'utf8'));
    case 'timestamp':
      return w.timestamp(toEpochMs(v));
    case 'structure':
      if (typeof v === 'object') return writeStruct(w, p, v as Record<string, unknown>);
      return w.byte(0xa0);
    case 'list':
      return writeList(w, p, v as readonly unknown[]);
    case 'map':
      return writeMap(w, p, v as Record<string, unknown>);
  }
}

function writeList(w: CborWriter, p: ListPlan, a: readonly unknown[]): void {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== undefined && a[i] !== null) n++;
  w.head(4, n);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x !== undefined && x !== null) writeValue(w, p.item, x);
  }
}

function writeMap(w: CborWriter, p: MapPlan, o: Record<string, unknown>): void {
  let n = 0;
  for (const k in o) if (o[k] !== undefined && o[k] !== null) n++;
  w.head(5, n);
  for (const k in o) {
    const x = o[k];
    if (x === undefined || x === null) continue;
    w.text(k);
    writeValue(w, p.value, x);
  }
}
