// sqs-consumer (bbc/sqs-consumer, the most used SQS polling library for Node) against Switchyard:
// every message handled once and deleted, failed handlers retried after the visibility timeout,
// the heartbeat (ChangeMessageVisibility[Batch]) keeping a slow message invisible, batch mode.
//
// Only the current client (AWS JSON protocol) is used. sqs-consumer builds its commands from its
// own import of @aws-sdk/client-sqs (the current, schema-serialized commands) and passes them to
// the SQSClient it is given; a 3.445 client (test/helpers/sqs-clients.ts, query protocol) cannot
// run them: every poll fails inside the SDK with "serializerMiddleware is not found when adding
// endpointV2Middleware middleware before serializerMiddleware", before any request is sent.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Consumer } from 'sqs-consumer';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { SQS_CLIENTS } from '../../helpers/sqs-clients.js';

const kind = SQS_CLIENTS.find((k) => k.protocol === 'json')!;
const { sdk } = kind;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every 20 ms until it is true; fails after `timeoutMs` with `what`. */
async function waitFor(what: () => string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(20);
  }
}

for (const engine of E2E_ENGINES) {
  describe(`sqs-consumer [${engine}, ${kind.protocol}]`, () => {
    let server: TestServer | undefined;
    let sqs: SQSClient;
    /** Command names the client sent, in order (a middleware records them). */
    let sent: string[] = [];
    let consumers: Consumer[] = [];
    let counter = 0;

    before(async () => {
      server = await startTestServer(engine);
      sqs = kind.client(server.url);
      sqs.middlewareStack.add(
        (next, context) => async (args) => {
          sent.push(context.commandName!);
          return next(args);
        },
        { step: 'initialize', name: 'recordCommandNames' },
      );
    });

    afterEach(async () => {
      for (const c of consumers) c.stop({ abort: true });
      consumers = [];
      sent = [];
      await sleep(50); // let aborted long polls settle before the next test
    });

    after(async () => {
      for (const c of consumers) c.stop({ abort: true });
      sqs?.destroy();
      await server?.close();
    });

    async function queue(attributes: Record<string, string> = {}): Promise<string> {
      const out = await sqs.send(new sdk.CreateQueueCommand({ QueueName: `consumer-${++counter}`, Attributes: attributes }));
      return out.QueueUrl!;
    }

    async function sendAll(queueUrl: string, bodies: string[], attributes?: Record<string, { DataType: string; StringValue: string }>) {
      for (let i = 0; i < bodies.length; i += 10) {
        const out = await sqs.send(
          new sdk.SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: `m${j}`, MessageBody: b, MessageAttributes: attributes })),
          }),
        );
        assert.equal(out.Failed?.length ?? 0, 0, JSON.stringify(out.Failed));
      }
    }

    async function counts(queueUrl: string) {
      const out = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
      return {
        visible: out.Attributes?.ApproximateNumberOfMessages,
        notVisible: out.Attributes?.ApproximateNumberOfMessagesNotVisible,
        delayed: out.Attributes?.ApproximateNumberOfMessagesDelayed,
      };
    }

    /** A consumer whose 'error' events are collected (an unhandled 'error' event would crash the run). */
    function consumer(options: Omit<Parameters<typeof Consumer.create>[0], 'sqs'>) {
      const errors: Error[] = [];
      const c = Consumer.create({ sqs, waitTimeSeconds: 1, ...options });
      c.on('error', (e) => errors.push(e));
      consumers.push(c);
      return { c, errors };
    }

    it('two competing consumers handle every message exactly once and delete it', async () => {
      const url = await queue({ VisibilityTimeout: '30' });
      const bodies = Array.from({ length: 60 }, (_, i) => `once-${i}`);
      await sendAll(url, bodies, { origin: { DataType: 'String', StringValue: 'test' } });
      const handled = new Map<string, number>();
      let processed = 0;
      let badMessage: string | undefined;
      const handleMessage = async (m: Message) => {
        handled.set(m.Body!, (handled.get(m.Body!) ?? 0) + 1);
        if (m.MessageAttributes?.origin?.StringValue !== 'test') badMessage ??= `message attributes missing: ${JSON.stringify(m)}`;
        if (m.Attributes?.ApproximateReceiveCount !== '1') badMessage ??= `ApproximateReceiveCount: ${JSON.stringify(m.Attributes)}`;
        await sleep(Math.random() * 10);
        return m;
      };
      const options = {
        queueUrl: url,
        handleMessage,
        batchSize: 10,
        messageAttributeNames: ['All'],
        messageSystemAttributeNames: ['ApproximateReceiveCount' as const, 'SentTimestamp' as const],
      };
      const a = consumer(options);
      const b = consumer(options);
      for (const x of [a, b]) x.c.on('message_processed', () => processed++);
      a.c.start();
      b.c.start();
      await waitFor(() => `60 messages processed (${processed} so far, errors: ${[...a.errors, ...b.errors].map((e) => e.message)})`, () => processed >= 60);
      await sleep(300); // room for a wrong second delivery to show up
      a.c.stop({ abort: true });
      b.c.stop({ abort: true });

      assert.equal(badMessage, undefined);
      assert.deepEqual([...a.errors, ...b.errors].map((e) => e.message), []);
      assert.deepEqual([...handled.keys()].sort(), [...bodies].sort());
      assert.deepEqual([...handled.entries()].filter(([, n]) => n !== 1), [], 'each message handled exactly once');
      assert.equal(processed, 60);
      assert.ok(sent.filter((n) => n === 'DeleteMessageCommand').length === 60, 'one DeleteMessage per message');
      assert.deepEqual(await counts(url), { visible: '0', notVisible: '0', delayed: '0' });
    });

    it('a handler that throws leaves the message to come back after its visibility timeout', async () => {
      const url = await queue();
      await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'flaky' }));
      const attempts: { at: number; receiveCount: string | undefined }[] = [];
      const processingErrors: string[] = [];
      const { c, errors } = consumer({
        queueUrl: url,
        visibilityTimeout: 1,
        messageSystemAttributeNames: ['ApproximateReceiveCount'],
        handleMessage: async (m) => {
          attempts.push({ at: Date.now(), receiveCount: m.Attributes?.ApproximateReceiveCount });
          if (attempts.length < 3) throw new Error(`attempt ${attempts.length} fails`);
          return m;
        },
      });
      let processed = 0;
      c.on('processing_error', (e) => processingErrors.push(e.message));
      c.on('message_processed', () => processed++);
      c.start();
      await waitFor(() => `the third attempt to succeed (${attempts.length} attempts, errors: ${errors.map((e) => e.message)})`, () => processed === 1);
      c.stop({ abort: true });

      assert.deepEqual(attempts.map((a) => a.receiveCount), ['1', '2', '3']);
      assert.equal(processingErrors.length, 2);
      assert.match(processingErrors[0]!, /attempt 1 fails/);
      for (let i = 1; i < attempts.length; i++) {
        const gap = attempts[i]!.at - attempts[i - 1]!.at;
        assert.ok(gap >= 900 && gap < 3_500, `attempt ${i + 1} came ${gap} ms after attempt ${i} (visibility timeout 1 s)`);
      }
      assert.deepEqual(await counts(url), { visible: '0', notVisible: '0', delayed: '0' });
    });

    it('the heartbeat keeps a slow message invisible past its visibility timeout', async () => {
      const url = await queue();
      await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'slow' }));
      let calls = 0;
      let processed = 0;
      const { c, errors } = consumer({
        queueUrl: url,
        visibilityTimeout: 2,
        heartbeatInterval: 1,
        messageSystemAttributeNames: ['ApproximateReceiveCount'],
        handleMessage: async (m) => {
          calls++;
          await sleep(4_500); // more than twice the visibility timeout
          return m;
        },
      });
      c.on('message_processed', () => processed++);
      c.start();
      await waitFor(() => 'the handler to start', () => calls === 1);
      // while the handler runs, nobody else can receive the message
      const probeDeadline = Date.now() + 3_800;
      while (Date.now() < probeDeadline) {
        const probe = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
        assert.equal(probe.Messages?.length ?? 0, 0, 'the message became visible while its handler was still running');
        await sleep(250);
      }
      await waitFor(() => `the slow message to be processed (errors: ${errors.map((e) => e.message)})`, () => processed === 1);
      c.stop({ abort: true });

      assert.equal(calls, 1, 'handled once');
      assert.deepEqual(errors.map((e) => e.message), []);
      const beats = sent.filter((n) => n === 'ChangeMessageVisibilityCommand').length;
      assert.ok(beats >= 3, `${beats} heartbeats (ChangeMessageVisibility) in 4.5 s`);
      assert.deepEqual(await counts(url), { visible: '0', notVisible: '0', delayed: '0' });
    });

    it('batch mode: handleMessageBatch gets up to batchSize messages and DeleteMessageBatch removes them', async () => {
      const url = await queue({ VisibilityTimeout: '30' });
      const bodies = Array.from({ length: 25 }, (_, i) => `batch-${i}`);
      await sendAll(url, bodies);
      const handled = new Map<string, number>();
      const sizes: number[] = [];
      let processed = 0;
      const { c, errors } = consumer({
        queueUrl: url,
        batchSize: 10,
        handleMessageBatch: async (messages) => {
          sizes.push(messages.length);
          for (const m of messages) handled.set(m.Body!, (handled.get(m.Body!) ?? 0) + 1);
          return messages;
        },
      });
      c.on('message_processed', () => processed++);
      c.start();
      await waitFor(() => `25 messages processed (${processed}; errors: ${errors.map((e) => e.message)})`, () => processed >= 25);
      c.stop({ abort: true });

      assert.deepEqual(errors.map((e) => e.message), []);
      assert.ok(sizes.every((n) => n >= 1 && n <= 10), `batch sizes ${sizes}`);
      assert.ok(sizes.some((n) => n > 1), `some batch has more than one message (sizes ${sizes})`);
      assert.deepEqual([...handled.keys()].sort(), [...bodies].sort());
      assert.deepEqual([...handled.entries()].filter(([, n]) => n !== 1), []);
      assert.equal(sent.filter((n) => n === 'DeleteMessageBatchCommand').length, sizes.length);
      assert.equal(sent.filter((n) => n === 'DeleteMessageCommand').length, 0);
      assert.deepEqual(await counts(url), { visible: '0', notVisible: '0', delayed: '0' });
    });

    it('batch mode: messages left unacknowledged come back; the heartbeat uses ChangeMessageVisibilityBatch', async () => {
      const url = await queue();
      await sendAll(url, ['keep-0', 'keep-1', 'keep-2', 'keep-3']);
      const seen: { body: string; receiveCount: string | undefined }[] = [];
      let processed = 0;
      let firstBatch = true;
      const { c, errors } = consumer({
        queueUrl: url,
        batchSize: 10,
        visibilityTimeout: 2,
        heartbeatInterval: 1,
        messageSystemAttributeNames: ['ApproximateReceiveCount'],
        handleMessageBatch: async (messages) => {
          for (const m of messages) seen.push({ body: m.Body!, receiveCount: m.Attributes?.ApproximateReceiveCount });
          if (firstBatch) {
            firstBatch = false;
            await sleep(2_600); // past the 2 s visibility: only the heartbeat keeps them hidden
          }
          // acknowledge the even ones on their first receive, the odd ones when they come back
          return messages.filter((m) => Number(m.Body!.slice(-1)) % 2 === 0 || m.Attributes?.ApproximateReceiveCount !== '1');
        },
      });
      c.on('message_processed', () => processed++);
      c.start();
      await waitFor(() => 'the first batch', () => seen.length > 0);
      await waitFor(() => `4 messages processed (${processed}; seen ${JSON.stringify(seen)}; errors: ${errors.map((e) => e.message)})`, () => processed >= 4, 15_000);
      c.stop({ abort: true });

      assert.deepEqual(errors.map((e) => e.message), []);
      const byBody = (b: string) => seen.filter((s) => s.body === b).map((s) => s.receiveCount);
      // batches hold what is visible when the receive claims; the first one may have fewer than 4
      for (const b of ['keep-0', 'keep-2']) assert.deepEqual(byBody(b), ['1'], `${b}: acknowledged at its first receive`);
      for (const b of ['keep-1', 'keep-3']) assert.deepEqual(byBody(b), ['1', '2'], `${b}: unacknowledged, then received again`);
      assert.ok(sent.includes('ChangeMessageVisibilityBatchCommand'), `heartbeat sent (commands: ${[...new Set(sent)]})`);
      assert.deepEqual(await counts(url), { visible: '0', notVisible: '0', delayed: '0' });
    });
  });
}
