/**
 * AWS JSON 1.0 / 1.1 codec: decode a parsed request body against the operation's input plan,
 * encode a handler's output against the output plan.
 *
 * Decode reuses the object JSON.parse returned: members are type-checked in place and only the
 * ones that need a different runtime form (blob → Buffer, timestamp → Date) are written back.
 * Unknown members are left alone (AWS ignores them); a `null` member counts as absent, but a `null`
 * list member or map value is refused, as AWS refuses it (SQS TagQueue `{"Tags":{"k":null}}`: 400 "the
 * parameter 'value' may not be null", recorded against AWS in floci-io/floci#905).
 *
 * Encode walks the output plan into a clean copy that JSON.stringify then writes: members come out
 * in model order, `null`/`undefined` members are omitted, non-model fields a handler may carry never
 * leak, blobs become base64 and timestamps epoch seconds (millisecond precision).
 */
import {
  InputFault,
  decodeBase64,
  parseTimestampText,
  toBase64,
  toEpochMs,
  type ListPlan,
  type MapPlan,
  type Plan,
  type StructPlan,
} from './plan.js';
import { JsonBytes } from './json-bytes.js';

// ---------------------------------------------------------------------------------------------
// decode

export function decodeJsonStruct(plan: StructPlan, obj: unknown): Record<string, unknown> {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new InputFault('type', obj, 'structure');
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
      const out = decodeJsonValue(m.plan, v);
      if (m.plan.convert) o[m.name] = out;
    }
  } catch (e) {
    if (e instanceof InputFault) e.at(members[i]!.name);
    throw e;
  }
  return o;
}

function decodeJsonValue(p: Plan, v: unknown): unknown {
  switch (p.kind) {
    case 'string':
      if (typeof v !== 'string') throw new InputFault('type', v, 'string');
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputFault('type', v, p.kind);
      return v;
    case 'double':
      if (typeof v === 'number') return v;
      if (v === 'NaN') return NaN;
      if (v === 'Infinity') return Infinity;
      if (v === '-Infinity') return -Infinity;
      throw new InputFault('type', v, 'double');
    case 'boolean':
      if (typeof v !== 'boolean') throw new InputFault('type', v, 'boolean');
      return v;
    case 'blob': {
      const b = typeof v === 'string' ? decodeBase64(v) : undefined;
      if (b === undefined) throw new InputFault('type', v, 'blob (base64)');
      return b;
    }
    case 'timestamp': {
      let d: Date | undefined;
      if (typeof v === 'number') d = new Date(v * 1000);
      else if (typeof v === 'string') d = parseTimestampText(v);
      if (d === undefined || Number.isNaN(d.getTime())) throw new InputFault('type', v, 'timestamp');
      return d;
    }
    case 'structure':
      return decodeJsonStruct(p, v);
    case 'list':
      return decodeJsonList(p, v);
    case 'map':
      return decodeJsonMap(p, v);
  }
}

function decodeJsonList(p: ListPlan, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new InputFault('type', v, 'list');
  const item = p.item;
  let i = 0;
  try {
    for (; i < v.length; i++) {
      const x = v[i];
      if (x === null) throw new InputFault('null', x, 'member');
      const out = decodeJsonValue(item, x);
      if (item.convert) v[i] = out;
    }
  } catch (e) {
    if (e instanceof InputFault) e.at(String(i + 1));
    throw e;
  }
  return v;
}

