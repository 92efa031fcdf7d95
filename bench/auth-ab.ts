/**
 * What SigV4 verification (--credentials) costs: the same build twice at once, A without
 * credentials, B with them, and batches of trivial signed requests alternating between the two
 * (bench/lib/ab.ts, as bench/floor-ab.ts does, so both see the same slow and fast spells of the
 * host). Per batch: each server's CPU (utime + stime, all threads) per request; printed: the
 * medians and the median of the per-round B − A differences and B/A ratios.
 *
 *   npm run build && node --import tsx bench/auth-ab.ts [--rounds 20] [--batch 1000] [--ops sqs,sns,kinesis]
 *     [--b credentials|limits] [--database postgres://…] [--rate 20000] [--root <built copy>]
 *
 * `--b limits`: A with --credentials, B with the same key and a per-account `limits` entry of
 * `--rate` requests a second (a burst of a second's worth) that the batches stay under in the
 * main (the limiter's bookkeeping, not its refusals); with `--database` both sides run on
 * PostgreSQL (each its own schema), where the limiter leases from a bucket in the database.
 */
import pg from 'pg';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intFlag, parseFlags } from './lib/payload.js';
import { type AbSide, abLine, floorSide, interleavedRounds } from './lib/ab.js';
import { describeCheckout, rootFlag, startSwitchyard } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const ROUNDS = intFlag(flags, 'rounds', 20);
const BATCH = intFlag(flags, 'batch', 1_000);
const KEY = { accessKeyId: 'AKIABENCHEXAMPLE0001', secretAccessKey: 'bench/secret+Key', accountId: '123456789012' };

const B_MODE = flags.get('b') ?? 'credentials';
if (B_MODE !== 'credentials' && B_MODE !== 'limits') throw new Error('--b is credentials or limits');
const RATE = intFlag(flags, 'rate', 20_000);
const DATABASE = flags.get('database');
const ROOT = rootFlag(flags);

async function side(name: 'A' | 'B'): Promise<AbSide> {
  const dir = mkdtempSync(join(tmpdir(), `switchyard-auth-${name}-`));
  const env: Record<string, string> = { SWITCHYARD_KINESIS_CREATE_DELAY_MS: '0' };
  if (name === 'B' || B_MODE === 'limits') {
    const limits = name === 'B' && B_MODE === 'limits' ? { [KEY.accountId]: { requestsPerSecond: RATE } } : undefined;
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify({ accessKeys: [KEY], limits }));
    env.SWITCHYARD_CREDENTIALS = join(dir, 'credentials.json');
  }
  const where = DATABASE ? { databaseUrl: DATABASE, databaseSchema: `bench_auth_${name.toLowerCase()}_${process.pid}` } : { dataDir: join(dir, 'data') };
  const s = await startSwitchyard({ ...where, env, root: ROOT });
  return floorSide(name, s, { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey });
}

const a = await side('A');
const b = await side('B');
console.log(
  `build: ${describeCheckout(ROOT) ?? ROOT}; ${DATABASE ? 'PostgreSQL' : 'SQLite'}; ` +
    (B_MODE === 'limits' ? `A with --credentials (1 key), B with the same and a limit of ${RATE} requests/s` : 'A without credentials, B with --credentials (1 key)'),
);
try {
  for (const op of (flags.get('ops') ?? 'sqs,sns,kinesis').split(',')) {
    console.log(abLine(op, await interleavedRounds(a, b, op, ROUNDS, BATCH), ROUNDS, BATCH));
  }
} finally {
  await a.stop();
  await b.stop();
  if (DATABASE) {
    const db = new pg.Client({ connectionString: DATABASE });
    await db.connect();
    for (const side of ['a', 'b']) await db.query(`DROP SCHEMA IF EXISTS bench_auth_${side}_${process.pid} CASCADE`);
    await db.end();
  }
}
