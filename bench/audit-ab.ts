/**
 * What the audit log (--audit-log) costs: two servers at once, A without it, B with it, and
 * batches of requests alternating between the two (bench/lib/ab.ts, as bench/auth-ab.ts does).
 * Per batch: each server's CPU (utime + stime, all threads) per request; printed: the medians and
 * the median of the per-round B − A differences and B/A ratios.
 *
 *   bench/checkout.sh <commit>   # a built copy, so that dist/ is not rebuilt under others' tests
 *   node --import tsx bench/audit-ab.ts --root <dir> [--rounds 20] [--batch 1000]
 *     [--b audit|audit-data|none] [--ops sqs,sns,kinesis,sqs-create,sqs-send,sns-publish,kinesis-put]
 *     [--root-a <dir>]
 *
 * The operations: `sqs` GetQueueUrl, `sns` GetTopicAttributes, `kinesis` DescribeStreamSummary,
 * `sqs-create` CreateQueue of an existing queue (management events: B writes a record for each);
 * `sqs-send` SendMessage, `sns-publish` Publish to a topic without subscribers, `kinesis-put`
 * PutRecord (data events: recorded only with `--b audit-data`, else classified and skipped).
 *
 * `--b audit` (default): B with --audit-log; `audit-data`: with --audit-log-data-events too;
 * `none`: B without it either, to compare two builds (`--root-a` the build before the hook,
 * `--root` the one after): the cost of the hook when the log is off.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { PublishCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { intFlag, parseFlags } from './lib/payload.js';
import { type AbSide, abLine, floorSide, interleavedRounds } from './lib/ab.js';
import { describeCheckout, rootFlag, startSwitchyard } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const ROUNDS = intFlag(flags, 'rounds', 20);
const BATCH = intFlag(flags, 'batch', 1_000);
const B_MODE = flags.get('b') ?? 'audit';
if (!['audit', 'audit-data', 'none'].includes(B_MODE)) throw new Error('--b is audit, audit-data or none');
const ROOT_B = rootFlag(flags);
const ROOT_A = flags.get('root-a') ? `${resolve(flags.get('root-a')!)}/` : ROOT_B;
const dirs: string[] = [];

async function side(name: 'A' | 'B'): Promise<AbSide & { log?: string }> {
  const dir = mkdtempSync(join(tmpdir(), `switchyard-audit-${name}-`));
  dirs.push(dir);
  const env: Record<string, string> = { SWITCHYARD_KINESIS_CREATE_DELAY_MS: '0' };
  const log = name === 'B' && B_MODE !== 'none' ? join(dir, 'audit.log') : undefined;
  if (log !== undefined) env.SWITCHYARD_AUDIT_LOG = log;
  if (name === 'B' && B_MODE === 'audit-data') env.SWITCHYARD_AUDIT_LOG_DATA_EVENTS = 'true';
  const s = await startSwitchyard({ root: name === 'A' ? ROOT_A : ROOT_B, dataDir: join(dir, 'data'), env });
  const data = Buffer.from('a record of some forty bytes, give or take');
  const side = await floorSide(name, s, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, (f) => ({
    'sqs-create': () => f.sqs.send(new CreateQueueCommand({ QueueName: 'floor', Attributes: { VisibilityTimeout: '30' } })),
    'sqs-send': () => f.sqs.send(new SendMessageCommand({ QueueUrl: f.queueUrl, MessageBody: 'a message body of some forty bytes or so' })),
    'sns-publish': () => f.sns.send(new PublishCommand({ TopicArn: f.topicArn, Message: 'a message of some forty bytes, give or take' })),
    'kinesis-put': () => f.kinesis.send(new PutRecordCommand({ StreamName: 'floor', PartitionKey: 'pk', Data: data })),
  }));
  return { ...side, log };
}

const a = await side('A');
const b = await side('B');
const what = { audit: 'B with --audit-log', 'audit-data': 'B with --audit-log --audit-log-data-events', none: 'neither with an audit log' }[B_MODE];
console.log(`A: ${describeCheckout(ROOT_A) ?? ROOT_A}; B: ${describeCheckout(ROOT_B) ?? ROOT_B}; SQLite; ${what}`);
try {
  for (const op of (flags.get('ops') ?? 'sqs,sns,kinesis,sqs-create,sqs-send,sns-publish,kinesis-put').split(',')) {
    console.log(abLine(op, await interleavedRounds(a, b, op, ROUNDS, BATCH), ROUNDS, BATCH));
  }
} finally {
  await a.stop();
  await b.stop();
  if (b.log !== undefined) console.log(`B's audit log: ${(statSync(b.log).size / 1_048_576).toFixed(1)} MiB`);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
