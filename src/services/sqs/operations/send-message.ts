import type { SendMessageRequest, SendMessageResult } from '@aws-sdk/client-sqs';
import { enqueue, resolveQueue, type SqsOperation } from '../context.js';
import { queueSettings } from '../domain/queue-attributes.js';
import { prepareMessage } from '../domain/send.js';
import { sequenceNumber } from '../domain/fifo.js';

export const sendMessage: SqsOperation<SendMessageRequest, SendMessageResult> = async (deps, input, ctx) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const settings = queueSettings(queue.attributes);
  const now = deps.clock.now();
  const prepared = prepareMessage(deps, settings, input, ctx, now);
  const [stored] = await enqueue(deps, queue, settings, [prepared.record], now);
  if (!stored!.duplicate) deps.observer.sent(queue, prepared.size, prepared.record, stored!);
  return {
    MD5OfMessageBody: prepared.record.md5OfBody,
    MD5OfMessageAttributes: prepared.md5OfMessageAttributes,
    MD5OfMessageSystemAttributes: prepared.md5OfMessageSystemAttributes,
    // A FIFO duplicate answers with the original's id and sequence number (AWS).
    MessageId: stored!.messageId,
    SequenceNumber: settings.fifo ? sequenceNumber(stored!.seq) : undefined,
  };
};
