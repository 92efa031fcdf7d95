/**
 * SQS metrics through the official clients (JSON and query), on every engine: the per-queue
 * counters count what AWS's CloudWatch metrics count, and the gauges read the queue's state.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';
import { scrape, value } from './scrape.js';

sqsE2E('SQS metrics', (t) => {
  it('counts sends, receives, deletes and empty receives per queue; gauges show its state', async () => {
    const { sqs, sdk, server } = t();
    const name = t().name('metrics');
    const { QueueUrl } = await sqs.send(new sdk.CreateQueueCommand({ QueueName: name }));
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: 'one' }));
    await sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', MessageBody: 'twotwo' }, { Id: 'b', MessageBody: 'three', DelaySeconds: 600 }] }));
    const { Messages } = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }));
    assert.equal(Messages?.length, 2);
    await sqs.send(new sdk.DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle! }));
    const empty = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    assert.equal(empty.Messages, undefined);

    const samples = await scrape(server.url);
    const q = { account_id: '000000000000', queue_name: name };
    assert.equal(value(samples, 'switchyard_sqs_number_of_messages_sent_total', q), 3);
    assert.equal(value(samples, 'switchyard_sqs_number_of_messages_received_total', q), 2);
    assert.equal(value(samples, 'switchyard_sqs_number_of_messages_deleted_total', q), 1);
    assert.equal(value(samples, 'switchyard_sqs_number_of_empty_receives_total', q), 1);
    assert.equal(value(samples, 'switchyard_sqs_sent_message_size_bytes_count', q), 3);
    assert.equal(value(samples, 'switchyard_sqs_sent_message_size_bytes_sum', q), 3 + 6 + 5);
    assert.equal(value(samples, 'switchyard_sqs_sent_message_size_bytes_bucket', { ...q, le: '1024' }), 3);
    assert.equal(value(samples, 'switchyard_sqs_approximate_number_of_messages_visible', q), 0);
    assert.equal(value(samples, 'switchyard_sqs_approximate_number_of_messages_not_visible', q), 1);
    assert.equal(value(samples, 'switchyard_sqs_approximate_number_of_messages_delayed', q), 1);
    const age = value(samples, 'switchyard_sqs_approximate_age_of_oldest_message_seconds', q)!;
    assert.ok(age >= 0 && age < 60, `age ${age}`);
    const sends = { service: 'sqs', operation: 'SendMessage', outcome: 'success' };
    assert.equal(value(samples, 'switchyard_requests_total', sends), 1);
    assert.equal(value(samples, 'switchyard_request_duration_seconds_count', { service: 'sqs', operation: 'ReceiveMessage' }), 2);
  });

  it('counts errors by code, and a deleted queue leaves the gauges', async () => {
    const { sqs, sdk, server } = t();
    const name = t().name('gone');
    const { QueueUrl } = await sqs.send(new sdk.CreateQueueCommand({ QueueName: name }));
    await sqs.send(new sdk.DeleteQueueCommand({ QueueUrl }));
    await assert.rejects(sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: 'x' })));
    const samples = await scrape(server.url);
    assert.equal(value(samples, 'switchyard_requests_total', { service: 'sqs', operation: 'SendMessage', outcome: 'QueueDoesNotExist' }), 1);
    assert.equal(value(samples, 'switchyard_sqs_approximate_number_of_messages_visible', { queue_name: name }), undefined);
  });
});
