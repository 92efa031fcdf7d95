import type { EnqueueResult, NewMessage, QueueRecord, ReceiptOutcome, ReceiptRef, StoredMessage } from './store.js';

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
 * - deadLettered: messages a receive moved from `queue` to its dead-letter queue (received
 *   maxReceiveCount times); CloudWatch counts no metric for it (NumberOfMessagesSent does not).
 *   Told after the move committed, only when something moved (rare: poison messages).
 *
 * The last arguments name the messages, for observers that look at messages rather than count
 * them (the embedded spy, runtime/spy.ts): `sent` the stored record and where it went; `deleted`
 * the receipts and what became of each (only an `ok` outcome removed a message). They are the
 * operation's own objects, passed without copying: an observer must not keep or change them.
 */
export interface SqsObserver {
  sent(queue: QueueRecord, bytes: number, message: NewMessage, stored: EnqueueResult): void;
  received(queue: QueueRecord, count: number): void;
  deleted(queue: QueueRecord, count: number, receipts: readonly ReceiptRef[], outcomes: readonly ReceiptOutcome[]): void;
  deadLettered(queue: QueueRecord, messages: readonly StoredMessage[]): void;
}

export const NO_SQS_OBSERVER: SqsObserver = { sent() {}, received() {}, deleted() {}, deadLettered() {} };
