import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { errorMessage, isSqsError, SQS_CLIENTS } from '../../helpers/sqs-clients.js';

/**
 * The throughput mode's FIFO quotas (src/services/sqs/throughput.ts) through both SQS protocols.
 * The server's clock is a ManualClock that only the test moves, so "one second" is exact and no
 * test races the wall clock: every call below happens at the same instant until `advance`.
 */
const FIFO = { FifoQueue: 'true', ContentBasedDeduplication: 'true' };
const HIGH_THROUGHPUT = { ...FIFO, DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' };

function isThrottled(e: unknown): boolean {
  const error = e as { $metadata?: { httpStatusCode?: number } };
  assert.ok(isSqsError(e, 'RequestThrottled', 'RequestThrottled'), `RequestThrottled expected, got ${String(e)}`);
  assert.equal(error.$metadata?.httpStatusCode, 403);
  assert.equal(errorMessage(e), 'Request is throttled.');
  return true;
}

for (const engine of E2E_ENGINES) {
  for (const kind of SQS_CLIENTS) {
    describe(`SQS throughput mode [${engine}, ${kind.protocol}]`, () => {
      const clock = new ManualClock(Date.now());
      const sdk = kind.sdk;
      let server: TestServer;
      let sqs: ReturnType<typeof kind.client>;
      before(async () => {
        server = await startTestServer(engine, { clock }, { throughputLimits: 'true' });
        sqs = kind.client(server.url);
      });
      after(async () => {
        sqs.destroy();
        await server.close();
      });
      const create = async (name: string, attributes?: Record<string, string>) =>
        (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
      const send = (url: string, i: number) => sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}`, MessageGroupId: 'g' }));
      const batch = (url: string, tag: string) =>
        sqs.send(new sdk.SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `${tag}-${i}`, MessageGroupId: 'g' })),
        }));

      it('FIFO: 300 SendMessage in a second pass, the 301st is refused (RequestThrottled, 403); a second later sends pass again', async () => {
        const url = await create('tp-send.fifo', FIFO);
        for (let i = 0; i < 300; i++) await send(url, i);
        await assert.rejects(send(url, 300), isThrottled);
        // Other actions have their own 300: a receive still passes.
        const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
        assert.equal(got.Messages?.length, 10);
        clock.advance(999);
        await assert.rejects(send(url, 301), isThrottled, '999 ms later the 300 are still in the window');
        clock.advance(1);
        await send(url, 302);
        const attrs = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
        assert.equal(Number(attrs.Attributes!.ApproximateNumberOfMessages) + Number(attrs.Attributes!.ApproximateNumberOfMessagesNotVisible), 301, 'the refused sends stored nothing');
      });

      it('FIFO: a SendMessageBatch is one transaction, counted with SendMessage; DeleteMessageBatch with DeleteMessage', async () => {
        clock.advance(1000);
        const url = await create('tp-batch.fifo', FIFO);
        for (let i = 0; i < 298; i++) await send(url, i);
        await batch(url, 'a');
        await batch(url, 'b');
        await assert.rejects(batch(url, 'c'), isThrottled);
        await assert.rejects(send(url, 298), isThrottled);
        const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
        const entries = got.Messages!.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! }));
        for (let i = 0; i < 299; i++) await sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: got.Messages![0]!.ReceiptHandle! }));
        const deleted = await sqs.send(new sdk.DeleteMessageBatchCommand({ QueueUrl: url, Entries: entries }));
        assert.equal(deleted.Successful?.length, 10, 'the 300th delete: a batch of ten');
        await assert.rejects(sqs.send(new sdk.DeleteMessageBatchCommand({ QueueUrl: url, Entries: entries })), isThrottled);
      });

      it('a standard queue is never throttled', async () => {
        const url = await create('tp-standard');
        for (let i = 0; i < 400; i++) await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
        for (let i = 0; i < 310; i++) await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
      });

      it('high-throughput FIFO: the region\'s quota (2,400 a second outside the listed regions), not 300; one setting alone is normal FIFO', async () => {
        clock.advance(1000);
        const elsewhere = kind.client(server.url, { region: 'ca-central-1' });
        try {
          const url = await create('tp-high.fifo', HIGH_THROUGHPUT);
          const receive = () => elsewhere.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
          for (let done = 0; done < 2400; done += 100) await Promise.all(Array.from({ length: 100 }, receive));
          await assert.rejects(receive(), isThrottled);
          const half = await create('tp-half.fifo', { ...FIFO, DeduplicationScope: 'messageGroup' });
          for (let i = 0; i < 300; i++) await elsewhere.send(new sdk.ReceiveMessageCommand({ QueueUrl: half }));
          await assert.rejects(elsewhere.send(new sdk.ReceiveMessageCommand({ QueueUrl: half })), isThrottled);
        } finally {
          elsewhere.destroy();
        }
      });
    });
  }

  describe(`SQS throughput mode off [${engine}]`, () => {
    const kind = SQS_CLIENTS[0]!;
    let server: TestServer;
    let sqs: ReturnType<typeof kind.client>;
    before(async () => {
      server = await startTestServer(engine, { clock: new ManualClock(Date.now()) });
      sqs = kind.client(server.url);
    });
    after(async () => {
      sqs.destroy();
      await server.close();
    });

    it('FIFO sends past 300 in one instant all pass', async () => {
      const url = (await sqs.send(new kind.sdk.CreateQueueCommand({ QueueName: 'off.fifo', Attributes: FIFO }))).QueueUrl!;
      for (let i = 0; i < 350; i++) await sqs.send(new kind.sdk.SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}`, MessageGroupId: 'g' }));
    });
  });
}
