/**
 * Kinesis: Switchyard vs kinesalite, same client (current @aws-sdk/client-kinesis), same scenario,
 * each server a child process so that its CPU and RSS are measured alone.
 *
 *   npm run build
 *   node --import tsx bench/kinesis.ts [--records 100000] [--putters 4] [--targets switchyard-h1,kinesalite-h1,switchyard-h2]
 *        [--root <built checkout, e.g. $(bench/checkout.sh <commit>)>]
 *        [--durability full] [--database postgres://…] [--cpu-prof <dir>] [--json <file>]
 *
 * Targets: switchyard-h1 and kinesalite-h1 use the SDK with a NodeHttpHandler (HTTP/1.1 keep-alive;
 * kinesalite speaks nothing else); switchyard-h2 uses the SDK's default NodeHttp2Handler (h2c).
 * Switchyard runs on SQLite in a fresh data directory (durability full unless --durability), or on
 * PostgreSQL with --database (then the database's own CPU shows only in "other processes");
 * kinesalite in memory (bench/kinesalite-server.cjs, 127.0.0.1 only, streams ACTIVE at once).
 *
 * Scenario per target, on a fresh 4-shard stream:
 *   in   --putters concurrent writers, PutRecords of 500 × 1 KiB records (partition key per record,
 *        spread over the shards) until --records are written; every record must succeed.
 *   out  one reader per shard: GetShardIterator TRIM_HORIZON, GetRecords (Limit 10000) until
 *        the shard returns nothing; every record must come back once, data intact, sequence
 *        numbers increasing within the shard.
 * records/s = records / wall time of the phase; server CPU = utime+stime of the server process
 * (/proc/<pid>/stat) over the phase / records; RSS = VmRSS after each phase and VmHWM at the end.
 */
import { Agent } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateStreamCommand, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PhaseMeter, statusKiB, waitForQuiet } from './lib/proc.js';
import { bodyFor, idOf, intFlag, parseFlags, sleep } from './lib/payload.js';
import { fmt, machine } from './lib/report.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { describeCheckout, ROOT, rootFlag, startSwitchyard, type BenchServer } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const root = rootFlag(flags);
const N = intFlag(flags, 'records', 100_000);
const PUTTERS = intFlag(flags, 'putters', 4);
const SHARDS = 4;
const BATCH = 500;
const targets = (flags.get('targets') ?? 'switchyard-h1,kinesalite-h1,switchyard-h2').split(',');
const durability = flags.get('durability') ?? 'full';
const databaseUrl = flags.get('database');
const engine = databaseUrl ? 'PostgreSQL' : `SQLite, durability ${durability}`;
const PHASE_TIMEOUT_MS = intFlag(flags, 'phase-timeout', 300) * 1000;
if (N % BATCH !== 0) throw new Error(`--records must be a multiple of ${BATCH}`);
const log = (s: string) => process.stderr.write(`[kinesis] ${s}\n`);
const dec = new TextDecoder();
const enc = new TextEncoder();

type Srv = ChildServer;

