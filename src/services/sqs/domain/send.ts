import type { MessageAttributeValue, MessageSystemAttributeValue } from '@aws-sdk/client-sqs';
import type { RequestContext } from '../../shared/service.js';
import type { SqsDeps } from '../context.js';
import { sqsErrors } from '../errors.js';
import type { NewMessage } from '../store.js';
import { md5Hex } from './md5.js';
import { attributesDigest, serializeAttributes, validateMessageAttributes, validateSystemAttributes, type AttributeMap } from './message-attributes.js';
import { validateBody } from './message-body.js';
import { checkFifoId, contentDedupId } from './fifo.js';
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
  /** Bytes this message counts toward size limits (body + message attributes; AWSTraceHeader counts toward none). */
  readonly size: number;
  readonly md5OfMessageAttributes: string | undefined;
  readonly md5OfMessageSystemAttributes: string | undefined;
}


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
  const { groupId, dedupId, delay } = settings.fifo ? fifoFields(settings, message, body) : standardFields(settings, message);
  const userAttributes = message.MessageAttributes as AttributeMap | undefined;
  const sentSystemAttributes = message.MessageSystemAttributes as AttributeMap | undefined;
  validateSystemAttributes(sentSystemAttributes);
  // AWS X-Ray: the trace header counts toward no size quota, and the request's X-Amzn-Trace-Id
  // header becomes the AWSTraceHeader of each message it sends unless the message names its own.
  const systemAttributes = withTraceHeader(sentSystemAttributes, ctx.traceHeader);
  const size = Buffer.byteLength(body, 'utf8') + validateMessageAttributes(userAttributes);
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
    groupId,
    dedupId,
  };
  // The digest is of what the request sent, as the client can check it (none for a header alone).
  return { record, size, md5OfMessageAttributes, md5OfMessageSystemAttributes: attributesDigest(sentSystemAttributes) };
}

function withTraceHeader(attributes: AttributeMap | undefined, traceHeader: string | undefined): AttributeMap | undefined {
  if (traceHeader === undefined || attributes?.AWSTraceHeader !== undefined) return attributes;
  return { ...attributes, AWSTraceHeader: { DataType: 'String', StringValue: traceHeader } };
}

interface Placement {
  readonly groupId: string | null;
  readonly dedupId: string | null;
  readonly delay: number;
}

/** Standard queues: per-message delay; a MessageGroupId is allowed (fair queues), a dedup id is not. */
function standardFields(settings: QueueSettings, message: OutgoingMessage): Placement {
  const delay = message.DelaySeconds ?? settings.delaySeconds;
  if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
    throw sqsErrors.invalidParameter('DelaySeconds', delay, 'DelaySeconds must be >= 0 and <= 900.');
  }
  if (message.MessageDeduplicationId !== undefined) throw sqsErrors.notForThisQueueType('MessageDeduplicationId', message.MessageDeduplicationId);
  const groupId = message.MessageGroupId === undefined ? null : checkFifoId('MessageGroupId', message.MessageGroupId);
  return { groupId, dedupId: null, delay };
}

/** FIFO queues: a group is required, a dedup id (given or content-based) too; only the queue's delay applies. */
function fifoFields(settings: QueueSettings, message: OutgoingMessage, body: string): Placement {
  if (message.DelaySeconds !== undefined && message.DelaySeconds !== 0) throw sqsErrors.notForThisQueueType('DelaySeconds', message.DelaySeconds);
  if (message.MessageGroupId === undefined) throw sqsErrors.missingParameter('MessageGroupId');
  const groupId = checkFifoId('MessageGroupId', message.MessageGroupId);
  let dedupId: string;
  if (message.MessageDeduplicationId !== undefined) dedupId = checkFifoId('MessageDeduplicationId', message.MessageDeduplicationId);
  else if (settings.contentBasedDeduplication) dedupId = contentDedupId(body);
  else throw sqsErrors.dedupIdRequired();
  return { groupId, dedupId, delay: settings.delaySeconds };
}
