// The console API on SNS, checked with the official SDK: a message published through the API
// reaches a queue the SDK subscribed (subject, attributes, raw delivery), and the topic's
// subscriptions and their attributes are what the console shows.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { consoleE2E, eventually } from './console-e2e.js';

consoleE2E('console API: SNS', (t) => {
  it('publishes to a topic; the SDK receives it from a subscribed queue', async () => {
    const { sns, sqs, api } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('news') }))).TopicArn!;
    const q = await t().queue(t().name('inbox'));
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({
      TopicArn, Protocol: 'sqs', Endpoint: q.arn, ReturnSubscriptionArn: true,
      Attributes: { FilterPolicy: JSON.stringify({ kind: ['greeting'] }) },
    }));

    const published = await api('sns', 'Publish', {
      TopicArn, Subject: 'hi', Message: 'hello <b>world</b>',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
    });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const m = await eventually('the delivery', async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 1 }))).Messages?.[0]);
    const envelope = JSON.parse(m.Body!);
    assert.equal(envelope.MessageId, published.body.MessageId);
    assert.equal(envelope.Subject, 'hi');
    assert.equal(envelope.Message, 'hello <b>world</b>');
    assert.deepEqual(envelope.MessageAttributes.kind, { Type: 'String', Value: 'greeting' });

    const subs = await api('sns', 'ListSubscriptionsByTopic', { TopicArn });
    assert.deepEqual(subs.body.Subscriptions.map((s: any) => [s.SubscriptionArn, s.Protocol, s.Endpoint]), [[SubscriptionArn, 'sqs', q.arn]]);
    const attrs = (await api('sns', 'GetSubscriptionAttributes', { SubscriptionArn })).body.Attributes;
    assert.equal(attrs.PendingConfirmation, 'false');
    assert.equal(attrs.RawMessageDelivery, 'false');
    assert.deepEqual(JSON.parse(attrs.FilterPolicy), { kind: ['greeting'] });
    const topic = (await api('sns', 'GetTopicAttributes', { TopicArn })).body.Attributes;
    assert.equal(topic.SubscriptionsConfirmed, '1');
  });

  it('publishes to a FIFO topic with a group id', async () => {
    const { sns, sqs, api } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `${t().name('orders')}.fifo`, Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }))).TopicArn!;
    const q = await t().queue(`${t().name('o')}.fifo`, { FifoQueue: 'true' });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }));
    const missing = await api('sns', 'Publish', { TopicArn, Message: 'no group' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'InvalidParameterException');
    assert.equal((await api('sns', 'Publish', { TopicArn, Message: 'first', MessageGroupId: 'g' })).status, 200);
    const m = await eventually('the FIFO delivery', async () =>
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['MessageGroupId'] }))).Messages?.[0]);
    assert.equal(m.Body, 'first');
    assert.equal(m.Attributes?.MessageGroupId, 'g');
  });
});
