/**
 * End-to-end SQS benchmark of Switchyard, 1 KiB bodies, the server in a child process on a fresh
 * data directory (or a throwaway PostgreSQL schema) so that its CPU is measured alone.
 *
 *   npm run build
 *   node --import tsx bench/sqs.ts [--engine sqlite|postgres] [--durability full|normal]
 *        [--messages 20000] [--single 2000] [--held 100000]
 *        [--capacity-messages 200000] [--capacity-seconds 20] [--cap-senders 8] [--cap-receivers 8]
 *        [--phases a1,a4,b,rss,c] [--repeat 1] [--database postgres://…] [--json <file>]
 *        [--quiet-wait 120] [--quiet-percent 10] [--warmup 20000]
 *        [--root <built checkout>] [--checkout <label>] [--source]
 *        [--cpu-prof <dir>] [--perf <perf.data>] [--syscalls] [--sql-probe <out.json>]
 *
 * Phases (each on its own queue, VisibilityTimeout 300 s so nothing reappears mid-run):
 *   a1   SendMessage one at a time, one sender, through @aws-sdk/client-sqs (JSON protocol);
 *        latency of each call; the queue is then drained (not timed) and every body checked.
 *   a4   the same with 4 concurrent senders.
 *   b    4 senders × SendMessageBatch of 10, 4 receivers × ReceiveMessage(10, WaitTimeSeconds 20)
 *        + DeleteMessageBatch, through the SDK, until every message is received and deleted.
 *   rss  VmRSS idle (fresh server), warm and empty (after a/b), and holding --held messages
 *        (sent with the light client in batches of 10; the queue is deleted afterwards).
 *   c    capacity: the same send/receive/delete loop with a minimal keep-alive HTTP client
 *        (bench/lib/raw-http.ts) and pre-built request bodies, --cap-senders + --cap-receivers
 *        connections, senders stop at --capacity-messages or --capacity-seconds, then the queue
 *        drains; messages/s = messages received and deleted / time from first send to last delete.
 *
 * Before the phases, --warmup N messages go through the same loops unmeasured (JIT warm-up); RSS
 * "idle" is read before that, on the fresh server.
 * --repeat K runs b and c K times each (fresh queues) and reports medians with the min–max range.
 * Before each phase the script waits (up to --quiet-wait s) until other processes use less than
 * --quiet-percent of the machine; what they used during each phase is reported either way.
 *
 * CPU: utime + stime of the server process from /proc/<pid>/stat before and after each phase
 * (for postgres, PostgreSQL's backends serving Switchyard and its WAL writer / checkpointer /
 * background writer are reported separately). Every phase checks that each message sent was
 * received exactly once with its body unchanged (bench/lib/payload.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import pg from 'pg';
import { PhaseMeter, rssMiB, statusKiB, type PhaseCpu } from './lib/proc.js';
import { bodyFor, Ledger, parseFlags, sleep } from './lib/payload.js';
import { RawConnection, sqsRequest } from './lib/raw-http.js';
import { fmt, machine, resultTable, verdict, type Phase, type Result } from './lib/report.js';
import { phaseResult as sharedPhaseResult, queuePhaseFlags, runPhases, waitForQuietMachine } from './lib/phase.js';
import { describeCheckout, rootFlag, startSwitchyard } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // the SDK's "node >= 22 from 2027" notice
const flags = parseFlags(process.argv.slice(2));
const engine = flags.get('engine') ?? 'sqlite';
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine sqlite|postgres');
const durability = flags.get('durability') ?? 'full';
const databaseUrl = flags.get('database') ?? 'postgres://postgres@127.0.0.1:5432/test';
const {
  single: N_SINGLE,
  messages: N_BATCHED,
  held: N_HELD,
  capacityMessages: CAP_MESSAGES_FLAG,
  capacitySeconds: CAP_SECONDS_FLAG,
  warmup: WARMUP,
  capSenders: CAP_SENDERS,
  capReceivers: CAP_RECEIVERS,
  phaseTimeoutMs: PHASE_TIMEOUT_MS,
  repeat: REPEAT,
} = queuePhaseFlags(flags);
const phases = new Set((flags.get('phases') ?? 'a1,a4,b,rss,c').split(','));
const label = flags.get('label') ?? `Switchyard ${engine}${engine === 'sqlite' ? `, durability ${durability}` : ''}`;

const startedAt = new Date().toISOString();
const machineInfo = machine();
const runTag = `r${Date.now().toString(36)}`;
const dataDir = engine === 'sqlite' ? mkdtempSync(join(tmpdir(), 'switchyard-bench-')) : undefined;
const schema = engine === 'postgres' ? `bench_${runTag}` : undefined;

await waitForQuietMachine(flags);
const root = rootFlag(flags);
const checkout = flags.get('checkout') ?? describeCheckout(root) ?? root;
const server = await startSwitchyard({
  root,
  dataDir,
  databaseUrl: engine === 'postgres' ? databaseUrl : undefined,
  databaseSchema: schema,
  durability,
  source: flags.has('source'),
  cpuProfDir: flags.get('cpu-prof'),
  nodeArgs: [
    ...(flags.has('perf') ? ['--perf-basic-prof', '--no-logfile-per-isolate', '--logfile=/dev/null'] : []),
    ...(flags.has('sql-probe') ? ['--import', fileURLToPath(new URL('./lib/sqlite-probe.mjs', import.meta.url))] : []),
  ],
  env: flags.has('sql-probe') ? { BENCH_SQL_PROBE_OUT: flags.get('sql-probe')! } : {},
});
// --perf <file>: sample the server with Linux perf (on-CPU time only, native and JS frames) while
// the phases run; `perf report -i <file>` afterwards. Needs perf and permission to attach.
let perf: ChildProcess | undefined;
if (flags.has('syscalls')) {
  // --syscalls: count the server's write/sync syscalls over the run (perf stat on tracepoints)
  const events = ['pwrite64', 'pread64', 'fsync', 'fdatasync', 'writev', 'write', 'read'].map((e) => `syscalls:sys_enter_${e}`).join(',');
  perf = spawn('perf', ['stat', '-e', events, '-p', String(server.pid)], { stdio: ['ignore', 'ignore', 'inherit'] });
  await sleep(500);
} else if (flags.has('perf')) {
  perf = spawn('perf', ['record', '-F', '1999', '-g', '-p', String(server.pid), '-o', flags.get('perf')!], { stdio: ['ignore', 'ignore', 'inherit'] });
  await sleep(500);
}
const log = (s: string) => process.stderr.write(`[${label}] ${s}\n`);
log(`server pid ${server.pid} at ${server.url}${dataDir ? ` (data ${dataDir})` : ` (schema ${schema})`}, code ${checkout}`);

// PostgreSQL's own processes that work for this server: its backends (by application_name) and the
// WAL writer, checkpointer and background writer (shared with any other database user, if any).
let pgClient: pg.Client | undefined;
async function dbPids(): Promise<number[]> {
  if (!pgClient) return [];
  const r = await pgClient.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
     WHERE application_name IN ($1, $2) OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`,
    [`switchyard ${schema}`.slice(0, 63), `switchyard-listen ${schema}`.slice(0, 63)],
  );
  return r.rows.map((x) => x.pid);
}
if (engine === 'postgres') {
  pgClient = new pg.Client({ connectionString: databaseUrl });
  await pgClient.connect();
}

const sqs = new SQSClient({
  endpoint: server.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
});

async function createQueue(name: string): Promise<string> {
  const r = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '300' } }));
  return r.QueueUrl!;
}

async function startMeter(): Promise<PhaseMeter> {
  return new PhaseMeter([server.pid], await dbPids(), server.pid);
}
async function finishMeter(m: PhaseMeter): Promise<PhaseCpu> {
  // read the server at once; PostgreSQL's pid list needs a query, which costs its backend nothing here
  const pids = pgClient ? await dbPids() : [];
  return m.finish([server.pid], pids);
}

interface ReceiveStats {
  calls: number;
  empty: number;
  messages: number;
}

function phaseResult(name: string, description: string, concurrency: string, messages: number, cpu: PhaseCpu, sendLat: number[], ledger: Ledger, e2e: boolean, receives?: ReceiveStats): Phase {
  return sharedPhaseResult({ name, description, concurrency, messages, cpu, sendLat, ledger, e2e, receives, nproc: machineInfo.nproc, dbCpu: pgClient !== undefined });
}

/** Receives and deletes (SDK, short waits) until the ledger has every message sent; not timed. */
async function drainWithSdk(url: string, ledger: Ledger, workers = 4): Promise<void> {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      let emptyInARow = 0;
      while (ledger.received < ledger.sent && Date.now() < deadline && emptyInARow < 3) {
        const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        const msgs = r.Messages ?? [];
        emptyInARow = msgs.length === 0 ? emptyInARow + 1 : 0;
        for (const m of msgs) ledger.receive(m.Body);
        if (msgs.length > 0) {
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: msgs.map((m, k) => ({ Id: String(k), ReceiptHandle: m.ReceiptHandle! })) }));
        }
      }
    }),
  );
}

