/**
 * SQS → Lambda triggers (event source mappings declared in the resource file) end to end: messages
 * sent through the AWS SDK reach a fake Lambda Invoke API (test/helpers/lambda-invoke-server.ts,
 * which checks each call's SigV4 signature) as AWS's SQS event, and what the function answers
 * decides what is deleted. Visibility timeouts and batching windows run on a ManualClock.
 * (The SDK only sends here; the poller calls SQS in-process, so one SQS protocol is enough.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/runtime/clock.js';
import { startFakeLambda, type FakeLambda, type Invocation } from '../../helpers/lambda-invoke-server.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';

const ACCOUNT = '000000000000';
const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

const RESOURCES = {
  queues: [
    { name: 'plain', triggers: [{ function: 'plain-fn', batchSize: 3 }] },
    { name: 'failing-dlq' },
    { name: 'failing', attributes: { VisibilityTimeout: 30 }, deadLetter: { queue: 'failing-dlq', maxReceiveCount: 2 }, triggers: [{ function: fn('failing-fn') }] },
    { name: 'partial', attributes: { VisibilityTimeout: 30 }, triggers: [{ function: 'partial-fn', functionResponseTypes: ['ReportBatchItemFailures'] }] },
    { name: 'windowed', triggers: [{ function: 'windowed-fn', batchSize: 25, maximumBatchingWindowInSeconds: 5, maximumConcurrency: 2 }] },
    { name: 'ordered.fifo', triggers: [{ function: 'ordered-fn', batchSize: 2, maximumConcurrency: 4 }] },
    { name: 'limited', triggers: [{ function: 'limited-fn', batchSize: 1, maximumConcurrency: 2 }] },
    { name: 'throttled', attributes: { VisibilityTimeout: 30 }, triggers: [{ function: 'throttled-fn' }] },
    { name: 'paused', triggers: [{ function: 'paused-fn', enabled: false }] },
  ],
};

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bodies = (calls: Invocation[]) => calls.flatMap((c) => c.event.Records.map((r: { body: string }) => r.body));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(10);
  }
}

for (const engine of E2E_ENGINES) {
  describe(`SQS → Lambda triggers [${engine}]`, () => {
    const clock = new ManualClock(Date.now());
    let dir: string;
    let lambda: FakeLambda;
    let server: TestServer;
    let sqs: SQSClient;
    const url = async (QueueName: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl!;
    const counts = async (QueueName: string) => {
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: await url(QueueName), AttributeNames: ['All'] }))).Attributes!;
      return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible)];
    };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'switchyard-triggers-'));
      writeFileSync(join(dir, 'resources.json'), JSON.stringify(RESOURCES));
      lambda = await startFakeLambda();
      server = await startTestServer(engine, { clock }, { resources: join(dir, 'resources.json'), lambdaEndpoint: lambda.url });
      sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' } });
    });

    after(async () => {
      sqs.destroy();
      await server.close();
      await lambda.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a message sent with attributes arrives as the documented SQS event and is deleted after success', async () => {
      const sent = await sqs.send(
        new SendMessageCommand({
          QueueUrl: await url('plain'),
          MessageBody: 'hello',
          MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' }, size: { DataType: 'Number', StringValue: '3' }, raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } },
        }),
      );
      const [call] = await lambda.waitFor('plain-fn', 1);
      assert.equal(call!.invocationType, 'RequestResponse');
      assert.ok(call!.signatureValid, 'signed with SigV4 for lambda');
      assert.equal(call!.scope.split('/').slice(1, 3).join('/'), 'us-east-1/lambda');
      assert.deepEqual(Object.keys(call!.event), ['Records']);
      const record = call!.event.Records[0];
      assert.deepEqual(Object.keys(record), ['messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfMessageAttributes', 'md5OfBody', 'eventSource', 'eventSourceARN', 'awsRegion']);
      assert.equal(record.messageId, sent.MessageId);
      assert.equal(record.body, 'hello');
      assert.equal(record.md5OfBody, sent.MD5OfMessageBody);
      assert.equal(record.md5OfMessageAttributes, sent.MD5OfMessageAttributes);
      assert.equal(typeof record.receiptHandle, 'string');
      assert.deepEqual(Object.keys(record.attributes), ['ApproximateReceiveCount', 'SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp']);
      assert.equal(record.attributes.ApproximateReceiveCount, '1');
      assert.equal(record.attributes.SentTimestamp, String(clock.now()));
      assert.deepEqual(record.messageAttributes, {
        color: { stringValue: 'blue', stringListValues: [], binaryListValues: [], dataType: 'String' },
        size: { stringValue: '3', stringListValues: [], binaryListValues: [], dataType: 'Number' },
        raw: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      });
      assert.equal(record.eventSource, 'aws:sqs');
      assert.equal(record.eventSourceARN, `arn:aws:sqs:us-east-1:${ACCOUNT}:plain`);
      assert.equal(record.awsRegion, 'us-east-1');
      await until('the message deleted', async () => (await counts('plain')).join() === '0,0');
    });

    it('batch size: at most batchSize records an invocation, every message once', async () => {
      const before = lambda.of('plain-fn').length;
      const QueueUrl = await url('plain');
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 7 }, (_, i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
      await until('7 messages invoked', () => bodies(lambda.of('plain-fn').slice(before)).length >= 7);
      const calls = lambda.of('plain-fn').slice(before);
      assert.ok(calls.every((c) => c.event.Records.length <= 3), `sizes ${calls.map((c) => c.event.Records.length)}`);
      assert.deepEqual(bodies(calls).sort(), ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
      await until('all deleted', async () => (await counts('plain')).join() === '0,0');
    });

    it('a function error deletes nothing: the message comes back after its visibility timeout and the RedrivePolicy dead-letters it after maxReceiveCount', async () => {
      lambda.respond('failing-fn', () => ({ status: 200, functionError: 'Unhandled', result: { errorType: 'Error', errorMessage: 'boom' } }));
      await sqs.send(new SendMessageCommand({ QueueUrl: await url('failing'), MessageBody: 'poison' }));
      const [first] = await lambda.waitFor('failing-fn', 1);
      assert.equal(first!.event.Records[0].attributes.ApproximateReceiveCount, '1');
      await wait(100);
      assert.deepEqual(await counts('failing'), [0, 1], 'still in the queue, in flight');
      clock.advance(30_000);
      const calls = await lambda.waitFor('failing-fn', 2);
      assert.equal(calls[1]!.event.Records[0].attributes.ApproximateReceiveCount, '2');
      await wait(100);
      clock.advance(30_000); // the third receive moves it to the dead-letter queue instead
      await until('the message in the dead-letter queue', async () => (await counts('failing-dlq'))[0] === 1);
      const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: await url('failing-dlq'), MessageSystemAttributeNames: ['All'] }));
      assert.equal(dead.Messages?.[0]?.Body, 'poison');
      assert.equal(dead.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn, `arn:aws:sqs:us-east-1:${ACCOUNT}:failing`);
      assert.equal(lambda.of('failing-fn').length, 2, 'invoked maxReceiveCount times');
      assert.deepEqual(await counts('failing'), [0, 0]);
    });

    it('ReportBatchItemFailures: only the messages the function names come back', async () => {
      lambda.respond('partial-fn', (_attempt, _type, event) => ({
        status: 200,
        result: { batchItemFailures: event.Records.filter((r: { body: string; attributes: Record<string, string> }) => r.body.startsWith('bad') && r.attributes.ApproximateReceiveCount === '1').map((r: { messageId: string }) => ({ itemIdentifier: r.messageId })) },
      }));
      const Entries = ['good1', 'bad1', 'good2', 'bad2'].map((b) => ({ Id: b, MessageBody: b }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: await url('partial'), Entries }));
      await until('4 messages invoked', () => bodies(lambda.of('partial-fn')).length >= 4);
      await until('the good ones deleted, the bad ones in flight', async () => (await counts('partial')).join() === '0,2');
      const first = lambda.of('partial-fn').length;
      clock.advance(30_000);
      await until('the bad ones again', () => bodies(lambda.of('partial-fn').slice(first)).length >= 2);
      assert.deepEqual(bodies(lambda.of('partial-fn').slice(first)).sort(), ['bad1', 'bad2']);
      await until('all deleted', async () => (await counts('partial')).join() === '0,0');
    });

    it('batching window: a batch is sent when full or when the window ends, never larger than batchSize', async () => {
      const QueueUrl = await url('windowed');
      for (let n = 0; n < 3; n++) {
        await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `w${n * 10 + i}` })) }));
      }
      await wait(500);
      const early = lambda.of('windowed-fn');
      assert.ok(early.every((c) => c.event.Records.length === 25), `before the window ends only full batches: ${early.map((c) => c.event.Records.length)}`);
      clock.advance(5_000);
      await until('30 messages invoked', () => bodies(lambda.of('windowed-fn')).length >= 30);
      const sizes = lambda.of('windowed-fn').map((c) => c.event.Records.length);
      assert.ok(Math.max(...sizes) > 10 && Math.max(...sizes) <= 25, `batches gathered beyond one receive, within batchSize: ${sizes}`);
      assert.equal(new Set(bodies(lambda.of('windowed-fn'))).size, 30);
    });

    it('FIFO: each message group in order, one batch of a group at a time', async () => {
      const QueueUrl = await url('ordered.fifo');
      const Entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `${i % 2 ? 'b' : 'a'}${Math.floor(i / 2)}`, MessageGroupId: i % 2 ? 'b' : 'a', MessageDeduplicationId: `d${i}` }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
      await until('10 messages invoked', () => bodies(lambda.of('ordered-fn')).length >= 10);
      const calls = lambda.of('ordered-fn');
      assert.ok(calls.every((c) => c.event.Records.length <= 2));
      for (const group of ['a', 'b']) {
        const seen = calls.flatMap((c) => c.event.Records.filter((r: { attributes: { MessageGroupId: string } }) => r.attributes.MessageGroupId === group).map((r: { body: string }) => r.body));
        assert.deepEqual(seen, [0, 1, 2, 3, 4].map((i) => `${group}${i}`), `group ${group} in order`);
      }
      const record = calls[0]!.event.Records[0];
      assert.deepEqual(Object.keys(record.attributes), ['ApproximateReceiveCount', 'SentTimestamp', 'SequenceNumber', 'MessageGroupId', 'SenderId', 'MessageDeduplicationId', 'ApproximateFirstReceiveTimestamp']);
      await until('all deleted', async () => (await counts('ordered.fifo')).join() === '0,0');
    });

    it('maximumConcurrency: no more batches in flight than it allows', async () => {
      lambda.respond('limited-fn', () => 'hold');
      const QueueUrl = await url('limited');
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 5 }, (_, i) => ({ Id: `m${i}`, MessageBody: `l${i}` })) }));
      await lambda.waitFor('limited-fn', 2);
      await wait(300);
      assert.equal(lambda.of('limited-fn').length, 2, 'two calls under way, no third');
      lambda.respond('limited-fn', undefined);
      for (let i = 0; i < 10 && lambda.held() > 0; i++) {
        lambda.answerHeld();
        await wait(50);
      }
      await until('5 messages invoked', () => bodies(lambda.of('limited-fn')).length >= 5);
      await until('all deleted', async () => (await counts('limited')).join() === '0,0');
    });

    it('a call Lambda does not take (429) is made again, 1 s then 2 s later, within the same receive; then the batch is deleted', async () => {
      lambda.respond('throttled-fn', (attempt) => (attempt <= 2 ? { status: 429, errorType: 'TooManyRequestsException', message: 'Rate exceeded' } : { status: 200 }));
      await sqs.send(new SendMessageCommand({ QueueUrl: await url('throttled'), MessageBody: 'later' }));
      await lambda.waitFor('throttled-fn', 1);
      await wait(100);
      clock.advance(1_000);
      await lambda.waitFor('throttled-fn', 2);
      await wait(100);
      clock.advance(1_000);
      await wait(100);
      assert.equal(lambda.of('throttled-fn').length, 2, 'the second retry waits 2 s');
      clock.advance(1_000);
      const calls = await lambda.waitFor('throttled-fn', 3);
      assert.deepEqual(calls.map((c) => c.status), [429, 429, 200]);
      assert.equal(new Set(calls.map((c) => c.event.Records[0].receiptHandle)).size, 1, 'one receive, invoked three times');
      assert.equal(calls[2]!.event.Records[0].attributes.ApproximateReceiveCount, '1');
      await until('the message deleted', async () => (await counts('throttled')).join() === '0,0');
    });

    it('a disabled trigger polls nothing; the export writes the triggers back as declared', async () => {
      await sqs.send(new SendMessageCommand({ QueueUrl: await url('paused'), MessageBody: 'stays' }));
      await wait(200);
      assert.equal(lambda.of('paused-fn').length, 0);
      assert.deepEqual(await counts('paused'), [1, 0]);
      const exported = (await (await fetch(`${server.url}/_switchyard/resources`)).json()) as { queues: { name: string; triggers?: unknown }[] };
      const byName = new Map(exported.queues.map((q) => [q.name, q.triggers]));
      for (const q of RESOURCES.queues) assert.deepEqual(byName.get(q.name), q.triggers, q.name);
    });
  });
}

describe('SQS → Lambda triggers: refused at start', () => {
  it('without --lambda-endpoint, a file with an enabled trigger is a ConfigError naming it (a disabled one starts)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-triggers-'));
    try {
      const file = join(dir, 'r.json');
      writeFileSync(file, JSON.stringify({ queues: [{ name: 'q', triggers: [{ function: 'f' }] }] }));
      await assert.rejects(startTestServer('sqlite', {}, { resources: file }), (e: Error) => {
        assert.equal(e.constructor.name, 'ConfigError');
        assert.match(e.message, /^resources: queues\[0\]\.triggers\[0\]: queue q has a Lambda trigger, but no Lambda server is given to invoke f on: start with --lambda-endpoint/);
        return true;
      });
      writeFileSync(file, JSON.stringify({ queues: [{ name: 'q', triggers: [{ function: 'arn:aws:lambda:eu-west-1:000000000000:function:f' }] }] }));
      await assert.rejects(startTestServer('sqlite', {}, { resources: file, lambdaEndpoint: 'http://127.0.0.1:9' }), /queues\[0\]\.triggers\[0\]\.function: arn:aws:lambda:eu-west-1:000000000000:function:f is in eu-west-1; a queue's trigger must be in its region, us-east-1/);
      writeFileSync(file, JSON.stringify({ queues: [{ name: 'q', triggers: [{ function: 'f', enabled: false }] }] }));
      await (await startTestServer('sqlite', {}, { resources: file })).close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
