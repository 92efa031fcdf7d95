import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { receiveN, snsE2E, snsError } from '../../helpers/sns.js';

/** Receives and deletes until `count` messages came (a FIFO group is locked while a message of it is in flight). */
async function drain(sqs: SQSClient, QueueUrl: string, count: number): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + 15_000;
  while (got.length < count && Date.now() < deadline) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
    const ms = r.Messages ?? [];
    got.push(...ms);
    if (ms.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: ms.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return got;
}

snsE2E('SNS FIFO topics → SQS FIFO queues', (t) => {
  async function fifoTopic(attributes: Record<string, string> = {}) {
    return (await t().sns.send(new CreateTopicCommand({ Name: `${t().name('ft')}.fifo`, Attributes: { FifoTopic: 'true', ...attributes } }))).TopicArn!;
  }

  it('keeps each message group in publish order and carries group and dedup ids to the queue', async () => {
    const { sns, sqs } = t();
    const TopicArn = await fifoTopic();
    const queue = await t().queue(`${t().name('fq')}.fifo`, { FifoQueue: 'true' });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: { RawMessageDelivery: 'true' } }));
    const sent: string[] = [];
    let lastSeq = 0n;
    for (let i = 0; i < 30; i++) {
      const group = `g${i % 3}`;
      const body = `${group}-${i}`;
      sent.push(body);
      const r = await sns.send(new PublishCommand({ TopicArn, Message: body, MessageGroupId: group, MessageDeduplicationId: `d${i}` }));
      assert.match(r.SequenceNumber!, /^\d{20}$/);
      assert.ok(BigInt(r.SequenceNumber!) > lastSeq, 'sequence numbers grow');
      lastSeq = BigInt(r.SequenceNumber!);
    }
    await sns.send(new PublishBatchCommand({
      TopicArn,
      PublishBatchRequestEntries: [0, 1, 2].map((i) => ({ Id: `b${i}`, Message: `g0-batch${i}`, MessageGroupId: 'g0', MessageDeduplicationId: `bd${i}` })),
    }));
    sent.push('g0-batch0', 'g0-batch1', 'g0-batch2');
    const got = await drain(sqs, queue.url, sent.length);
    assert.equal(got.length, sent.length);
    for (const g of ['g0', 'g1', 'g2']) {
      assert.deepEqual(got.map((m) => m.Body!).filter((b) => b.startsWith(`${g}-`)), sent.filter((b) => b.startsWith(`${g}-`)), `order of ${g}`);
    }
    const first = got.find((m) => m.Body === 'g1-1')!;
    assert.equal(first.Attributes!.MessageGroupId, 'g1');
    assert.equal(first.Attributes!.MessageDeduplicationId, 'd1');
  });

  it('deduplicates within five minutes (explicit ids and content-based), answering the original message id', async () => {
    const { sns, sqs } = t();
    const TopicArn = await fifoTopic({ ContentBasedDeduplication: 'true' });
    const queue = await t().queue(`${t().name('fq')}.fifo`, { FifoQueue: 'true' });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    const a = await sns.send(new PublishCommand({ TopicArn, Message: 'same body', MessageGroupId: 'g' }));
    const b = await sns.send(new PublishCommand({ TopicArn, Message: 'same body', MessageGroupId: 'g' }));
    assert.equal(b.MessageId, a.MessageId);
    assert.equal(b.SequenceNumber, a.SequenceNumber);
    const c = await sns.send(new PublishCommand({ TopicArn, Message: 'same body', MessageGroupId: 'g', MessageDeduplicationId: 'explicit' }));
    assert.notEqual(c.MessageId, a.MessageId);
    const got = await drain(sqs, queue.url, 2);
    assert.equal(got.length, 2);
    const env = JSON.parse(got[0]!.Body!);
    assert.deepEqual(Object.keys(env), ['Type', 'MessageId', 'SequenceNumber', 'TopicArn', 'Message', 'Timestamp', 'UnsubscribeURL']);
    assert.equal(env.SequenceNumber, a.SequenceNumber);
    assert.deepEqual(await drain(sqs, queue.url, 1).then((x) => x.length), 0);
  });

  it('requires MessageGroupId, and a dedup id unless content-based; a FIFO topic also feeds a standard queue', async () => {
    const { sns, sqs } = t();
    const TopicArn = await fifoTopic();
    const e1 = await sns.send(new PublishCommand({ TopicArn, Message: 'm' })).then(() => assert.fail(), snsError);
    assert.equal(e1.message, 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
    const e2 = await sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageGroupId: 'g' })).then(() => assert.fail(), snsError);
    assert.equal(e2.message, 'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    const e3 = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'm', MessageDeduplicationId: 'd' }] })).then(() => assert.fail(), snsError);
    assert.deepEqual([e3.code, e3.status], ['InvalidParameter', 400]);
    const standard = await t().queue();
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: standard.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'to standard', MessageGroupId: 'g', MessageDeduplicationId: 'x' }));
    const [m] = await receiveN(sqs, standard.url, 1);
    assert.equal(m!.Body, 'to standard');
  });
});
