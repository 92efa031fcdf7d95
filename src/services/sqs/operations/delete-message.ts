import type { DeleteMessageRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { fifoInFlightAt, releaseGroup, receiptFor } from '../domain/receipts.js';

/**
 * As on AWS: a current receipt deletes; a stale one (the message was received again since) or one
 * whose message is already gone succeeds without deleting anything. On a FIFO queue a receipt whose
 * visibility timeout has passed has expired (InvalidParameterValue) [AWS-recorded].
 */
export const deleteMessage: SqsOperation<DeleteMessageRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.ReceiptHandle) throw sqsErrors.missingParameter('ReceiptHandle');
  const receipt = receiptFor(queue, input.ReceiptHandle);
  const receipts = [receipt];
  const outcomes = await deps.store.deleteMessages(queue.id, receipts, fifoInFlightAt(deps, queue));
  const outcome = outcomes[0];
  if (outcome === 'not-inflight') throw sqsErrors.receiptHandleExpired(input.ReceiptHandle);
  deps.observer.deleted(queue, 1, receipts, outcomes);
  if (outcome === 'ok') releaseGroup(deps, queue);
};
