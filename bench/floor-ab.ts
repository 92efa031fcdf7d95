/**
 * A/B of the request floor (bench/request-floor.ts) that holds on a host whose speed drifts: both
 * builds run at once, and batches of trivial requests alternate between them (A, B, B, A, …), so
 * both see the same slow and fast spells. Per batch: each server's CPU (utime + stime, all threads)
 * per request; printed: the median of each and the median of the per-round B/A ratios.
 *
 *   npm run build && node --import tsx bench/floor-ab.ts --a $(bench/checkout.sh <commit>) [--b <dir, default this checkout>]
 *     [--rounds 20] [--batch 1000] [--ops sqs,sns]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { intFlag, parseFlags, percentile } from './lib/payload.js';
import { type AbSide, floorSide, interleavedRounds } from './lib/ab.js';
import { ROOT, describeCheckout, startSwitchyard } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const ROUNDS = intFlag(flags, 'rounds', 20);
const BATCH = intFlag(flags, 'batch', 1_000);
const dirA = flags.get('a');
if (!dirA) {
  process.stderr.write('usage: floor-ab.ts --a <built checkout> [--b <built checkout>] [--rounds 20] [--batch 1000] [--ops sqs,sns]\n');
  process.exit(2);
}
const roots = { A: `${resolve(dirA)}/`, B: flags.get('b') ? `${resolve(flags.get('b')!)}/` : ROOT };

async function side(name: 'A' | 'B'): Promise<AbSide> {
  const s = await startSwitchyard({ root: roots[name], dataDir: mkdtempSync(join(tmpdir(), `switchyard-floor-${name}-`)) });
  return floorSide(name, s, { accessKeyId: 'test', secretAccessKey: 'test' });
}

const a = await side('A');
const b = await side('B');
console.log(`A: ${describeCheckout(roots.A) ?? roots.A}\nB: ${describeCheckout(roots.B) ?? roots.B}`);
try {
  for (const op of (flags.get('ops') ?? 'sqs,sns').split(',')) {
    const us = await interleavedRounds(a, b, op, ROUNDS, BATCH);
    const ratios = us.B.map((x, r) => x / us.A[r]!);
    const med = (xs: number[]) => percentile(xs, 50);
    console.log(
      `${op}: A ${med(us.A).toFixed(0)} µs, B ${med(us.B).toFixed(0)} µs server CPU per request (medians of ${ROUNDS} batches of ${BATCH}); ` +
        `B/A median ${med(ratios).toFixed(2)} (quartiles ${percentile(ratios, 25).toFixed(2)}–${percentile(ratios, 75).toFixed(2)})`,
    );
  }
} finally {
  await a.stop();
  await b.stop();
}
