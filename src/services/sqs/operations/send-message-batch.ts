import type { SendMessageBatchRequest, SendMessageBatchRequestEntry, SendMessageBatchResult, SendMessageBatchResultEntry } from '@aws-sdk/client-sqs';
import { enqueue, resolveQueue, type SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { batchFailure, validateBatchEntries, type BatchFailure } from '../domain/batch.js';
import { queueSettings } from '../domain/queue-attributes.js';
import { prepareMessage, type PreparedMessage } from '../domain/send.js';
import { sequenceNumber } from '../domain/fifo.js';

/** The sum of all bodies and attributes in one batch may not pass 1 MiB (AWS, since 2025-08). */
const MAX_BATCH_BYTES = 1_048_576;

export const sendMessageBatch: SqsOperation<SendMessageBatchRequest, SendMessageBatchResult> = async (deps, input, ctx) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const entries = validateBatchEntries(input.Entries, 'SendMessageBatchRequestEntry');
  const settings = queueSettings(queue.attributes);
  if (settings.fifo) checkFifoEntries(entries, settings.contentBasedDeduplication);
  const now = deps.clock.now();

  const accepted: { id: string; message: PreparedMessage }[] = [];
  const failed: BatchFailure[] = [];
  let total = 0;
  for (const entry of entries) {
    try {
      const message = prepareMessage(deps, settings, entry, ctx, now);
      accepted.push({ id: entry.Id!, message });
      total += message.size;
    } catch (error) {
      failed.push(batchFailure(entry.Id!, error));
    }
  }
  if (total > MAX_BATCH_BYTES) throw sqsErrors.batchTooLong(MAX_BATCH_BYTES, total);
  // FIFO: entries are stored in request order, so a group's order is the batch's order.
  const stored = accepted.length > 0 ? await enqueue(deps, queue, settings, accepted.map((a) => a.message.record), now) : [];
  for (let i = 0; i < stored.length; i++) if (!stored[i]!.duplicate) deps.observer.sent(queue, accepted[i]!.message.size, accepted[i]!.message.record, stored[i]!);

  const successful: SendMessageBatchResultEntry[] = accepted.map(({ id, message }, i) => ({
    Id: id,
    MessageId: stored[i]!.messageId,
    SequenceNumber: settings.fifo ? sequenceNumber(stored[i]!.seq) : undefined,
    MD5OfMessageBody: message.record.md5OfBody,
    MD5OfMessageAttributes: message.md5OfMessageAttributes,
    MD5OfMessageSystemAttributes: message.md5OfMessageSystemAttributes,
  }));
  return { Successful: successful, Failed: failed };
};

/**
 * On a FIFO queue an entry without a group, or without a dedup id where content-based
 * deduplication is off, fails the whole batch, not just its entry [AWS-recorded].
 */
function checkFifoEntries(entries: readonly SendMessageBatchRequestEntry[], contentBased: boolean): void {
  for (const e of entries) {
    if (e.MessageGroupId === undefined) throw sqsErrors.invalidParameterValue('The request must contain the parameter MessageGroupId.');
    if (e.MessageDeduplicationId === undefined && !contentBased) throw sqsErrors.dedupIdRequired();
  }
}
