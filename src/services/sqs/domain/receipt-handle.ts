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
/** The largest receive count the engines store (a 32-bit signed integer). */
const MAX_RECEIVE_COUNT = 2_147_483_647;

export function encodeReceiptHandle(queueId: number, seq: number, receiveCount: number, receivedAt: number): string {
  return Buffer.from(`${VERSION}:${queueId}:${seq}:${receiveCount}:${receivedAt}`).toString('base64url');
}

export function decodeReceiptHandle(handle: string): Receipt {
  const parts = Buffer.from(handle, 'base64url').toString('latin1').split(':');
  if (parts.length === 5 && parts[0] === VERSION) {
    const [queueId, seq, receiveCount, receivedAt] = parts.slice(1).map(Number) as [number, number, number, number];
    // A receive count no receive can reach (the engines keep it in 32 bits: PostgreSQL's integer
    // refused a forged one of 2^31 with an error answered 500) makes the handle invalid.
    if ([queueId, seq, receiveCount, receivedAt].every(Number.isSafeInteger) && receiveCount > 0 && receiveCount <= MAX_RECEIVE_COUNT) {
      return { queueId, seq, receiveCount, receivedAt };
    }
  }
  throw sqsErrors.receiptHandleIsInvalid(handle);
}
