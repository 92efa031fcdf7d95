/**
 * ApproximateAgeOfOldestMessage on a manual clock, on every engine, as AWS defines it: the age of
 * the oldest message (in flight too); on a standard queue a message received three times or more
 * is left out (AWS moves such a poison pill to the back of the queue); a FIFO queue keeps it.
 * ReceiveMessage never long-polls here: long polls wait on the server's clock.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { sqsClient } from '../../helpers/sns.js';
import { scrape, value } from './scrape.js';

for (const engine of E2E_ENGINES) {
  describe(`ApproximateAgeOfOldestMessage [${engine}]`, () => {
    const clock = new ManualClock();
    let server: TestServer;
    let sqs: SQSClient;
    before(async () => {
      server = await startTestServer(engine, { clock });
      sqs = sqsClient(server.url);
    });
    after(async () => {
      sqs.destroy();
      await server.close();
    });

    const age = async (name: string) => value(await scrape(server.url), 'switchyard_sqs_approximate_age_of_oldest_message_seconds', { queue_name: name });

    for (const fifo of [false, true]) {
      it(`${fifo ? 'FIFO' : 'standard'} queue: ages with the clock, ${fifo ? 'keeps' : 'leaves out'} a message received three times`, async () => {
        const name = fifo ? 'aged.fifo' : 'aged';
        const Attributes = fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : undefined;
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }));
        const group = fifo ? { MessageGroupId: 'g' } : {};
        assert.equal(await age(name), 0); // empty
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'first', ...group }));
        clock.advance(10_000);
        assert.equal(await age(name), 10);
        for (let i = 0; i < 3; i++) {
          const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
          assert.equal(r.Messages?.[0]?.Body, 'first');
          clock.advance(1);
        }
        assert.equal(await age(name), fifo ? 10 : 0); // a standard queue's only message is a poison pill now
        clock.advance(20_000);
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'second', ...group }));
        clock.advance(60_000);
        assert.equal(await age(name), fifo ? 90 : 60);
      });
    }
  });
}
