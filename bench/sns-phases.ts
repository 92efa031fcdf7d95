/**
 * Where an SNS fan-out's server CPU goes, phase by phase (diagnostic, not a comparison):
 * a topic with 3 SQS subscriptions; phase 1 publishes N messages (4 publishers, no receivers),
 * phase 2 drains the 3 queues (ReceiveMessage 10 + DeleteMessageBatch, 2 receivers per queue).
 * Server CPU (utime+stime) per publish for each phase.
 *
 *   npm run build && node --import tsx bench/sns-phases.ts [--publishes 3000] [--durability full] [--raw false] [--cpu-prof <dir>]
 *        [--root <built checkout, e.g. $(bench/checkout.sh <commit>)>]
 */
import { Agent } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { intFlag, parseFlags } from './lib/payload.js';
import { rootFlag, startSwitchyard } from './lib/switchyard-server.js';
import { PhaseMeter } from './lib/proc.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const N = intFlag(flags, 'publishes', 3_000);
const raw = flags.get('raw') ?? 'false';
const s = await startSwitchyard({ root: rootFlag(flags), dataDir: mkdtempSync(join(tmpdir(), 'switchyard-sns-phases-')), durability: flags.get('durability') ?? 'full', cpuProfDir: flags.get('cpu-prof') });
const common = { endpoint: s.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) } };
const sns = new SNSClient(common);
const sqs = new SQSClient(common);
try {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'phases' }));
  const urls: string[] = [];
  for (let q = 0; q < 3; q++) {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `phases-${q}`, Attributes: { VisibilityTimeout: '300' } }));
    const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: a.Attributes!.QueueArn!, Attributes: { RawMessageDelivery: raw } }));
    urls.push(QueueUrl!);
  }
  const message = 'x'.repeat(1024);
  let next = 0;
  let meter = new PhaseMeter([s.pid], [], s.pid);
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next++ < N) await sns.send(new PublishCommand({ TopicArn, Message: message }));
  }));
  const pub = meter.finish([s.pid]);
  meter = new PhaseMeter([s.pid], [], s.pid);
  let receives = 0;
  await Promise.all(urls.flatMap((QueueUrl) => Array.from({ length: 2 }, async () => {
    for (;;) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      const msgs = r.Messages ?? [];
      if (msgs.length === 0) return;
      receives++;
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
  })));
  const drain = meter.finish([s.pid]);
  const us = (ms: number) => ((ms * 1000) / N).toFixed(0);
  console.log(`publish phase: ${us(pub.serverCpuMs)} µs server CPU per publish (${(N * 1000 / pub.wallMs).toFixed(0)} publishes/s)`);
  console.log(`drain phase:   ${us(drain.serverCpuMs)} µs server CPU per publish (3 messages; ${receives} receives)`);
} finally {
  sns.destroy();
  sqs.destroy();
  await s.stop();
}
