// Dead-letter queues through the real clients (JSON and query protocol, SQLite and PostgreSQL):
// RedrivePolicy moves a message after maxReceiveCount receives, keeping what it was; the policy's
// validation; RedriveAllowPolicy; ListDeadLetterSourceQueues; FIFO to FIFO keeps group order.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '@aws-sdk/client-sqs';
import { sqsE2E } from '../../helpers/matrix.js';
import { errorMessage, isSqsError } from '../../helpers/sqs-clients.js';

function sqsError(shape: string, code: string, message?: string | RegExp, status = 400) {
  return (e: any) => {
    assert.ok(isSqsError(e, shape, code), `expected ${code}, got ${e?.name} (${e?.Code ?? e?.Error?.Code}): ${errorMessage(e)}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(errorMessage(e), message);
    else if (message) assert.match(errorMessage(e), message);
    return true;
  };
}
const invalidParameterValue = (message?: string | RegExp) => sqsError('InvalidParameterValueException', 'InvalidParameterValue', message);
const queueDoesNotExist = () => sqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue');

const redrive = (deadLetterTargetArn: string | undefined, maxReceiveCount: number | string | undefined) =>
  JSON.stringify({ deadLetterTargetArn, maxReceiveCount });

sqsE2E('SQS dead-letter queues', (t) => {
  const create = async (name: string, attributes?: Record<string, string>) =>
    (await t().sqs.send(new (t().sdk.CreateQueueCommand)({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  const attributesOf = async (url: string, names: string[] = ['All']) =>
    (await t().sqs.send(new (t().sdk.GetQueueAttributesCommand)({ QueueUrl: url, AttributeNames: names as never }))).Attributes ?? {};
  const arnOf = async (url: string) => (await attributesOf(url, ['QueueArn'])).QueueArn!;
  const setAttributes = (url: string, attributes: Record<string, string>) =>
    t().sqs.send(new (t().sdk.SetQueueAttributesCommand)({ QueueUrl: url, Attributes: attributes }));
  /** One short-poll receive with every attribute; VisibilityTimeout 0 unless told otherwise. */
  const receive = async (url: string, visibility = 0) =>
    (
      await t().sqs.send(
        new (t().sdk.ReceiveMessageCommand)({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: visibility,
          AttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      )
    ).Messages ?? [];
  /** Receives (visibility 0) until a receive is empty; how often each MessageId was returned. */
  const receiveUntilEmpty = async (url: string) => {
    const times = new Map<string, number>();
    for (let round = 0; round < 20; round++) {
      const got = await receive(url);
      if (got.length === 0) return times;
      for (const m of got) times.set(m.MessageId!, (times.get(m.MessageId!) ?? 0) + 1);
    }
    assert.fail('the source queue never came back empty');
  };
  /** Receives and deletes everything (bounded); messages in delivery order. */
  const drain = async (url: string) => {
    const seen: Message[] = [];
    for (let round = 0; round < 20; round++) {
      const got = await receive(url, 60);
      if (got.length === 0) return seen;
      seen.push(...got);
      for (const m of got) await t().sqs.send(new (t().sdk.DeleteMessageCommand)({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    }
    assert.fail('the queue never came back empty');
  };
  const counts = async (url: string) => {
    const a = await attributesOf(url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']);
    return [a.ApproximateNumberOfMessages, a.ApproximateNumberOfMessagesNotVisible, a.ApproximateNumberOfMessagesDelayed].map(Number);
  };

  it('after maxReceiveCount receives, the next receive moves the message to the DLQ with its id, body, attributes and DeadLetterQueueSourceArn', async () => {
    const { sqs, sdk } = t();
    const dlq = await create(t().name('dlq'));
    const dlqArn = await arnOf(dlq);
    const source = await create(t().name('src'), { RedrivePolicy: redrive(dlqArn, 2) });
    const sourceArn = await arnOf(source);
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const withAttributes = await sqs.send(
      new sdk.SendMessageCommand({
        QueueUrl: source,
        MessageBody: 'message-1',
        MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: trace } },
      }),
    );
    const plain = await sqs.send(new sdk.SendMessageCommand({ QueueUrl: source, MessageBody: 'message-2' }));

    const before = await receive(source);
    assert.equal(before.length, 2);
    assert.ok(before.every((m) => m.Attributes?.DeadLetterQueueSourceArn === undefined));
    const sentAt = new Map(before.map((m) => [m.MessageId, m.Attributes?.SentTimestamp]));
    const times = await receiveUntilEmpty(source);
    assert.deepEqual([...times.values()], [1, 1], 'each message is returned maxReceiveCount (2) times in all, then moved');
    assert.deepEqual(await counts(source), [0, 0, 0], 'nothing is left in the source');

    const moved = await receive(dlq, 30);
    assert.equal(moved.length, 2);
    const byId = new Map(moved.map((m) => [m.MessageId, m]));
    const m1 = byId.get(withAttributes.MessageId)!;
    const m2 = byId.get(plain.MessageId)!;
    assert.ok(m1 && m2, 'the same MessageIds in the DLQ');
    assert.equal(m1.Body, 'message-1');
    assert.equal(m2.Body, 'message-2');
    assert.deepEqual(m1.MessageAttributes, { MyAttribute: { DataType: 'String', StringValue: 'foobar' } });
    assert.equal(m1.MD5OfMessageAttributes, 'adb59cd4678ea5a855436b949cd07ab6');
    assert.equal(m2.MessageAttributes, undefined);
    assert.equal(m1.Attributes?.AWSTraceHeader, trace);
    for (const m of [m1, m2]) {
      assert.equal(m.Attributes?.DeadLetterQueueSourceArn, sourceArn);
      assert.equal(m.Attributes?.SentTimestamp, sentAt.get(m.MessageId));
      // the receive count goes on: 2 in the source + this one [AWS-recorded, test_dead_letter_queue_message_attributes]
      assert.equal(m.Attributes?.ApproximateReceiveCount, '3');
    }
    assert.deepEqual(await counts(dlq), [0, 2, 0]);
  });

  it('maxReceiveCount may be a string; GetQueueAttributes returns the policy; an empty RedrivePolicy removes it', async () => {
    const dlq = await create(t().name('dlq'));
    const dlqArn = await arnOf(dlq);
    const source = await create(t().name('src'));
    await setAttributes(source, { RedrivePolicy: redrive(dlqArn, '1') });
    const policy = JSON.parse((await attributesOf(source)).RedrivePolicy!);
    assert.equal(policy.deadLetterTargetArn, dlqArn);
    assert.equal(Number(policy.maxReceiveCount), 1);
    assert.deepEqual(JSON.parse((await attributesOf(source, ['RedrivePolicy'])).RedrivePolicy!), policy);

    await t().sqs.send(new (t().sdk.SendMessageCommand)({ QueueUrl: source, MessageBody: 'once' }));
    assert.deepEqual([...(await receiveUntilEmpty(source)).values()], [1]);
    assert.deepEqual((await drain(dlq)).map((m) => m.Body), ['once']);

    // [AWS-validated, LocalStack test_set_empty_redrive_policy]
    await setAttributes(source, { RedrivePolicy: '' });
    assert.equal((await attributesOf(source)).RedrivePolicy, undefined);
    await t().sqs.send(new (t().sdk.SendMessageCommand)({ QueueUrl: source, MessageBody: 'stays' }));
    for (let i = 1; i <= 3; i++) assert.equal((await receive(source))[0]?.Attributes?.ApproximateReceiveCount, String(i), 'no policy: no move');
    assert.deepEqual(await counts(dlq), [0, 0, 0]);
  });

  it('RedrivePolicy validation: missing members, maxReceiveCount outside 1..1000, a target that does not exist', async () => {
    const dlq = await create(t().name('dlq'));
    const dlqArn = await arnOf(dlq);
    const source = await create(t().name('src'));
    const missingQueueArn = dlqArn.replace(/[^:]+$/, t().name('no-such-queue'));
    const cases: [string, RegExp][] = [
      [JSON.stringify({ maxReceiveCount: 3 }), /deadLetterTargetArn/],
      [JSON.stringify({ deadLetterTargetArn: dlqArn }), /maxReceiveCount/],
      [redrive(dlqArn, 0), /maxReceiveCount/],
      [redrive(dlqArn, 1001), /maxReceiveCount/],
      [redrive(dlqArn, '-1'), /maxReceiveCount/],
      [redrive(missingQueueArn, 3), /does not exist/i],
    ];
    for (const [policy, message] of cases) {
      await assert.rejects(setAttributes(source, { RedrivePolicy: policy }), invalidParameterValue(message), `SetQueueAttributes ${policy}`);
      const name = t().name('never');
      await assert.rejects(create(name, { RedrivePolicy: policy }), invalidParameterValue(message), `CreateQueue ${policy}`);
      await assert.rejects(t().sqs.send(new (t().sdk.GetQueueUrlCommand)({ QueueName: name })), queueDoesNotExist(), 'a rejected CreateQueue creates nothing');
    }
    assert.equal((await attributesOf(source)).RedrivePolicy, undefined, 'no rejected policy was stored');
    for (const n of [1, 1000]) {
      await setAttributes(source, { RedrivePolicy: redrive(dlqArn, n) });
      assert.equal(Number(JSON.parse((await attributesOf(source)).RedrivePolicy!).maxReceiveCount), n);
    }
  });

  it('a dead-letter queue must be of the source queue type (standard to standard, FIFO to FIFO)', async () => {
    const standardDlq = await arnOf(await create(t().name('dlq')));
    const fifoDlq = await arnOf(await create(`${t().name('dlq')}.fifo`, { FifoQueue: 'true' }));
    const standard = await create(t().name('src'));
    const fifo = await create(`${t().name('src')}.fifo`, { FifoQueue: 'true' });
    await assert.rejects(setAttributes(standard, { RedrivePolicy: redrive(fifoDlq, 3) }), invalidParameterValue());
    await assert.rejects(setAttributes(fifo, { RedrivePolicy: redrive(standardDlq, 3) }), invalidParameterValue());
    await assert.rejects(create(t().name('src'), { RedrivePolicy: redrive(fifoDlq, 3) }), invalidParameterValue());
    await assert.rejects(create(`${t().name('src')}.fifo`, { FifoQueue: 'true', RedrivePolicy: redrive(standardDlq, 3) }), invalidParameterValue());
    await setAttributes(standard, { RedrivePolicy: redrive(standardDlq, 3) });
    await setAttributes(fifo, { RedrivePolicy: redrive(fifoDlq, 3) });
  });

  it('RedriveAllowPolicy: allowAll by default, denyAll and byQueue are enforced when a source names the queue', async () => {
    const sourceA = await create(t().name('src-a'));
    const sourceB = await create(t().name('src-b'));
    const sourceAArn = await arnOf(sourceA);

    const open = await arnOf(await create(t().name('dlq-open')));
    await setAttributes(sourceB, { RedrivePolicy: redrive(open, 5) });

    const denyUrl = await create(t().name('dlq-deny'), { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'denyAll' }) });
    const deny = await arnOf(denyUrl);
    assert.deepEqual(JSON.parse((await attributesOf(denyUrl)).RedriveAllowPolicy!), { redrivePermission: 'denyAll' });
    await assert.rejects(setAttributes(sourceA, { RedrivePolicy: redrive(deny, 5) }), invalidParameterValue());
    await assert.rejects(create(t().name('src-c'), { RedrivePolicy: redrive(deny, 5) }), invalidParameterValue());

    const byQueue = { redrivePermission: 'byQueue', sourceQueueArns: [sourceAArn] };
    const pickyUrl = await create(t().name('dlq-picky'));
    await setAttributes(pickyUrl, { RedriveAllowPolicy: JSON.stringify(byQueue) });
    assert.deepEqual(JSON.parse((await attributesOf(pickyUrl, ['RedriveAllowPolicy'])).RedriveAllowPolicy!), byQueue);
    const picky = await arnOf(pickyUrl);
    await setAttributes(sourceA, { RedrivePolicy: redrive(picky, 5) });
    await assert.rejects(setAttributes(sourceB, { RedrivePolicy: redrive(picky, 5) }), invalidParameterValue());
    assert.equal(JSON.parse((await attributesOf(sourceB)).RedrivePolicy!).deadLetterTargetArn, open, 'the rejected policy changed nothing');

    const allowAllUrl = await create(t().name('dlq-all'), { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'allowAll' }) });
    await setAttributes(sourceB, { RedrivePolicy: redrive(await arnOf(allowAllUrl), 5) });

    // byQueue without sources is not a policy
    await assert.rejects(setAttributes(allowAllUrl, { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue' }) }), (e: any) =>
      isSqsError(e, 'InvalidParameterValueException', 'InvalidParameterValue') || isSqsError(e, 'InvalidAttributeValue', 'InvalidAttributeValue'),
    );
  });

  it('ListDeadLetterSourceQueues lists the queues whose RedrivePolicy names the queue, paged by MaxResults and NextToken', async () => {
    const { sqs, sdk } = t();
    const dlq = await create(t().name('dlq'));
    const dlqArn = await arnOf(dlq);
    const otherDlq = await arnOf(await create(t().name('dlq-other')));
    const sources: string[] = [];
    for (let i = 0; i < 3; i++) sources.push(await create(t().name('src'), { RedrivePolicy: redrive(dlqArn, 4) }));
    await create(t().name('unrelated'));
    await create(t().name('elsewhere'), { RedrivePolicy: redrive(otherDlq, 4) });

    const all = await sqs.send(new sdk.ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
    assert.deepEqual([...(all.queueUrls ?? [])].sort(), [...sources].sort());
    assert.equal(all.NextToken, undefined);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await sqs.send(new sdk.ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq, MaxResults: 2, NextToken: token }));
      assert.ok((page.queueUrls?.length ?? 0) <= 2);
      seen.push(...(page.queueUrls ?? []));
      token = page.NextToken;
    } while (token && ++pages < 10);
    assert.equal(pages, 1, 'three sources in pages of two: two pages');
    assert.deepEqual(seen.sort(), [...sources].sort());

    await sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: sources[0]!, Attributes: { RedrivePolicy: '' } }));
    const fewer = await sqs.send(new sdk.ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
    assert.deepEqual([...(fewer.queueUrls ?? [])].sort(), sources.slice(1).sort());

    const none = await sqs.send(new sdk.ListDeadLetterSourceQueuesCommand({ QueueUrl: sources[1]! }));
    assert.equal(none.queueUrls?.length ?? 0, 0);
    await assert.rejects(
      sqs.send(new sdk.ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.replace(/[^/]+$/, t().name('no-such-queue')) })),
      queueDoesNotExist(),
    );
  });

  it('FIFO to FIFO: moved messages keep their groups and their order; the source keeps working', async () => {
    const { sqs, sdk } = t();
    const dlq = await create(`${t().name('dlq')}.fifo`, { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const source = await create(`${t().name('src')}.fifo`, {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      RedrivePolicy: redrive(await arnOf(dlq), 1),
    });
    const sourceArn = await arnOf(source);
    for (const [body, group] of [['a1', 'A'], ['b1', 'B'], ['a2', 'A'], ['a3', 'A'], ['b2', 'B']]) {
      await sqs.send(new sdk.SendMessageCommand({ QueueUrl: source, MessageBody: body!, MessageGroupId: group! }));
    }
    const times = await receiveUntilEmpty(source);
    assert.deepEqual([...times.values()], [1, 1, 1, 1, 1], 'every message returned once, then moved');
    assert.deepEqual(await counts(source), [0, 0, 0]);

    const moved = await drain(dlq);
    const order = (group: string) => moved.filter((m) => m.Attributes?.MessageGroupId === group).map((m) => m.Body);
    assert.deepEqual(order('A'), ['a1', 'a2', 'a3']);
    assert.deepEqual(order('B'), ['b1', 'b2']);
    assert.ok(moved.every((m) => m.Attributes?.DeadLetterQueueSourceArn === sourceArn));

    // the source FIFO queue stays usable for the same group [AWS-validated, LocalStack issue 10107]
    await sqs.send(new sdk.SendMessageCommand({ QueueUrl: source, MessageBody: 'a4', MessageGroupId: 'A' }));
    const next = await receive(source);
    assert.deepEqual(next.map((m) => m.Body), ['a4']);
  });
});