function decodeJsonMap(p: MapPlan, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputFault('type', v, 'map');
  const o = v as Record<string, unknown>;
  const value = p.value;
  let key = '';
  try {
    for (key in o) {
      const x = o[key];
      if (x === null || x === undefined) throw new InputFault('null', x, 'value');
      const out = decodeJsonValue(value, x);
      if (value.convert) o[key] = out;
    }
  } catch (e) {
    if (e instanceof InputFault) e.at(key);
    throw e;
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// encode

/**
 * Encodes a handler's output as a JSON document; an absent output plan or value gives `{}`.
 *
 * Two ways, chosen per output shape. Usually: build a clean copy (model members only, in model
 * order, converted) and hand it to the native JSON.stringify once, which beats writing the text
 * piece by piece in JS. But outputs whose structure carries blobs (GetRecords: up to 10 MiB of
 * base64) are written straight into bytes (JsonBytes), the base64 spliced in unescaped (its
 * alphabet needs no escaping): JSON.stringify would scan and copy every base64 character again,
 * and a 10 MiB string would be flattened and re-scanned to become bytes. bench/kinesis.ts
 * (GetRecords of 10,000 × 1 KiB records, interleaved runs) measured the text way at 23.1–24.5 µs
 * of server CPU a record against 24.0–28.7 µs through JSON.stringify; for outputs without blobs (a
 * SendMessageBatch answer, bench/protocol-micro.ts) it was ~2 µs slower, hence the choice per shape.
 */
export function encodeJson(plan: StructPlan | undefined, value: unknown): string | Buffer {
  if (plan === undefined || typeof value !== 'object' || value === null) return '{}';
  if (!carriesBlobs(plan)) return JSON.stringify(jsonStruct(plan, value as Record<string, unknown>));
  const w = new JsonBytes();
  writeStruct(w, plan, value as Record<string, unknown>);
  return w.finish();
}

const blobCarriers = new WeakMap<Plan, boolean>();

/** Whether values of this shape carry a blob outside any map (cached per plan; recursive shapes count once). */
function carriesBlobs(p: Plan): boolean {
  const known = blobCarriers.get(p);
  if (known !== undefined) return known;
  blobCarriers.set(p, false); // a shape that contains itself: the cycle adds nothing
  let found = false;
  if (p.kind === 'blob') found = true;
  else if (p.kind === 'structure') found = p.members.some((m) => carriesBlobs(m.plan));
  else if (p.kind === 'list') found = carriesBlobs(p.item);
  // Blobs only inside maps (SQS's optional binary message attributes) do not count: there the text
  // way measured slower (a ReceiveMessage answer of 10 × 1 KiB bodies: 65–84 against 38–68 µs).
  blobCarriers.set(p, found);
  return found;
}

/** The quoted member names of a structure plan, made once. */
const quotedNames = new WeakMap<StructPlan, string[]>();

function writeStruct(w: JsonBytes, p: StructPlan, o: Record<string, unknown>): void {
  let names = quotedNames.get(p);
  if (!names) quotedNames.set(p, (names = p.members.map((m) => JSON.stringify(m.name) + ':')));
  w.text('{');
  const members = p.members;
  let first = true;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const v = o[m.name];
    if (v === undefined || v === null) continue;
    w.text(first ? names[i]! : ',' + names[i]!);
    first = false;
    writeValue(w, m.plan, v);
  }
  w.text('}');
}

/** Writes what JSON.stringify would write for jsonValue's result, blobs unscanned. */
function writeValue(w: JsonBytes, p: Plan, v: unknown): void {
  switch (p.kind) {
    case 'blob':
      return w.blob(v);
    case 'structure':
      if (typeof v === 'object') return writeStruct(w, p, v as Record<string, unknown>);
      return w.text('{}');
    case 'list': {
      const a = v as readonly unknown[];
      w.text('[');
      let first = true;
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        if (x === undefined || x === null) continue;
        if (!first) w.text(',');
        const before = w.length;
        writeValue(w, p.item, x);
        // Room for the rest, sized from the first item (records of a GetRecords answer are alike).
        if (first && a.length > 1) w.reserve(Math.ceil((w.length - before + 1) * (a.length - i - 1) * 1.1));
        first = false;
      }
      return w.text(']');
    }
    case 'map': {
      const o = v as Record<string, unknown>;
      w.text('{');
      let first = true;
      for (const k in o) {
        const x = o[k];
        if (x === undefined || x === null) continue;
        w.text((first ? '' : ',') + JSON.stringify(k) + ':');
        first = false;
        writeValue(w, p.value, x);
      }
      return w.text('}');
    }
    case 'string':
      return w.text(JSON.stringify(typeof v === 'string' ? v : String(v)));
    case 'timestamp':
      return w.text(p.tsFormat === 'date-time' ? JSON.stringify(new Date(toEpochMs(v)).toISOString()) : epochSecondsText(toEpochMs(v)));
    default:
      return w.text(JSON.stringify(jsonValue(p, v)));
  }
}

/**
 * Epoch seconds as JSON text, the last one remembered: the records of a GetRecords answer mostly
 * share their arrival time, and a fractional number's text is one of the costlier steps per record.
 */
let lastEpochMs = NaN;
let lastEpochText = '';
function epochSecondsText(ms: number): string {
  if (ms !== lastEpochMs) {
    lastEpochMs = ms;
    lastEpochText = JSON.stringify(ms / 1000);
  }
  return lastEpochText;
}

function jsonStruct(p: StructPlan, o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of p.members) {
    const v = o[m.name];
    if (v === undefined || v === null) continue;
    out[m.name] = m.plan.kind === 'string' && typeof v === 'string' ? v : jsonValue(m.plan, v);
  }
  return out;
}

function jsonValue(p: Plan, v: unknown): unknown {
  switch (p.kind) {
    case 'string':
      return typeof v === 'string' ? v : String(v);
    case 'integer':
    case 'long':
    case 'double':
      return jsonNumber(v);
    case 'boolean':
      return v ? true : false;
    case 'blob':
      return toBase64(v);
    case 'timestamp': {
      const ms = toEpochMs(v);
      return p.tsFormat === 'date-time' ? new Date(ms).toISOString() : ms / 1000;
    }
    case 'structure':
      return typeof v === 'object' ? jsonStruct(p, v as Record<string, unknown>) : {};
    case 'list': {
      const a = v as readonly unknown[];
      const out: unknown[] = [];
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        if (x !== undefined && x !== null) out.push(jsonValue(p.item, x));
      }
      return out;
    }
    case 'map': {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k in o) {
        const x = o[k];
        if (x === undefined || x === null) continue;
        if (k === '__proto__') Object.defineProperty(out, k, { value: jsonValue(p.value, x), enumerable: true, writable: true, configurable: true });
        else out[k] = jsonValue(p.value, x);
      }
      return out;
    }
  }
}

/** Numbers as JSON numbers; NaN and ±Infinity as the strings Smithy uses. */
function jsonNumber(v: unknown): unknown {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : String(n);
}
