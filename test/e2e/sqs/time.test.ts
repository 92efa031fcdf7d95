import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { errorMessage, isSqsError, SQS_CLIENTS } from '../../helpers/sqs-clients.js';

/**
 * Rules that take minutes on AWS (retention, visibility, the 60 s purge and re-create windows),
 * checked through the real clients against a server whose clock the test moves.
 */
for (const engine of E2E_ENGINES) {
  for (const kind of SQS_CLIENTS) {
    describe(`SQS time rules [${engine}, ${kind.protocol}]`, () => {
      const clock = new ManualClock(Date.now());
      let server: TestServer;
      let sqs: ReturnType<typeof kind.client>;
      const sdk = kind.sdk;
      before(async () => {
        server = await startTestServer(engine, { clock });
        sqs = kind.client(server.url);
      });
      after(async () => {
        sqs.destroy();
        await server.close();
      });
      const create = async (name: string, attributes?: Record<string, string>) =>
        (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
      const count = async (url: string) => {
        const a = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
        return [a.Attributes!.ApproximateNumberOfMessages, a.Attributes!.ApproximateNumberOfMessagesNotVisible, a.Attributes!.ApproximateNumberOfMessagesDelayed].map(Number);
      };

      it('expires messages after MessageRetentionPeriod, also when it is shortened later', async () => {
        const url = await create('retention', { MessageRetentionPeriod: '120' });
        await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));
        clock.advance(61_000);
        await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'b' }));
        assert.deepEqual(await count(url), [2, 0, 0]);
        await sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { MessageRetentionPeriod: '60' } }));
        assert.deepEqual(await count(url), [1, 0, 0], 'a is past the new retention');
        const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
        assert.deepEqual(got.Messages?.map((m) => m.Body), ['b']);
        clock.advance(60_000);
        assert.deepEqual(await count(url), [0, 0, 0]);
        const none = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
        assert.equal(none.Messages?.length ?? 0, 0);
      });

      it('counts visible, in-flight and delayed messages correctly as time passes', async () => {
        const url = await create('counts', { VisibilityTimeout: '30' });
        await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'now' }));
        await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 100 }));
        assert.deepEqual(await count(url), [1, 0, 1]);
        await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
        assert.deepEqual(await count(url), [0, 1, 1]);
        clock.advance(30_000);
        assert.deepEqual(await count(url), [1, 0, 1], 'visibility timeout over');
        clock.advance(70_000);
        assert.deepEqual(await count(url), [2, 0, 0], 'delay over');
      });

      it('a changed visibility timeout is honoured', async () => {
        const url = await create('visibility');
        await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'm' }));
        const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
        await sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: got.Messages![0]!.ReceiptHandle!, VisibilityTimeout: 300 }));
        clock.advance(299_000);
        assert.deepEqual(await count(url), [0, 1, 0]);
        clock.advance(1_000);
        assert.deepEqual(await count(url), [1, 0, 0]);
        await assert.rejects(
          sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: got.Messages![0]!.ReceiptHandle!, VisibilityTimeout: 10 })),
          (e: any) => e.name === 'MessageNotInflight' && e.$metadata.httpStatusCode === 400,
        );
      });

      it('ChangeMessageVisibility cannot reach past 12 hours from the receive', async () => {
        const url = await create('twelve-hours', { VisibilityTimeout: '43200' });
        await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'long' }));
        const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
        const handle = got.Messages![0]!.ReceiptHandle!;
        clock.advance(11 * 3600_000);
        await assert.rejects(
          sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 7200 })),
          (e: any) => {
            assert.ok(isSqsError(e, 'InvalidParameterValueException', 'InvalidParameterValue'), String(e.name));
            assert.match(errorMessage(e), /Total VisibilityTimeout for the message is beyond the limit \[43200 seconds\]/);
            return true;
          },
        );
        await sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 3600 }));
        clock.advance(3600_000);
        assert.deepEqual(await count(url), [1, 0, 0]);
      });

      it('PurgeQueue again after 60 seconds, and re-creating a deleted queue after 60 seconds', async () => {
        const url = await create('purge');
        await sqs.send(new sdk.PurgeQueueCommand({ QueueUrl: url }));
        await assert.rejects(sqs.send(new sdk.PurgeQueueCommand({ QueueUrl: url })), (e: any) => e.name === 'PurgeQueueInProgress');
        clock.advance(60_000);
        await sqs.send(new sdk.PurgeQueueCommand({ QueueUrl: url }));

        await sqs.send(new sdk.DeleteQueueCommand({ QueueUrl: url }));
        await assert.rejects(create('purge'), (e: any) => {
          assert.equal(e.name, 'QueueDeletedRecently');
          if (kind.protocol === 'json') assert.equal(e.Code, 'AWS.SimpleQueueService.QueueDeletedRecently');
          return true;
        });
        clock.advance(60_000);
        assert.equal(await create('purge'), url);
      });
    });
  }
}
