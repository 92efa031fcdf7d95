/**
 * SNS metrics through the official clients, on every engine: a topic with an SQS subscription, an
 * SQS subscription whose filter policy rejects some messages, and an HTTP subscription whose
 * endpoint fails (no retries) and dead-letters: the per-topic counters count as CloudWatch's do.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { receiveN, snsE2E } from '../../helpers/sns.js';
import { startSubscriber, type Subscriber } from '../../helpers/sns-http.js';
import { scrape, value } from './scrape.js';

let hook: Subscriber;
before(async () => {
  hook = await startSubscriber();
});
after(async () => {
  await hook.close();
});

snsE2E('SNS metrics', (t) => {
  it('counts published, delivered, filtered out by reason, failed and dead-lettered notifications per topic', async () => {
    const { sns, server, queue, sqs } = t();
    const topicName = t().name('topic');
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: topicName }))).TopicArn!;
    const all = await queue();
    const red = await queue();
    const dlq = await queue();
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: all.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: red.arn, Attributes: { FilterPolicy: '{"color":["red"]}' } }));
    const path = `/fail-${server.engineName}-${topicName}`;
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'http',
        Endpoint: `${hook.url}${path}`,
        Attributes: {
          DeliveryPolicy: JSON.stringify({ healthyRetryPolicy: { numRetries: 0, minDelayTarget: 1, maxDelayTarget: 1 } }),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }),
        },
      }),
    );
    const [confirmation] = await hook.waitFor(path, 1);
    assert.equal((await fetch(confirmation!.json.SubscribeURL)).status, 200);
    hook.respond(path, 500);

    await sns.send(new PublishCommand({ TopicArn, Message: 'no attributes' }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'blue', MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'red', MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'broken', MessageAttributes: { color: { DataType: 'String.Array', StringValue: '["red"' } } }));
    await receiveN(sqs, dlq.url, 4); // every HTTP notification failed once and went to the dead-letter queue
    assert.equal(hook.to(path).length, 5); // the confirmation and four notifications

    const samples = await scrape(server.url);
    const topic = { account_id: '000000000000', region: 'us-east-1', topic_name: topicName };
    assert.equal(value(samples, 'switchyard_sns_number_of_messages_published_total', topic), 4);
    assert.equal(value(samples, 'switchyard_sns_publish_size_bytes_count', topic), 4);
    assert.equal(value(samples, 'switchyard_sns_number_of_notifications_delivered_total', topic), 5);
    assert.equal(value(samples, 'switchyard_sns_number_of_notifications_failed_total', topic), 4);
    assert.equal(value(samples, 'switchyard_sns_number_of_notifications_redriven_to_dlq_total', topic), 4);
    assert.equal(value(samples, 'switchyard_sns_number_of_notifications_failed_to_redrive_to_dlq_total', topic), 0);
    const filtered = (reason: string) => value(samples, 'switchyard_sns_number_of_notifications_filtered_out_total', { ...topic, reason });
    assert.equal(filtered('NoMessageAttributes'), 1);
    assert.equal(filtered('MessageAttributes'), 1);
    assert.equal(filtered('InvalidAttributes'), 1);
    assert.equal(filtered('MessageBody'), 0);
    // What SNS delivered to the queues counts as sent there (AWS: messages added to a queue).
    assert.equal(value(samples, 'switchyard_sqs_number_of_messages_sent_total', { queue_name: all.url.split('/').pop()! }), 4);
    assert.equal(value(samples, 'switchyard_sqs_number_of_messages_sent_total', { queue_name: red.url.split('/').pop()! }), 1);
  });
});
