/**
 * The same scenario as bench/sqs.ts against RabbitMQ through amqplib, with the guarantees that make
 * it comparable to a durable SQS server: a durable (classic) queue, persistent 1 KiB messages,
 * publisher confirms, consumers with prefetch 10 and manual acks.
 *
 *   node --import tsx bench/rabbitmq.ts [--url amqp://guest:guest@127.0.0.1:5672]
 *        [--messages 20000] [--single 2000] [--held 100000]
 *        [--capacity-messages 200000] [--capacity-seconds 20] [--cap-senders 8] [--cap-receivers 8]
 *        [--phases a1,a4,b,rss,c] [--repeat 1] [--json <file>] [--quiet-wait 120] [--quiet-percent 10] [--warmup 20000]
 *
 * Mapping to the SQS phases:
 *   a1/a4  publish one message, wait for its confirm (≈ SendMessage answered after the commit);
 *          1 and 4 publishers, each on its own connection and confirm channel.
 *   b      4 publishers publish groups of 10 and wait for the group's confirms (≈ SendMessageBatch);
 *          4 consumers (own connection, prefetch 10) ack in groups of 10 with `multiple`
 *          (≈ DeleteMessageBatch; a tail shorter than 10 is acked after 20 ms without deliveries).
 *   rss    VmRSS of beam.smp idle, warm and empty, and holding --held messages in a durable queue.
 *   c      the b loop at the capacity concurrency with pre-built message Buffers.
 * The phase ends when every message was received and acked; the consumers' channels are then
 * closed (a round trip that RabbitMQ answers only after processing the acks before it), and only
 * then is the CPU read. Server CPU = utime + stime of the beam.smp process(es) (pgrep -f beam.smp)
 * over the phase; RSS likewise. Bounded in count and time; loopback only.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import amqp from 'amqplib';
import { PhaseMeter, pgrep, rssMiB, statusKiB, type PhaseCpu } from './lib/proc.js';
import { bodyFor, Ledger, parseFlags, sleep } from './lib/payload.js';
import { fmt, machine, resultTable, verdict, type Phase, type Result } from './lib/report.js';
import { phaseResult as sharedPhaseResult, queuePhaseFlags, runPhases, waitForQuietMachine } from './lib/phase.js';

const flags = parseFlags(process.argv.slice(2));
const URL_ = flags.get('url') ?? 'amqp://guest:guest@127.0.0.1:5672';
const {
  single: N_SINGLE,
  messages: N_BATCHED,
  held: N_HELD,
  capacityMessages: CAP_MESSAGES,
  capacitySeconds: CAP_SECONDS,
  capSenders: CAP_SENDERS,
  capReceivers: CAP_RECEIVERS,
  phaseTimeoutMs: PHASE_TIMEOUT_MS,
  warmup: WARMUP,
  repeat: REPEAT,
} = queuePhaseFlags(flags);
const phases = new Set((flags.get('phases') ?? 'a1,a4,b,rss,c').split(','));

const startedAt = new Date().toISOString();
const machineInfo = machine();
const runTag = `r${Date.now().toString(36)}`;
const beam = pgrep('beam.smp');
if (beam.length === 0) throw new Error('no beam.smp process found: is RabbitMQ running?');
let version = 'unknown';
try {
  version = execFileSync('rabbitmqctl', ['version'], { encoding: 'utf8', timeout: 20_000 }).trim();
} catch {
  /* keep unknown */
}
const label = flags.get('label') ?? `RabbitMQ ${version} (classic durable queue, persistent, confirms, manual acks)`;
const log = (s: string) => process.stderr.write(`[RabbitMQ] ${s}\n`);
log(`beam.smp pid(s) ${beam.join(', ')}, version ${version}`);

await waitForQuietMachine(flags);
const admin = await amqp.connect(URL_);
const adminCh = await admin.createChannel();
const openConnections: amqp.ChannelModel[] = [admin];
async function connection(): Promise<amqp.ChannelModel> {
  const c = await amqp.connect(URL_);
  openConnections.push(c);
  return c;
}

async function declare(name: string): Promise<void> {
  await adminCh.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'classic' } });
}

function phaseResult(name: string, description: string, concurrency: string, messages: number, cpu: PhaseCpu, sendLat: number[], ledger: Ledger, e2e: boolean): Phase {
  return sharedPhaseResult({ name, description, concurrency, messages, cpu, sendLat, ledger, e2e, nproc: machineInfo.nproc });
}

/**
 * Consumers: each on its own connection and channel with prefetch 10, acking in groups of 10
 * (`multiple`), a shorter tail after 20 ms without deliveries. `onAck(n)` runs after each ack.
 */
