import type { MessageAttributeValue, MessageSystemAttributeValue } from '@aws-sdk/client-sqs';
import type { RequestContext } from '../../../protocol/service.js';
import type { SqsDeps } from '../context.js';
import { sqsErrors } from '../errors.js';
import type { NewMessage } from '../store.js';
import { md5Hex } from './md5.js';
import { attributesDigest, serializeAttributes, validateMessageAttributes, validateSystemAttributes, type AttributeMap } from './message-attributes.js';
import { validateBody } from './message-body.js';
import type { QueueSettings } from './queue-attributes.js';

/** One message to send, as SendMessage and each SendMessageBatch entry carry it. */
export interface OutgoingMessage {
  MessageBody?: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageSystemAttributes?: Record<string, MessageSystemAttributeValue>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

export interface PreparedMessage {
  readonly record: NewMessage;
  /** Bytes this message counts toward size limits (body + attributes). */
  readonly size: number;
  readonly md5OfMessageAttributes: string | undefined;
  readonly md5OfMessageSystemAttributes: string | undefined;
}

const MAX_GROUP_ID = /^[\x21-\x7E]{1,128}$/;

/**
 * Validates one message against the queue's rules, in AWS's order (body, delay, attributes, size),
 * and builds the record to store. Throws a ServiceError the caller reports (whole request or entry).
 */
export function prepareMessage(
  deps: SqsDeps,
  settings: QueueSettings,
  message: OutgoingMessage,
  ctx: RequestContext,
  now: number,
): PreparedMessage {
  const body = validateBody(message.MessageBody);
  const delay = message.DelaySeconds ?? settings.delaySeconds;
  if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
    throw sqsErrors.invalidParameter('DelaySeconds', delay, 'DelaySeconds must be >= 0 and <= 900.');
  }
  if (message.MessageDeduplicationId !== undefined) {
    throw sqsErrors.invalidParameter(
      'MessageDeduplicationId',
      message.MessageDeduplicationId,
      'The request include parameter that is not valid for this queue type.',
    );
  }
  const groupId = message.MessageGroupId;
  if (groupId !== undefined && !MAX_GROUP_ID.test(groupId)) {
    throw sqsErrors.invalidParameter(
      'MessageGroupId',
      groupId,
      'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  }
  const userAttributes = message.MessageAttributes as AttributeMap | undefined;
  const systemAttributes = message.MessageSystemAttributes as AttributeMap | undefined;
  const size = Buffer.byteLength(body, 'utf8') + validateMessageAttributes(userAttributes) + validateSystemAttributes(systemAttributes);
  if (size > settings.maximumMessageSize) throw sqsErrors.messageTooLong(settings.maximumMessageSize);

  const md5OfMessageAttributes = attributesDigest(userAttributes);
  const record: NewMessage = {
    messageId: deps.ids.uuid(),
    body,
    md5OfBody: md5Hex(body),
    messageAttributes: serializeAttributes(userAttributes),
    md5OfMessageAttributes: md5OfMessageAttributes ?? null,
    systemAttributes: serializeAttributes(systemAttributes),
    // AWS shows the sender's account (or IAM user id); we know the account.
    senderId: ctx.accountId,
    sentAt: now,
    visibleAt: now + delay * 1000,
    groupId: groupId ?? null,
    dedupId: null,
  };
  return { record, size, md5OfMessageAttributes, md5OfMessageSystemAttributes: attributesDigest(systemAttributes) };
}
