import type pg from 'pg';

/**
 * Pages of a shard's chunks read as `COPY (…) TO STDOUT (FORMAT binary)`, so that record data
 * arrives as its own bytes. A normal result row can only come in text here: node-postgres 8.23
 * decodes every field of a result row as UTF-8 (with `binary: true` too, which then corrupts any
 * byte that is not valid UTF-8: brianc/node-postgres#3495), so bytea comes as `\x` + hex, twice
 * its size, hex-encoded by the server and decoded by Switchyard (V8 profiles: a fifth to a
 * quarter of the Switchyard process's CPU on the GetRecords path). COPY's data messages it
 * hands over as bytes.
 *
 * The price: COPY takes no parameters, so the statement is planned on every call (~0.1 ms of the
 * server's CPU) instead of once per connection. readShard (kinesis-store.ts) therefore reads only
 * the pages after the first this way, those of reads that already found a page full of chunks.
 * The numbers are checked safe integers before they go into the statement's text.
 *
 * States of a CopyChunks: submitted → (copy data…) → settled by ReadyForQuery (done) or by an
 * error (failed; a ReadyForQuery that follows it is ignored).
 */

export interface ChunkRow {
  readonly seq: number;
  readonly lastSeq: number;
  readonly arrivalMs: number;
  readonly sizes: string;
  /** As stored: readShard (kinesis-store.ts) unmarks them (unstorable-text.ts). */
  readonly keys: string;
  readonly data: Buffer;
}

/** Up to `limit` chunks of the shard from position `fromSeq` on, arrived at or after `minArrivalMs`: READ_SHARD's chunks (kinesis-sql.ts). */
export async function copyChunks(pool: pg.Pool, shardId: number, fromSeq: number, minArrivalMs: number, limit: number): Promise<ChunkRow[]> {
  const [shard, from, minArrival, n] = [shardId, fromSeq, minArrivalMs, limit].map(int);
  const text = `COPY (
  SELECT seq, last_seq, arrival_ms, sizes, keys, data FROM kinesis_chunks
  WHERE shard_id = ${shard}
    AND seq >= coalesce((SELECT seq FROM kinesis_chunks WHERE shard_id = ${shard} AND seq <= ${from} ORDER BY seq DESC LIMIT 1), ${from})
    AND last_seq >= ${from} AND arrival_ms >= ${minArrival}
  ORDER BY seq LIMIT ${n}
) TO STDOUT (FORMAT binary)`;
  return copyRows(pool, text);
}

/** Runs `COPY (SELECT <int8, int8, int8, text, text, bytea>) TO STDOUT (FORMAT binary)` on a pooled connection. */
export async function copyRows(pool: pg.Pool, text: string): Promise<ChunkRow[]> {
  const client = await pool.connect();
  const copy = new CopyChunks(text);
  try {
    client.query(copy);
    const rows = await copy.done;
    client.release();
    return rows;
  } catch (err) {
    // A server error leaves the connection usable; anything else (a broken socket, bad data) does not.
    client.release((err as { severity?: unknown }).severity === undefined ? (err as Error) : undefined);
    throw err;
  }
}

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`copyChunks: ${n} is not a safe integer`);
  return `(${n})::bigint`;
}

class CopyChunks implements pg.Submittable {
  readonly done: Promise<ChunkRow[]>;
  private resolve!: (rows: ChunkRow[]) => void;
  private reject!: (err: unknown) => void;
  private settled = false;
  private readonly parser = new CopyParser();
  private failure: unknown;

  constructor(private readonly text: string) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: pg.Connection): void {
    (connection as unknown as { query(text: string): void }).query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    // A throw here would surface in node-postgres's socket handler: keep it for ReadyForQuery.
    if (this.failure !== undefined) return;
    try {
      this.parser.push(msg.chunk);
    } catch (err) {
      this.failure = err;
    }
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    try {
      if (this.failure !== undefined) throw this.failure;
      this.resolve(this.parser.finish());
    } catch (err) {
      this.reject(err);
    }
  }

  handleError(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(err);
  }

  // Nothing else is expected of a COPY TO STDOUT; these keep the client's dispatch total.
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {
    this.handleError(new Error('copyChunks: the server asked for COPY input'));
  }
}

