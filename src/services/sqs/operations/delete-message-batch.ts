import type { DeleteMessageBatchRequest, DeleteMessageBatchResult } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { batchFailure, validateBatchEntries, type BatchFailure } from '../domain/batch.js';
import { receiptFor } from '../domain/receipts.js';
import type { Receipt } from '../domain/receipt-handle.js';
import { queryCode } from '../model-errors.js';

export const deleteMessageBatch: SqsOperation<DeleteMessageBatchRequest, DeleteMessageBatchResult> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const entries = validateBatchEntries(input.Entries, 'DeleteMessageBatchRequestEntry');
  const valid: { id: string; receipt: Receipt }[] = [];
  const failed: BatchFailure[] = [];
  for (const entry of entries) {
    try {
      if (!entry.ReceiptHandle) throw sqsErrors.missingParameter('ReceiptHandle');
      valid.push({ id: entry.Id!, receipt: receiptFor(queue, entry.ReceiptHandle) });
    } catch (error) {
      failed.push(batchFailure(entry.Id!, error, queryCode));
    }
  }
  if (valid.length > 0) await deps.store.deleteMessages(queue.id, valid.map((v) => v.receipt));
  return { Successful: valid.map((v) => ({ Id: v.id })), Failed: failed };
};
