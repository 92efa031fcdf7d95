import { sqsErrors } from '../errors.js';
import type { ReceiptRef } from '../store.js';

/**
 * A receipt handle names one receive of one message: the queue, the message's never-reused `seq`
 * and its receive count at that receive. It is opaque to clients (base64url text); a handle from
 * an earlier receive is "stale" and, as on AWS, deleting with it succeeds without deleting.
 */
export interface Receipt extends ReceiptRef {
  readonly queueId: number;
}

const VERSION = 'sy1';

export function encodeReceiptHandle(queueId: number, seq: number, receiveCount: number, nonce: Buffer): string {
  return Buffer.from(`${VERSION}:${queueId}:${seq}:${receiveCount}:${nonce.toString('hex')}`).toString('base64url');
}

export function decodeReceiptHandle(handle: string): Receipt {
  const parts = Buffer.from(handle, 'base64url').toString('latin1').split(':');
  if (parts.length === 5 && parts[0] === VERSION) {
    const [queueId, seq, receiveCount] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    if (Number.isSafeInteger(queueId) && Number.isSafeInteger(seq) && Number.isSafeInteger(receiveCount) && receiveCount > 0) {
      return { queueId, seq, receiveCount };
    }
  }
  throw sqsErrors.receiptHandleIsInvalid(handle);
}
