// SNS replay across a crash. Subscribe with a ReplayPolicy is two steps: the subscription (with its
// policy) is stored, then its replay is queued. A kill -9 between them leaves the replay Pending; the
// server must queue it when it starts again, once (src/services/sns/archive.ts resumeReplays). The
// real CLI runs as a child process (test/helpers/kill-cycle.ts): messages are archived, the process
// is SIGKILLed, the state the crash would leave is written with the engine opened directly while it
// is down (no process can be killed at that exact instant reliably), and the restarted server must
// deliver the replay to the queue.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, PublishCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { killRestartFixture } from '../../helpers/kill-cycle.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { postgresTestUrl } from '../../helpers/postgres.js';
import { snsClient, sqsClient } from '../../helpers/sns.js';
import { openEngine } from '../../../src/storage/open.js';

const MESSAGES = 12;
const GROUPS = 3;

for (const engine of E2E_ENGINES) {
  describe(`SNS replay durability: kill -9 between Subscribe's two steps [${engine}]`, () => {
    const fx = killRestartFixture(engine, {
      schemaPrefix: 'sy_sns_replay',
      dirPrefix: 'switchyard-sns-replay-',
      client: (url) => {
        const sns = snsClient(url);
        const sqs = sqsClient(url);
        return { sns, sqs, destroy: () => (sns.destroy(), sqs.destroy()) };
      },
    });

    it('the restarted server queues the Pending replay, and the queue gets the window once, per group in order', async () => {
      const { sns, sqs } = fx.client();
      const Attributes = { FifoTopic: 'true', ContentBasedDeduplication: 'true', ArchivePolicy: '{"MessageRetentionPeriod":"1"}' };
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'archived.fifo', Attributes }))).TopicArn!;
      const StartingPoint = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.BeginningArchiveTime!;
      const QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'replayed.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
      const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
      const published: { id: string; group: string }[] = [];
      for (let i = 0; i < MESSAGES; i++) {
        const group = `g${i % GROUPS}`;
        const r = await sns.send(new PublishCommand({ TopicArn, Message: `m${i}`, MessageGroupId: group }));
        published.push({ id: r.MessageId!, group });
      }
      // Subscribe's first step, committed with the server dead (killDuring runs this before the restart);
      // its second step (the replay) never ran.
      let subscriptionArn = '';
      await fx.killDuring(async (stop) => {
        while (!stop.now) await new Promise((r) => setTimeout(r, 5));
        const { options } = fx;
        const store = await openEngine(engine === 'postgres' ? { databaseUrl: postgresTestUrl(), schema: options.databaseSchema } : { dataDir: options.dataDir });
        try {
          const topic = (await store.sns.getTopic(TopicArn))!;
          const { subscription } = await store.sns.createSubscription({
            arn: `${TopicArn}:crashed-subscribe`, topicId: topic.id, topicArn: TopicArn, owner: topic.accountId, region: topic.region,
            protocol: 'sqs', endpoint: queueArn, attributes: { ReplayPolicy: JSON.stringify({ PointType: 'Timestamp', StartingPoint }) },
            pendingConfirmation: false, confirmationWasAuthenticated: true, token: null, createdAt: Date.now(),
          });
          subscriptionArn = subscription.arn;
        } finally {
          await store.close();
        }
      }, 0);
      assert.ok(subscriptionArn, 'the crash state was written');
      const { sns: sns2, sqs: sqs2 } = fx.client();
      const got: Record<string, unknown>[] = [];
      const deadline = Date.now() + 30_000;
      while (got.length < MESSAGES && Date.now() < deadline) {
        const r = await sqs2.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        for (const m of r.Messages ?? []) {
          got.push(JSON.parse(m.Body!) as Record<string, unknown>);
          await sqs2.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
        }
      }
      assert.equal(got.length, MESSAGES, 'every archived message replayed');
      assert.ok(got.every((e) => e.Replayed === true));
      for (let g = 0; g < GROUPS; g++) {
        const group = `g${g}`;
        assert.deepEqual(
          got.filter((e) => published.find((p) => p.id === e.MessageId)?.group === group).map((e) => e.MessageId),
          published.filter((p) => p.group === group).map((p) => p.id),
          `${group}: each once, in publish order`,
        );
      }
      let status: string | undefined;
      for (let i = 0; i < 100 && status !== 'Completed'; i++) {
        status = (await sns2.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }))).Attributes!.ReplayStatus;
        if (status !== 'Completed') await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(status, 'Completed');
      const more = await sqs2.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      assert.deepEqual(more.Messages ?? [], [], 'nothing twice');
    });
  });
}
