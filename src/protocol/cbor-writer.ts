/**
 * Generic CBOR writing (see cbor-value.ts for the value mapping): CborWriter appends items to a
 * growing buffer; integers always in the shortest integer form (up to 2^64 − 1, never float64),
 * Dates as `tag 1` + integer milliseconds (AWS CBOR).
 */

const TWO_32 = 4294967296;
const TWO_64 = 18446744073709551616;

export class CborWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(size = 256) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** The bytes written so far (a view; the writer must not be used afterwards). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + 64));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Bytes that are already CBOR (precomputed map keys). */
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** An initial byte with its argument `n` (0 ≤ n < 2^64) in the shortest form. */
  head(major: number, n: number): void {
    this.ensure(9);
    const buf = this.buf;
    const m = major << 5;
    let p = this.pos;
    if (n < 24) buf[p++] = m | n;
    else if (n < 0x100) {
      buf[p++] = m | 24;
      buf[p++] = n;
    } else if (n < 0x10000) {
      buf[p++] = m | 25;
      buf.writeUInt16BE(n, p);
      p += 2;
    } else if (n < TWO_32) {
      buf[p++] = m | 26;
      buf.writeUInt32BE(n, p);
      p += 4;
    } else {
      buf[p++] = m | 27;
      const hi = Math.floor(n / TWO_32);
      buf.writeUInt32BE(hi, p);
      buf.writeUInt32BE(n - hi * TWO_32, p + 4);
      p += 8;
    }
    this.pos = p;
  }

  /** An integral number as a CBOR integer; anything a CBOR integer cannot hold as float64. */
  int(v: number): void {
    if (!Number.isInteger(v) || v >= TWO_64 || v < -TWO_64) this.float64(v);
    else if (v >= 0) this.head(0, v);
    else this.head(1, -1 - v);
  }

  bigint(v: bigint): void {
    const neg = v < 0n;
    const n = neg ? -1n - v : v;
    if (n >= 1n << 64n) throw new RangeError('Integer does not fit in 64 bits.');
    if (n < 0x20000000000000n) return this.head(neg ? 1 : 0, Number(n));
    this.ensure(9);
    this.buf[this.pos] = neg ? 0x3b : 0x1b;
    this.buf.writeBigUInt64BE(n, this.pos + 1);
    this.pos += 9;
  }

  float64(v: number): void {
    this.ensure(9);
    this.buf[this.pos] = 0xfb;
    this.buf.writeDoubleBE(v, this.pos + 1);
    this.pos += 9;
  }

  /** `tag 1` + integer epoch milliseconds (the AWS form). */
  timestamp(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('Invalid timestamp.');
    this.byte(0xc1);
    this.int(Math.round(ms));
  }

  text(s: string): void {
    const len = s.length;
    if (len <= 64) {
      // ASCII fast path: the byte length is the string length, so the head can be written first.
      this.ensure(2 + len);
      const buf = this.buf;
      const start = this.pos;
      let p = start + (len < 24 ? 1 : 2);
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        buf[p++] = c;
      }
      if (i === len) {
        if (len < 24) buf[start] = 0x60 | len;
        else {
          buf[start] = 0x78;
          buf[start + 1] = len;
        }
        this.pos = p;
        return;
      }
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.head(3, n);
    this.ensure(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  bytes(b: Uint8Array): void {
    this.head(2, b.length);
    this.raw(b);
  }

  /**
   * Any plain value, without a model: numbers are integers when integral, objects are maps (their
   * null/undefined members left out), Uint8Arrays byte strings, Dates `tag 1` + milliseconds.
   */
  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        return this.text(v);
      case 'number':
        return this.int(v);
      case 'bigint':
        return this.bigint(v);
      case 'boolean':
        return this.byte(v ? 0xf5 : 0xf4);
      case 'object': {
        if (v === null) return this.byte(0xf6);
        if (v instanceof Uint8Array) return this.bytes(v);
        if (v instanceof Date) return this.timestamp(v.getTime());
        if (Array.isArray(v)) {
          this.head(4, v.length);
          for (const x of v) this.value(x === undefined ? null : x);
          return;
        }
        const o = v as Record<string, unknown>;
        let n = 0;
        for (const k in o) if (o[k] !== undefined && o[k] !== null) n++;
        this.head(5, n);
        for (const k in o) {
          const x = o[k];
          if (x === undefined || x === null) continue;
          this.text(k);
          this.value(x);
        }
        return;
      }
      default:
        return this.byte(0xf7); // undefined
    }
  }
}

/** One plain value as CBOR bytes (see CborWriter.value). */
export function encodeCborValue(v: unknown): Buffer {
  const w = new CborWriter();
  w.value(v);
  return w.finish();
}
