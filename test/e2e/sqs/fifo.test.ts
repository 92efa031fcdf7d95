// FIFO queues through the real clients (JSON and query protocol, SQLite and PostgreSQL): queue type
// rules, send validation, deduplication (by id, by content, per queue or per group, for 5 minutes),
// sequence numbers, strict order and one-in-flight-per-group delivery, batches, ReceiveRequestAttemptId.
// Time-dependent rules run on a ManualClock the test moves (no sleeping), so no receive here waits:
// a long poll would only end when the test moved the clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { SQS_CLIENTS, errorMessage, isSqsError } from '../../helpers/sqs-clients.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const DEDUP_WINDOW_MS = 5 * 60_000;

/** A rejection check: the error is `code` (shape or query code, as either client names it), HTTP `status`, and the message. */
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
const missingParameter = (message?: string | RegExp) => sqsError('MissingRequiredParameterException', 'MissingParameter', message);
const invalidAttributeName = (message?: string | RegExp) => sqsError('InvalidAttributeName', 'InvalidAttributeName', message);
const invalidAttributeValue = (message?: string | RegExp) => sqsError('InvalidAttributeValue', 'InvalidAttributeValue', message);

const bodies = (messages: readonly Message[]) => messages.map((m) => m.Body);

for (const engine of E2E_ENGINES) {
  for (const kind of SQS_CLIENTS) {
    describe(`SQS FIFO queues [${engine}, ${kind.protocol}]`, () => {
      const clock = new ManualClock(Date.now());
      const sdk = kind.sdk;
      let server: TestServer;
      let sqs: ReturnType<typeof kind.client>;
      let counter = 0;
      const name = (prefix = 'f') => `${prefix}-${kind.protocol}-${++counter}`;

      before(async () => {
        server = await startTestServer(engine, { clock });
        sqs = kind.client(server.url);
      });
      after(async () => {
        sqs?.destroy();
        await server?.close();
      });

      const create = async (queueName: string, attributes?: Record<string, string>) =>
        (await sqs.send(new sdk.CreateQueueCommand({ QueueName: queueName, Attributes: attributes }))).QueueUrl!;
      const fifo = (attributes: Record<string, string> = {}) => create(`${name()}.fifo`, { FifoQueue: 'true', ...attributes });
      const attributesOf = async (url: string, names: string[] = ['All']) =>
        (await sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names as never }))).Attributes ?? {};
      const send = (url: string, body: string, group?: string, dedup?: string) =>
        sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup }));
      /** One receive, never waiting; all system attributes (both parameter names: the 3.445 client only knows AttributeNames). */
      const receive = async (url: string, max = 10, extra: { VisibilityTimeout?: number; ReceiveRequestAttemptId?: string } = {}) =>
        (
          await sqs.send(
            new sdk.ReceiveMessageCommand({
              QueueUrl: url,
              MaxNumberOfMessages: max,
              WaitTimeSeconds: 0,
              AttributeNames: ['All'],
              MessageSystemAttributeNames: ['All'],
              ...extra,
            }),
          )
        ).Messages ?? [];
      const remove = (url: string, m: Message) => sqs.send(new sdk.DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
      /** Receives and deletes until a receive comes back empty (bounded); returns the bodies in delivery order. */
      const drain = async (url: string) => {
        const seen: (string | undefined)[] = [];
        for (let round = 0; round < 50; round++) {
          const got = await receive(url, 10);
          if (got.length === 0) return seen;
          seen.push(...bodies(got));
          for (const m of got) await remove(url, m);
        }
        assert.fail(`the queue did not drain in 50 receives (${seen.length} messages so far)`);
      };

      it('creates a FIFO queue only with a .fifo name and FifoQueue=true; All lists the FIFO attributes with their defaults', async () => {
        const queueName = `${name('type')}.fifo`;
        const url = await create(queueName, { FifoQueue: 'true' });
        assert.equal(url, `${server.url}/000000000000/${queueName}`);
        const a = await attributesOf(url);
        assert.equal(a.FifoQueue, 'true');
        assert.equal(a.ContentBasedDeduplication, 'false');
        assert.equal(a.DeduplicationScope, 'queue');
        assert.equal(a.FifoThroughputLimit, 'perQueue');
        assert.equal(a.QueueArn, `arn:aws:sqs:us-east-1:000000000000:${queueName}`);
        // the attributes can be asked for by name
        assert.deepEqual(await attributesOf(url, ['FifoQueue', 'DeduplicationScope']), { FifoQueue: 'true', DeduplicationScope: 'queue' });

        // a .fifo name without FifoQueue=true, and FifoQueue=true without the suffix
        await assert.rejects(create(`${name('nosuffix')}.fifo`), invalidParameterValue());
        await assert.rejects(create(`${name('nosuffix')}.fifo`, { FifoQueue: 'false' }), (e: any) =>
          isSqsError(e, 'InvalidParameterValueException', 'InvalidParameterValue') || isSqsError(e, 'InvalidAttributeName', 'InvalidAttributeName'),
        );
        await assert.rejects(create(name('plain'), { FifoQueue: 'true' }), invalidParameterValue());
        // 80 characters at most, the suffix included
        assert.ok(await create(`${'n'.repeat(75)}.fifo`, { FifoQueue: 'true' }));
        await assert.rejects(create(`${'n'.repeat(76)}.fifo`, { FifoQueue: 'true' }), invalidParameterValue());

        // CreateQueue again: idempotent with the same attributes, QueueAlreadyExists with another [AWS-recorded]
        assert.equal(await create(queueName, { FifoQueue: 'true' }), url);
        await assert.rejects(
          create(queueName, { FifoQueue: 'true', ContentBasedDeduplication: 'true' }),
          sqsError('QueueNameExists', 'QueueAlreadyExists', 'A queue already exists with the same name and a different value for attribute ContentBasedDeduplication'),
        );
      });

      it('GetQueueAttributes All on a FIFO queue lists exactly the attributes AWS lists [AWS-recorded]', async () => {
        const a = await attributesOf(await fifo());
        // The exact set AWS returns for a new FIFO queue [AWS-recorded, LocalStack test_fifo_set_content_based_deduplication_strategy].
        assert.deepEqual(Object.keys(a).sort(), [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesDelayed',
          'ApproximateNumberOfMessagesNotVisible',
          'ContentBasedDeduplication',
          'CreatedTimestamp',
          'DeduplicationScope',
          'DelaySeconds',
          'FifoQueue',
          'FifoThroughputLimit',
          'LastModifiedTimestamp',
          'MaximumMessageSize',
          'MessageRetentionPeriod',
          'QueueArn',
          'ReceiveMessageWaitTimeSeconds',
          'SqsManagedSseEnabled',
          'VisibilityTimeout',
        ]);
      });

      it('FIFO-only attributes are unknown on standard queues; a FIFO queue stays FIFO [AWS-recorded]', async () => {
        const plain = name('plain');
        await assert.rejects(create(plain, { ContentBasedDeduplication: 'false' }), invalidAttributeName('Unknown Attribute ContentBasedDeduplication.'));
        await assert.rejects(
          create(plain, { DeduplicationScope: 'queue' }),
          invalidAttributeName('You can specify the DeduplicationScope only when FifoQueue is set to true.'),
        );
        await assert.rejects(
          create(plain, { FifoThroughputLimit: 'perQueue' }),
          invalidAttributeName('You can specify the FifoThroughputLimit only when FifoQueue is set to true.'),
        );

        const standard = await create(plain);
        await assert.rejects(
          sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: standard, Attributes: { ContentBasedDeduplication: 'true' } })),
          invalidAttributeName(),
        );
        await assert.rejects(attributesOf(standard, ['ContentBasedDeduplication']), invalidAttributeName('Unknown Attribute ContentBasedDeduplication.'));
        assert.equal((await attributesOf(standard)).FifoQueue, undefined);

        const url = await fifo();
        await sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoQueue: 'true' } }));
        await assert.rejects(
          sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoQueue: 'false' } })),
          invalidAttributeValue('Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.'),
        );
        assert.equal((await attributesOf(url, ['FifoQueue'])).FifoQueue, 'true');
        // the other FIFO attributes can change [AWS-recorded: ContentBasedDeduplication, high throughput after creation]
        await sqs.send(
          new sdk.SetQueueAttributesCommand({
            QueueUrl: url,
            Attributes: { ContentBasedDeduplication: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' },
          }),
        );
        assert.deepEqual(await attributesOf(url, ['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']), {
          ContentBasedDeduplication: 'true',
          DeduplicationScope: 'messageGroup',
          FifoThroughputLimit: 'perMessageGroupId',
        });
        await assert.rejects(
          sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DeduplicationScope: 'group' } })),
          invalidAttributeValue(/DeduplicationScope/),
        );
      });

      it('FifoQueue itself is an unknown attribute of standard queues, whatever its value [AWS-recorded]', async () => {
        const plain = name('plain');
        await assert.rejects(create(plain, { FifoQueue: 'false' }), invalidAttributeName('Unknown Attribute FifoQueue.'), 'CreateQueue standard, FifoQueue=false');
        const standard = await create(plain);
        for (const value of ['true', 'false']) {
          await assert.rejects(
            sqs.send(new sdk.SetQueueAttributesCommand({ QueueUrl: standard, Attributes: { FifoQueue: value } })),
            invalidAttributeName('Unknown Attribute FifoQueue.'),
            `SetQueueAttributes FifoQueue=${value} on a standard queue`,
          );
        }
      });

      it('SendMessage on a FIFO queue: group required, dedup id or content-based deduplication required, no per-message delay [AWS-recorded]', async () => {
        const url = await fifo();
        await assert.rejects(send(url, 'no group', undefined, 'd1'), missingParameter('The request must contain the parameter MessageGroupId.'));
        await assert.rejects(
          send(url, 'no dedup', 'g'),
          invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly'),
        );
        await assert.rejects(
          sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'delayed', MessageGroupId: 'g', MessageDeduplicationId: 'd2', DelaySeconds: 2 })),
          invalidParameterValue('Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.'),
        );
        const reason = 'can only include alphanumeric and punctuation characters. 1 to 128 in length.';
        await assert.rejects(
          send(url, 'x', 'group 123', 'd3'),
          invalidParameterValue(`Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId ${reason}`),
        );
        await assert.rejects(
          send(url, 'x', 'g', 'group 123'),
          invalidParameterValue(`Value group 123 for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId ${reason}`),
        );
        const long = 'a'.repeat(129);
        await assert.rejects(send(url, 'x', 'g', long), invalidParameterValue(`Value ${long} for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId ${reason}`));
        await assert.rejects(send(url, 'x', long, 'd4'), invalidParameterValue(`Value ${long} for parameter MessageGroupId is invalid. Reason: MessageGroupId ${reason}`));
        // 128 characters of punctuation are fine; DelaySeconds 0 is allowed [AWS-validated]
        const punct = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.repeat(4);
        await send(url, 'punctuation', punct, punct);
        await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'zero delay', MessageGroupId: 'g', MessageDeduplicationId: 'd5', DelaySeconds: 0 }));
        assert.deepEqual((await drain(url)).sort(), ['punctuation', 'zero delay']);
      });

      it('SendMessageBatch on a FIFO queue: an entry without a group or a dedup id fails the whole request [AWS-recorded]', async () => {
        const url = await fifo();
        await assert.rejects(
          sqs.send(
            new sdk.SendMessageBatchCommand({
              QueueUrl: url,
              Entries: [
                { Id: 'ok', MessageBody: 'ok', MessageGroupId: 'g', MessageDeduplicationId: 'd1' },
                { Id: 'nogroup', MessageBody: 'no group', MessageDeduplicationId: 'd2' },
              ],
            }),
          ),
          invalidParameterValue('The request must contain the parameter MessageGroupId.'),
          'a batch entry without MessageGroupId',
        );
        await assert.rejects(
          sqs.send(
            new sdk.SendMessageBatchCommand({
              QueueUrl: url,
              Entries: [
                { Id: 'ok', MessageBody: 'ok', MessageGroupId: 'g', MessageDeduplicationId: 'd1' },
                { Id: 'nodedup', MessageBody: 'no dedup', MessageGroupId: 'g' },
              ],
            }),
          ),
          invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly'),
          'a batch entry without MessageDeduplicationId',
        );
        assert.deepEqual(await drain(url), [], 'nothing of a rejected batch was stored');
      });

      it('standard queues: MessageDeduplicationId is rejected, MessageGroupId is accepted and returned; no SequenceNumber', async () => {
        const url = await create(name('std'));
        await assert.rejects(send(url, 'x', undefined, 'd1'), invalidParameterValue(/MessageDeduplicationId/));
        await assert.rejects(
          send(url, 'x', 'group 123'),
          invalidParameterValue('Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.'),
        );
        const sent = await send(url, 'fair', 'tenant-1');
        assert.equal(sent.SequenceNumber, undefined);
        const [m] = await receive(url, 1);
        assert.equal(m?.MessageId, sent.MessageId);
        assert.equal(m?.Attributes?.MessageGroupId, 'tenant-1');
        // the exact set AWS returns for a fair-queue message [AWS-recorded, test_fair_queue_with_message_group_id]
        assert.deepEqual(Object.keys(m!.Attributes!).sort(), ['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'MessageGroupId', 'SenderId', 'SentTimestamp']);
      });

      it('SequenceNumber: numeric, increasing per queue, the same on receive; received messages carry group and dedup ids', async () => {
        const url = await fifo();
        const sent = [];
        for (let i = 0; i < 4; i++) sent.push(await send(url, `m${i}`, `g${i % 2}`, `d${i}`));
        for (const s of sent) assert.match(s.SequenceNumber!, /^\d{1,40}$/);
        for (let i = 1; i < sent.length; i++) {
          assert.ok(BigInt(sent[i]!.SequenceNumber!) > BigInt(sent[i - 1]!.SequenceNumber!), `sequence numbers increase: ${sent.map((s) => s.SequenceNumber)}`);
        }
        const got = await receive(url, 10);
        assert.equal(got.length, 4);
        const byBody = new Map(got.map((m) => [m.Body, m]));
        for (let i = 0; i < 4; i++) {
          const m = byBody.get(`m${i}`)!;
          assert.equal(m.MessageId, sent[i]!.MessageId);
          assert.equal(m.Attributes?.SequenceNumber, sent[i]!.SequenceNumber);
          assert.equal(m.Attributes?.MessageGroupId, `g${i % 2}`);
          assert.equal(m.Attributes?.MessageDeduplicationId, `d${i}`);
          assert.equal(m.Attributes?.ApproximateReceiveCount, '1');
          // the exact set AWS returns for a FIFO message [AWS-recorded, test_fifo_message_attributes]
          assert.deepEqual(Object.keys(m.Attributes!).sort(), [
            'ApproximateFirstReceiveTimestamp',
            'ApproximateReceiveCount',
            'MessageDeduplicationId',
            'MessageGroupId',
            'SenderId',
            'SentTimestamp',
            'SequenceNumber',
          ]);
        }
        // asked for by name (g0 and g1 are in flight: only the new group has something to hand out)
        const fifth = await send(url, 'm4', 'g9', 'd4');
        const only = await sqs.send(
          new sdk.ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, AttributeNames: ['SequenceNumber' as never], MessageSystemAttributeNames: ['SequenceNumber'] }),
        );
        assert.deepEqual(bodies(only.Messages ?? []), ['m4']);
        assert.deepEqual(only.Messages![0]!.Attributes, { SequenceNumber: fifth.SequenceNumber });
      });

      it('deduplicates by MessageDeduplicationId for 5 minutes: the duplicate is acknowledged with the original MessageId and SequenceNumber, and not delivered', async () => {
        const url = await fifo();
        const first = await send(url, 'first', 'g', 'dedup-1');
        const again = await send(url, 'second, different body', 'g', 'dedup-1');
        assert.equal(again.MessageId, first.MessageId);
        assert.equal(again.SequenceNumber, first.SequenceNumber);
        const other = await send(url, 'other group, same id', 'h', 'dedup-1');
        assert.equal(other.MessageId, first.MessageId, 'DeduplicationScope queue: the id deduplicates across groups');
        const got = await receive(url, 10);
        assert.deepEqual(bodies(got), ['first']);
        await remove(url, got[0]!);
        // still a duplicate after the original was received and deleted [AWS-recorded]
        assert.equal((await send(url, 'after delete', 'g', 'dedup-1')).MessageId, first.MessageId);
        clock.advance(DEDUP_WINDOW_MS - 10_000);
        assert.equal((await send(url, 'near the end of the window', 'g', 'dedup-1')).MessageId, first.MessageId);
        assert.deepEqual(await receive(url, 10), []);
        clock.advance(20_000);
        const fresh = await send(url, 'after the window', 'g', 'dedup-1');
        assert.notEqual(fresh.MessageId, first.MessageId);
        assert.ok(BigInt(fresh.SequenceNumber!) > BigInt(first.SequenceNumber!));
        assert.deepEqual(await drain(url), ['after the window']);
      });

      it('ContentBasedDeduplication: the SHA-256 of the body is the dedup id; an explicit id overrides it', async () => {
        const url = await fifo({ ContentBasedDeduplication: 'true' });
        const first = await send(url, 'same body', 'g1');
        assert.equal((await send(url, 'same body', 'g2')).MessageId, first.MessageId, 'same body in another group: duplicate [AWS-recorded]');
        const different = await send(url, 'different body', 'g1');
        assert.notEqual(different.MessageId, first.MessageId);
        const explicit = await send(url, 'same body', 'g1', 'explicit-id');
        assert.notEqual(explicit.MessageId, first.MessageId, 'an explicit dedup id overrides the content hash');
        // AWS docs: an explicit id equal to the generated one is a duplicate of it
        assert.equal((await send(url, 'yet another body', 'g3', sha256('same body'))).MessageId, first.MessageId);
        const got = await receive(url, 10);
        assert.deepEqual(bodies(got), ['same body', 'different body', 'same body']);
        assert.equal(got[0]!.Attributes?.MessageDeduplicationId, sha256('same body'));
        assert.equal(got[2]!.Attributes?.MessageDeduplicationId, 'explicit-id');
        clock.advance(DEDUP_WINDOW_MS + 1_000);
        assert.notEqual((await send(url, 'same body', 'g2')).MessageId, first.MessageId, 'after 5 minutes the content is new again');
      });

      it('DeduplicationScope messageGroup: the same dedup id in two groups is two messages', async () => {
        const url = await fifo({ DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
        const a = await send(url, 'in g1', 'g1', 'same-id');
        const b = await send(url, 'in g2', 'g2', 'same-id');
        assert.notEqual(a.MessageId, b.MessageId);
        assert.equal((await send(url, 'again in g1', 'g1', 'same-id')).MessageId, a.MessageId);
        const got = await receive(url, 10);
        assert.deepEqual(bodies(got).sort(), ['in g1', 'in g2']);
      });

      it('hands out a group strictly in order and never two receives of one group at once; delete, visibility expiry and ChangeMessageVisibility 0 release it', async () => {
        const url = await fifo({ VisibilityTimeout: '30' });
        for (const [body, group] of [['a1', 'A'], ['b1', 'B'], ['a2', 'A'], ['b2', 'B'], ['a3', 'A']] as const) await send(url, body, group, body);
        const first = await receive(url, 1);
        const second = await receive(url, 1);
        // the oldest group first, then the next group [AWS-validated, LocalStack test_fifo_approximate_number_of_messages_not_visible]
        assert.deepEqual([...bodies(first), ...bodies(second)], ['a1', 'b1'], 'one receive takes the head of a group, the next the head of the other');
        const [a1] = first as [Message];
        const [b1] = second as [Message];
        assert.deepEqual(bodies(await receive(url, 10)), [], 'both groups have a message in flight: nothing to hand out');
        // messages waiting behind an in-flight one count as visible [AWS-validated, same test]
        assert.deepEqual(await attributesOf(url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']), {
          ApproximateNumberOfMessages: '3',
          ApproximateNumberOfMessagesNotVisible: '2',
          ApproximateNumberOfMessagesDelayed: '0',
        });

        await remove(url, a1);
        const nextA = await receive(url, 10, { VisibilityTimeout: 300 });
        assert.ok(['a2', 'a2,a3'].includes(bodies(nextA).join()), `after deleting a1: a2 (and maybe a3), nothing of B; got ${bodies(nextA)}`);

        clock.advance(30_000); // b1's visibility ends; A's messages were received with 300 s
        const again = await receive(url, 10);
        assert.equal(again[0]?.Body, 'b1', `b1 comes back before b2; got ${bodies(again)}`);
        assert.equal(again[0]!.MessageId, b1.MessageId);
        assert.equal(again[0]!.Attributes?.ApproximateReceiveCount, '2');
        assert.ok(again.every((m) => m.Body!.startsWith('b')), `nothing of A: ${bodies(again)}`);

        await sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again[0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
        if (again.length > 1) await sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again[1]!.ReceiptHandle!, VisibilityTimeout: 0 }));
        const third = await receive(url, 1);
        assert.equal(third[0]?.Body, 'b1');
        assert.equal(third[0]!.Attributes?.ApproximateReceiveCount, '3');
        await remove(url, third[0]!);
        for (const m of nextA) await remove(url, m);
        const rest = (await drain(url)).sort();
        assert.deepEqual(rest, nextA.length === 1 ? ['a3', 'b2'] : ['b2']);
      });

      it('a receipt handle whose visibility timeout has passed no longer deletes on a FIFO queue; an extended one does [AWS-recorded]', async () => {
        const url = await fifo({ VisibilityTimeout: '30', ContentBasedDeduplication: 'true' });
        await send(url, 'foobar', '1');
        const [m] = await receive(url, 1);
        clock.advance(30_000);
        await assert.rejects(
          remove(url, m!),
          invalidParameterValue(`Value ${m!.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`),
        );
        const [again] = await receive(url, 1);
        assert.equal(again?.MessageId, m!.MessageId, 'the message was not deleted');
        await sqs.send(new sdk.ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: again!.ReceiptHandle!, VisibilityTimeout: 60 }));
        clock.advance(31_000); // past the queue's 30 s, within the extended 60 s
        await remove(url, again!);
        clock.advance(60_000);
        assert.deepEqual(await receive(url, 10), []);
      });

      it('a long group comes out in send order across many receives', async () => {
        const url = await fifo();
        const expected: Record<string, string[]> = { x: [], y: [], z: [] };
        for (let i = 0; i < 12; i++) {
          const g = ['x', 'y', 'z'][i % 3]!;
          expected[g]!.push(`${g}${i}`);
          await send(url, `${g}${i}`, g, `d${i}`);
        }
        const delivered: Record<string, string[]> = { x: [], y: [], z: [] };
        for (let round = 0; round < 40; round++) {
          const got = await receive(url, 2);
          if (got.length === 0) break;
          for (const m of got) {
            delivered[m.Attributes!.MessageGroupId!]!.push(m.Body!);
            await remove(url, m);
          }
        }
        assert.deepEqual(delivered, expected);
      });

      it('SendMessageBatch keeps entry order; a later entry can be a duplicate of an earlier one', async () => {
        const url = await fifo();
        const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `body-${i}`, MessageGroupId: 'g', MessageDeduplicationId: `d${i}` }));
        const out = await sqs.send(new sdk.SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
        assert.equal(out.Failed?.length ?? 0, 0);
        const byId = new Map(out.Successful!.map((s) => [s.Id, s]));
        for (let i = 1; i < 10; i++) {
          assert.ok(BigInt(byId.get(`e${i}`)!.SequenceNumber!) > BigInt(byId.get(`e${i - 1}`)!.SequenceNumber!), 'sequence numbers follow entry order');
        }
        assert.deepEqual(await drain(url), entries.map((e) => e.MessageBody));

        const dup = await sqs.send(
          new sdk.SendMessageBatchCommand({
            QueueUrl: url,
            Entries: [
              { Id: 'x', MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'dup' },
              { Id: 'y', MessageBody: 'y', MessageGroupId: 'g', MessageDeduplicationId: 'dup' },
              { Id: 'z', MessageBody: 'z', MessageGroupId: 'g', MessageDeduplicationId: 'z' },
              { Id: 'old', MessageBody: 'old id again', MessageGroupId: 'g', MessageDeduplicationId: 'd3' },
            ],
          }),
        );
        assert.equal(dup.Failed?.length ?? 0, 0);
        const s = new Map(dup.Successful!.map((e) => [e.Id, e]));
        assert.equal(s.get('y')!.MessageId, s.get('x')!.MessageId);
        assert.equal(s.get('y')!.SequenceNumber, s.get('x')!.SequenceNumber);
        assert.equal(s.get('old')!.MessageId, byId.get('e3')!.MessageId, 'a dedup id from the earlier batch');
        assert.deepEqual(await drain(url), ['x', 'z']);
      });

      it('ReceiveRequestAttemptId: a retried receive returns the same messages; another id gets other messages', async () => {
        const url = await fifo();
        for (let i = 0; i < 3; i++) await send(url, `m${i}`, `g${i}`, `d${i}`);
        const first = await receive(url, 2, { ReceiveRequestAttemptId: 'attempt-1' });
        assert.equal(first.length, 2);
        const retried = await receive(url, 2, { ReceiveRequestAttemptId: 'attempt-1' });
        assert.deepEqual(retried.map((m) => m.MessageId), first.map((m) => m.MessageId));
        assert.deepEqual(retried.map((m) => m.Attributes?.ApproximateReceiveCount), ['1', '1'], 'the retry is the same receive');
        const other = await receive(url, 10, { ReceiveRequestAttemptId: 'attempt-2' });
        assert.equal(other.length, 1);
        assert.ok(!first.some((m) => m.MessageId === other[0]!.MessageId));
        // the retried receive's handles delete the messages
        for (const m of [...retried, ...other]) await remove(url, m);
        const counts = await attributesOf(url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
        assert.deepEqual(counts, { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
      });

      it("the queue's DelaySeconds applies to FIFO messages sent with DelaySeconds 0 [AWS-recorded]", async () => {
        const url = await fifo({ DelaySeconds: '5' });
        await sqs.send(new sdk.SendMessageCommand({ QueueUrl: url, MessageBody: 'late', MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 0 }));
        assert.deepEqual(await receive(url, 10), []);
        assert.equal((await attributesOf(url, ['ApproximateNumberOfMessagesDelayed'])).ApproximateNumberOfMessagesDelayed, '1');
        clock.advance(5_000);
        assert.deepEqual(bodies(await receive(url, 10)), ['late']);
      });
    });
  }
}
