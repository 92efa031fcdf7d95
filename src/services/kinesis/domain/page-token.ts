import { NEXT_TOKEN_TTL_MS } from './limits.js';
import { Sealer, TokenPurpose, TokenReader, TokenWriter } from './sealed.js';

/**
 * NextTokens of ListShards and ListStreams: sealed like shard iterators (so a client cannot make
 * one up, and any node can continue a listing), valid for 300 seconds (ExpiredNextTokenException
 * after). Each holds where the next page starts and what the listing was of.
 */

export interface ListShardsToken {
  readonly streamDbId: number;
  /** The last shard index returned. */
  readonly afterIndex: number;
  /** ShardFilter carried over: type (empty for none), timestamp (ms, 0 for none), shard index (-1 for none). */
  readonly filterType: string;
  readonly filterTimestampMs: number;
  readonly filterShardIndex: number;
}

export interface ListStreamsToken {
  readonly accountId: string;
  readonly region: string;
  readonly afterName: string;
}

export type Opened<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly expired: boolean };

export function sealListShards(sealer: Sealer, t: ListShardsToken, now: number): string {
  const plain = new TokenWriter()
    .num(now)
    .num(t.streamDbId)
    .num(t.afterIndex)
    .str(t.filterType)
    .num(t.filterTimestampMs)
    .num(t.filterShardIndex + 1)
    .done();
  return sealer.seal(TokenPurpose.ListShards, plain);
}

export function openListShards(sealer: Sealer, token: string, now: number): Opened<ListShardsToken> {
  return open(sealer, TokenPurpose.ListShards, token, now, (r) => ({
    streamDbId: r.num(),
    afterIndex: r.num(),
    filterType: r.str(),
    filterTimestampMs: r.num(),
    filterShardIndex: r.num() - 1,
  }));
}

export function sealListStreams(sealer: Sealer, t: ListStreamsToken, now: number): string {
  return sealer.seal(TokenPurpose.ListStreams, new TokenWriter().num(now).str(t.accountId).str(t.region).str(t.afterName).done());
}

export function openListStreams(sealer: Sealer, token: string, now: number): Opened<ListStreamsToken> {
  return open(sealer, TokenPurpose.ListStreams, token, now, (r) => ({ accountId: r.str(), region: r.str(), afterName: r.str() }));
}

/** ListStreamConsumers: the stream and the last consumer name returned. */
export function sealListConsumers(sealer: Sealer, t: { streamDbId: number; afterName: string }, now: number): string {
  return sealer.seal(TokenPurpose.ListConsumers, new TokenWriter().num(now).num(t.streamDbId).str(t.afterName).done());
}

export function openListConsumers(sealer: Sealer, token: string, now: number): Opened<{ streamDbId: number; afterName: string }> {
  return open(sealer, TokenPurpose.ListConsumers, token, now, (r) => ({ streamDbId: r.num(), afterName: r.str() }));
}

function open<T>(sealer: Sealer, purpose: TokenPurpose, token: string, now: number, read: (r: TokenReader) => T): Opened<T> {
  const plain = sealer.open(purpose, token);
  if (plain === undefined) return { ok: false, expired: false };
  let issuedAt: number;
  let value: T;
  try {
    const r = new TokenReader(plain);
    issuedAt = r.num();
    value = read(r);
    r.end();
  } catch {
    return { ok: false, expired: false };
  }
  if (now - issuedAt > NEXT_TOKEN_TTL_MS) return { ok: false, expired: true };
  return { ok: true, value };
}

/** ListChannels: the account, region and the last channel name returned. */
export function sealListChannels(sealer: Sealer, t: ListStreamsToken, now: number): string {
  return sealer.seal(TokenPurpose.ListChannels, new TokenWriter().num(now).str(t.accountId).str(t.region).str(t.afterName).done());
}

export function openListChannels(sealer: Sealer, token: string, now: number): Opened<ListStreamsToken> {
  return open(sealer, TokenPurpose.ListChannels, token, now, (r) => ({ accountId: r.str(), region: r.str(), afterName: r.str() }));
}
