import { Sealer, TokenPurpose, TokenReader, TokenWriter } from './sealed.js';

/**
 * Shard iterators: self-contained positions in a shard (ARCHITECTURE §4: any node can serve
 * GetRecords with them). What one holds:
 * - the stream (engine id, so a stream deleted and created again under the same name does not
 *   accept the old iterators; its name, for AWS's error messages),
 * - the shard index and the position to read from (records with seq ≥ fromSeq),
 * - for AT_TIMESTAMP, the earliest arrival time to return (resolved lazily by GetRecords, so a
 *   timestamp ahead of every record keeps working as records arrive),
 * - when it was issued: AWS lets an iterator live 5 minutes (ExpiredIteratorException after).
 */

export const ITERATOR_TTL_MS = 300_000;
/** Iterators issued by a node whose clock runs ahead are accepted within this skew. */
const CLOCK_SKEW_MS = 60_000;

export interface IteratorState {
  readonly streamDbId: number;
  readonly streamName: string;
  readonly shardIndex: number;
  readonly fromSeq: number;
  /** Epoch ms; 0 = no lower bound beyond the retention period. */
  readonly minArrivalMs: number;
  readonly issuedAt: number;
}

const VERSION = 1;

export function sealIterator(sealer: Sealer, s: IteratorState): string {
  const plain = new TokenWriter()
    .num(VERSION)
    .num(s.issuedAt)
    .num(s.streamDbId)
    .num(s.shardIndex)
    .num(s.fromSeq)
    .num(s.minArrivalMs)
    .str(s.streamName)
    .done();
  return sealer.seal(TokenPurpose.ShardIterator, plain);
}

export type OpenedIterator = { readonly ok: true; readonly state: IteratorState } | { readonly ok: false; readonly expired?: IteratorState };

/** Opens an iterator: `ok: false` without `expired` means garbage ("Invalid ShardIterator."). */
export function openIterator(sealer: Sealer, token: string, now: number): OpenedIterator {
  const plain = sealer.open(TokenPurpose.ShardIterator, token);
  if (plain === undefined) return { ok: false };
  let state: IteratorState;
  try {
    const r = new TokenReader(plain);
    if (r.num() !== VERSION) return { ok: false };
    state = {
      issuedAt: r.num(),
      streamDbId: r.num(),
      shardIndex: r.num(),
      fromSeq: r.num(),
      minArrivalMs: r.num(),
      streamName: r.str(),
    };
    r.end();
  } catch {
    return { ok: false };
  }
  if (state.issuedAt > now + CLOCK_SKEW_MS) return { ok: false };
  if (now - state.issuedAt > ITERATOR_TTL_MS) return { ok: false, expired: state };
  return { ok: true, state };
}