async function startKinesalite(): Promise<Srv> {
  const script = fileURLToPath(new URL('./kinesalite-server.cjs', import.meta.url));
  const nodeArgs = flags.get('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${flags.get('cpu-prof')}`] : [];
  return startChildServer('kinesalite', process.execPath, [...nodeArgs, script, '0'], process.env, ROOT);
}

interface Row {
  target: string;
  records: number;
  inPerSec: number;
  outPerSec: number;
  inUs: number;
  outUs: number;
  clientInUs: number;
  clientOutUs: number;
  rssAfterInMiB: number;
  rssAfterOutMiB: number;
  peakMiB: number;
  otherIn: number;
  otherOut: number;
  loadavg: string;
  verdict: string;
}

async function run(target: string): Promise<Row> {
  const [system, proto] = target.split('-') as [string, string];
  let dataDir: string | undefined;
  let srv: Srv;
  if (system === 'switchyard') {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-kinesis-'));
    const s: BenchServer = await startSwitchyard({ root, ...(databaseUrl ? { databaseUrl } : { dataDir }), durability, cpuProfDir: flags.get('cpu-prof'), env: { SWITCHYARD_KINESIS_CREATE_DELAY_MS: '0' } });
    srv = { url: s.url, pid: s.pid, stop: () => s.stop() };
  } else if (system === 'kinesalite') srv = await startKinesalite();
  else throw new Error(`unknown target ${target}`);
  log(`${target}: pid ${srv.pid} at ${srv.url}`);
  const kinesis = new KinesisClient({
    endpoint: srv.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(proto === 'h1' ? { requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) }) } : {}),
  });
  const nproc = machine().nproc;
  try {
    const StreamName = `bench-${Date.now().toString(36)}`;
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: SHARDS }));
    let shards: string[] = [];
    for (let i = 0; i < 100; i++) {
      const d = await kinesis.send(new DescribeStreamCommand({ StreamName }));
      if (d.StreamDescription?.StreamStatus === 'ACTIVE') {
        shards = d.StreamDescription.Shards!.map((s) => s.ShardId!);
        break;
      }
      await sleep(100);
    }
    if (shards.length !== SHARDS) throw new Error('stream did not become ACTIVE');
    const tag = `k${Date.now().toString(36)}`;
    // warm-up (not measured): one small put and read, so the first measured call pays no set-up
    await kinesis.send(new PutRecordsCommand({ StreamName, Records: [{ PartitionKey: 'warm', Data: enc.encode('warm-up') }] }));

    await waitForQuiet(intFlag(flags, 'quiet-wait', 60) * 1000, 0.1, log);
    const la = loadavg().map((x) => x.toFixed(2)).join(' ');
    // ── in ──
    let next = 0;
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    let failed = 0;
    const mIn = new PhaseMeter([srv.pid]);
    await Promise.all(
      Array.from({ length: PUTTERS }, async () => {
        while (next < N && Date.now() < deadline) {
          const first = next;
          next += BATCH;
          const Records = Array.from({ length: BATCH }, (_, k) => ({ PartitionKey: `pk-${first + k}`, Data: enc.encode(bodyFor(tag, first + k)) }));
          const r = await kinesis.send(new PutRecordsCommand({ StreamName, Records }));
          failed += r.FailedRecordCount ?? 0;
        }
      }),
    );
    const cIn = mIn.finish([srv.pid]);
    const rssAfterIn = (statusKiB(srv.pid, 'VmRSS') ?? 0) / 1024;
    if (failed > 0) throw new Error(`${failed} records failed in PutRecords`);

    // ── out ──
    const seen = new Uint8Array(N);
    let received = 0;
    let dup = 0;
    let bad = 0;
    let disorder = 0;
    const mOut = new PhaseMeter([srv.pid]);
    await Promise.all(
      shards.map(async (ShardId) => {
        let it = (await kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
        let last = -1n;
        let emptyInARow = 0;
        while (it && emptyInARow < 2 && Date.now() < deadline) {
          const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10_000 }));
          it = r.NextShardIterator;
          const recs = r.Records ?? [];
          emptyInARow = recs.length === 0 ? emptyInARow + 1 : 0;
          for (const rec of recs) {
            const seq = BigInt(rec.SequenceNumber!);
            if (seq <= last) disorder++;
            last = seq;
            const body = dec.decode(rec.Data);
            if (body === 'warm-up') continue;
            const n = idOf(tag, body);
            if (n < 0 || n >= N) {
              bad++;
              continue;
            }
            if (seen[n]) {
              dup++;
              continue;
            }
            seen[n] = 1;
            received++;
            if (body !== bodyFor(tag, n)) bad++;
          }
        }
      }),
    );
    const cOut = mOut.finish([srv.pid]);
    const rssAfterOut = (statusKiB(srv.pid, 'VmRSS') ?? 0) / 1024;
    const peak = (statusKiB(srv.pid, 'VmHWM') ?? 0) / 1024;
    const ok = received === N && dup === 0 && bad === 0 && disorder === 0;
    return {
      target,
      records: N,
      inPerSec: (N * 1000) / cIn.wallMs,
      outPerSec: (N * 1000) / cOut.wallMs,
      inUs: (cIn.serverCpuMs * 1000) / N,
      outUs: (cOut.serverCpuMs * 1000) / N,
      clientInUs: (cIn.clientCpuMs * 1000) / N,
      clientOutUs: (cOut.clientCpuMs * 1000) / N,
      rssAfterInMiB: rssAfterIn,
      rssAfterOutMiB: rssAfterOut,
      peakMiB: peak,
      otherIn: cIn.otherCpuMs / (cIn.wallMs * nproc),
      otherOut: cOut.otherCpuMs / (cOut.wallMs * nproc),
      loadavg: la,
      verdict: ok ? `ok (${fmt(received)}/${fmt(N)})` : `FAIL received ${received}/${N} dup ${dup} bad ${bad} out-of-order ${disorder}`,
    };
  } finally {
    kinesis.destroy();
    await srv.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const t of targets) {
  const r = await run(t);
  log(`${t}: in ${fmt(r.inPerSec)} rec/s ${fmt(r.inUs, 1)} µs/rec, out ${fmt(r.outPerSec)} rec/s ${fmt(r.outUs, 1)} µs/rec, ${r.verdict}`);
  rows.push(r);
}
const m = machine();
const name = (t: string) =>
  ({ 'switchyard-h1': `Switchyard (${engine}), HTTP/1.1`, 'switchyard-h2': `Switchyard (${engine}), HTTP/2 (SDK default)`, 'kinesalite-h1': 'kinesalite 3 (in memory), HTTP/1.1' })[t] ?? t;
