import type { ChangeMessageVisibilityBatchRequest, ChangeMessageVisibilityBatchResult } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { batchFailure, validateBatchEntries, type BatchFailure } from '../domain/batch.js';
import { checkVisibilityTimeout, receiptFor, visibilityOutcomeError } from '../domain/receipts.js';
import type { VisibilityChange } from '../store.js';

export const changeMessageVisibilityBatch: SqsOperation<ChangeMessageVisibilityBatchRequest, ChangeMessageVisibilityBatchResult> = async (
  deps,
  input,
) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const entries = validateBatchEntries(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry');
  const now = deps.clock.now();
  const changes: { id: string; handle: string; change: VisibilityChange }[] = [];
  const failed: BatchFailure[] = [];
  for (const entry of entries) {
    try {
      if (!entry.ReceiptHandle) throw sqsErrors.missingParameter('ReceiptHandle');
      const receipt = receiptFor(queue, entry.ReceiptHandle);
      const timeout = checkVisibilityTimeout(entry.VisibilityTimeout, receipt, now);
      changes.push({ id: entry.Id!, handle: entry.ReceiptHandle, change: { ...receipt, visibleAt: now + timeout * 1000 } });
    } catch (error) {
      failed.push(batchFailure(entry.Id!, error));
    }
  }
  const outcomes = changes.length > 0 ? await deps.store.changeVisibility(queue.id, changes.map((c) => c.change), now) : [];
  const successful: { Id: string }[] = [];
  changes.forEach((c, i) => {
    const error = visibilityOutcomeError(outcomes[i]!, c.handle);
    if (error) failed.push(batchFailure(c.id, error));
    else successful.push({ Id: c.id });
  });
  return { Successful: successful, Failed: failed };
};
