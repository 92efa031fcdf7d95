import type { QueueRecord } from './store.js';

/**
 * What SQS tells the metrics (runtime/metrics-sqs.ts) as it serves requests: CloudWatch's
 * per-queue counts. Called on the request path after the store answered, so an implementation must
 * be cheap and synchronous (add to numbers; no I/O, no await). The default does nothing.
 *
 * AWS's definitions, followed here:
 * - sent: a message added to a queue (SendMessage, SendMessageBatch, SNS deliveries, which come
 *   through SendMessage); not a FIFO duplicate (not added), not a redrive to a dead-letter queue nor
 *   a move task (AWS: NumberOfMessagesSent counts neither). `bytes`: the message's size as the
 *   queue's MaximumMessageSize counts it (body and attributes): SentMessageSize.
 * - received: messages a ReceiveMessage returned; `count` 0 is an empty receive
 *   (NumberOfEmptyReceives: a ReceiveMessage call that returned no message).
 * - deleted: successful deletes with a valid receipt handle, including repeated deletes of one
 *   message (AWS counts those too).
 */
export interface SqsObserver {
  sent(queue: QueueRecord, bytes: number): void;
  received(queue: QueueRecord, count: number): void;
  deleted(queue: QueueRecord, count: number): void;
}

export const NO_SQS_OBSERVER: SqsObserver = { sent() {}, received() {}, deleted() {} };
