/**
 * Generic CBOR (RFC 8949) bytes ↔ plain values, with nothing AWS- or model-specific except the
 * meaning of tag 1 (see below). cbor.ts walks the model on top of this.
 *
 * Reading: maps → plain objects (keys must be text strings), arrays → arrays, byte strings →
 * Buffer views into the input (no copy), text → string, integers → number (BigInt beyond 2^53),
 * floats (half, single, double) → number, null → null, undefined → undefined, tag 1 → Date,
 * tag 0 → Date, any other tag → its content. Definite and indefinite lengths are both accepted.
 * Anything not well-formed throws CborSyntaxError. Lengths are checked against the bytes left
 * before anything is allocated, nesting is capped, and so is the number of data items: one byte
 * can be an empty array or byte string, so a 16 MiB body of them would otherwise cost ~2 GB of
 * heap and seconds of CPU. The largest real request, a 500-record PutRecords, has ~3,500 items.
 *
 * Tag 1 (epoch time) has two readings in the wild. AWS CBOR (Java SDK v1/v2, the KCL) writes
 * `tag 1` + an INTEGER count of epoch milliseconds; RFC 8949 and generic encoders write seconds,
 * as a float when there is a fraction. The content's major type decides: integer → milliseconds,
 * float → seconds. (An integer-seconds tag 1 from a generic encoder would read as 1970; no AWS
 * client sends one.)
 *
 * Writing: CborWriter appends items to a growing buffer; integers are always written in the
 * shortest integer form (up to 2^64 − 1, never float64), Dates as `tag 1` + integer milliseconds.
 */

export class CborSyntaxError extends Error {
  override readonly name = 'CborSyntaxError';
}

// ---------------------------------------------------------------------------------------------
// reading

const MAX_DEPTH = 100;
const MAX_ITEMS = 100_000;
const TWO_32 = 4294967296;
const BREAK = 0xff;

interface Reader {
  readonly buf: Buffer;
  pos: number;
  depth: number;
  /** Data items left before the document is refused as too large. */
  budget: number;
}

/**
 * Reads one CBOR data item that fills the whole buffer. Maps become plain objects (keys must be
 * text), byte strings Buffers, integers numbers (BigInt beyond 2^53), tag 1 a Date (see the
 * header), null/undefined `null`/`undefined`; other tags yield their content.
 */
export function decodeCbor(buf: Buffer): unknown {
  const r: Reader = { buf, pos: 0, depth: 0, budget: MAX_ITEMS };
  const v = readItem(r);
  if (r.pos !== buf.length) throw new CborSyntaxError(`Unexpected data after the CBOR item at byte ${r.pos}.`);
  return v;
}

function fail(r: Reader, what: string): never {
  throw new CborSyntaxError(`${what} at byte ${r.pos}.`);
}

function readItem(r: Reader): unknown {
  const buf = r.buf;
  if (r.pos >= buf.length) fail(r, 'Unexpected end of CBOR input');
  if (--r.budget < 0) fail(r, `More than ${MAX_ITEMS} data items`);
  const ib = buf[r.pos++]!;
  const major = ib >> 5;
  const ai = ib & 31;
  switch (major) {
    case 0:
      return ai < 24 ? ai : readUint(r, ai);
    case 1: {
      const n = ai < 24 ? ai : readUint(r, ai);
      return typeof n === 'number' ? -1 - n : -1n - n;
    }
    case 2: {
      if (ai === 31) return readChunks(r, 2);
      const n = readLength(r, ai, 1);
      return buf.subarray(r.pos, (r.pos += n));
    }
    case 3: {
      if (ai === 31) return readChunks(r, 3).toString('utf8');
      const n = readLength(r, ai, 1);
      return buf.toString('utf8', r.pos, (r.pos += n));
    }
    case 4:
      return readArray(r, ai);
    case 5:
      return readMap(r, ai);
    case 6:
      return readTag(r, ai);
    default:
      return readSimple(r, ai);
  }
}

/** The argument of an initial byte whose additional info is ≥ 24. */
function readUint(r: Reader, ai: number): number | bigint {
  const buf = r.buf;
  const p = r.pos;
  switch (ai) {
    case 24:
      if (p + 1 > buf.length) break;
      r.pos = p + 1;
      return buf[p]!;
    case 25:
      if (p + 2 > buf.length) break;
      r.pos = p + 2;
      return buf.readUInt16BE(p);
    case 26:
      if (p + 4 > buf.length) break;
      r.pos = p + 4;
      return buf.readUInt32BE(p);
    case 27: {
      if (p + 8 > buf.length) break;
      r.pos = p + 8;
      const hi = buf.readUInt32BE(p);
      const lo = buf.readUInt32BE(p + 4);
      return hi < 0x200000 ? hi * TWO_32 + lo : buf.readBigUInt64BE(p);
    }
    default:
      return fail(r, `Reserved additional information ${ai}`);
  }
  return fail(r, 'Unexpected end of CBOR input');
}

