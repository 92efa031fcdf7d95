import * as crypto from 'node:crypto';

/**
 * Hash keys: every record maps to a 128-bit unsigned integer, and every open shard owns a
 * contiguous range of them. AWS (AWS-WIRE §3.3):
 * - the hash key of a record is MD5(UTF-8 partition key) read as a big-endian integer, unless the
 *   caller gives `ExplicitHashKey` (decimal, 0 … 2^128−1);
 * - a new stream of N shards splits [0, 2^128−1] evenly: shard i starts at i·⌊2^128/N⌋, the last
 *   shard ends at 2^128−1 (kinesalite's recorded 3-shard layout: …070484 | …070485 …).
 */

export const HASH_KEY_SPACE = 1n << 128n;
export const MAX_HASH_KEY = HASH_KEY_SPACE - 1n;

export interface HashKeyRange {
  readonly start: bigint;
  readonly end: bigint;
}

/** The ranges of a new stream's `count` shards, in shard order. */
export function evenRanges(count: number): HashKeyRange[] {
  const n = BigInt(count);
  const size = HASH_KEY_SPACE / n;
  const ranges: HashKeyRange[] = [];
  for (let i = 0n; i < n; i++) ranges.push({ start: i * size, end: i === n - 1n ? MAX_HASH_KEY : (i + 1n) * size - 1n });
  return ranges;
}

/**
 * One-shot hashing (`crypto.hash`, Node ≥ 20.12) is about twice as fast as createHash for short
 * inputs, and reading the hex digest with BigInt beats assembling two 64-bit halves; this runs
 * once per record written.
 */
const md5Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(alg: string, data: string, enc: 'hex'): string }).hash('md5', text, 'hex')
    : (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex');

/** MD5 of the partition key (UTF-8) as a 128-bit integer. */
export function partitionHashKey(partitionKey: string): bigint {
  return BigInt('0x' + md5Hex(partitionKey));
}

/** `ExplicitHashKey` as an integer, or undefined when it is outside 0 … 2^128−1 (the model's pattern has already run). */
export function parseExplicitHashKey(text: string): bigint | undefined {
  if (!/^(0|[1-9]\d{0,38})$/.test(text)) return undefined;
  const v = BigInt(text);
  return v <= MAX_HASH_KEY ? v : undefined;
}

/**
 * Finds which of `ranges` (sorted by start, non-overlapping, together covering the whole space,
 * as the open shards of a stream do) holds `key`; returns its position in `ranges`.
 */
export function rangeIndexOf(ranges: readonly HashKeyRange[], key: bigint): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid]!.start <= key) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
