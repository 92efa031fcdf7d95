// The audit log (--audit-log) through the real SNS (query) and Kinesis (JSON, HTTP/2) clients, and
// with --credentials and --enforce-policies: who called (the verified access key), another
// account's refused call (AccessDenied), a refused signature; and the embedding option.
// SQLite only: the log is written by the protocol layer, the same whatever the engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { CreateStreamCommand, DeleteStreamCommand, KinesisClient, PutRecordCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { CreateQueueCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { snsClient } from '../helpers/sns.js';
import { KINESIS_CLIENTS } from '../helpers/kinesis.js';
import { ALICE, BOB, clientConfig, startAuthServer } from './auth-keys.js';
import { auditFixture, readAudit, refusal } from './audit-log-records.js';
import { startSwitchyard } from '../../src/index.js';

describe('audit log: SNS, Kinesis, credentials', () => {
  const audit = auditFixture();

  it('SNS: topics and subscriptions are recorded with the ARNs they made; Publish only as a data event', async () => {
    const server = await audit.start();
    const sns = snsClient(server.url);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'audited', Attributes: { DisplayName: 'Audited' } }));
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:somewhere' }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'the message' }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    sns.destroy();

    const log = await audit.records();
    assert.deepEqual(log.map((r) => r.eventName), ['CreateTopic', 'Subscribe', 'Unsubscribe']);
    assert.equal(log[0]!.eventSource, 'sns.amazonaws.com');
    assert.deepEqual(log[0]!.requestParameters, { name: 'audited', attributes: { DisplayName: 'Audited' } });
    assert.deepEqual(log[0]!.responseElements, { topicArn: TopicArn });
    assert.deepEqual(log[0]!.resources, undefined);
    assert.deepEqual(log[1]!.requestParameters, { topicArn: TopicArn, protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:000000000000:somewhere' });
    assert.deepEqual(log[1]!.responseElements, { subscriptionArn: SubscriptionArn });
    assert.deepEqual(log[1]!.resources, [{ ARN: TopicArn, accountId: '000000000000', type: 'AWS::SNS::Topic' }]);
    assert.equal(log[2]!.responseElements, null);
  });

  for (const kind of KINESIS_CLIENTS) {
    it(`Kinesis [${kind.transport}]: stream management recorded, a missing stream's refusal with its code, PutRecord only with data events`, async () => {
      const server = await audit.start({ auditLogDataEvents: 'true', kinesisCreateDelayMs: '0' });
      const kinesis = kind.client(server.url);
      await kinesis.send(new CreateStreamCommand({ StreamName: 'audited', ShardCount: 1 }));
      await waitUntilStreamExists({ client: kinesis, maxWaitTime: 10, minDelay: 1 }, { StreamName: 'audited' });
      await kinesis.send(new PutRecordCommand({ StreamName: 'audited', PartitionKey: 'pk', Data: Buffer.from('record data') }));
      const e = await refusal(kinesis.send(new DeleteStreamCommand({ StreamName: 'missing' })));
      kinesis.destroy();

      const log = (await audit.records()).filter((r) => r.eventName !== 'DescribeStream');
      assert.deepEqual(log.map((r) => r.eventName), ['CreateStream', 'PutRecord', 'DeleteStream']);
      assert.equal(log[0]!.eventSource, 'kinesis.amazonaws.com');
      assert.deepEqual(log[0]!.requestParameters, { streamName: 'audited', shardCount: 1 });
      assert.equal(log[0]!.responseElements, null);
      assert.deepEqual(log[0]!.resources, [{ ARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/audited', accountId: '000000000000', type: 'AWS::Kinesis::Stream' }]);
      assert.equal(log[1]!.eventCategory, 'Data');
      assert.deepEqual(log[1]!.requestParameters, { streamName: 'audited', partitionKey: 'pk', data: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
      assert.equal(log[2]!.errorCode, 'ResourceNotFoundException');
      assert.equal(log[2]!.errorCode, e.name);
      assert.equal(log[2]!.errorMessage, e.message);
    });
  }

  it('--credentials: the verified access key and its account; a refused signature as an Unknown caller; another account refused by --enforce-policies', async () => {
    const auth = audit.adopt(await startAuthServer('sqlite', { auditLog: audit.path, enforcePolicies: 'true' }));
    const alice = new SQSClient(clientConfig(auth.url, ALICE));
    const bob = new SQSClient(clientConfig(auth.url, BOB));
    const forger = new SQSClient(clientConfig(auth.url, ALICE, 'not-the-secret'));
    const { QueueUrl } = await alice.send(new CreateQueueCommand({ QueueName: 'alices' }));
    const denied = await refusal(bob.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { DelaySeconds: '1' } })));
    const forged = await refusal(forger.send(new CreateQueueCommand({ QueueName: 'forged' })));
    for (const c of [alice, bob, forger]) c.destroy();

    const log = await audit.records();
    assert.deepEqual(log.map((r) => r.eventName), ['CreateQueue', 'SetQueueAttributes', 'CreateQueue']);
    assert.deepEqual(log[0]!.userIdentity, { type: 'Root', principalId: ALICE.accountId, arn: `arn:aws:iam::${ALICE.accountId}:root`, accountId: ALICE.accountId, accessKeyId: ALICE.accessKeyId });
    assert.equal(log[0]!.recipientAccountId, ALICE.accountId);

    assert.deepEqual(log[1]!.userIdentity, { type: 'AWSAccount', principalId: BOB.accountId, accountId: BOB.accountId, accessKeyId: BOB.accessKeyId });
    assert.equal(log[1]!.recipientAccountId, ALICE.accountId);
    assert.equal(log[1]!.errorCode, 'AccessDenied');
    assert.equal(log[1]!.errorCode, denied.Code);
    assert.match(log[1]!.errorMessage, /^User: arn:aws:iam::222222222222:root is not authorized to perform: sqs:SetQueueAttributes/i);

    assert.deepEqual(log[2]!.userIdentity, { type: 'Unknown' });
    assert.equal(log[2]!.errorCode, forged.Code);
    assert.equal(log[2]!.requestParameters, null, 'a request whose signature was refused was never decoded');
  });

  it('embedded: the auditLog option of startSwitchyard', async () => {
    const switchyard = await startSwitchyard({ auditLog: audit.path });
    const sqs = new SQSClient(switchyard.clientConfig);
    await sqs.send(new CreateQueueCommand({ QueueName: 'embedded' }));
    sqs.destroy();
    await switchyard.close();
    assert.deepEqual(readAudit(audit.path).map((r) => [r.eventName, r.requestParameters.queueName]), [['CreateQueue', 'embedded']]);
  });

  it('SNS with --credentials: the access key of a signed call; an unsigned Unsubscribe (a link in a notification) is not recorded', async () => {
    const auth = audit.adopt(await startAuthServer('sqlite', { auditLog: audit.path }));
    const sns = new SNSClient(clientConfig(auth.url, ALICE));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 't' }));
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${ALICE.accountId}:q` }));
    sns.destroy();
    const res = await fetch(`${auth.url}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(SubscriptionArn!)}`);
    await res.arrayBuffer();

    const log = await audit.records();
    assert.deepEqual(log.map((r) => r.eventName), ['CreateTopic', 'Subscribe']);
    assert.equal(log[0]!.userIdentity.accessKeyId, ALICE.accessKeyId);
  });
});