console.log(
  [
    `### Kinesis: PutRecords 500 × 1 KiB (${PUTTERS} writers) into ${SHARDS} shards, then GetRecords of everything from TRIM_HORIZON (one reader per shard)`,
    '',
    `${m.cpuModel}, ${m.nproc} cores, Node ${m.node}, Switchyard ${describeCheckout(root) ?? root}`,
    '',
    '| server | records | records/s in | records/s out | server CPU µs/record in | server CPU µs/record out | client CPU µs/record in / out | RSS after in / after out / peak MiB | other processes in / out | load avg 1/5/15 | all records once, in order, intact |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map(
      (r) =>
        `| ${name(r.target)} | ${fmt(r.records)} | ${fmt(r.inPerSec)} | ${fmt(r.outPerSec)} | ${fmt(r.inUs, 1)} | ${fmt(r.outUs, 1)} | ${fmt(r.clientInUs, 1)} / ${fmt(r.clientOutUs, 1)} | ${fmt(r.rssAfterInMiB)} / ${fmt(r.rssAfterOutMiB)} / ${fmt(r.peakMiB)} | ${fmt(r.otherIn * 100)} % / ${fmt(r.otherOut * 100)} % | ${r.loadavg} | ${r.verdict} |`,
    ),
  ].join('\n'),
);
const sw = rows.find((r) => r.target === 'switchyard-h1');
const kl = rows.find((r) => r.target === 'kinesalite-h1');
if (sw && kl) {
  console.log(
    `\nSwitchyard / kinesalite (HTTP/1.1): CPU in ${fmt(sw.inUs / kl.inUs, 2)}× (target ≤ 0.20), CPU out ${fmt(sw.outUs / kl.outUs, 2)}× (target ≤ 0.20), records/s in ${fmt(sw.inPerSec / kl.inPerSec, 2)}× (target ≥ 3)`,
  );
}
if (flags.get('json')) writeFileSync(flags.get('json')!, JSON.stringify({ rows, machine: m }, null, 2));
if (rows.some((r) => !r.verdict.startsWith('ok'))) process.exitCode = 1;