/** The header every binary COPY stream starts with (then int32 flags, int32 extension length). */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * Rows of (int8, int8, int8, text, text, bytea) out of a binary COPY stream, fed in pieces. The
 * server sends a row a message (the header with the first), so a piece is parsed where it lies,
 * the data copied out of it (node-postgres reuses its socket buffers); a row split across pieces
 * is joined first.
 */
class CopyParser {
  private readonly rows: ChunkRow[] = [];
  private header = false;
  private ended = false;
  private pending: Buffer | undefined;

  push(piece: Buffer): void {
    if (this.ended) {
      if (piece.length > 0) throw new Error('copyChunks: data after the end of the stream');
      return;
    }
    const buf = this.pending ? Buffer.concat([this.pending, piece]) : piece;
    this.pending = undefined;
    let at = 0;
    if (!this.header) {
      if (!buf.subarray(0, 11).equals(SIGNATURE.subarray(0, Math.min(11, buf.length)))) throw new Error('copyChunks: not a binary COPY stream');
      if (buf.length < 19 || buf.readInt32BE(15) > buf.length - 19) {
        this.pending = Buffer.from(buf);
        return;
      }
      at = 19 + buf.readInt32BE(15);
      this.header = true;
    }
    while (at < buf.length) {
      const next = this.row(buf, at);
      if (next === undefined) {
        this.pending = Buffer.from(buf.subarray(at));
        return;
      }
      at = next;
      if (this.ended) {
        if (at < buf.length) throw new Error('copyChunks: data after the end of the stream');
        return;
      }
    }
  }

  finish(): ChunkRow[] {
    if (!this.ended) throw new Error('copyChunks: truncated stream');
    return this.rows;
  }

  /** Parses the row (or the end mark) at `at`; its end, or undefined if the piece ends inside it. */
  private row(buf: Buffer, at: number): number | undefined {
    if (at + 2 > buf.length) return undefined;
    const fields = buf.readInt16BE(at);
    if (fields === -1) {
      this.ended = true;
      return at + 2;
    }
    if (fields !== 6) throw new Error(`copyChunks: a row of ${fields} fields`);
    const spans: number[] = [];
    let p = at + 2;
    for (let i = 0; i < 6; i++) {
      if (p + 4 > buf.length) return undefined;
      const len = buf.readInt32BE(p);
      if (len < 0) throw new Error('copyChunks: a NULL field');
      if (i < 3 && len !== 8) throw new Error('copyChunks: an int8 field of the wrong length');
      spans.push(p + 4, len);
      p += 4 + len;
      if (p > buf.length) return undefined;
    }
    // int8: exact below 2^53; beyond it rounded once, as Number() of its text form would be.
    const int8 = (i: number): number => buf.readInt32BE(spans[2 * i]!) * 4_294_967_296 + buf.readUInt32BE(spans[2 * i]! + 4);
    const text = (i: number): string => buf.toString('utf8', spans[2 * i]!, spans[2 * i]! + spans[2 * i + 1]!);
    const data = Buffer.from(buf.subarray(spans[10]!, spans[10]! + spans[11]!));
    this.rows.push({ seq: int8(0), lastSeq: int8(1), arrivalMs: int8(2), sizes: text(3), keys: text(4), data });
    return p;
  }
}

/** The rows of a whole binary COPY stream of (int8, int8, int8, text, text, bytea), given in pieces. */
export function parseCopy(...pieces: Buffer[]): ChunkRow[] {
  const parser = new CopyParser();
  for (const piece of pieces) parser.push(piece);
  return parser.finish();
}