// ───────────────────────────── (a) one at a time ─────────────────────────────

async function phaseSingle(name: string, concurrency: number, n: number): Promise<Phase> {
  const tag = `${name}${runTag}`;
  const url = await createQueue(`bench-${tag}`);
  const ledger = new Ledger(tag, n);
  const lat: number[] = [];
  let next = 0;
  const meter = await startMeter();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const id = next++;
        const t = performance.now();
        ledger.markSent(id, t);
        const r = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: bodyFor(tag, id) }));
        lat.push(performance.now() - t);
        if (!r.MessageId) throw new Error('SendMessage without MessageId');
      }
    }),
  );
  const cpu = await finishMeter(meter);
  await drainWithSdk(url, ledger);
  await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  return phaseResult(name, `SendMessage ×1 (SDK)`, `${concurrency} sender${concurrency > 1 ? 's' : ''}`, n, cpu, lat, ledger, false);
}

// ──────────────────── (b) batched end to end through the SDK ────────────────────

async function phaseBatched(n: number, senders: number, receivers: number, rep = 0): Promise<Phase> {
  const tag = `b${rep}${runTag}`;
  const url = await createQueue(`bench-${tag}`);
  const ledger = new Ledger(tag, n);
  const lat: number[] = [];
  const rs: ReceiveStats = { calls: 0, empty: 0, messages: 0 };
  const ac = new AbortController();
  let next = 0;
  let sendersDone = false;
  let pendingDeletes = 0;
  let cpu: PhaseCpu | undefined;
  let failure: unknown;
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const timer = setTimeout(() => {
    failure ??= new Error(`phase b timed out after ${PHASE_TIMEOUT_MS} ms`);
    ac.abort();
    finished();
  }, PHASE_TIMEOUT_MS);
  const check = () => {
    if (cpu === undefined && sendersDone && ledger.received >= ledger.sent && pendingDeletes === 0) {
      cpu = meter.finish([server.pid]); // the db pids are added below for postgres
      ac.abort();
      finished();
    }
  };
  const dbAtStart = await dbPids();
  const meter = new PhaseMeter([server.pid], dbAtStart, server.pid);

  const sending = Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < n && !ac.signal.aborted) {
        const first = next;
        const count = Math.min(10, n - first);
        next += count;
        const entries = Array.from({ length: count }, (_, k) => ({ Id: String(k), MessageBody: bodyFor(tag, first + k) }));
        const t = performance.now();
        for (let k = 0; k < count; k++) ledger.markSent(first + k, t);
        const r = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
        lat.push(performance.now() - t);
        if ((r.Failed?.length ?? 0) > 0 || r.Successful?.length !== count) throw new Error(`SendMessageBatch failed: ${JSON.stringify(r.Failed)}`);
      }
    }),
  ).then(
    () => {
      sendersDone = true;
      check();
    },
    (e) => {
      failure ??= e;
      ac.abort();
      finished();
    },
  );
  for (let i = 0; i < receivers; i++) {
    void (async () => {
      while (!ac.signal.aborted) {
        const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }), { abortSignal: ac.signal });
        const msgs = r.Messages ?? [];
        rs.calls++;
        rs.messages += msgs.length;
        if (msgs.length === 0) {
          rs.empty++;
          continue;
        }
        const now = performance.now();
        for (const m of msgs) ledger.receive(m.Body, now);
        pendingDeletes++;
        const d = await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: url, Entries: msgs.map((m, k) => ({ Id: String(k), ReceiptHandle: m.ReceiptHandle! })) }),
        );
        pendingDeletes--;
        if ((d.Failed?.length ?? 0) > 0) throw new Error(`DeleteMessageBatch failed: ${JSON.stringify(d.Failed)}`);
        check();
      }
    })().catch((e) => {
      if (!ac.signal.aborted) {
        failure ??= e;
        ac.abort();
        finished();
      }
    });
  }
  await done;
  await sending;
  clearTimeout(timer);
  if (failure) throw failure;
  if (pgClient) {
    // PostgreSQL CPU: measured separately over the same window (pids known at the end)
    const again = meter.finish([server.pid], await dbPids());
    cpu = { ...cpu!, extraCpuMs: again.extraCpuMs };
  }
  await sleep(200);
  await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  return phaseResult('b', 'SendMessageBatch 10 → Receive 10 (long poll) → DeleteMessageBatch (SDK)', `${senders} senders + ${receivers} receivers`, n, cpu!, lat, ledger, true, rs);
}