async function startConsumers(queue: string, count: number, ledger: Ledger, onAck: (n: number) => void): Promise<{ close(): Promise<void> }> {
  const channels: amqp.Channel[] = [];
  const timers = new Set<NodeJS.Timeout>();
  for (let i = 0; i < count; i++) {
    const ch = await (await connection()).createChannel();
    await ch.prefetch(10);
    channels.push(ch);
    let pending: amqp.ConsumeMessage[] = [];
    let timer: NodeJS.Timeout | undefined;
    const ackPending = () => {
      if (timer) {
        clearTimeout(timer);
        timers.delete(timer);
      }
      timer = undefined;
      if (pending.length === 0) return;
      ch.ack(pending[pending.length - 1]!, true);
      const n = pending.length;
      pending = [];
      onAck(n);
    };
    await ch.consume(
      queue,
      (msg) => {
        if (!msg) return;
        ledger.receive(msg.content.toString('utf8'));
        pending.push(msg);
        if (pending.length >= 10) ackPending();
        else {
          if (timer) {
            clearTimeout(timer);
            timers.delete(timer);
          }
          timer = setTimeout(ackPending, 20);
          timers.add(timer);
        }
      },
      { noAck: false },
    );
  }
  return {
    async close() {
      for (const t of timers) clearTimeout(t);
      // channel.close is a round trip: RabbitMQ has processed every ack sent before it
      await Promise.all(channels.map((c) => c.close()));
    },
  };
}

/** Consumes (not timed) until the ledger has every message, received and acked. */
async function drain(queue: string, ledger: Ledger): Promise<void> {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  let acked = 0;
  const consumers = await startConsumers(queue, 4, ledger, (n) => (acked += n));
  while ((ledger.received < ledger.sent || acked < ledger.sent) && Date.now() < deadline) await sleep(20);
  await consumers.close();
}

// ───────────────────────────── (a) one at a time ─────────────────────────────

async function phaseSingle(name: string, concurrency: number, n: number): Promise<Phase> {
  const tag = `${name}${runTag}`;
  const queue = `bench-${tag}`;
  await declare(queue);
  const channels = await Promise.all(Array.from({ length: concurrency }, async () => (await connection()).createConfirmChannel()));
  const ledger = new Ledger(tag, n);
  const lat: number[] = [];
  let next = 0;
  const meter = new PhaseMeter(beam, [], beam[0]);
  await Promise.all(
    channels.map(async (ch) => {
      while (next < n) {
        const id = next++;
        const t = performance.now();
        ledger.markSent(id, t);
        ch.publish('', queue, Buffer.from(bodyFor(tag, id)), { persistent: true });
        await ch.waitForConfirms();
        lat.push(performance.now() - t);
      }
    }),
  );
  const cpu = meter.finish();
  await Promise.all(channels.map((c) => c.close()));
  await drain(queue, ledger);
  await adminCh.deleteQueue(queue);
  return phaseResult(name, 'publish ×1 + wait for confirm', `${concurrency} publisher${concurrency > 1 ? 's' : ''}`, n, cpu, lat, ledger, false);
}

// ──────────────────────── (b) and (c): groups of 10 end to end ────────────────────────

async function phaseBatched(name: string, description: string, n: number, publishers: number, consumers: number, maxSeconds: number, prebuilt: boolean, rep = 0): Promise<Phase> {
  const tag = `${name}${rep}${runTag}`;
  const queue = `bench-${tag}`;
  await declare(queue);
  const ledger = new Ledger(tag, n);
  let bodies: Buffer[] | undefined;
  if (prebuilt) {
    log(`pre-building ${n} message buffers`);
    bodies = Array.from({ length: n }, (_, i) => Buffer.from(bodyFor(tag, i)));
  }
  const channels = await Promise.all(Array.from({ length: publishers }, async () => (await connection()).createConfirmChannel()));
  const lat: number[] = [];
  let next = 0;
  let sendersDone = false;
  let cpu: PhaseCpu | undefined;
  let failure: unknown;
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const timer = setTimeout(() => {
    failure ??= new Error(`phase ${name} timed out after ${PHASE_TIMEOUT_MS} ms`);
    finished();
  }, PHASE_TIMEOUT_MS);
  let closing = false;
  let acked = 0;
  const check = () => {
    if (!closing && sendersDone && ledger.received >= ledger.sent && acked >= ledger.sent) {
      closing = true;
      void consumerSet.close().then(() => {
        cpu = meter.finish();
        finished();
      }, (e) => {
        failure ??= e;
        finished();
      });
    }
  };
  const consumerSet = await startConsumers(queue, consumers, ledger, (k) => {
    acked += k;
    check();
  });
  const meter = new PhaseMeter(beam, [], beam[0]);
  const sendUntil = performance.now() + maxSeconds * 1000;
  void Promise.all(
    channels.map(async (ch) => {
      while (next < n && performance.now() < sendUntil && failure === undefined) {
        const first = next;
        const count = Math.min(10, n - first);
        next += count;
        const t = performance.now();
        for (let k = 0; k < count; k++) {
          ledger.markSent(first + k, t);
          ch.publish('', queue, bodies ? bodies[first + k]! : Buffer.from(bodyFor(tag, first + k)), { persistent: true });
        }
        await ch.waitForConfirms();
        lat.push(performance.now() - t);
      }
    }),
  ).then(
    () => {
      sendersDone = true;
      check();
    },
    (e) => {
      failure ??= e;
      finished();
    },
  );
  await done;
  clearTimeout(timer);
  if (failure) throw failure;
  await Promise.all(channels.map((c) => c.close()));
  await adminCh.deleteQueue(queue);
  return phaseResult(name, description, `${publishers} publishers + ${consumers} consumers`, ledger.sent, cpu!, lat, ledger, true);
}

