import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sqsE2E } from '../../helpers/matrix.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

sqsE2E('SQS messages', (t) => {
  async function queue(attributes?: Record<string, string>) {
    const { sqs, sdk } = t();
    const out = await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name(), Attributes: attributes }));
    return out.QueueUrl!;
  }

  it('sends, receives and deletes a message with attributes, byte-exact digests', async () => {
    const { sqs, sdk } = t();
    const url = await queue();
    const body = 'hello "world" & <tags>\r\nline2 ünïcödé 🚀';
    const sent = await sqs.send(
      new sdk.SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        MessageAttributes: {
          s: { DataType: 'String', StringValue: 'v' },
          n: { DataType: 'Number.float', StringValue: '3.14' },
          b: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
        },
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' } },
      }),
    );
    assert.equal(sent.MD5OfMessageBody, md5(body));
    assert.match(sent.MessageId!, /^[0-9a-f-]{36}$/);
    assert.match(sent.MD5OfMessageAttributes!, /^[0-9a-f]{32}$/);
    assert.match(sent.MD5OfMessageSystemAttributes!, /^[0-9a-f]{32}$/);

    const got = await sqs.send(
      // The 3.445.0 query client predates MessageSystemAttributeNames: ask with both, as sqs-consumer does.
      new sdk.ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], AttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    assert.equal(got.Messages?.length, 1);
    const m = got.Messages![0]!;
    assert.equal(m.Body, body);
    assert.equal(m.MessageId, sent.MessageId);
    assert.equal(m.MD5OfBody, md5(body));
    assert.equal(m.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
    assert.equal(m.MessageAttributes?.s?.StringValue, 'v');
    assert.equal(m.MessageAttributes?.n?.DataType, 'Number.float');
    assert.deepEqual([...m.MessageAttributes!.b!.BinaryValue!], [0, 1, 2, 255]);
    assert.equal(m.Attributes?.ApproximateReceiveCount, '1');
    assert.equal(m.Attributes?.AWSTraceHeader, 'Root=1-5759e988-bd862e3fe1be46a994272793');
    assert.equal(m.Attributes?.SenderId, '000000000000');
    assert.ok(Math.abs(Number(m.Attributes?.SentTimestamp) - Date.now()) < 60_000);
    assert.ok(Number(m.Attributes?.ApproximateFirstReceiveTimestamp) >= Number(m.Attributes?.SentTimestamp));

    await sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    const empty = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    assert.equal(empty.Messages?.length ?? 0, 0);
  });

  it('filters message attributes by name and prefix and digests only what it returns', async () => {
    const { sqs, sdk } = t();
    const url = await queue();
    const attr = (v: string) => ({ DataType: 'String', StringValue: v });
    await sqs.send(
      new sdk.SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageAttributes: { 'a.one': attr('1'), 'a.two': attr('2'), b: attr('3') },
      }),
    );
    const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['a.*'], VisibilityTimeout: 0 }));
    assert.deepEqual(Object.keys(got.Messages![0]!.MessageAttributes!).sort(), ['a.one', 'a.two']);
    const none = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(none.Messages![0]!.MessageAttributes, undefined);
    assert.equal(none.Messages![0]!.Attributes, undefined);
  });

  it('keeps a received message invisible for its visibility timeout, and 0 makes it visible at once', async () => {
    const { sqs, sdk } = t();
    const url = await queue({ VisibilityTimeout: '30' });
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'v' }));
    const first = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(first.Messages?.length, 1);
    const again = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(again.Messages?.length ?? 0, 0);
    const attrs = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '0');
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible, '1');

    await sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.Messages![0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
    const back = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ['ApproximateReceiveCount' as never], VisibilityTimeout: 0 }));
    assert.equal(back.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
    // received with VisibilityTimeout 0: visible again at once
    const third = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    assert.equal(third.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '3');
  });

  it('a stale receipt handle does not delete the message (AWS semantics)', async () => {
    const { sqs, sdk } = t();
    const url = await queue();
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'stale' }));
    const r1 = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    const r2 = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    assert.notEqual(r1.Messages![0]!.ReceiptHandle, r2.Messages![0]!.ReceiptHandle);
    await sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: r1.Messages![0]!.ReceiptHandle! }));
    const still = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
    assert.equal(still.Messages?.length, 1);
    await sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: still.Messages![0]!.ReceiptHandle! }));
    // deleting twice with the same handle succeeds (idempotent)
    await sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: still.Messages![0]!.ReceiptHandle! }));
  });

  it('delays messages per queue and per message', async () => {
    const { sqs, sdk } = t();
    const url = await queue({ DelaySeconds: '1' });
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'queue-delay' }));
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'no-delay', DelaySeconds: 0 }));
    const attrs = await sqs.send(
      new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'] }),
    );
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessagesDelayed, '1');
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '1');
    const now = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    assert.deepEqual(now.Messages?.map((m) => m.Body), ['no-delay']);
    const started = Date.now();
    const later = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }));
    assert.deepEqual(later.Messages?.map((m) => m.Body), ['queue-delay']);
    assert.ok(Date.now() - started < 3000, 'the long poll returns when the delay ends');
  });

  it('long polling returns as soon as a message is sent', async () => {
    const { sqs, sdk } = t();
    const url = await queue();
    const started = Date.now();
    const receiving = sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
    await new Promise((r) => setTimeout(r, 200));
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'wake' }));
    const got = await receiving;
    assert.equal(got.Messages?.[0]?.Body, 'wake');
    assert.ok(Date.now() - started < 3000);
  });

  it('long polling with nothing to receive waits WaitTimeSeconds, then answers empty', async () => {
    const { sqs, sdk } = t();
    const url = await queue({ ReceiveMessageWaitTimeSeconds: '1' });
    const started = Date.now();
    const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url }));
    const elapsed = Date.now() - started;
    assert.equal(got.Messages?.length ?? 0, 0);
    assert.ok(elapsed >= 900 && elapsed < 3000, `waited ${elapsed} ms with the queue's default wait of 1 s`);
  });

  it('SendMessageBatch, ReceiveMessage of 10 and DeleteMessageBatch with partial failures', async () => {
    const { sqs, sdk } = t();
    const url = await queue({ MaximumMessageSize: '1024' });
    const sent = await sqs.send(
      new sdk.SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          ...Array.from({ length: 8 }, (_, i) => ({ Id: `ok${i}`, MessageBody: `body-${i}` })),
          { Id: 'big', MessageBody: 'x'.repeat(1025) },
          { Id: 'bad-delay', MessageBody: 'd', DelaySeconds: 901 },
        ],
      }),
    );
    assert.equal(sent.Successful?.length, 8);
    assert.deepEqual(sent.Successful!.map((s) => s.Id), Array.from({ length: 8 }, (_, i) => `ok${i}`));
    for (const s of sent.Successful!) assert.equal(s.MD5OfMessageBody, md5(`body-${s.Id!.slice(2)}`));
    const failed = Object.fromEntries(sent.Failed!.map((f) => [f.Id, f]));
    assert.equal(failed.big?.Code, 'InvalidParameterValue');
    assert.equal(failed.big?.SenderFault, true);
    assert.match(failed.big!.Message!, /Message must be shorter than 1024 bytes/);
    assert.equal(failed['bad-delay']?.Code, 'InvalidParameterValue');

    const received: { Body?: string; ReceiptHandle?: string }[] = [];
    while (received.length < 8) {
      const r = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      received.push(...(r.Messages ?? []));
    }
    assert.deepEqual(received.map((m) => m.Body).sort(), Array.from({ length: 8 }, (_, i) => `body-${i}`));

    const del = await sqs.send(
      new sdk.DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [...received.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })), { Id: 'junk', ReceiptHandle: 'garbage' }],
      }),
    );
    assert.equal(del.Successful?.length, 8);
    assert.equal(del.Failed?.[0]?.Id, 'junk');
    assert.equal(del.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid');
    const attrs = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '0');
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible, '0');
  });

  it('ChangeMessageVisibilityBatch reports each entry', async () => {
    const { sqs, sdk } = t();
    const url = await queue();
    await sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'a' }, { Id: 'b', MessageBody: 'b' }] }));
    const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    assert.equal(got.Messages?.length, 2);
    const out = await sqs.send(
      new sdk.ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'x', ReceiptHandle: got.Messages![0]!.ReceiptHandle!, VisibilityTimeout: 0 },
          { Id: 'y', ReceiptHandle: got.Messages![1]!.ReceiptHandle!, VisibilityTimeout: 43_201 },
        ],
      }),
    );
    assert.deepEqual(out.Successful?.map((s) => s.Id), ['x']);
    assert.equal(out.Failed?.[0]?.Id, 'y');
    assert.equal(out.Failed?.[0]?.Code, 'InvalidParameterValue');
    const back = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    assert.equal(back.Messages?.length, 1);
  });

  it('PurgeQueue empties the queue and is allowed once per 60 seconds', async () => {
    const { sqs, sdk } = t();
    const url = await queue();
    await sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: '1', MessageBody: '1' }, { Id: '2', MessageBody: '2' }] }));
    await sqs.send(new sdk.PurgeQueueCommand({ QueueUrl: url }));
    const attrs = await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '0');
    await assert.rejects(sqs.send(new sdk.PurgeQueueCommand({ QueueUrl: url })), (e: any) => {
      assert.equal(e.name, 'PurgeQueueInProgress');
      assert.equal(e.$metadata.httpStatusCode, 403);
      return true;
    });
  });
});
