/**
 * 1 KiB message bodies that name themselves, and the exactly-once ledger that checks them.
 *
 * Body of message `n` in run `tag`: `<tag>-<n, 9 digits>:` followed by printable ASCII filler that
 * depends on n, 1024 bytes in all. A received body is matched to its id by its prefix and then
 * compared with the body regenerated from that id, so a truncated, altered or swapped body is a
 * mismatch, not a silent success.
 */
export const BODY_BYTES = 1024;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!*()+,;=';
const FILLER = ALPHABET.repeat(Math.ceil((2 * BODY_BYTES) / ALPHABET.length) + 2);

export function bodyFor(tag: string, n: number): string {
  const head = `${tag}-${String(n).padStart(9, '0')}:`;
  const start = n % ALPHABET.length;
  return head + FILLER.slice(start, start + BODY_BYTES - head.length);
}

/** The id in a body made by bodyFor(tag, …), or -1. */
export function idOf(tag: string, body: string): number {
  if (!body.startsWith(tag) || body.charCodeAt(tag.length) !== 45 /* - */) return -1;
  const n = Number(body.slice(tag.length + 1, tag.length + 10));
  return Number.isInteger(n) ? n : -1;
}

/** Who was sent, who was received, how often, and whether each body came back exactly as sent. */
export class Ledger {
  private readonly seen: Uint8Array;
  readonly sentAt: Float64Array;
  sent = 0;
  received = 0;
  duplicates = 0;
  mismatched = 0;
  unknown = 0;
  /** Send-to-receive latency (ms) of each first receipt. */
  readonly e2e: number[] = [];

  constructor(
    readonly tag: string,
    readonly capacity: number,
  ) {
    this.seen = new Uint8Array(capacity);
    this.sentAt = new Float64Array(capacity);
  }

  markSent(n: number, at = performance.now()): void {
    this.sentAt[n] = at;
    this.sent++;
  }

  /** Records one received body; returns false if it is not one of ours. */
  receive(body: string | undefined, now = performance.now()): boolean {
    const n = body === undefined ? -1 : idOf(this.tag, body);
    if (n < 0 || n >= this.capacity) {
      this.unknown++;
      return false;
    }
    if (this.seen[n]! > 0) {
      this.duplicates++;
      if (this.seen[n]! < 255) this.seen[n]!++;
      return true;
    }
    this.seen[n] = 1;
    this.received++;
    if (body !== bodyFor(this.tag, n)) this.mismatched++;
    if (this.sentAt[n]! > 0) this.e2e.push(now - this.sentAt[n]!);
    return true;
  }

  /** Ids 0 … sent-1 never received. */
  missing(): number {
    let m = 0;
    for (let i = 0; i < this.sent; i++) if (this.seen[i] === 0) m++;
    return m;
  }

  ok(): boolean {
    return this.missing() === 0 && this.duplicates === 0 && this.mismatched === 0 && this.unknown === 0 && this.received === this.sent;
  }

  summary(): Verification {
    return { sent: this.sent, received: this.received, missing: this.missing(), duplicates: this.duplicates, mismatched: this.mismatched, unknown: this.unknown, ok: this.ok() };
  }
}

export interface Verification {
  sent: number;
  received: number;
  missing: number;
  duplicates: number;
  mismatched: number;
  unknown: number;
  ok: boolean;
}

/** p-th percentile (0..100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function latencySummary(samples: readonly number[]): { p50: number; p99: number; n: number } {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Parses `--name value` / `--flag` arguments into a map (values are strings; flags are 'true'). */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out.set(a.slice(2), argv[++i]!);
    else out.set(a.slice(2), 'true');
  }
  return out;
}

export function intFlag(flags: Map<string, string>, name: string, fallback: number): number {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
  return n;
}
