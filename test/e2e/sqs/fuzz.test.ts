import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { sqsModel } from '../../../src/services/sqs/model.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { fuzzService, OutcomesByEngine, report, type Rng } from '../../helpers/wire-fuzz.js';

/**
 * Every SQS operation, in both protocols, fed broken inputs (test/helpers/wire-fuzz.ts): each answer
 * is an AWS-style error or a success, never a 500, a dropped connection or a hang; afterwards the
 * queues the fuzz used still answer, and what no request could change (a queue it never named, the
 * queues of the read-only operations) holds exactly what was stored.
 *
 * Each operation gets resources of its own (after a DeleteQueue AWS refuses the name for 60 s, and
 * a purge or a cancel would leave the next operation nothing to work on):
 * - a standard queue with messages, some of them received (real receipt handles; the receipt
 *   operations' QueueUrl mostly names this queue), and a FIFO queue with messages never received;
 * - a standard and a FIFO dead-letter queue, each the target of a source queue's RedrivePolicy, so
 *   ListDeadLetterSourceQueues and StartMessageMoveTask get past their lookups;
 * - a RUNNING message move task out of the standard dead-letter queue (moving one message a
 *   second, so it is still running while its operation is fuzzed): a real TaskHandle.
 */
const account = '000000000000';
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const arnOf = (url: string) => `arn:aws:sqs:us-east-1:${account}:${url.slice(url.lastIndexOf('/') + 1)}`;

