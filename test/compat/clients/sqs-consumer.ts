// The compat scenario's SQS consuming side through sqs-consumer (over the current JS v3 SQS client).
// Usage: node --import tsx sqs-consumer.ts <endpoint> <scenario.json> <prefix>
// sqs-consumer only receives and deletes, so the messages go in with the JS v3 client and the
// create/send checks are not reported (the matrix shows them as not applicable), nor SNS/Kinesis.
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient, type Message, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { Checks, SQS_ERROR_CODES, credentials, failure, expectAttributes, expectDigests, packageVersion, poll, programArgs } from './scenario.js';

const { endpoint, scenario, prefix } = programArgs();
const checks = new Checks();
const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
sqs.middlewareStack.add(
  (next: (a: any) => Promise<any>) => async (args: any) => {
    checks.sawContentType('sqs', args.request.headers['content-type']);
    return next(args);
  },
  { step: 'finalizeRequest', name: 'compatWire' },
);
const name = (s: string) => `${prefix}-${s}`;
const attributes = Object.fromEntries(
  Object.entries(scenario.attributes).map(([n, a]) => [n, a.BinaryValue !== undefined ? { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryValue, 'base64') } : a]),
) as Record<string, MessageAttributeValue>;

/** Runs a consumer until `enough` says so (or 5 s pass); resolves with what it handled. */
async function consume(queueUrl: string, options: { batch?: boolean; enough: (got: Message[]) => boolean }): Promise<Message[]> {
  const got: Message[] = [];
  const consumer = Consumer.create({
    queueUrl,
    sqs,
    messageAttributeNames: ['All'],
    attributeNames: ['All'],
    waitTimeSeconds: 1,
    pollingWaitTimeMs: 50,
    batchSize: 10,
    ...(options.batch
      ? { handleMessageBatch: async (ms: Message[]) => (got.push(...ms), ms) }
      : { handleMessage: async (m: Message) => (got.push(m), m) }),
  });
  const errors: Error[] = [];
  consumer.on('error', (e) => errors.push(e));
  consumer.on('processing_error', (e) => errors.push(e));
  consumer.start();
  try {
    await poll(async () => (options.enough(got) || errors.length ? true : undefined));
  } finally {
    consumer.stop({ abort: true });
  }
  if (errors.length) throw errors[0];
  return got;
}

/** Messages left in the queue, visible or not: 0 once the consumer deleted what it handled. */
async function remaining(QueueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible);
}

const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name('q') }));
const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: scenario.body, MessageAttributes: attributes }));
let received: Message | undefined;
await checks.check('sqs.receive', [], async () => {
  const got = await consume(queueUrl!, { enough: (g) => g.length > 0 });
  received = got[0]!;
  if (got.length !== 1 || received.Body !== scenario.body) throw new Error(`handled ${JSON.stringify(got.map((m) => m.Body))}`);
  expectAttributes(scenario, received.MessageAttributes);
  return 'handleMessage got the body and 4 attributes';
});
await checks.check('sqs.md5', ['sqs.receive'], async () => {
  expectDigests(scenario, sent.MD5OfMessageAttributes, received!.MD5OfMessageAttributes);
  return 'body: checked by the JS v3 client; attributes: checked here';
});
await checks.check('sqs.delete', ['sqs.receive'], async () => {
  await poll(async () => ((await remaining(queueUrl!)) === 0 ? true : undefined));
  return 'deleted once handled';
});
await checks.check('sqs.batch', [], async () => {
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: scenario.batch.map((b, i) => ({ Id: `m${i}`, MessageBody: b })) }));
  const got = await consume(queueUrl!, { batch: true, enough: (g) => g.length >= scenario.batch.length });
  if (JSON.stringify(got.map((m) => m.Body).sort()) !== JSON.stringify([...scenario.batch].sort())) throw new Error(`handled ${JSON.stringify(got.map((m) => m.Body))}`);
  await poll(async () => ((await remaining(queueUrl!)) === 0 ? true : undefined));
  return `handleMessageBatch got ${got.length}; deleted in a batch`;
});
await checks.check('sqs.fifo', [], async () => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name('f.fifo'), Attributes: { FifoQueue: 'true' } }));
  for (const [i, b] of scenario.fifo.entries()) {
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: b, MessageGroupId: 'g', MessageDeduplicationId: `d${i}` }));
  }
  const got = await consume(QueueUrl!, { enough: (g) => g.length >= scenario.fifo.length });
  if (JSON.stringify(got.map((m) => m.Body)) !== JSON.stringify(scenario.fifo)) throw new Error(`handled ${JSON.stringify(got.map((m) => m.Body))} in that order`);
  return 'handled in order';
});
await checks.check('sqs.error', [], async () => {
  const missing = queueUrl!.replace(/[^/]+$/, name('missing'));
  const e = await failure(consume(missing, { enough: () => false }));
  // sqs-consumer wraps the client's error in an SQSError whose code is the client's error name.
  if (!SQS_ERROR_CODES.includes(e?.code)) throw new Error(`emitted ${e?.name} ${e?.code}: ${e?.message}`);
  return `'error' event: ${e.name} ${e.code}`;
});
sqs.destroy();
checks.done('sqs-consumer', `${packageVersion('sqs-consumer')} (on client-sqs ${packageVersion('@aws-sdk/client-sqs')})`);
