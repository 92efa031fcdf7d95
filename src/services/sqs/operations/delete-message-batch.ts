import type { DeleteMessageBatchRequest, DeleteMessageBatchResult } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { batchFailure, validateBatchEntries, type BatchFailure } from '../domain/batch.js';
import { fifoInFlightAt, releaseGroup, receiptFor } from '../domain/receipts.js';
import type { Receipt } from '../domain/receipt-handle.js';

export const deleteMessageBatch: SqsOperation<DeleteMessageBatchRequest, DeleteMessageBatchResult> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const entries = validateBatchEntries(input.Entries, 'DeleteMessageBatchRequestEntry');
  const valid: { id: string; handle: string; receipt: Receipt }[] = [];
  const failed: BatchFailure[] = [];
  for (const entry of entries) {
    try {
      if (!entry.ReceiptHandle) throw sqsErrors.missingParameter('ReceiptHandle');
      valid.push({ id: entry.Id!, handle: entry.ReceiptHandle, receipt: receiptFor(queue, entry.ReceiptHandle) });
    } catch (error) {
      failed.push(batchFailure(entry.Id!, error));
    }
  }
  const successful: { Id: string }[] = [];
  if (valid.length > 0) {
    const receipts = valid.map((v) => v.receipt);
    const outcomes = await deps.store.deleteMessages(queue.id, receipts, fifoInFlightAt(deps, queue));
    valid.forEach((v, i) => {
      if (outcomes[i] === 'not-inflight') failed.push(batchFailure(v.id, sqsErrors.receiptHandleExpired(v.handle)));
      else successful.push({ Id: v.id });
    });
    if (outcomes.includes('ok')) releaseGroup(deps, queue);
    if (successful.length > 0) deps.observer.deleted(queue, successful.length, receipts, outcomes);
  }
  return { Successful: successful, Failed: failed };
};
