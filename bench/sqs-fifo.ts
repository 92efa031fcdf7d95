/**
 * FIFO throughput of Switchyard with 1, 10 and 100 message groups, batched, through the current
 * @aws-sdk/client-sqs; the server in a child process on a fresh data directory (SQLite) or a
 * throwaway PostgreSQL schema (dropped afterwards) so that its CPU is measured alone.
 *
 *   npm run build
 *   node --import tsx bench/sqs-fifo.ts [--engine sqlite|postgres] [--durability full]
 *        [--database postgres://postgres@127.0.0.1:5432/test] [--groups 1,10,100]
 *        [--messages 10000] [--senders 4] [--receivers 4] [--cpu-prof <dir>] [--json <file>]
 *
 * Per group count, on its own .fifo queue (VisibilityTimeout 300 s, no content-based dedup):
 * --senders senders each send SendMessageBatch of 10 × 1 KiB with an explicit
 * MessageDeduplicationId per message, while --receivers receivers loop ReceiveMessage(10,
 * WaitTimeSeconds 1) + DeleteMessageBatch until every message is received and deleted.
 * With G ≥ senders each sender owns the groups g ≡ s (mod senders) and cycles through them; with
 * fewer groups all senders share them. A sender awaits each batch before the next, so within a
 * group the messages of one sender must arrive in that sender's order: the check is that each
 * (group, sender) sequence is received exactly 0, 1, 2, … (every message once, in order).
 * messages/s = messages / time from the first send to the last delete. Server CPU = utime+stime of
 * the server process (/proc/<pid>/stat) over the phase, divided by messages.
 */
import { Agent } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import pg from 'pg';
import { PhaseMeter, statusKiB, waitForQuiet } from './lib/proc.js';
import { bodyFor, idOf, intFlag, parseFlags } from './lib/payload.js';
import { fmt, machine } from './lib/report.js';
import { describeCheckout, ROOT, startSwitchyard } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const engine = flags.get('engine') ?? 'sqlite';
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine sqlite|postgres');
const durability = flags.get('durability') ?? 'full';
const databaseUrl = flags.get('database') ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = intFlag(flags, 'messages', 10_000);
const SENDERS = intFlag(flags, 'senders', 4);
const RECEIVERS = intFlag(flags, 'receivers', 4);
const GROUPS = (flags.get('groups') ?? '1,10,100').split(',').map(Number);
const PHASE_TIMEOUT_MS = intFlag(flags, 'phase-timeout', 300) * 1000;
if (N % 10 !== 0) throw new Error('--messages must be a multiple of 10');

const runTag = `f${Date.now().toString(36)}`;
const dataDir = engine === 'sqlite' ? mkdtempSync(join(tmpdir(), 'switchyard-fifo-')) : undefined;
const schema = engine === 'postgres' ? `bench_${runTag}` : undefined;
const label = `Switchyard ${engine}${engine === 'sqlite' ? `, durability ${durability}` : ''}`;
const log = (s: string) => process.stderr.write(`[fifo ${engine}] ${s}\n`);

