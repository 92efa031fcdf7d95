import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateStreamCommand, KinesisClient, PutRecordCommand, PutRecordsCommand, waitUntilStreamExists } from '@aws-sdk/client-kinesis';
import { ConfigError, startSwitchyard, type KinesisSpyRecord, type SqsSpyMessage, type Switchyard } from '../../src/index.js';

/** The embedded message spy (src/runtime/spy.ts) driven through the official SDK clients. */
describe('embedded Switchyard: the message spy', () => {
  let s: Switchyard;
  let sqs: SQSClient;
  let sns: SNSClient;
  let queueUrl: string;
  before(async () => {
    s = await startSwitchyard({ spy: { bufferSize: 50 } });
    sqs = new SQSClient(s.clientConfig);
    sns = new SNSClient(s.clientConfig);
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }))).QueueUrl!;
  });
  beforeEach(() => s.spy.clear());
  after(async () => {
    sqs.destroy();
    sns.destroy();
    await s.close();
  });

  it('sees a sent message at once, with its id, body and attributes, and its deletion', async () => {
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'order 1', MessageAttributes: { kind: { DataType: 'String', StringValue: 'new' } } }));
    // Already in the buffer: resolves without waiting.
    const published = (await s.spy.waitForMessageWithId(sent.MessageId!, 'published', 100)) as SqsSpyMessage;
    assert.equal(published.service, 'sqs');
    assert.equal(published.queueName, 'orders');
    assert.equal(published.accountId, s.accountId);
    assert.equal(published.body, 'order 1');
    assert.deepEqual(published.messageAttributes, { kind: { DataType: 'String', StringValue: 'new' } });

    const consumed = s.spy.waitForMessageWithId(sent.MessageId!, 'consumed', 5000);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    assert.equal(s.spy.checkForMessage({ messageId: sent.MessageId! }, 'consumed'), undefined, 'a receive is no consumption');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: got.Messages![0]!.ReceiptHandle! }));
    assert.equal((await consumed).body, 'order 1');
    // A second delete with the same receipt deletes nothing: no second event.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: got.Messages![0]!.ReceiptHandle! }));
    assert.equal(s.spy.getAllMessages().filter((m) => m.status === 'consumed').length, 1);
  });

  it('awaits several messages, from batches, by a partial filter or a predicate', async () => {
    const waiting = s.spy.waitForMessages({ service: 'sqs', queueName: 'orders' }, { count: 3, status: 'published', timeout: 5000 });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: ['a', 'b', 'c'].map((b) => ({ Id: b, MessageBody: b })) }));
    assert.deepEqual((await waiting).map((m) => m.body).sort(), ['a', 'b', 'c']);
    const b = s.spy.checkForMessage((m) => m.body === 'b');
    assert.equal(b?.status, 'published');

    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: got.Messages!.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    assert.deepEqual((await s.spy.waitForMessages({ queueName: 'orders' }, { count: 3, status: 'consumed', timeout: 1000 })).map((m) => m.body).sort(), ['a', 'b', 'c']);
  });

  it('sees an SNS publish, its delivery into a subscribed queue, and proves a filtered-out queue got nothing', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'events' }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'wanted' }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'filtered' }));
    const arn = (name: string) => `arn:aws:sqs:${s.region}:${s.accountId}:${name}`;
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn('wanted'), Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn('filtered'), Attributes: { FilterPolicy: JSON.stringify({ kind: ['other'] }) } }));
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'paid', Subject: 'payment', MessageAttributes: { kind: { DataType: 'String', StringValue: 'paid' } } }));

    const published = await s.spy.waitForMessage({ service: 'sns', topicName: 'events' }, 'published', 1000);
    assert.deepEqual(
      { messageId: published.messageId, body: published.body, subject: (published as { subject?: string }).subject, topicArn: (published as { topicArn?: string }).topicArn },
      { messageId: MessageId, body: 'paid', subject: 'payment', topicArn: TopicArn },
    );
    const delivered = (await s.spy.waitForMessage({ service: 'sqs', queueName: 'wanted' }, 'published', 1000)) as SqsSpyMessage;
    assert.equal(delivered.body, 'paid');
    assert.deepEqual(delivered.messageAttributes, { kind: { DataType: 'String', StringValue: 'paid' } });
    await s.spy.expectNoMessage({ queueName: 'filtered' }, { within: 100 });
  });

  it('sees Kinesis records put by PutRecord and PutRecords, with shard, sequence number, key and data', async () => {
    const kinesis = new KinesisClient(s.clientConfig);
    try {
      await kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 2 }));
      await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30, minDelay: 1 }, { StreamName: 'clicks' });
      const one = await kinesis.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'user-1', Data: Buffer.from('click 1') }));
      const seen = (await s.spy.waitForMessageWithId(one.SequenceNumber!, 'put', 100)) as KinesisSpyRecord;
      assert.deepEqual(
        { streamName: seen.streamName, shardId: seen.shardId, partitionKey: seen.partitionKey, data: Buffer.from(seen.data).toString(), body: seen.body, accountId: seen.accountId, region: seen.region },
        { streamName: 'clicks', shardId: one.ShardId, partitionKey: 'user-1', data: 'click 1', body: 'click 1', accountId: s.accountId, region: s.region },
      );
      const many = await kinesis.send(new PutRecordsCommand({ StreamName: 'clicks', Records: ['a', 'b', 'c'].map((k) => ({ PartitionKey: k, Data: Buffer.from(`click ${k}`) })) }));
      const records = (await s.spy.waitForMessages({ service: 'kinesis', streamName: 'clicks' }, { count: 4, timeout: 1000 })) as KinesisSpyRecord[];
      assert.deepEqual(records.slice(1).map((r) => r.sequenceNumber), many.Records!.map((r) => r.SequenceNumber));
      assert.deepEqual(records.slice(1).map((r) => Buffer.from(r.data).toString()), ['click a', 'click b', 'click c']);
    } finally {
      kinesis.destroy();
    }
  });

  it('rejects a wait that times out (saying what it collected), an expectNoMessage that is wrong, and waits cut short by clear()', async () => {
    await assert.rejects(s.spy.waitForMessages({ queueName: 'nowhere' }, { count: 2, timeout: 50 }), /collected 0\/2/);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'here' }));
    await assert.rejects(s.spy.expectNoMessage({ body: 'here' }), /already there/);
    const during = assert.rejects(s.spy.expectNoMessage({ body: 'later' }, { within: 2000 }), /arrived during the wait/);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'later' }));
    await during;
    const pending = assert.rejects(s.spy.waitForMessage({ body: 'never' }), /cleared/);
    s.spy.clear();
    await pending;
    assert.deepEqual(s.spy.getAllMessages(), []);
  });

  it('keeps only the newest bufferSize messages', async () => {
    for (let i = 0; i < 6; i++) {
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: `m${j}`, MessageBody: `n${i * 10 + j}` })) }));
    }
    const all = s.spy.getAllMessages();
    assert.equal(all.length, 50);
    assert.equal(all[0]!.body, 'n10');
    assert.equal(all.at(-1)!.body, 'n59');
  });
});

describe('embedded Switchyard without the spy option', () => {
  it('says so when the spy is read, and checks the buffer size', async () => {
    const s = await startSwitchyard();
    try {
      assert.throws(() => s.spy, /startSwitchyard\(\{ spy: true \}\)/);
    } finally {
      await s.close();
    }
    await assert.rejects(startSwitchyard({ spy: { bufferSize: 0 } }), (e: Error) => e instanceof ConfigError && /spy buffer size/.test(e.message));
  });
});
