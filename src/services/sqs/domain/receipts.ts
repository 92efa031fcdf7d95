import type { SqsDeps } from '../context.js';
import { sqsErrors } from '../errors.js';
import { isFifo } from './queue-attributes.js';
import type { QueueRecord, ReceiptOutcome } from '../store.js';
import { decodeReceiptHandle, type Receipt } from './receipt-handle.js';

/** Decodes a handle and checks it belongs to this queue (a handle from another queue is invalid). */
export function receiptFor(queue: QueueRecord, handle: string): Receipt {
  const receipt = decodeReceiptHandle(handle);
  if (receipt.queueId !== queue.id) throw sqsErrors.receiptHandleIsInvalid(handle);
  return receipt;
}

/** The error, if any, a ChangeMessageVisibility outcome means. */
export function visibilityOutcomeError(outcome: ReceiptOutcome, handle: string): Error | undefined {
  switch (outcome) {
    case 'ok':
      return undefined;
    case 'not-inflight':
      return sqsErrors.messageNotInflight();
    case 'stale':
    case 'gone':
      return sqsErrors.receiptHandleExpired(handle);
  }
}

/** AWS: a message's visibility can reach at most 12 hours past the receive that made it in flight. */
const MAX_VISIBILITY_S = 43_200;

/**
 * VisibilityTimeout for ChangeMessageVisibility: 0–43,200 seconds, and now + timeout may not pass
 * 12 hours after the receive the handle came from.
 */
export function checkVisibilityTimeout(value: number | undefined, receipt: Receipt, now: number): number {
  if (value === undefined) throw sqsErrors.missingParameter('VisibilityTimeout');
  if (!Number.isInteger(value) || value < 0 || value > MAX_VISIBILITY_S) {
    throw sqsErrors.invalidParameter('VisibilityTimeout', value, 'VisibilityTimeout must be an integer between 0 and 43200.');
  }
  if (now + value * 1000 > receipt.receivedAt + MAX_VISIBILITY_S * 1000) {
    throw sqsErrors.invalidParameter('VisibilityTimeout', value, `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_S} seconds]`);
  }
  return value;
}

/**
 * On a FIFO queue, deleting a message releases its group: the group's next message may now be
 * received, so long polls on this server are woken. (Other nodes' long polls notice at their next
 * timer; the store only broadcasts enqueues and visibility changes.)
 */
export function releaseGroup(deps: SqsDeps, queue: QueueRecord): void {
  if (isFifo(queue.attributes)) deps.waiters.notify(queue.id);
}

/** FIFO receipts stop deleting once their visibility timeout has passed [AWS-recorded]; standard ones do not. */
export function fifoInFlightAt(deps: SqsDeps, queue: QueueRecord): number | undefined {
  return isFifo(queue.attributes) ? deps.clock.now() : undefined;
}
