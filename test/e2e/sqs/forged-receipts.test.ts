import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';
import { errorMessage, isSqsError } from '../../helpers/sqs-clients.js';

/**
 * Receipt handles made up by a client, shaped like ours but with numbers no receive could have
 * issued: each is an invalid receipt handle, in every call that takes one, on both engines. A
 * receive count of 2^31 or more overflowed PostgreSQL's integer column, and the error was answered
 * 500 (found by a probe of forged handles beside the wire fuzz).
 */
sqsE2E('SQS: forged receipt handles', (t) => {
  const forge = (text: string) => Buffer.from(text).toString('base64url');

  it('are answered ReceiptHandleIsInvalid, alone or in a batch', async () => {
    const { sqs, sdk, name } = t();
    const QueueUrl = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: name() }))).QueueUrl!;
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    const invalid = (e: any) => {
      assert.ok(isSqsError(e, 'ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid'), `${e.name}: ${errorMessage(e)}`);
      return true;
    };
    for (const text of ['sy2:1:1:2147483648:0', 'sy2:1:1:9007199254740991:9007199254740991', 'sy2:1:9007199254740991:4294967296:0']) {
      const ReceiptHandle = forge(text);
      await assert.rejects(sqs.send(new sdk.DeleteMessageCommand({ QueueUrl, ReceiptHandle })), invalid, text);
      await assert.rejects(sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: 5 })), invalid, text);
      const deleted = await sqs.send(new sdk.DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', ReceiptHandle }] }));
      assert.equal(deleted.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid', text);
      const changed = await sqs.send(new sdk.ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: [{ Id: 'a', ReceiptHandle, VisibilityTimeout: 5 }] }));
      assert.equal(changed.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid', text);
    }
    // The message is untouched.
    const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl }));
    assert.equal(got.Messages?.[0]?.Body, 'x');
  });
});
