import { sqsErrors } from '../errors.js';
import type { ReceiptRef } from '../store.js';

/**
 * A receipt handle names one receive of one message: the queue, the message's never-reused `seq`,
 * its receive count at that receive, and when that receive happened. It is opaque to clients
 * (base64url text). A handle from an earlier receive is "stale" and, as on AWS, deleting with it
 * succeeds without deleting. The receive time lets ChangeMessageVisibility enforce AWS's limit of
 * 12 hours from the receive without storing anything.
 */
export interface Receipt extends ReceiptRef {
  readonly queueId: number;
  /** Epoch ms of the receive that issued the handle. */
  readonly receivedAt: number;
}

const VERSION = 'sy2';

export function encodeReceiptHandle(queueId: number, seq: number, receiveCount: number, receivedAt: number): string {
  return Buffer.from(`${VERSION}:${queueId}:${seq}:${receiveCount}:${receivedAt}`).toString('base64url');
}

export function decodeReceiptHandle(handle: string): Receipt {
  const parts = Buffer.from(handle, 'base64url').toString('latin1').split(':');
  if (parts.length === 5 && parts[0] === VERSION) {
    const [queueId, seq, receiveCount, receivedAt] = parts.slice(1).map(Number) as [number, number, number, number];
    if ([queueId, seq, receiveCount, receivedAt].every(Number.isSafeInteger) && receiveCount > 0) {
      return { queueId, seq, receiveCount, receivedAt };
    }
  }
  throw sqsErrors.receiptHandleIsInvalid(handle);
}