// ─────────────────────── light client helpers (rss fill, capacity) ───────────────────────

function sendBatchJson(url: string, tag: string, first: number, count: number): string {
  return JSON.stringify({ QueueUrl: url, Entries: Array.from({ length: count }, (_, k) => ({ Id: String(k), MessageBody: bodyFor(tag, first + k) })) });
}

interface SendBatchResponse {
  Successful?: unknown[];
  Failed?: unknown[];
}
interface ReceiveResponse {
  Messages?: { Body?: string; ReceiptHandle?: string }[];
}

function expectOk(r: { status: number; body: Buffer }, what: string): void {
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${r.body.toString('utf8', 0, 300)}`);
}

async function fillQueue(url: string, tag: string, n: number, connections = 8): Promise<void> {
  const conns = Array.from({ length: connections }, () => new RawConnection(server.port));
  let next = 0;
  try {
    await Promise.all(
      conns.map(async (c) => {
        while (next < n) {
          const first = next;
          const count = Math.min(10, n - first);
          next += count;
          const r = await c.request(sqsRequest(server.host, 'SendMessageBatch', sendBatchJson(url, tag, first, count)));
          expectOk(r, 'SendMessageBatch');
          const j = JSON.parse(r.body.toString('utf8')) as SendBatchResponse;
          if (j.Successful?.length !== count) throw new Error(`SendMessageBatch: ${r.body.toString('utf8', 0, 300)}`);
        }
      }),
    );
  } finally {
    for (const c of conns) c.close();
  }
}

// ─────────────────────────────── RSS ───────────────────────────────

async function phaseRss(result: Result): Promise<void> {
  await sleep(2_000);
  result.rss.warmMiB = rssMiB([server.pid]);
  const tag = `h${runTag}`;
  const url = await createQueue(`bench-${tag}`);
  log(`filling ${N_HELD} messages`);
  const t = performance.now();
  await fillQueue(url, tag, N_HELD);
  log(`filled in ${fmt((performance.now() - t) / 1000, 1)} s`);
  await sleep(3_000);
  result.rss.held = N_HELD;
  result.rss.heldMiB = rssMiB([server.pid]);
  result.rss.heldDeltaMiB = result.rss.heldMiB - result.rss.warmMiB;
  result.rss.hwmMiB = (statusKiB(server.pid, 'VmHWM') ?? 0) / 1024;
  if (engine === 'postgres') result.rss.note = 'the messages are held by PostgreSQL, not by the Switchyard process';
  await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
}

// ──────────────────────────── (c) capacity ────────────────────────────

async function phaseCapacity(rep = 0, CAP_MESSAGES = CAP_MESSAGES_FLAG, CAP_SECONDS = CAP_SECONDS_FLAG): Promise<Phase> {
  const tag = `c${rep}${runTag}`;
  const url = await createQueue(`bench-${tag}`);
  const batches = Math.ceil(CAP_MESSAGES / 10);
  log(`pre-building ${batches} SendMessageBatch requests`);
  const requests: Buffer[] = new Array(batches);
  for (let b = 0; b < batches; b++) {
    requests[b] = sqsRequest(server.host, 'SendMessageBatch', sendBatchJson(url, tag, b * 10, Math.min(10, CAP_MESSAGES - b * 10)));
  }
  const receiveReq = sqsRequest(server.host, 'ReceiveMessage', JSON.stringify({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));
  const deletePrefix = `{"QueueUrl":${JSON.stringify(url)},"Entries":[`;
  const ledger = new Ledger(tag, CAP_MESSAGES);
  const lat: number[] = [];
  const rs: ReceiveStats = { calls: 0, empty: 0, messages: 0 };
  const senders = Array.from({ length: CAP_SENDERS }, () => new RawConnection(server.port));
  const receivers = Array.from({ length: CAP_RECEIVERS }, () => new RawConnection(server.port));
  // connect before measuring
  await Promise.all([...senders, ...receivers].map((c) => c.request(sqsRequest(server.host, 'GetQueueUrl', JSON.stringify({ QueueName: `bench-${tag}` })))));

  let next = 0;
  let sendersDone = false;
  let stopped = false;
  let pendingDeletes = 0;
  let cpu: PhaseCpu | undefined;
  let failure: unknown;
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const stop = (e?: unknown) => {
    if (e !== undefined && !stopped) failure ??= e;
    stopped = true;
    finished();
  };
  const timer = setTimeout(() => stop(new Error(`phase c timed out after ${PHASE_TIMEOUT_MS} ms`)), PHASE_TIMEOUT_MS);
  const check = () => {
    if (cpu === undefined && sendersDone && ledger.received >= ledger.sent && pendingDeletes === 0) {
      cpu = meter.finish([server.pid]);
      stop();
    }
  };
  const dbAtStart = await dbPids();
  const meter = new PhaseMeter([server.pid], dbAtStart, server.pid);
  const sendStart = performance.now();
  const sendUntil = sendStart + CAP_SECONDS * 1000;
  let sendEnd = 0;

  void Promise.all(
    senders.map(async (c) => {
      while (next < batches && !stopped && performance.now() < sendUntil) {
        const b = next++;
        const first = b * 10;
        const count = Math.min(10, CAP_MESSAGES - first);
        const t = performance.now();
        for (let k = 0; k < count; k++) ledger.markSent(first + k, t);
        const r = await c.request(requests[b]!);
        lat.push(performance.now() - t);
        expectOk(r, 'SendMessageBatch');
        const j = JSON.parse(r.body.toString('utf8')) as SendBatchResponse;
        if (j.Successful?.length !== count) throw new Error(`SendMessageBatch: ${r.body.toString('utf8', 0, 300)}`);
      }
    }),
  ).then(
    () => {
      sendEnd = performance.now();
      sendersDone = true;
      check();
    },
    stop,
  );
  for (const c of receivers) {
    void (async () => {
      while (!stopped) {
        const r = await c.request(receiveReq);
        expectOk(r, 'ReceiveMessage');
        const msgs = (JSON.parse(r.body.toString('utf8')) as ReceiveResponse).Messages ?? [];
        if (cpu === undefined) {
          rs.calls++;
          rs.messages += msgs.length;
          if (msgs.length === 0) rs.empty++;
        }
        if (msgs.length === 0) continue;
        const now = performance.now();
        let del = deletePrefix;
        for (let k = 0; k < msgs.length; k++) {
          ledger.receive(msgs[k]!.Body, now);
          del += `${k === 0 ? '' : ','}{"Id":"${k}","ReceiptHandle":${JSON.stringify(msgs[k]!.ReceiptHandle)}}`;
        }
        pendingDeletes++;
        const d = await c.request(sqsRequest(server.host, 'DeleteMessageBatch', `${del}]}`));
        pendingDeletes--;
        expectOk(d, 'DeleteMessageBatch');
        const dj = JSON.parse(d.body.toString('utf8')) as SendBatchResponse;
        if ((dj.Failed?.length ?? 0) > 0) throw new Error(`DeleteMessageBatch: ${d.body.toString('utf8', 0, 300)}`);
        check();
      }
    })().catch((e) => {
      if (!stopped) stop(e);
    });
  }
  await done;
  clearTimeout(timer);
  for (const c of [...senders, ...receivers]) c.close();
  if (failure) throw failure;
  if (pgClient) {
    const again = meter.finish([server.pid], await dbPids());
    cpu = { ...cpu!, extraCpuMs: again.extraCpuMs };
  }
  const n = ledger.sent;
  const phase = phaseResult(
    'c',
    'capacity: same loop, light HTTP client, pre-built bodies',
    `${CAP_SENDERS} senders + ${CAP_RECEIVERS} receivers`,
    n,
    cpu!,
    lat,
    ledger,
    true,
    rs,
  );
  log(`capacity: sent ${n} in ${fmt((sendEnd - sendStart) / 1000, 1)} s (${fmt((n * 1000) / (sendEnd - sendStart))} msgs/s sent), all deleted after ${fmt(cpu!.wallMs / 1000, 1)} s`);
  await sleep(500);
  await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  return phase;
}

// ─────────────────────────────── run ───────────────────────────────

const result: Result = {
  system: 'switchyard',
  label,
  config: { engine, durability, single: N_SINGLE, messages: N_BATCHED, held: N_HELD, capacityMessages: CAP_MESSAGES_FLAG, capacitySeconds: CAP_SECONDS_FLAG, warmup: WARMUP, capSenders: CAP_SENDERS, capReceivers: CAP_RECEIVERS, repeat: REPEAT, build: flags.has('source') ? 'tsx' : 'dist', checkout },
  machine: machineInfo,
  rss: { idleMiB: 0, held: 0 },
  phases: [],
  startedAt,
};
let exitCode = 0;
try {
  await sleep(1_000);
  result.rss.idleMiB = rssMiB([server.pid]);
  const report = (p: Phase) => {
    result.phases.push(p);
    log(`${p.name}: ${fmt(p.msgsPerSec)} msgs/s, send p50 ${fmt(p.sendP50Ms, 2)} p99 ${fmt(p.sendP99Ms, 2)} ms, server CPU ${fmt(p.serverCpuMsPerMsg, 4)} ms/msg${p.dbCpuMsPerMsg !== undefined ? ` (+ PostgreSQL ${fmt(p.dbCpuMsPerMsg, 4)})` : ''}, ${verdict(p.verification)}`);
    if (!p.verification.ok) exitCode = 1;
  };
  if (WARMUP > 0) {
    // Not measured: lets V8 compile the hot paths (a fresh server spends CPU on JIT compilation
    // for its first tens of thousands of messages) and SQLite settle, so the phases measure the
    // steady state, as for a RabbitMQ that has been running for a while.
    log(`warm-up: ${WARMUP} messages (SDK: one at a time and batched; light client)`);
    await phaseSingle('w', 4, Math.min(1_000, WARMUP));
    await phaseBatched(Math.min(5_000, WARMUP), 4, 4, 90);
    await phaseCapacity(91, WARMUP, 60);
  }
  const quiet = () => waitForQuietMachine(flags);
  await runPhases({
    phases,
    repeat: REPEAT,
    quiet,
    report,
    log,
    single: N_SINGLE > 0 ? (name, senders) => phaseSingle(name, senders, N_SINGLE) : undefined,
    batched: N_BATCHED > 0 ? (rep) => phaseBatched(N_BATCHED, 4, 4, rep) : undefined,
    rss: N_HELD > 0 ? () => phaseRss(result) : undefined,
    capacity: CAP_MESSAGES_FLAG > 0 ? (rep) => phaseCapacity(rep) : undefined,
  });
} catch (e) {
  exitCode = 1;
  process.stderr.write(`[${label}] FAILED: ${(e as Error).stack ?? String(e)}\n`);
} finally {
  sqs.destroy();
  if (perf) {
    perf.kill('SIGINT');
    await new Promise((r) => perf!.once('exit', r));
  }
  await server.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (pgClient) {
    await pgClient.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((e: Error) => log(`could not drop schema ${schema}: ${e.message}`));
    await pgClient.end();
  }
}
const json = flags.get('json');
if (json) writeFileSync(json, JSON.stringify(result, null, 2));
process.stdout.write(`${resultTable(result)}\n`);
process.exitCode = exitCode;
