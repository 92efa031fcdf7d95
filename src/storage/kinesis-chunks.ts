import type { NewRecord, ReadRequest, StoredRecord } from '../services/kinesis/store.js';

/**
 * Kinesis records as both engines store them: in chunks. A chunk is consecutive records of one
 * shard from one PutRecord(s) call, so they share an arrival time; it holds their data
 * concatenated (`data`), their partition keys concatenated (`keys`) and a JSON array
 * `[data bytes, key length, …]` (`sizes`), a pair per record in position order, the key length in
 * UTF-16 code units (JavaScript's string length) or -1 for "the rest of `keys`".
 *
 * Why: a row per record cost an INSERT and an index entry per record on the way in, and a row
 * step plus a Buffer copy per record on the way out (the Buffers also drove most of the read
 * path's garbage collection). Partition keys are not JSON strings because JSON.parse interns short
 * strings: V8's string-table lookups and growth were ~5 % of the read path (perf). Schema:
 * sqlite/migrations/0012-kinesis-chunks.ts, postgres/migrations/0012-kinesis-chunks.ts.
 */

/** A chunk closes before it would pass this many bytes of data (a larger record gets one of its own). */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks a read fetches with its first query, and at most with any later one. */
export const FIRST_PAGE = 4;
export const MAX_PAGE = 64;

export interface RecordChunk {
  readonly shardId: number;
  /** How many of this shard's records in the call come before the chunk's first: its position is the shard's first new position + offset. */
  readonly offset: number;
  readonly count: number;
  readonly sizes: string;
  readonly keys: string;
  readonly data: Uint8Array;
}

/**
 * The chunks of one PutRecords call, each shard's records in input order, and how many records
 * each shard gets (its positions are reserved in one step). Record i of a shard (in input order)
 * takes that shard's first new position + i.
 */
export function chunkRecords(records: readonly NewRecord[]): { chunks: RecordChunk[]; counts: Map<number, number> } {
  const chunks: RecordChunk[] = [];
  const open = new Map<number, { offset: number; parts: Uint8Array[]; sizes: number[]; keys: string; bytes: number }>();
  const counts = new Map<number, number>();
  const close = (shardId: number): void => {
    const c = open.get(shardId)!;
    const data = c.parts.length === 1 ? c.parts[0]! : Buffer.concat(c.parts, c.bytes);
    chunks.push({ shardId, offset: c.offset, count: c.parts.length, sizes: JSON.stringify(c.sizes), keys: c.keys, data });
    open.delete(shardId);
  };
  for (const r of records) {
    const before = counts.get(r.shardId) ?? 0;
    counts.set(r.shardId, before + 1);
    let c = open.get(r.shardId);
    if (c && c.bytes + r.data.length > CHUNK_BYTES) {
      close(r.shardId);
      c = undefined;
    }
    if (!c) open.set(r.shardId, (c = { offset: before, parts: [], sizes: [], keys: '', bytes: 0 }));
    c.parts.push(r.data);
    const key = wellFormed(r.partitionKey);
    c.sizes.push(r.data.length, key.length);
    c.keys += key;
    c.bytes += r.data.length;
  }
  for (const shardId of [...open.keys()]) close(shardId);
  return { chunks, counts };
}

/** ES2024's well-formed string methods (Node 20 has them; the ES2022 lib types do not). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * A partition key with each lone surrogate as U+FFFD (as its hash's UTF-8 already reads it), so
 * that the key lengths in `sizes` hold for the stored `keys`: SQLite would get a lone surrogate as
 * three bytes that are not UTF-8 (better-sqlite3 writes it so) and give them back as three U+FFFD,
 * PostgreSQL as one, and every later key of the chunk would come back shifted on SQLite.
 */
function wellFormed(key: string): string {
  const k = key as unknown as WellFormedString;
  return k.isWellFormed() ? key : k.toWellFormed();
}

/**
 * Collects a read's records out of chunks, oldest first, from `fromSeq` on, up to `limit` records
 * and `maxBytes` of data + partition keys (the first record always).
 */
export class ChunkReader {
  readonly records: StoredRecord[] = [];
  /** Data + partition-key bytes of the records collected. */
  bytes = 0;
  /** Bytes of the chunks read through (for sizing the next page of chunks). */
  chunkBytes = 0;
  chunksRead = 0;
  private full = false;

  constructor(private readonly req: ReadRequest) {}

  get isFull(): boolean {
    return this.full;
  }

  /** Adds a chunk's records at or after `fromSeq`; false once the read is full. */
  add(first: number, arrivalMs: number, sizesText: string, keys: string, data: Buffer): boolean {
    const { fromSeq, limit, maxBytes } = this.req;
    const sizes = JSON.parse(sizesText) as number[];
    const records = this.records;
    let offset = 0;
    let keyOffset = 0;
    for (let i = 0, seq = first; i < sizes.length; i += 2, seq++) {
      const size = sizes[i]!;
      const keyLength = sizes[i + 1]!;
      const start = offset;
      const keyStart = keyOffset;
      offset += size;
      keyOffset = keyLength < 0 ? keys.length : keyOffset + keyLength;
      if (seq < fromSeq) continue;
      const partitionKey = keys.substring(keyStart, keyOffset);
      const cost = size + Buffer.byteLength(partitionKey);
      if (records.length > 0 && this.bytes + cost > maxBytes) return this.stop();
      this.bytes += cost;
      records.push({ seq, arrivalMs, partitionKey, data: data.subarray(start, offset) });
      if (records.length === limit) return this.stop();
    }
    this.chunkBytes += data.length;
    this.chunksRead++;
    return true;
  }

  private stop(): false {
    this.full = true;
    return false;
  }

  /** How many chunks the next query should fetch: about what the limit and byte cap still allow, judged from the chunks so far. */
  nextPage(maxPage: number): number {
    const perChunk = Math.max(this.records.length / Math.max(this.chunksRead, 1), 1);
    const chunkSize = Math.max(this.chunkBytes / Math.max(this.chunksRead, 1), 1);
    const wanted = Math.min((this.req.limit - this.records.length) / perChunk, (this.req.maxBytes - this.bytes) / chunkSize);
    return Math.min(maxPage, Math.ceil(wanted) + 1);
  }
}
