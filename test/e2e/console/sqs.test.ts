// The console API on SQS, checked with the official SDK: a dead-letter queue redriven through the
// API (StartMessageMoveTask, ListMessageMoveTasks) gives its messages back to the source queue; a
// message sent through the API to a FIFO queue is received by the SDK; purge and delete work.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { consoleE2E, eventually } from './console-e2e.js';

consoleE2E('console API: SQS', (t) => {
  it('redrives a dead-letter queue back to its source queue', async () => {
    const { sqs, api } = t();
    const dlq = await t().queue(t().name('dlq'));
    const source = await t().queue(t().name('src'), {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
      VisibilityTimeout: '0',
    });
    for (const body of ['one', 'two']) await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: body }));
    // Received once each with no visibility timeout: the next receive moves them to the DLQ.
    await eventually('both received', async () => ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 10 }))).Messages?.length === 2 ? true : undefined));
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 10 }))).Messages, undefined);

    const sources = await api('sqs', 'ListDeadLetterSourceQueues', { QueueUrl: dlq.url });
    assert.equal(sources.status, 200);
    assert.deepEqual(sources.body.queueUrls, [source.url]);
    const dlqAttrs = await api('sqs', 'GetQueueAttributes', { QueueUrl: dlq.url, AttributeNames: ['All'] });
    assert.equal(dlqAttrs.body.Attributes.ApproximateNumberOfMessages, '2');

    const started = await api('sqs', 'StartMessageMoveTask', { SourceArn: dlq.arn });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(typeof started.body.TaskHandle, 'string');
    const task = await eventually('the move task completes', async () => {
      const { body } = await api('sqs', 'ListMessageMoveTasks', { SourceArn: dlq.arn });
      return body.Results?.[0]?.Status === 'COMPLETED' ? body.Results[0] : undefined;
    });
    assert.equal(task.ApproximateNumberOfMessagesMoved, 2);

    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    assert.deepEqual(back.Messages?.map((m) => m.Body).sort(), ['one', 'two']);
  });

  it('sends to a FIFO queue with group and deduplication ids; the SDK receives it with its attributes', async () => {
    const { sqs, api } = t();
    const fifo = await t().queue(`${t().name('f')}.fifo`, { FifoQueue: 'true' });
    const input = {
      QueueUrl: fifo.url,
      MessageBody: '<img src=x onerror=alert(1)>',
      MessageGroupId: 'g1',
      MessageDeduplicationId: 'd1',
      MessageAttributes: { colour: { DataType: 'String', StringValue: 'blue' }, raw: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2]).toString('base64') } },
    };
    const sent = await api('sqs', 'SendMessage', input);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal((await api('sqs', 'SendMessage', input)).body.MessageId, sent.body.MessageId, 'deduplicated');
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifo.url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['MessageGroupId'] }));
    assert.equal(got.Messages?.length, 1);
    const m = got.Messages![0]!;
    assert.equal(m.MessageId, sent.body.MessageId);
    assert.equal(m.Body, '<img src=x onerror=alert(1)>');
    assert.equal(m.MD5OfMessageAttributes, sent.body.MD5OfMessageAttributes);
    assert.equal(m.Attributes?.MessageGroupId, 'g1');
    assert.deepEqual([...m.MessageAttributes!.raw!.BinaryValue!], [0, 1, 2]);
  });

  it('lists queues with their counts, purges one and deletes it', async () => {
    const { sqs, api } = t();
    const q = await t().queue(t().name('p'));
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'y', DelaySeconds: 600 }));
    assert.ok((await api('sqs', 'ListQueues', {})).body.QueueUrls.includes(q.url));
    const attrs = (await api('sqs', 'GetQueueAttributes', { QueueUrl: q.url, AttributeNames: ['All'] })).body.Attributes;
    assert.equal(attrs.ApproximateNumberOfMessages, '1');
    assert.equal(attrs.ApproximateNumberOfMessagesDelayed, '1');
    assert.equal(attrs.ApproximateNumberOfMessagesNotVisible, '0');

    assert.equal((await api('sqs', 'PurgeQueue', { QueueUrl: q.url })).status, 200);
    const peek = await (await fetch(`${t().server.url}/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(q.url)}`)).json();
    assert.deepEqual(peek.messages, []);

    assert.equal((await api('sqs', 'DeleteQueue', { QueueUrl: q.url })).status, 200);
    await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: q.url.split('/').pop()! })), { name: 'QueueDoesNotExist' });
    const gone = await api('sqs', 'GetQueueAttributes', { QueueUrl: q.url });
    assert.equal(gone.status, 400);
    assert.deepEqual(gone.body, { error: { code: 'QueueDoesNotExist', message: 'The specified queue does not exist.', queryCode: 'AWS.SimpleQueueService.NonExistentQueue' } });
  });
});