// ─────────────────────────────── RSS ───────────────────────────────

async function phaseRss(result: Result): Promise<void> {
  await sleep(2_000);
  result.rss.warmMiB = rssMiB(beam);
  const tag = `h${runTag}`;
  const queue = `bench-${tag}`;
  await declare(queue);
  log(`filling ${N_HELD} messages`);
  const channels = await Promise.all(Array.from({ length: 8 }, async () => (await connection()).createConfirmChannel()));
  let next = 0;
  await Promise.all(
    channels.map(async (ch) => {
      while (next < N_HELD) {
        const first = next;
        const count = Math.min(10, N_HELD - first);
        next += count;
        for (let k = 0; k < count; k++) ch.publish('', queue, Buffer.from(bodyFor(tag, first + k)), { persistent: true });
        await ch.waitForConfirms();
      }
    }),
  );
  await Promise.all(channels.map((c) => c.close()));
  await sleep(3_000);
  const q = await adminCh.checkQueue(queue);
  result.rss.held = q.messageCount;
  result.rss.heldMiB = rssMiB(beam);
  result.rss.heldDeltaMiB = result.rss.heldMiB - result.rss.warmMiB;
  result.rss.hwmMiB = beam.reduce((s, p) => s + (statusKiB(p, 'VmHWM') ?? 0), 0) / 1024;
  await adminCh.deleteQueue(queue);
}

// ─────────────────────────────── run ───────────────────────────────

const result: Result = {
  system: 'rabbitmq',
  label,
  config: { version, single: N_SINGLE, messages: N_BATCHED, held: N_HELD, capacityMessages: CAP_MESSAGES, capacitySeconds: CAP_SECONDS, capSenders: CAP_SENDERS, capReceivers: CAP_RECEIVERS, repeat: REPEAT, warmup: WARMUP },
  machine: machineInfo,
  rss: { idleMiB: rssMiB(beam), held: 0 },
  phases: [],
  startedAt,
};
let exitCode = 0;
try {
  const report = (p: Phase) => {
    result.phases.push(p);
    log(`${p.name}: ${fmt(p.msgsPerSec)} msgs/s, send p50 ${fmt(p.sendP50Ms, 2)} p99 ${fmt(p.sendP99Ms, 2)} ms, server CPU ${fmt(p.serverCpuMsPerMsg, 4)} ms/msg, ${verdict(p.verification)}`);
    if (!p.verification.ok) exitCode = 1;
  };
  if (WARMUP > 0) {
    // Not measured; the same loops as for Switchyard (RabbitMQ itself is already running, warm)
    log(`warm-up: ${WARMUP} messages`);
    await phaseSingle('w', 4, Math.min(1_000, WARMUP));
    await phaseBatched('w', '', Math.min(5_000, WARMUP), 4, 4, 60, false, 90);
    await phaseBatched('w', '', WARMUP, CAP_SENDERS, CAP_RECEIVERS, 60, true, 91);
  }
  const quiet = () => waitForQuietMachine(flags);
  await runPhases({
    phases,
    repeat: REPEAT,
    quiet,
    report,
    log,
    single: N_SINGLE > 0 ? (name, senders) => phaseSingle(name, senders, N_SINGLE) : undefined,
    batched:
      N_BATCHED > 0 ? (rep) => phaseBatched('b', 'publish 10 + confirms → consume (prefetch 10) → ack ×10', N_BATCHED, 4, 4, PHASE_TIMEOUT_MS / 1000, false, rep) : undefined,
    rss: N_HELD > 0 ? () => phaseRss(result) : undefined,
    capacity: CAP_MESSAGES > 0 ? (rep) => phaseBatched('c', 'capacity: same loop, pre-built bodies', CAP_MESSAGES, CAP_SENDERS, CAP_RECEIVERS, CAP_SECONDS, true, rep) : undefined,
  });
} catch (e) {
  exitCode = 1;
  process.stderr.write(`[RabbitMQ] FAILED: ${(e as Error).stack ?? String(e)}\n`);
} finally {
  for (const c of openConnections.reverse()) await c.close().catch(() => {});
}
const json = flags.get('json');
if (json) writeFileSync(json, JSON.stringify(result, null, 2));
process.stdout.write(`${resultTable(result)}\n`);
process.exitCode = exitCode;
