// --enforce-policies for SNS through the real clients (@aws-sdk/client-sns, @aws-sdk/client-sqs; SQLite and
// PostgreSQL): another account publishes only once the topic policy allows it; and SNS delivers to a
// queue only when the queue's policy allows sns.amazonaws.com (with aws:SourceArn the topic), even in
// the same account, as on AWS: otherwise the message goes to the subscription's dead-letter queue
// (whose policy must allow SNS too), or nowhere. Without the flag, delivery needs no queue policy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AddPermissionCommand, CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { receiveN, receiveNone, snsClient, snsError, sqsClient } from '../helpers/sns.js';

const OWNER = '000000000000';
const OTHER = '222222222222';

function otherSns(endpoint: string): SNSClient {
  return new SNSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: OTHER, secretAccessKey: 'secret' }, maxAttempts: 1 });
}

/** AWS's "Allow Amazon SNS to send messages to an Amazon SQS queue" policy, for one topic. */
const allowSns = (queueArn: string, topicArn: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': topicArn } } }],
  });

for (const engine of E2E_ENGINES) {
  describe(`SNS resource policies, enforced [${engine}]`, () => {
    let server: TestServer;
    let sns: SNSClient;
    let other: SNSClient;
    let sqs: ReturnType<typeof sqsClient>;
    let counter = 0;
    before(async () => {
      server = await startTestServer(engine, {}, { enforcePolicies: 'true' });
      sns = snsClient(server.url);
      other = otherSns(server.url);
      sqs = sqsClient(server.url);
    });
    after(async () => {
      sns.destroy();
      other.destroy();
      sqs.destroy();
      await server.close();
    });
    const name = (prefix: string) => `${prefix}-${++counter}`;
    const topic = async () => (await sns.send(new CreateTopicCommand({ Name: name('topic') }))).TopicArn!;
    const queue = async (policy?: (arn: string) => string) => {
      const queueName = name('queue');
      const arn = `arn:aws:sqs:us-east-1:${OWNER}:${queueName}`;
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: policy ? { Policy: policy(arn) } : undefined }))).QueueUrl!;
      return { url, arn };
    };
    const subscribe = (topicArn: string, queueArn: string, dlqArn?: string) =>
      sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queueArn,
          Attributes: { RawMessageDelivery: 'true', ...(dlqArn ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn }) } : {}) },
        }),
      );

    it('another account is refused Publish by the default topic policy (AuthorizationError, AWS words) until AddPermission', async () => {
      const topicArn = await topic();
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'owner' }));
      const e = await other.send(new PublishCommand({ TopicArn: topicArn, Message: 'other' })).catch((x: unknown) => x);
      assert.deepEqual(snsError(e), {
        name: 'AuthorizationErrorException',
        code: 'AuthorizationError',
        status: 403,
        message: `User: arn:aws:iam::${OTHER}:root is not authorized to perform: SNS:Publish on resource: ${topicArn} because no resource-based policy allows the SNS:Publish action`,
      });
      await sns.send(new AddPermissionCommand({ TopicArn: topicArn, Label: 'other-publishes', AWSAccountId: [OTHER], ActionName: ['Publish'] }));
      await other.send(new PublishCommand({ TopicArn: topicArn, Message: 'other' }));
      // Publish was granted, Subscribe was not.
      const sub = await other.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:222222222222:q' })).catch((x: unknown) => x);
      assert.equal(snsError(sub).code, 'AuthorizationError');
      assert.match(snsError(sub).message, /perform: SNS:Subscribe on resource/);
    });

    it('SNS → SQS in the same account: nothing arrives while the queue policy does not allow sns.amazonaws.com; the documented policy lets it in', async () => {
      const topicArn = await topic();
      const q = await queue();
      await subscribe(topicArn, q.arn);
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'refused' }));
      assert.deepEqual(await receiveNone(sqs, q.url), []);
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: allowSns(q.arn, topicArn) } }));
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'allowed' }));
      const got = await receiveN(sqs, q.url, 1);
      assert.deepEqual(got.map((m) => m.Body), ['allowed']);
    });

    it('a policy for another topic (aws:SourceArn) does not let this topic in; the subscription DLQ, allowing SNS, gets the message', async () => {
      const topicArn = await topic();
      const otherTopicArn = await topic();
      const q = await queue((arn) => allowSns(arn, otherTopicArn));
      const dlq = await queue((arn) => allowSns(arn, topicArn));
      await subscribe(topicArn, q.arn, dlq.arn);
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'to the dlq' }));
      const dead = await receiveN(sqs, dlq.url, 1);
      assert.deepEqual(dead.map((m) => m.Body), ['to the dlq']);
      assert.deepEqual(await receiveNone(sqs, q.url, 1_000), []);
    });

    it('a DLQ whose policy does not allow SNS gets nothing either (the message is dropped, as on AWS)', async () => {
      const topicArn = await topic();
      const q = await queue();
      const dlq = await queue();
      await subscribe(topicArn, q.arn, dlq.arn);
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'lost' }));
      assert.deepEqual(await receiveNone(sqs, dlq.url), []);
      assert.deepEqual(await receiveNone(sqs, q.url, 1_000), []);
    });

    it('the older policy form, Principal AWS:* with ArnLike aws:SourceArn, lets the topic deliver', async () => {
      const topicArn = await topic();
      const q = await queue((arn) =>
        JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SQS:SendMessage', Resource: arn, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${OWNER}:*` } } }] }),
      );
      await subscribe(topicArn, q.arn);
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'legacy' }));
      assert.deepEqual((await receiveN(sqs, q.url, 1)).map((m) => m.Body), ['legacy']);
    });
  });
}

describe('SNS resource policies, not enforced (the default)', () => {
  it('delivers to a queue without a policy and lets another account publish', async () => {
    const server = await startTestServer(E2E_ENGINES[0]);
    const sns = snsClient(server.url);
    const other = otherSns(server.url);
    const sqs = sqsClient(server.url);
    try {
      const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'open' }))).TopicArn!;
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'open' }))).QueueUrl!;
      await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${OWNER}:open`, Attributes: { RawMessageDelivery: 'true' } }));
      await other.send(new PublishCommand({ TopicArn: topicArn, Message: 'open' }));
      assert.deepEqual((await receiveN(sqs, url, 1)).map((m) => m.Body), ['open']);
    } finally {
      sns.destroy();
      other.destroy();
      sqs.destroy();
      await server.close();
    }
  });
});