await waitForQuiet(intFlag(flags, 'quiet-wait', 60) * 1000, 0.1, log);
const server = await startSwitchyard({
  dataDir,
  databaseUrl: engine === 'postgres' ? databaseUrl : undefined,
  databaseSchema: schema,
  durability: engine === 'sqlite' ? durability : undefined,
  cpuProfDir: flags.get('cpu-prof'),
});
log(`server pid ${server.pid} at ${server.url}, code ${describeCheckout(ROOT)}`);
let pgClient: pg.Client | undefined;
if (engine === 'postgres') {
  pgClient = new pg.Client({ connectionString: databaseUrl });
  await pgClient.connect();
}
async function dbPids(): Promise<number[]> {
  if (!pgClient) return [];
  const r = await pgClient.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1 OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`, [`%${schema}%`]);
  return r.rows.map((x) => x.pid);
}

const sqs = new SQSClient({
  endpoint: server.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
});

interface Row {
  groups: number;
  messages: number;
  wallMs: number;
  msgsPerSec: number;
  serverUsPerMsg: number;
  dbUsPerMsg?: number;
  clientUsPerMsg: number;
  otherShare: number;
  receives: number;
  emptyReceives: number;
  verdict: string;
  loadavg: string;
}

async function phase(G: number): Promise<Row> {
  const tag = `${runTag}g${G}`;
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({ QueueName: `bench-${tag}.fifo`, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false', VisibilityTimeout: '300' } }),
  );
  // the message plan: id n → group, sender, sequence within (group, sender)
  const groupOf = new Int32Array(N);
  const senderOf = new Int32Array(N);
  const seqOf = new Int32Array(N);
  const perSender: number[][] = Array.from({ length: SENDERS }, () => []);
  const seqCounter = new Map<number, number>();
  const cursor = new Array<number>(SENDERS).fill(0);
  for (let n = 0; n < N; n++) {
    const s = Math.floor(n / 10) % SENDERS; // whole batches of 10 per sender
    const owned = G >= SENDERS ? Math.ceil((G - s) / SENDERS) : G;
    const k = cursor[s]!++ % owned;
    const g = G >= SENDERS ? s + k * SENDERS : k;
    const key = g * SENDERS + s;
    const seq = seqCounter.get(key) ?? 0;
    seqCounter.set(key, seq + 1);
    groupOf[n] = g;
    senderOf[n] = s;
    seqOf[n] = seq;
    perSender[s]!.push(n);
  }
  const expect = new Map<number, number>(); // (group, sender) → next sequence expected
  let received = 0;
  let dup = 0;
  let outOfOrder = 0;
  let mismatched = 0;
  let unknown = 0;
  const seen = new Uint8Array(N);
  let receives = 0;
  let empty = 0;
  const meter = new PhaseMeter([server.pid], await dbPids());
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  const la = loadavg().map((x) => x.toFixed(2)).join(' ');

  const senders = perSender.map(async (ids) => {
    for (let i = 0; i < ids.length && Date.now() < deadline; i += 10) {
      const batch = ids.slice(i, i + 10);
      const r = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: batch.map((n, k) => ({ Id: String(k), MessageBody: bodyFor(tag, n), MessageGroupId: `g${groupOf[n]}`, MessageDeduplicationId: `${tag}-${n}` })),
        }),
      );
      if (r.Failed?.length) throw new Error(`SendMessageBatch failed: ${JSON.stringify(r.Failed[0])}`);
    }
  });
  const receivers = Array.from({ length: RECEIVERS }, async () => {
    while (received < N && Date.now() < deadline) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      receives++;
      const msgs = r.Messages ?? [];
      if (msgs.length === 0) {
        empty++;
        continue;
      }
      for (const m of msgs) {
        const n = idOf(tag, m.Body ?? '');
        if (n < 0 || n >= N) {
          unknown++;
          continue;
        }
        if (seen[n]) {
          dup++;
          continue;
        }
        seen[n] = 1;
        received++;
        if (m.Body !== bodyFor(tag, n)) mismatched++;
        const key = groupOf[n]! * SENDERS + senderOf[n]!;
        const want = expect.get(key) ?? 0;
        if (seqOf[n] !== want) outOfOrder++;
        expect.set(key, seqOf[n]! + 1);
      }
      const d = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: msgs.map((m, k) => ({ Id: String(k), ReceiptHandle: m.ReceiptHandle! })) }));
      if (d.Failed?.length) throw new Error(`DeleteMessageBatch failed: ${JSON.stringify(d.Failed[0])}`);
    }
  });
  await Promise.all([...senders, ...receivers]);
  const cpu = meter.finish([server.pid], await dbPids());
  await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  const ok = received === N && dup === 0 && outOfOrder === 0 && mismatched === 0 && unknown === 0;
  const verdict = ok
    ? `ok (${fmt(received)}/${fmt(N)}, in order)`
    : `FAIL received ${received}/${N} dup ${dup} out-of-order ${outOfOrder} mismatched ${mismatched} unknown ${unknown}`;
  const nproc = machine().nproc;
  return {
    groups: G,
    messages: N,
    wallMs: cpu.wallMs,
    msgsPerSec: (N * 1000) / cpu.wallMs,
    serverUsPerMsg: (cpu.serverCpuMs * 1000) / N,
    dbUsPerMsg: pgClient ? (cpu.extraCpuMs * 1000) / N : undefined,
    clientUsPerMsg: (cpu.clientCpuMs * 1000) / N,
    otherShare: cpu.otherCpuMs / (cpu.wallMs * nproc),
    receives,
    emptyReceives: empty,
    verdict,
    loadavg: la,
  };
}

const rows: Row[] = [];
try {
  for (const G of GROUPS) {
    await waitForQuiet(intFlag(flags, 'quiet-wait', 60) * 1000, 0.1, log);
    const r = await phase(G);
    log(`${G} groups: ${fmt(r.msgsPerSec)} msgs/s, ${fmt(r.serverUsPerMsg, 1)} µs server CPU/msg, ${r.verdict}`);
    rows.push(r);
  }
} finally {
  const rss = statusKiB(server.pid, 'VmHWM');
  await server.stop();
  if (pgClient) {
    await pgClient.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((e: Error) => log(`could not drop schema ${schema}: ${e.message}`));
    await pgClient.end();
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (rss) log(`server peak RSS ${fmt(rss / 1024, 1)} MiB`);
}

const m = machine();
const lines = [
  `### SQS FIFO, ${label} — ${SENDERS} senders × SendMessageBatch(10 × 1 KiB), ${RECEIVERS} receivers × ReceiveMessage(10) + DeleteMessageBatch`,
  '',
  `${m.cpuModel}, ${m.nproc} cores, Node ${m.node}, code ${describeCheckout(ROOT)}`,
  '',
  `| groups | messages | msgs/s | server CPU µs/msg |${pgClient ? ' + PostgreSQL CPU µs/msg |' : ''} client CPU µs/msg | receives (empty) | other processes | load avg 1/5/15 at start | every message once, in group order |`,
  `|---:|---:|---:|---:|${pgClient ? '---:|' : ''}---:|---:|---:|---|---|`,
  ...rows.map(
    (r) =>
      `| ${r.groups} | ${fmt(r.messages)} | ${fmt(r.msgsPerSec)} | ${fmt(r.serverUsPerMsg, 1)} |${pgClient ? ` ${fmt(r.dbUsPerMsg, 1)} |` : ''} ${fmt(r.clientUsPerMsg, 1)} | ${fmt(r.receives)} (${fmt(r.emptyReceives)}) | ${fmt(r.otherShare * 100)} % | ${r.loadavg} | ${r.verdict} |`,
  ),
];
console.log(lines.join('\n'));
if (flags.get('json')) writeFileSync(flags.get('json')!, JSON.stringify({ engine, durability, rows, machine: m }, null, 2));
if (rows.some((r) => !r.verdict.startsWith('ok'))) process.exitCode = 1;
