/** The SQS event a trigger invokes its function with, and what the function's answer deletes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchResult } from './batch-result.js';
import { sqsEvent } from './event.js';

const ARN = 'arn:aws:sqs:us-east-2:123456789012:my-queue';

describe('SQS trigger event', () => {
  it("a standard queue's message: AWS's example event, key for key and in its order", () => {
    const event = sqsEvent(
      [
        {
          MessageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
          ReceiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
          MD5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
          Body: 'Test message.',
          // As ReceiveMessage gives them (AttributeNames All): in its own order.
          Attributes: { SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: '1545082649185', ApproximateReceiveCount: '1', SentTimestamp: '1545082649183' },
        },
      ],
      ARN,
      'us-east-2',
    );
    assert.equal(
      JSON.stringify(event),
      JSON.stringify({
        Records: [
          {
            messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
            receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
            body: 'Test message.',
            attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183', SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: '1545082649185' },
            messageAttributes: {},
            md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
            eventSource: 'aws:sqs',
            eventSourceARN: ARN,
            awsRegion: 'us-east-2',
          },
        ],
      }),
    );
  });

  it("a FIFO queue's message: SequenceNumber, MessageGroupId, MessageDeduplicationId; attributes in Lambda's casing, binary as base64", () => {
    const [record] = sqsEvent(
      [
        {
          MessageId: 'm1',
          ReceiptHandle: 'r1',
          MD5OfBody: 'x',
          Body: 'b',
          Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1', SenderId: 'S', ApproximateFirstReceiveTimestamp: '2', SequenceNumber: '18849496460467696128', MessageGroupId: 'g', MessageDeduplicationId: 'd', AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793' },
          MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' }, n: { DataType: 'Number.int', StringValue: '7' }, blob: { DataType: 'Binary', BinaryValue: Buffer.from('1100') } },
          MD5OfMessageAttributes: 'abc',
        },
      ],
      'arn:aws:sqs:us-east-2:123456789012:fifo.fifo',
      'us-east-2',
    ).Records;
    assert.deepEqual(Object.keys(record!.attributes), ['ApproximateReceiveCount', 'SentTimestamp', 'SequenceNumber', 'MessageGroupId', 'SenderId', 'MessageDeduplicationId', 'ApproximateFirstReceiveTimestamp', 'AWSTraceHeader']);
    assert.deepEqual(record!.messageAttributes, {
      color: { stringValue: 'blue', stringListValues: [], binaryListValues: [], dataType: 'String' },
      n: { stringValue: '7', stringListValues: [], binaryListValues: [], dataType: 'Number.int' },
      blob: { binaryValue: 'MTEwMA==', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    });
    assert.equal(record!.md5OfMessageAttributes, 'abc');
    assert.equal(record!.eventSourceARN, 'arn:aws:sqs:us-east-2:123456789012:fifo.fifo');
  });
});

describe('SQS trigger: what the answer deletes', () => {
  const ids = ['a', 'b', 'c'];
  const ok = (body: string) => ({ status: 200, body });

  it('200: the batch succeeded; without ReportBatchItemFailures its answer is not read', () => {
    assert.deepEqual(batchResult(ok('null'), ids, false), { ok: true, failedIds: new Set() });
    assert.deepEqual(batchResult(ok('{"batchItemFailures":[{"itemIdentifier":"a"}]}'), ids, false), { ok: true, failedIds: new Set() });
    assert.deepEqual(batchResult({ status: 202, body: '' }, ids, false), { ok: true, failedIds: new Set() });
  });

  it('a message attribute named __proto__ is an entry of messageAttributes (an assignment lost it)', () => {
    const attributes = {};
    Object.defineProperty(attributes, '__proto__', { value: { DataType: 'String', StringValue: 'p' }, enumerable: true });
    const event = sqsEvent([{ MessageId: 'm', ReceiptHandle: 'r', MD5OfBody: 'x', Body: 'b', MessageAttributes: attributes }], ARN, 'us-east-2');
    assert.equal(JSON.stringify(event.Records[0]!.messageAttributes), '{"__proto__":{"stringValue":"p","stringListValues":[],"binaryListValues":[],"dataType":"String"}}');
  });

  it('ReportBatchItemFailures: the named messages stay; empty or null lists and responses are complete success', () => {
    assert.deepEqual(batchResult(ok('{"batchItemFailures":[{"itemIdentifier":"b"},{"itemIdentifier":"c"}]}'), ids, true), { ok: true, failedIds: new Set(['b', 'c']) });
    for (const body of ['', 'null', '{}', '{"batchItemFailures":[]}', '{"batchItemFailures":null}', '"done"', '{"statusCode":200}']) {
      assert.deepEqual(batchResult(ok(body), ids, true), { ok: true, failedIds: new Set() }, body);
    }
  });

  it('ReportBatchItemFailures: invalid JSON, an empty, null, misnamed or unknown itemIdentifier fail the whole batch', () => {
    for (const body of ['{"batchItemFailures":', '{"batchItemFailures":[{"itemIdentifier":""}]}', '{"batchItemFailures":[{"itemIdentifier":null}]}', '{"batchItemFailures":[{"id":"a"}]}', '{"batchItemFailures":[{"itemIdentifier":"zzz"}]}', '{"batchItemFailures":"a"}']) {
      const r = batchResult(ok(body), ids, true);
      assert.equal(r.ok, false, body);
      assert.equal(!r.ok && r.functionError, true, body);
    }
  });

  it('an item nested thousands deep fails the batch with a short reason, never a RangeError', () => {
    const deep = `{"batchItemFailures":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`;
    assert.deepEqual(batchResult(ok(deep), ids, true), { ok: false, functionError: true, reason: 'batchItemFailures names (a value nested too deeply to show), which is no message of the batch: the whole batch failed' });
  });

  it('a function error (X-Amz-Function-Error) or an HTTP error: nothing is deleted', () => {
    const thrown = batchResult({ status: 200, functionError: 'Unhandled', body: '{"errorMessage":"boom","errorType":"Error"}' }, ids, true);
    assert.deepEqual(thrown, { ok: false, functionError: true, reason: 'the function failed (X-Amz-Function-Error: Unhandled): {"errorMessage":"boom","errorType":"Error"}' });
    const missing = batchResult({ status: 404, errorType: 'ResourceNotFoundException', body: '{"message":"Function not found"}' }, ids, false);
    assert.deepEqual(missing, { ok: false, functionError: false, reason: 'Lambda answered HTTP 404 ResourceNotFoundException: {"message":"Function not found"}' });
  });
});
