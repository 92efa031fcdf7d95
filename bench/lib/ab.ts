import { cpuMs } from './proc.js';
import { percentile } from './payload.js';

/**
 * The A/B method of bench/floor-ab.ts and bench/auth-ab.ts: two servers run at once and batches of
 * trivial requests alternate between them (A B, then B A: neither always goes first), so both see
 * the same slow and fast spells of a host whose speed drifts. What is measured per batch is the
 * server's CPU (utime + stime, all threads) per request.
 */
export interface AbSide {
  readonly name: 'A' | 'B';
  readonly pid: number;
  readonly stop: () => Promise<void>;
  /** Operation name → one request of it. */
  readonly call: Readonly<Record<string, () => Promise<unknown>>>;
}

/** Server CPU µs per request over one batch of `size`, 4 requests in flight. */
export async function cpuPerRequest(s: AbSide, op: string, size: number): Promise<number> {
  const call = s.call[op]!;
  const before = cpuMs(s.pid)!;
  let left = size;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) await call();
    }),
  );
  return ((cpuMs(s.pid)! - before) * 1000) / size;
}

/** One warm-up batch each, then `rounds` rounds of one batch each, alternating who goes first: µs per request, by round. */
export async function interleavedRounds(a: AbSide, b: AbSide, op: string, rounds: number, size: number): Promise<{ A: number[]; B: number[] }> {
  for (const s of [a, b]) await cpuPerRequest(s, op, size);
  const us = { A: [] as number[], B: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const s of r % 2 === 0 ? [a, b] : [b, a]) us[s.name].push(await cpuPerRequest(s, op, size));
  }
  return us;
}

/** One line of an A/B report: medians of `us` per request, and of the per-round B − A differences and B/A ratios. */
export function abLine(op: string, us: { A: number[]; B: number[] }, rounds: number, size: number): string {
  const diffs = us.B.map((x, r) => x - us.A[r]!);
  const ratios = us.B.map((x, r) => x / us.A[r]!);
  const med = (xs: number[]) => percentile(xs, 50);
  return (
    `${op}: A ${med(us.A).toFixed(0)} µs, B ${med(us.B).toFixed(0)} µs server CPU per request (medians of ${rounds} batches of ${size}); ` +
    `B − A median ${med(diffs).toFixed(1)} µs (quartiles ${percentile(diffs, 25).toFixed(1)} … ${percentile(diffs, 75).toFixed(1)}), B/A ${med(ratios).toFixed(3)}`
  );
}