const RECEIPT_OPERATIONS = new Set(['DeleteMessage', 'DeleteMessageBatch', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch']);

interface OperationResources {
  readonly name: string;
  /** standard, FIFO, standard DLQ, its source, FIFO DLQ, its source */
  readonly urls: string[];
  /** Receipt handles of messages received from the standard queue (urls[0]). */
  readonly receipts: string[];
  /** The queues the QueueUrl hint favours: for receipt operations, the one the handles belong to. */
  readonly focus: string[];
  readonly taskHandles: string[];
}

const outcomes = new OutcomesByEngine({
  StartMessageMoveTask: 'refused while an earlier task on the queue still runs, which depends on how fast it moved',
  CancelMessageMoveTask: 'refused once the task has finished, which depends on how fast it moved',
});
for (const engine of E2E_ENGINES) {
  describe(`SQS wire fuzz [${engine}]`, () => {
    let server: TestServer;
    let sqs: SQSClient;
    let current: OperationResources;
    const byOperation = new Map<string, OperationResources>();
    const used: string[] = [];
    // A queue the fuzz never names, stored before it with text that exercises every stored field.
    const text = 'stored before the fuzz: é漢🙂\u202e\t\r\n';
    // A tag value holds only what AWS allows in one (no emoji or format characters).
    const tagText = 'stored before the fuzz: é漢\t\r\n';
    let witness: string;
    before(async () => {
      server = await startTestServer(engine);
      sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
      witness = (await sqs.send(new CreateQueueCommand({ QueueName: 'witness', Attributes: { VisibilityTimeout: '45' }, tags: { owner: tagText } }))).QueueUrl!;
      await sqs.send(
        new SendMessageCommand({ QueueUrl: witness, MessageBody: text, MessageAttributes: { a: { DataType: 'String', StringValue: text }, b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 255]) } } }),
      );
    });
    after(async () => {
      sqs.destroy();
      await server.close();
    });

    const create = async (name: string, attributes: Record<string, string> = {}) => {
      const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
      used.push(url);
      return url;
    };
    const fill = (url: string, fifo: boolean, n: number) =>
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: n }, (_, i) => ({ Id: `m${i}`, MessageBody: `seed ${i}`, ...(fifo ? { MessageGroupId: `g${i % 3}` } : {}) })),
        }),
      );

    const seed = async (operation: string): Promise<void> => {
      const name = `fuzz-${operation}`;
      const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'true' };
      const standard = await create(name);
      const fifoQueue = await create(`${name}.fifo`, fifo);
      const dlq = await create(`${name}-dlq`);
      const source = await create(`${name}-src`, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 2 }) });
      const fifoDlq = await create(`${name}-dlq.fifo`, fifo);
      const fifoSource = await create(`${name}-src.fifo`, { ...fifo, RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(fifoDlq), maxReceiveCount: 2 }) });
      await Promise.all([fill(standard, false, 10), fill(fifoQueue, true, 10), fill(dlq, false, 10), fill(fifoDlq, true, 3)]);
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: standard, MaxNumberOfMessages: 8, VisibilityTimeout: 600 }));
      const receipts = (got.Messages ?? []).map((m) => m.ReceiptHandle!);
      const urls = [standard, fifoQueue, dlq, source, fifoDlq, fifoSource];
      // One a second: still RUNNING (cancellable) while this operation is fuzzed.
      const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), DestinationArn: arnOf(source), MaxNumberOfMessagesPerSecond: 1 }));
      const focus = RECEIPT_OPERATIONS.has(operation) ? [standard] : urls;
      current = { name, urls, receipts, focus, taskHandles: [task.TaskHandle!] };
      byOperation.set(operation, current);
    };

    const hints: Record<string, (rng: Rng) => unknown> = {
      QueueUrl: (rng) => {
        const roll = rng();
        return roll < 0.75 ? pick(rng, current.focus) : roll < 0.92 ? pick(rng, current.urls) : `${server.url}/${account}/missing`;
      },
      QueueName: (rng) => (rng() < 0.5 ? current.name : `fuzz-new-${Math.floor(rng() * 1000)}${rng() < 0.3 ? '.fifo' : ''}`),
      // Mostly the dead-letter queues (a move task's source must be one).
      SourceArn: (rng) => arnOf(rng() < 0.7 ? pick(rng, [current.urls[2]!, current.urls[4]!]) : pick(rng, current.urls)),
      DestinationArn: (rng) => arnOf(pick(rng, current.urls)),
      // Mostly real; else a real one with a field replaced by a number no receive issues (a receive
      // count of 2^31 overflowed PostgreSQL's integer: 500), or one made up.
      ReceiptHandle: (rng) => {
        if (current.receipts.length === 0 || rng() < 0.1) return 'c3kyOjE6MToxOjA';
        const real = pick(rng, current.receipts);
        if (rng() < 0.8) return real;
        const fields = Buffer.from(real, 'base64url').toString('latin1').split(':');
        fields[2 + Math.floor(rng() * 3)] = pick(rng, ['0', '-1', '2147483648', '4294967296', '9007199254740991']);
        return Buffer.from(fields.join(':')).toString('base64url');
      },
      TaskHandle: (rng) => (rng() < 0.9 ? pick(rng, current.taskHandles) : Buffer.from(JSON.stringify({ taskId: 'x', sourceArn: arnOf(current.urls[2]!) })).toString('base64')),
      MessageBody: () => 'fuzz body',
      MessageGroupId: (rng) => `g${Math.floor(rng() * 3)}`,
      // Queue attributes that pass validation, so a broken one is the only thing wrong.
      Attributes: (rng) =>
        pick(rng, [
          { VisibilityTimeout: '30', DelaySeconds: '0' },
          { MessageRetentionPeriod: '3600', MaximumMessageSize: '2048', ReceiveMessageWaitTimeSeconds: '0' },
          { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(current.urls[2]!), maxReceiveCount: 3 }) },
          { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [arnOf(current.urls[3]!)] }) },
          { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: arnOf(current.urls[0]!) }] }) },
          { FifoQueue: 'true', ContentBasedDeduplication: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' },
          { KmsMasterKeyId: 'alias/aws/sqs', KmsDataKeyReusePeriodSeconds: '300', SqsManagedSseEnabled: 'false' },
        ]),
      Tags: (rng) => ({ [`team${Math.floor(rng() * 3)}`]: 'fuzz', env: 'test' }),
      tags: (rng) => ({ [`team${Math.floor(rng() * 3)}`]: 'fuzz' }),
      TagKeys: (rng) => [`team${Math.floor(rng() * 3)}`, 'env'],
      QueueOwnerAWSAccountId: () => account,
      AWSAccountIds: () => [account],
      Actions: (rng) => [pick(rng, ['SendMessage', 'ReceiveMessage', '*', 'DeleteMessage'])],
    };

    it('answers every broken request the AWS way', async () => {
      const failures = await fuzzService({
        model: sqsModel,
        baseUrl: server.url,
        protocols: ['json', 'query'],
        hints,
        tame: (op, input) => {
          // A valid long poll would wait up to 20 s for nothing.
          if (op === 'ReceiveMessage' && typeof input.WaitTimeSeconds === 'number' && input.WaitTimeSeconds > 0) input.WaitTimeSeconds = 0;
        },
        beforeOperation: seed,
        outcome: outcomes.recorder(engine),
      });
      assert.equal(failures.length, 0, report(failures, 400));
    });

    it('leaves stored data exactly as it was where nothing could change it, and every queue it used working', async () => {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: witness, MessageAttributeNames: ['All'] }));
      assert.equal(got.Messages?.length, 1);
      assert.equal(got.Messages[0]!.Body, text);
      assert.equal(got.Messages[0]!.MessageAttributes?.a?.StringValue, text);
      assert.deepEqual([...(got.Messages[0]!.MessageAttributes?.b?.BinaryValue ?? [])], [0, 1, 255]);
      assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: witness }))).Tags, { owner: tagText });
      assert.equal((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: witness, AttributeNames: ['VisibilityTimeout'] }))).Attributes?.VisibilityTimeout, '45');

      // Operations that change nothing, however broken their input: their FIFO queue (never received
      // from) still holds the ten seeded messages, in group order, with its attributes and no tags.
      for (const op of ['GetQueueUrl', 'GetQueueAttributes', 'ListQueues', 'ListQueueTags', 'ListDeadLetterSourceQueues', 'ListMessageMoveTasks']) {
        const fifo = byOperation.get(op)!.urls[1]!;
        const bodies: string[] = [];
        for (let round = 0; round < 5 && bodies.length < 10; round++) {
          const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifo, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
          bodies.push(...(page.Messages ?? []).map((m) => m.Body!));
        }
        assert.deepEqual(bodies.sort(), Array.from({ length: 10 }, (_, i) => `seed ${i}`).sort(), op);
        const attributes = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: fifo, AttributeNames: ['FifoQueue', 'ContentBasedDeduplication', 'VisibilityTimeout'] }))).Attributes;
        assert.deepEqual(attributes, { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '30' }, op);
        assert.equal((await sqs.send(new ListQueueTagsCommand({ QueueUrl: fifo }))).Tags, undefined, op);
      }

      // Every queue the fuzz used and did not delete still answers its reads (the SDK checks each message's MD5).
      const listed = new Set((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'fuzz-' }))).QueueUrls);
      for (const url of used.filter((u) => listed.has(u))) {
        await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
        await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
        await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
      }
    });
  });
}

describe('SQS wire fuzz: the engines answer alike', { skip: E2E_ENGINES.length < 2 }, () => {
  it('every request got the same status and error code on every engine', () => {
    assert.deepEqual(outcomes.differences(), []);
  });
});
