import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';

/**
 * Fair queues (AWS, July 2025): a standard queue whose messages carry a MessageGroupId (a tenant)
 * serves quiet tenants promptly while another floods it. The rule is in src/services/sqs/fair.ts.
 */
sqsE2E('SQS fair queues', (t) => {
  it('a quiet tenant behind a noisy tenant’s 300 messages is received within the first 2 receives; all delivered once', async () => {
    const { sqs, sdk } = t();
    const url = (await sqs.send(new sdk.CreateQueueCommand({ QueueName: t().name('fair') }))).QueueUrl!;

    const noisy: string[] = [];
    for (let b = 0; b < 30; b++) {
      const out = await sqs.send(
        new sdk.SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `noisy ${b * 10 + i}`, MessageGroupId: 'tenant-noisy' })),
        }),
      );
      assert.equal(out.Failed?.length ?? 0, 0);
      for (const s of out.Successful!) noisy.push(s.MessageId!);
    }
    const quiet: string[] = [];
    for (let i = 0; i < 5; i++) {
      const out = await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: `quiet ${i}`, MessageGroupId: 'tenant-quiet' }));
      quiet.push(out.MessageId!);
    }

    const seen = new Map<string, string | undefined>();
    const receive = async () => {
      const out = await sqs.send(
        new sdk.ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 60,
          // the 3.445.0 query client predates MessageSystemAttributeNames: ask with both
          AttributeNames: ['All'],
          MessageSystemAttributeNames: ['MessageGroupId'],
        }),
      );
      const got = out.Messages ?? [];
      for (const m of got) {
        assert.ok(!seen.has(m.MessageId!), `message ${m.MessageId} received twice`);
        seen.set(m.MessageId!, m.Attributes?.MessageGroupId);
      }
      return got;
    };

    const first = [...(await receive()), ...(await receive())];
    const quietSeen = first.filter((m) => quiet.includes(m.MessageId!));
    assert.equal(quietSeen.length, 5, `all quiet messages in the first 2 receives (got ${quietSeen.length})`);
    for (const m of quietSeen) assert.equal(m.Attributes?.MessageGroupId, 'tenant-quiet');

    // the rest: everything delivered exactly once (deleting as we go)
    for (const batch = [...first]; ; ) {
      for (let i = 0; i < batch.length; i += 10) {
        const del = await sqs.send(
          new sdk.DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: batch.slice(i, i + 10).map((m, j) => ({ Id: `d${j}`, ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
        assert.equal(del.Failed?.length ?? 0, 0);
      }
      const next = await receive();
      if (next.length === 0) break;
      batch.length = 0;
      batch.push(...next);
    }
    assert.equal(seen.size, 305);
    assert.deepEqual([...seen.keys()].sort(), [...noisy, ...quiet].sort());
    for (const id of noisy) assert.equal(seen.get(id), 'tenant-noisy');
    const attrs = await sqs.send(
      new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '0');
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible, '0');
  });
});
