// Message move tasks (DLQ redrive) through the real clients, both protocols and engines:
// StartMessageMoveTask back to each message's source or to a destination, ListMessageMoveTasks
// progress and final state, CancelMessageMoveTask, and AWS's refusals.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sqsE2E } from '../../helpers/matrix.js';
import { errorMessage, isSqsError } from '../../helpers/sqs-clients.js';

sqsE2E('SQS message move tasks', (t) => {
  const create = async (name: string, attributes?: Record<string, string>) =>
    (await t().sqs.send(new (t().sdk.CreateQueueCommand)({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  const arnOf = async (url: string) =>
    (await t().sqs.send(new (t().sdk.GetQueueAttributesCommand)({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const visibleCount = async (url: string) =>
    Number((await t().sqs.send(new (t().sdk.GetQueueAttributesCommand)({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes!.ApproximateNumberOfMessages);
  const tasks = async (sourceArn: string, max = 10) =>
    (await t().sqs.send(new (t().sdk.ListMessageMoveTasksCommand)({ SourceArn: sourceArn, MaxResults: max }))).Results ?? [];
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`timed out waiting for ${what}`);
  };

  /** A source queue whose messages land in its DLQ after one receive; returns both, with `n` messages dead-lettered. */
  async function deadLettered(prefix: string, n: number) {
    const dlq = await create(t().name(`${prefix}-dlq`));
    const dlqArn = await arnOf(dlq);
    const source = await create(t().name(`${prefix}-src`), { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    for (let i = 0; i < n; i++) await t().sqs.send(new (t().sdk.SendMessageCommand)({ QueueUrl: source, MessageBody: `m${i}` }));
    // First receive counts 1; the next receive moves them to the DLQ.
    for (let round = 0; round < 2 * n + 2 && (await visibleCount(dlq)) < n; round++) {
      await t().sqs.send(new (t().sdk.ReceiveMessageCommand)({ QueueUrl: source, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    }
    assert.equal(await visibleCount(dlq), n);
    return { dlq, dlqArn, source, sourceArn: await arnOf(source) };
  }

  it('moves dead letters back to their source queue and reports the completed task', async () => {
    const { dlq, dlqArn, source } = await deadLettered('back', 5);
    const started = await t().sqs.send(new (t().sdk.StartMessageMoveTaskCommand)({ SourceArn: dlqArn }));
    assert.ok(started.TaskHandle);
    await until('the task to complete', async () => (await tasks(dlqArn))[0]?.Status === 'COMPLETED');
    const [task] = await tasks(dlqArn);
    assert.equal(task!.ApproximateNumberOfMessagesMoved, 5);
    assert.equal(task!.ApproximateNumberOfMessagesToMove, 5);
    assert.equal(task!.SourceArn, dlqArn);
    assert.equal(task!.TaskHandle, undefined, 'AWS shows the handle only while the task runs');
    assert.ok(Math.abs(Number(task!.StartedTimestamp) - Date.now()) < 60_000);
    assert.equal(await visibleCount(dlq), 0);
    assert.equal(await visibleCount(source), 5);
    const got = await t().sqs.send(new (t().sdk.ReceiveMessageCommand)({ QueueUrl: source, MaxNumberOfMessages: 10, AttributeNames: ['All'] }));
    for (const m of got.Messages ?? []) {
      assert.equal(m.Attributes?.ApproximateReceiveCount, '1', 'a moved message starts its receive count again');
      assert.equal(m.Attributes?.DeadLetterQueueSourceArn, undefined);
    }
  });

  it('moves to an explicit DestinationArn at MaxNumberOfMessagesPerSecond', async () => {
    const { dlq, dlqArn } = await deadLettered('dest', 4);
    const destination = await create(t().name('dest-target'));
    await t().sqs.send(new (t().sdk.StartMessageMoveTaskCommand)({ SourceArn: dlqArn, DestinationArn: await arnOf(destination), MaxNumberOfMessagesPerSecond: 2 }));
    await until('the task to complete', async () => (await tasks(dlqArn))[0]?.Status === 'COMPLETED');
    const [task] = await tasks(dlqArn);
    assert.equal(task!.MaxNumberOfMessagesPerSecond, 2);
    assert.equal(task!.ApproximateNumberOfMessagesMoved, 4);
    assert.equal(await visibleCount(dlq), 0);
    assert.equal(await visibleCount(destination), 4);
  });

  it('refuses a second active task, a queue that is no dead-letter queue, and unknown queues; cancels a running task', async () => {
    const { dlqArn, sourceArn } = await deadLettered('rules', 3);
    const destination = await create(t().name('rules-target'));
    const first = await t().sqs.send(
      new (t().sdk.StartMessageMoveTaskCommand)({ SourceArn: dlqArn, DestinationArn: await arnOf(destination), MaxNumberOfMessagesPerSecond: 1 }),
    );
    await assert.rejects(t().sqs.send(new (t().sdk.StartMessageMoveTaskCommand)({ SourceArn: dlqArn })), (e: any) => {
      assert.ok(isSqsError(e, 'InvalidParameterValueException', 'InvalidParameterValue'), errorMessage(e));
      assert.match(errorMessage(e), /Only one active task is allowed/);
      return true;
    });
    await assert.rejects(t().sqs.send(new (t().sdk.StartMessageMoveTaskCommand)({ SourceArn: sourceArn })), (e: any) =>
      isSqsError(e, 'InvalidParameterValueException', 'InvalidParameterValue'),
    );
    await assert.rejects(
      t().sqs.send(new (t().sdk.StartMessageMoveTaskCommand)({ SourceArn: 'arn:aws:sqs:us-east-1:000000000000:no-such-queue' })),
      (e: any) => isSqsError(e, 'ResourceNotFoundException', 'ResourceNotFoundException') && e.$metadata.httpStatusCode === 404,
    );
    const cancelled = await t().sqs.send(new (t().sdk.CancelMessageMoveTaskCommand)({ TaskHandle: first.TaskHandle }));
    assert.ok(Number(cancelled.ApproximateNumberOfMessagesMoved) <= 3);
    await until('the task to be cancelled', async () => (await tasks(dlqArn))[0]?.Status === 'CANCELLED');
    await assert.rejects(t().sqs.send(new (t().sdk.CancelMessageMoveTaskCommand)({ TaskHandle: first.TaskHandle })), (e: any) =>
      isSqsError(e, 'UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation'),
    );
    await assert.rejects(t().sqs.send(new (t().sdk.CancelMessageMoveTaskCommand)({ TaskHandle: 'bm90LWEtdGFzaw==' })), (e: any) =>
      isSqsError(e, 'ResourceNotFoundException', 'ResourceNotFoundException'),
    );
    // a new task may start once the old one is over
    await t().sqs.send(new (t().sdk.StartMessageMoveTaskCommand)({ SourceArn: dlqArn }));
    await until('the second task to complete', async () => (await tasks(dlqArn))[0]?.Status === 'COMPLETED');
    assert.deepEqual((await tasks(dlqArn)).map((x) => x.Status), ['COMPLETED', 'CANCELLED']);
  });
});
