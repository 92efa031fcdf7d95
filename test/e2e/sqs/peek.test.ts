// The admin peek, GET /_switchyard/sqs/messages (no AWS operation): a queue's messages as they
// are, with their state, while the real clients send and receive around it; a peek never counts
// as a receive and never changes visibility. On SQLite and PostgreSQL, with both SQS clients.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';

interface Peeked {
  seq: number;
  state: 'visible' | 'inFlight' | 'delayed';
  visibleAt: string;
  message: { MessageId: string; Body: string; MD5OfBody: string; Attributes?: Record<string, string>; MessageAttributes?: Record<string, { DataType: string; StringValue?: string }>; MD5OfMessageAttributes?: string; ReceiptHandle?: string };
}

sqsE2E('SQS admin peek', (t) => {
  const peek = async (queueUrl: string, query = ''): Promise<{ status: number; body: { messages: Peeked[]; next: number | null; error?: string } }> => {
    const res = await fetch(`${t().server.url}/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent(queueUrl)}${query}`);
    return { status: res.status, body: (await res.json()) as { messages: Peeked[]; next: number | null } };
  };

  it('shows visible, in-flight and delayed messages as a receive would, without receiving them', async () => {
    const { sdk, sqs } = t();
    const QueueUrl = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('peek') }))).QueueUrl!;
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: 'first' }));
    const sent = await sqs.send(
      new sdk.SendMessageCommand({ QueueUrl, MessageBody: 'second', MessageAttributes: { colour: { DataType: 'String', StringValue: 'blue' } } }),
    );
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 600 }));
    const got = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 600 }));
    assert.equal(got.Messages?.length, 1);
    const taken = got.Messages![0]!.Body;

    const first = await peek(QueueUrl);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.messages.map((m) => m.message.Body), ['first', 'second', 'later'], 'queue order');
    const byBody = new Map(first.body.messages.map((m) => [m.message.Body, m]));
    assert.equal(byBody.get(taken!)!.state, 'inFlight');
    assert.equal(byBody.get(taken!)!.message.Attributes!.ApproximateReceiveCount, '1');
    assert.match(byBody.get(taken!)!.message.Attributes!.ApproximateFirstReceiveTimestamp!, /^\d{13}$/);
    // Never received: no first receive to show (a receive would make it "now").
    assert.equal(byBody.get('later')!.message.Attributes!.ApproximateFirstReceiveTimestamp, undefined);
    assert.equal(byBody.get(taken === 'first' ? 'second' : 'first')!.state, 'visible');
    assert.equal(byBody.get('later')!.state, 'delayed');
    const second = byBody.get('second')!.message;
    assert.equal(second.MessageId, sent.MessageId);
    assert.equal(second.MD5OfBody, sent.MD5OfMessageBody);
    assert.equal(second.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
    assert.deepEqual(second.MessageAttributes?.colour, { DataType: 'String', StringValue: 'blue' });
    assert.ok(first.body.messages.every((m) => m.message.ReceiptHandle === undefined), 'a peek hands out no receipt handle');
    assert.equal(first.body.next, null);

    // Peeking changed nothing: the same again, and the visible message is still a first receive.
    assert.deepEqual((await peek(QueueUrl)).body, first.body);
    const next = await sqs.send(new sdk.ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 600, AttributeNames: ['ApproximateReceiveCount' as never] }));
    assert.equal(next.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '1');
  });

  it('pages with after and limit; FIFO messages show their group and sequence number', async () => {
    const { sdk, sqs } = t();
    const QueueUrl = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: `${t().name('peekf')}.fifo`, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } })))
      .QueueUrl!;
    for (const body of ['a', 'b', 'c']) await sqs.send(new sdk.SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'g' }));
    const page1 = await peek(QueueUrl, '&limit=2');
    assert.deepEqual(page1.body.messages.map((m) => m.message.Body), ['a', 'b']);
    assert.equal(page1.body.next, page1.body.messages[1]!.seq);
    const page2 = await peek(QueueUrl, `&limit=2&after=${page1.body.next}`);
    assert.deepEqual(page2.body.messages.map((m) => m.message.Body), ['c']);
    assert.equal(page2.body.next, null);
    const a = page1.body.messages[0]!.message.Attributes!;
    assert.equal(a.MessageGroupId, 'g');
    assert.match(a.SequenceNumber!, /^\d+$/);
  });

  it('an unknown queue is a 404 with SQS’s error name', async () => {
    const r = await peek(`${t().server.url}/000000000000/${t().name('missing')}`);
    assert.equal(r.status, 404);
    assert.equal(r.body.error, 'QueueDoesNotExist');
  });
});
