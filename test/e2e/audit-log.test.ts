// The audit log (--audit-log) through the real SQS clients, the current JS SDK (AWS JSON 1.0) and the
// 3.445.0 query client: CloudTrail-shaped records of management calls, data events only with
// --audit-log-data-events, refusals with their error code, the console's changes.
// SQLite only: the log is written by the protocol layer, the same whatever the engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SQS_CLIENTS } from '../helpers/sqs-clients.js';
import { auditFixture, refusal } from './audit-log-records.js';

for (const kind of SQS_CLIENTS) {
  describe(`audit log: SQS [${kind.protocol}]`, () => {
    const audit = auditFixture();

    it('records management calls with CloudTrail fields; sends and receives are data events, left out by default', async () => {
      const server = await audit.start();
      const sqs = kind.client(server.url);
      const created = await sqs.send(new kind.sdk.CreateQueueCommand({ QueueName: 'audited', Attributes: { VisibilityTimeout: '45' } }));
      await sqs.send(new kind.sdk.SetQueueAttributesCommand({ QueueUrl: created.QueueUrl, Attributes: { DelaySeconds: '2' } }));
      await sqs.send(new kind.sdk.SendMessageCommand({ QueueUrl: created.QueueUrl, MessageBody: 'the body' }));
      await sqs.send(new kind.sdk.ReceiveMessageCommand({ QueueUrl: created.QueueUrl }));
      await sqs.send(new kind.sdk.GetQueueAttributesCommand({ QueueUrl: created.QueueUrl, AttributeNames: ['All'] }));
      await sqs.send(new kind.sdk.PurgeQueueCommand({ QueueUrl: created.QueueUrl }));
      sqs.destroy();

      const log = await audit.records();
      assert.deepEqual(log.map((r) => r.eventName), ['CreateQueue', 'SetQueueAttributes', 'GetQueueAttributes', 'PurgeQueue']);
      const create = log[0]!;
      assert.equal(create.eventVersion, '1.09');
      assert.equal(create.eventSource, 'sqs.amazonaws.com');
      assert.equal(create.eventType, 'AwsApiCall');
      assert.equal(create.eventCategory, 'Management');
      assert.equal(create.managementEvent, true);
      assert.equal(create.readOnly, false);
      assert.equal(create.awsRegion, 'us-east-1');
      assert.equal(create.sourceIPAddress, '127.0.0.1');
      assert.match(create.userAgent, /aws-sdk-js/);
      assert.match(create.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(create.eventID, /^[0-9a-f-]{36}$/);
      assert.equal(create.requestID, created.$metadata.requestId);
      assert.deepEqual(create.userIdentity, { type: 'Root', principalId: '000000000000', arn: 'arn:aws:iam::000000000000:root', accountId: '000000000000' });
      assert.equal(create.recipientAccountId, '000000000000');
      assert.deepEqual(create.requestParameters, { queueName: 'audited', attributes: { VisibilityTimeout: '45' } });
      assert.deepEqual(create.responseElements, { queueUrl: created.QueueUrl });
      assert.deepEqual(create.resources, [{ ARN: 'arn:aws:sqs:us-east-1:000000000000:audited', accountId: '000000000000', type: 'AWS::SQS::Queue' }]);
      assert.deepEqual(log[1]!.requestParameters, { queueUrl: created.QueueUrl, attributes: { DelaySeconds: '2' } });
      assert.equal(log[1]!.responseElements, null);
      assert.equal(log[2]!.readOnly, true);
      assert.ok(!readFileSync(audit.path, 'utf8').includes('the body'));
    });

    it('with --audit-log-data-events: sends, receives and deletes too, the message body hidden', async () => {
      const server = await audit.start({ auditLogDataEvents: 'true' });
      const sqs = kind.client(server.url);
      const { QueueUrl } = await sqs.send(new kind.sdk.CreateQueueCommand({ QueueName: 'data' }));
      await sqs.send(new kind.sdk.SendMessageCommand({ QueueUrl, MessageBody: 'the body', MessageAttributes: { a: { DataType: 'String', StringValue: 'attribute text' } } }));
      const got = await sqs.send(new kind.sdk.ReceiveMessageCommand({ QueueUrl }));
      await sqs.send(new kind.sdk.DeleteMessageCommand({ QueueUrl, ReceiptHandle: got.Messages![0]!.ReceiptHandle }));
      sqs.destroy();

      const log = await audit.records();
      assert.deepEqual(log.map((r) => [r.eventName, r.eventCategory, r.managementEvent, r.readOnly]), [
        ['CreateQueue', 'Management', true, false],
        ['SendMessage', 'Data', false, false],
        ['ReceiveMessage', 'Data', false, true],
        ['DeleteMessage', 'Data', false, false],
      ]);
      assert.deepEqual(log[1]!.requestParameters, { queueUrl: QueueUrl, messageBody: 'HIDDEN_DUE_TO_SECURITY_REASONS', messageAttributes: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
      assert.equal(log[1]!.responseElements, null);
      const text = readFileSync(audit.path, 'utf8');
      assert.ok(!text.includes('the body') && !text.includes('attribute text'));
    });

    it('a refused request is recorded with the error code the client was told and its message', async () => {
      const server = await audit.start();
      const sqs = kind.client(server.url);
      const url = `${server.url}/000000000000/nowhere`;
      const e = await refusal(sqs.send(new kind.sdk.DeleteQueueCommand({ QueueUrl: url })));
      sqs.destroy();

      const [record, ...rest] = await audit.records();
      assert.deepEqual(rest, []);
      assert.equal(record!.eventName, 'DeleteQueue');
      assert.equal(record!.errorCode, 'AWS.SimpleQueueService.NonExistentQueue');
      assert.equal(record!.errorCode, e.Code ?? e.Error?.Code);
      assert.equal(record!.errorMessage, 'The specified queue does not exist.');
      assert.equal(record!.responseElements, null);
      assert.equal(record!.requestID, e.$metadata.requestId);
    });
  });
}

describe('audit log: the console', () => {
  const audit = auditFixture();

  it("records the console's changes as the service's events marked as console calls, not its reads", async () => {
    const server = await audit.start();
    const call = (op: string, body: object) =>
      fetch(`${server.url}/_switchyard/console/api/sqs/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-switchyard-console': '1', 'user-agent': 'Mozilla/5.0 (test)' },
        body: JSON.stringify(body),
      });
    const created = (await (await call('CreateQueue', { QueueName: 'from-console' })).json()) as { QueueUrl: string };
    assert.equal((await call('ListQueues', {})).status, 200);
    assert.equal((await call('PurgeQueue', { QueueUrl: created.QueueUrl })).status, 200);
    const log = await audit.records();
    assert.deepEqual(log.map((r) => r.eventName), ['CreateQueue', 'PurgeQueue']);
    assert.equal(log[0]!.eventSource, 'sqs.amazonaws.com');
    assert.equal(log[0]!.sessionCredentialFromConsole, 'true');
    assert.equal(log[0]!.userAgent, 'Mozilla/5.0 (test)');
    assert.equal(log[0]!.sourceIPAddress, '127.0.0.1');
    assert.deepEqual(log[0]!.responseElements, { queueUrl: created.QueueUrl });
  });
});
