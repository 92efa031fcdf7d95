/**
 * The embedded spy's `dlq` events (as fauxqs's spy has them): a message a receive moves to its
 * queue's dead-letter queue, named by the queue it left, with its id, body and attributes. Every
 * claim path that redrives — a standard queue, a fair one (grouped messages on a standard queue),
 * a FIFO queue — on both engines (the PostgreSQL claims report what they moved by seq).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSwitchyard, type SqsSpyMessage, type Switchyard } from '../../src/index.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';

const KINDS = [
  { kind: 'standard', fifo: false, group: undefined },
  { kind: 'fair', fifo: false, group: 'tenant-a' },
  { kind: 'FIFO', fifo: true, group: 'g' },
] as const;

for (const engine of E2E_ENGINES) {
  describe(`embedded spy: dead-lettered messages [${engine}]`, () => {
    const schema = engine === 'postgres' ? uniqueSchema('sy_spy_dlq') : undefined;
    let s: Switchyard;
    let sqs: SQSClient;
    before(async () => {
      s = await startSwitchyard({ spy: true, ...(schema ? { databaseUrl: postgresTestUrl(), databaseSchema: schema } : {}) });
      sqs = new SQSClient(s.clientConfig);
    });
    after(async () => {
      sqs.destroy();
      await s.close();
      if (schema) await dropSchema(schema);
    });

    for (const { kind, fifo, group } of KINDS) {
      it(`${kind} queue: a message received maxReceiveCount times is seen leaving for the dead-letter queue`, async () => {
        const suffix = fifo ? '.fifo' : '';
        const fifoAttributes = fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : {};
        const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${kind}-dlq${suffix}`, Attributes: fifoAttributes }))).QueueUrl!;
        const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
        const source = `${kind}-orders${suffix}`;
        const url = (await sqs.send(
          new CreateQueueCommand({ QueueName: source, Attributes: { ...fifoAttributes, RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) } }),
        )).QueueUrl!;
        const sent = await sqs.send(
          new SendMessageCommand({ QueueUrl: url, MessageBody: `poison ${kind}`, MessageGroupId: group, MessageAttributes: { kind: { DataType: 'String', StringValue: kind } } }),
        );
        const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
        assert.equal(first.Messages?.[0]?.MessageId, sent.MessageId);
        assert.equal(s.spy.checkForMessage({ messageId: sent.MessageId! }, 'dlq'), undefined, 'one receive moves nothing');
        // The second receive finds it received maxReceiveCount times: it goes to the DLQ, not to the caller.
        const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
        assert.equal(second.Messages, undefined);
        const moved = (await s.spy.waitForMessageWithId(sent.MessageId!, 'dlq', 2_000)) as SqsSpyMessage;
        assert.equal(moved.queueName, source);
        assert.equal(moved.body, `poison ${kind}`);
        assert.deepEqual(moved.messageAttributes, { kind: { DataType: 'String', StringValue: kind } });
        if (group) assert.equal(moved.messageGroupId, group);
        const inDlq = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq }));
        assert.equal(inDlq.Messages?.[0]?.MessageId, sent.MessageId);
        assert.equal(s.spy.getAllMessages().filter((m) => m.status === 'dlq').length, 1, 'told once');
        s.spy.clear();
      });
    }
  });
}
