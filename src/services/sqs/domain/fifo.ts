import { createHash } from 'node:crypto';
import { sqsErrors } from '../errors.js';

/**
 * FIFO rules that need no storage: the ids a sender gives, content-based deduplication and the
 * shape of sequence numbers.
 */

/** AWS: deduplication (and ReceiveRequestAttemptId) window of 5 minutes. */
export const DEDUP_WINDOW_MS = 5 * 60_000;

/** MessageGroupId / MessageDeduplicationId / ReceiveRequestAttemptId: 1–128 of alphanumeric and punctuation. */
const FIFO_ID = /^[\x21-\x7E]{1,128}$/;

export function checkFifoId(name: 'MessageGroupId' | 'MessageDeduplicationId' | 'ReceiveRequestAttemptId', value: string): string {
  if (!FIFO_ID.test(value)) {
    throw sqsErrors.invalidParameter(name, value, `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
  return value;
}

/** ContentBasedDeduplication: the SHA-256 of the body (not the attributes), hex. */
export function contentDedupId(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * SequenceNumber: a 20-digit decimal string, increasing per queue (AWS shows numbers like
 * 18849496460467696128). Derived from the store's never-reused message seq.
 */
export function sequenceNumber(seq: number): string {
  return (10_000_000_000_000_000_000n + BigInt(seq)).toString();
}
