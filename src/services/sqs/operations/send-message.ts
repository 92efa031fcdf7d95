import type { SendMessageRequest, SendMessageResult } from '@aws-sdk/client-sqs';
import { enqueue, resolveQueue, type SqsOperation } from '../context.js';
import { queueSettings } from '../domain/queue-attributes.js';
import { prepareMessage } from '../domain/send.js';

export const sendMessage: SqsOperation<SendMessageRequest, SendMessageResult> = async (deps, input, ctx) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const prepared = prepareMessage(deps, queueSettings(queue.attributes), input, ctx, deps.clock.now());
  await enqueue(deps, queue, [prepared.record]);
  return {
    MD5OfMessageBody: prepared.record.md5OfBody,
    MD5OfMessageAttributes: prepared.md5OfMessageAttributes,
    MD5OfMessageSystemAttributes: prepared.md5OfMessageSystemAttributes,
    MessageId: prepared.record.messageId,
  };
};