/** A definite length; it must fit in what is left, `unit` bytes per element at least. */
function readLength(r: Reader, ai: number, unit: number): number {
  if (ai === 31) fail(r, 'Unexpected indefinite length');
  const n = ai < 24 ? ai : readUint(r, ai);
  if (typeof n !== 'number' || n * unit > r.buf.length - r.pos) fail(r, 'Length exceeds the input');
  return n;
}

/** An indefinite-length byte or text string: definite chunks of the same major type until break. */
function readChunks(r: Reader, major: number): Buffer {
  const buf = r.buf;
  const parts: Buffer[] = [];
  for (;;) {
    if (r.pos >= buf.length) fail(r, 'Unterminated indefinite-length string');
    const ib = buf[r.pos++]!;
    if (ib === BREAK) break;
    if (ib >> 5 !== major) fail(r, 'Chunk of the wrong type in an indefinite-length string');
    const n = readLength(r, ib & 31, 1);
    parts.push(buf.subarray(r.pos, (r.pos += n)));
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function enter(r: Reader): void {
  if (++r.depth > MAX_DEPTH) fail(r, `Nesting deeper than ${MAX_DEPTH}`);
}

function readArray(r: Reader, ai: number): unknown[] {
  enter(r);
  const out: unknown[] = [];
  if (ai === 31) {
    while (!atBreak(r)) out.push(readItem(r));
  } else {
    const n = readLength(r, ai, 1);
    for (let i = 0; i < n; i++) out.push(readItem(r));
  }
  r.depth--;
  return out;
}

function readMap(r: Reader, ai: number): Record<string, unknown> {
  enter(r);
  const out: Record<string, unknown> = {};
  if (ai === 31) {
    while (!atBreak(r)) readEntry(r, out);
  } else {
    const n = readLength(r, ai, 2);
    for (let i = 0; i < n; i++) readEntry(r, out);
  }
  r.depth--;
  return out;
}

function readEntry(r: Reader, out: Record<string, unknown>): void {
  const at = r.pos;
  const key = readItem(r);
  if (typeof key !== 'string') {
    r.pos = at;
    fail(r, 'Map key is not a text string');
  }
  const value = readItem(r);
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** True (and consumed) when the next byte is the break code that ends an indefinite item. */
function atBreak(r: Reader): boolean {
  if (r.pos >= r.buf.length) fail(r, 'Unterminated indefinite-length item');
  if (r.buf[r.pos] !== BREAK) return false;
  r.pos++;
  return true;
}

function readTag(r: Reader, ai: number): unknown {
  if (ai === 31) fail(r, 'Indefinite tag');
  const tag = ai < 24 ? ai : readUint(r, ai);
  enter(r);
  const at = r.pos;
  const v = readItem(r);
  r.depth--;
  if (tag === 1) {
    // The content's major type, not its value, tells the unit: 1.7e12 may arrive as a float.
    if (typeof v === 'number') return new Date(r.buf[at]! >> 5 === 7 ? v * 1000 : v);
    if (typeof v === 'bigint') return new Date(Number(v));
    r.pos = at;
    fail(r, 'Tag 1 (epoch time) does not hold a number');
  }
  if (tag === 0) {
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    if (Number.isNaN(ms)) {
      r.pos = at;
      fail(r, 'Tag 0 (date/time) does not hold an RFC 3339 date');
    }
    return new Date(ms);
  }
  return v;
}

function readSimple(r: Reader, ai: number): unknown {
  const buf = r.buf;
  const p = r.pos;
  switch (ai) {
    case 20:
      return false;
    case 21:
      return true;
    case 22:
      return null;
    case 23:
      return undefined;
    case 24:
      if (p + 1 > buf.length) break;
      r.pos = p + 1;
      return undefined; // simple value 32..255: unassigned
    case 25:
      if (p + 2 > buf.length) break;
      r.pos = p + 2;
      return halfFloat(buf.readUInt16BE(p));
    case 26:
      if (p + 4 > buf.length) break;
      r.pos = p + 4;
      return buf.readFloatBE(p);
    case 27:
      if (p + 8 > buf.length) break;
      r.pos = p + 8;
      return buf.readDoubleBE(p);
    case 31:
      r.pos--;
      return fail(r, 'Unexpected break code');
    default:
      if (ai < 20) return undefined; // simple values 0..19: unassigned
      return fail(r, `Reserved additional information ${ai}`);
  }
  return fail(r, 'Unexpected end of CBOR input');
}

function halfFloat(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant === 0 ? sign * Infinity : NaN;
  return sign * (mant + 1024) * 2 ** (exp - 25);
}

// Writing lives in cbor-writer.ts.
export { CborWriter, encodeCborValue } from './cbor-writer.js';
