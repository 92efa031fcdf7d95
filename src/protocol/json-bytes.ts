import { takeBuffer } from './body-pool.js';
import { toBase64 } from './plan.js';

/**
 * Builds a JSON document straight into Buffers: small pieces of text are joined as a string and
 * written out (UTF-8) only when a blob comes; a blob's base64 is written as Latin-1 (its alphabet is
 * ASCII: no scan for multibyte characters, no escaping). Compared with joining the whole document
 * as one string and converting it at the end, this never builds, flattens and re-scans a 10 MiB
 * string. A hand-written prototype of this way built a GetRecords-like answer of 10,000 × 1 KiB
 * records in 1.4–1.5 µs a record, against 2.4–3.2 µs for one string converted at the end; this
 * generic, model-driven writer takes 2.1–2.5 µs a record on the same answer (its share of the read
 * path in BENCHMARKS.md, "Kinesis records in chunks").
 */
export class JsonBytes {
  private readonly done: Buffer[] = [];
  private buf: Buffer;
  private pos = 0;
  private size = 0;
  /** Text not yet written to `buf`. */
  private pending = '';

  constructor(initialBytes = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** JSON text (any characters). */
  text(s: string): void {
    this.pending += s;
  }

  /** A blob as a JSON string of its base64. */
  blob(v: unknown): void {
    this.pending += '"';
    this.flush();
    this.latin1(toBase64(v));
    this.pending = '"';
  }

  /** Bytes so far (text not yet written counted as one byte a character: an estimate). */
  get length(): number {
    return this.size + this.pending.length;
  }

  /**
   * Makes room for about `bytes` more in one buffer, so that a large document is not grown by
   * doubling and joined at the end (for a 10 MiB GetRecords answer that copy was 10 % of the read
   * path's CPU). What is already written moves along if it is all in the current buffer.
   */
  reserve(bytes: number): void {
    this.flush();
    if (this.pos + bytes <= this.buf.length) return;
    const next = takeBuffer(this.done.length === 0 ? this.pos + bytes : bytes);
    if (this.done.length === 0) this.buf.copy(next, 0, 0, this.pos);
    else {
      this.done.push(this.buf.subarray(0, this.pos));
      this.pos = 0;
    }
    this.buf = next;
  }

  /** The document; `buf` may be larger than it (the answer is sent and dropped at once). */
  finish(): Buffer {
    this.flush();
    const last = this.buf.subarray(0, this.pos);
    if (this.done.length === 0) return last;
    this.done.push(last);
    return Buffer.concat(this.done, this.size);
  }

  private flush(): void {
    const s = this.pending;
    if (s.length === 0) return;
    this.pending = '';
    this.room(s.length * 3); // UTF-8 takes at most 3 bytes per UTF-16 unit
    const n = this.buf.write(s, this.pos);
    this.pos += n;
    this.size += n;
  }

  private latin1(s: string): void {
    this.room(s.length);
    const n = this.buf.write(s, this.pos, 'latin1');
    this.pos += n;
    this.size += n;
  }

  /** Makes room for `bytes` more, in a new Buffer (twice as large, or as needed) when the current one is short. */
  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    this.done.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(bytes, this.buf.length * 2));
    this.pos = 0;
  }
}
