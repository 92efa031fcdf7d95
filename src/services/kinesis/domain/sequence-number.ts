/**
 * Sequence numbers shaped like AWS's: 56-digit decimal strings, strictly increasing per shard,
 * encoding the shard (AWS-WIRE §3.3). The layout is the "version 2" one kinesalite
 * reverse-engineered from real sequence numbers (and which parses real ones), as 47 hex digits:
 *
 *   2 | shard created (9 hex, epoch s) | shard index & 0xf (1) | position (16) | 00 | record arrival (9, epoch s) | shard index (8) | 2
 *
 * Ordering within a shard is decided by the position (`seq`, the per-shard counter the store
 * hands out): every field before it is constant for the shard, so a larger position is always a
 * larger number, whatever the lower fields hold. The leading `2` keeps the value in
 * [2·16^46, 3·16^46), i.e. always exactly 56 decimal digits.
 *
 * A shard's StartingSequenceNumber is position 0 stamped with the shard's creation time; records
 * start at position 1, so every record sorts after it.
 */

export interface SequenceParts {
  /** Shard creation, epoch seconds. */
  readonly shardCreatedSecs: number;
  readonly shardIndex: number;
  /** Position within the shard (the store's per-shard counter). */
  readonly seq: number;
  /** Arrival of the record, epoch seconds (the shard's creation for the starting number). */
  readonly recordSecs: number;
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * Decimal limbs of the last number formatted per shard: GetRecords, SubscribeToShard and
 * PutRecords format runs of consecutive positions of a shard, and the next number is the last
 * plus 2^80 (the position's weight: 20 hex digits follow it), which additions on 14-digit limbs
 * give without the BigInt conversion to decimal (most of this function's cost, ~1 µs a record).
 */
const LIMB = 1e14;
const STEP = (() => {
  const d = (1n << 80n).toString().padStart(56, '0');
  return [Number(d.slice(42, 56)), Number(d.slice(28, 42))];
})();
interface Run {
  readonly recordSecs: number;
  seq: number;
  readonly limbs: number[];
  high: string;
}
/**
 * The last number formatted per shard (by creation time and index): PutRecords spreads a call's
 * records over shards, so a single "last" would rarely be the previous position of the same shard.
 */
const runs = new Map<number, Run>();
const MAX_RUNS = 1_024;
/** A shard's key in `runs`, or undefined for an index too large to pack (then no run is kept). */
const runKey = (created: number, index: number): number | undefined => (index < 1_048_576 ? created * 1_048_576 + index : undefined);

/** The character code of `n`'s decimal digit of weight `unit` (n < 2^31). */
const digit = (n: number, unit: number): number => 48 + (((n / unit) | 0) % 10);

/**
 * A limb as 14 digits, made from their character codes in one string (two 7-digit halves, so the
 * arithmetic stays on small integers). Not `'' + n`: V8 keeps every number it converts to text in
 * its number-string cache (16,384 entries, a GC root that only a full mark-compact clears), and the
 * limbs are new numbers every record, so their strings survived young-generation GCs and were
 * promoted, to be swept by the next mark-compact: ~1.5 KB per PutRecords(50)+GetRecords, a fifth
 * of what that loop promoted. Also ~30 % faster (microbenchmark, 5 million limbs).
 * sequence-number.test.ts checks that formatting leaves nothing behind.
 */
const pad = (n: number): string => {
  const h = Math.floor(n / 1e7);
  const l = n - h * 1e7;
  return String.fromCharCode(
    digit(h, 1e6), digit(h, 1e5), digit(h, 1e4), digit(h, 1e3), digit(h, 100), digit(h, 10), digit(h, 1),
    digit(l, 1e6), digit(l, 1e5), digit(l, 1e4), digit(l, 1e3), digit(l, 100), digit(l, 10), digit(l, 1),
  );
};

export function formatSequenceNumber(p: SequenceParts): string {
  const key = runKey(p.shardCreatedSecs, p.shardIndex);
  const prev = key === undefined ? undefined : runs.get(key);
  if (prev && prev.seq + 1 === p.seq && prev.recordSecs === p.recordSecs) {
    // 2^80 has digits in the two low limbs only: the high two change on a carry, and their text is kept.
    const l = prev.limbs;
    let v = l[0]! + STEP[0]!;
    let carry = v >= LIMB ? 1 : 0;
    l[0] = carry ? v - LIMB : v;
    v = l[1]! + STEP[1]! + carry;
    carry = v >= LIMB ? 1 : 0;
    l[1] = carry ? v - LIMB : v;
    if (carry) {
      v = l[2]! + 1;
      l[2] = v >= LIMB ? v - LIMB : v;
      l[3] = l[3]! + (v >= LIMB ? 1 : 0);
      prev.high = String(l[3]) + pad(l[2]!);
    }
    if (l[3]! < LIMB) {
      prev.seq = p.seq;
      return prev.high + pad(l[1]!) + pad(l[0]!);
    }
  }
  const decimal = formatSlowly(p);
  if (key !== undefined) {
    if (runs.size >= MAX_RUNS && !runs.has(key)) runs.clear();
    runs.set(key, {
      recordSecs: p.recordSecs,
      seq: p.seq,
      limbs: [Number(decimal.slice(42, 56)), Number(decimal.slice(28, 42)), Number(decimal.slice(14, 28)), Number(decimal.slice(0, 14))],
      high: decimal.slice(0, 28),
    });
  }
  return decimal;
}

function formatSlowly(p: SequenceParts): string {
  const text =
    '2' +
    hex(p.shardCreatedSecs, 9) +
    (p.shardIndex & 0xf).toString(16) +
    hex(p.seq, 16) +
    '00' +
    hex(p.recordSecs, 9) +
    hex(p.shardIndex, 8) +
    '2';
  return BigInt('0x' + text).toString(10);
}

/** The shard's StartingSequenceNumber. */
export function startingSequenceNumber(shardCreatedMs: number, shardIndex: number): string {
  const secs = Math.floor(shardCreatedMs / 1000);
  return formatSequenceNumber({ shardCreatedSecs: secs, shardIndex, seq: 0, recordSecs: secs });
}

const DECIMAL = /^(0|[1-9]\d{0,128})$/;

/**
 * The parts of one of our sequence numbers, or undefined for anything else (another layout, a
 * number from real AWS of a different version, garbage).
 */
export function parseSequenceNumber(text: string): SequenceParts | undefined {
  if (!DECIMAL.test(text) || text.length !== 56) return undefined;
  const h = BigInt(text).toString(16);
  if (h.length !== 47 || h[0] !== '2' || h[46] !== '2' || h.slice(27, 29) !== '00') return undefined;
  const shardIndex = parseInt(h.slice(38, 46), 16);
  const seqHex = h.slice(11, 27);
  // Positions are JS-safe integers (the stores never exceed 2^53).
  if (parseInt(seqHex.slice(0, 3), 16) > 0x001) return undefined;
  if (parseInt(h[10]!, 16) !== (shardIndex & 0xf) || shardIndex > 0x7fffffff) return undefined;
  return {
    shardCreatedSecs: parseInt(h.slice(1, 10), 16),
    shardIndex,
    seq: parseInt(seqHex, 16),
    recordSecs: parseInt(h.slice(29, 38), 16),
  };
}
