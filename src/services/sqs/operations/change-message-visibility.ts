import type { ChangeMessageVisibilityRequest } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { checkVisibilityTimeout, receiptFor, visibilityOutcomeError } from '../domain/receipts.js';

export const changeMessageVisibility: SqsOperation<ChangeMessageVisibilityRequest, void> = async (deps, input) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  if (!input.ReceiptHandle) throw sqsErrors.missingParameter('ReceiptHandle');
  const receipt = receiptFor(queue, input.ReceiptHandle);
  const now = deps.clock.now();
  const timeout = checkVisibilityTimeout(input.VisibilityTimeout, receipt, now);
  const [outcome] = await deps.store.changeVisibility(queue.id, [{ ...receipt, visibleAt: now + timeout * 1000 }], now);
  const error = visibilityOutcomeError(outcome!, input.ReceiptHandle);
  if (error) throw error;
};
