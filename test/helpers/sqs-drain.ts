/**
 * Draining an SQS queue after a restart (the kill -9 durability tests): three receivers receive
 * with a long visibility timeout (a drained message must not come round again during the drain),
 * hand each batch to `onMessages` before deleting it (so per-group delivery order is the order of
 * the calls), and delete it, asserting no delete fails. The drain ends `quietMs` after the last
 * message (and not before `notBefore`), or after `maxMs` at the latest.
 */
import assert from 'node:assert/strict';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';

export interface DrainOptions {
  readonly quietMs: number;
  readonly maxMs: number;
  /** The VisibilityTimeout of the drain's receives (seconds). */
  readonly visibilityTimeout: number;
  /** Date.now() before which the drain does not end quietly (e.g. until in-flight messages are visible again). */
  readonly notBefore?: number;
  /** Called with each non-empty batch, before it is deleted. */
  readonly onMessages: (messages: Message[]) => void;
}

export async function drainQueue(sqs: SQSClient, queueUrl: string, o: DrainOptions): Promise<void> {
  const started = Date.now();
  let lastMessageAt = started;
  const done = () => {
    const now = Date.now();
    return (now - lastMessageAt >= o.quietMs && now >= (o.notBefore ?? 0)) || now - started > o.maxMs;
  };
  const worker = async () => {
    while (!done()) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: o.visibilityTimeout }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) continue;
      lastMessageAt = Date.now();
      o.onMessages(messages);
      const del = await sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }),
      );
      assert.equal(del.Failed?.length ?? 0, 0, `drain delete failed: ${JSON.stringify(del.Failed)}`);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}
