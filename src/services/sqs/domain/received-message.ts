import type { Message } from '@aws-sdk/client-sqs';
import { sqsErrors } from '../errors.js';
import type { StoredMessage } from '../store.js';
import { md5OfAttributes } from './md5.js';
import { attributeSelector, deserializeAttributes, selectAttributes, type AttributeSelector } from './message-attributes.js';
import { ALL_QUEUE_ATTRIBUTE_NAMES } from './queue-attributes.js';
import { sequenceNumber } from './fifo.js';
import { encodeReceiptHandle } from './receipt-handle.js';

/** Message system attributes a receive can ask for (`MessageSystemAttributeNames`, or the older `AttributeNames`). */
const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;
type SystemAttribute = (typeof SYSTEM_ATTRIBUTES)[number];
const SYSTEM = new Set<string>(SYSTEM_ATTRIBUTES);

/** What one ReceiveMessage call asked to see of each message, parsed once per call. */
export interface ReceiveView {
  readonly system: readonly SystemAttribute[];
  /** 'none': no user attributes; null: all of them; else a filter. */
  readonly user: AttributeSelector | 'none';
}

export function receiveView(attributeNames: readonly string[] | undefined, systemNames: readonly string[] | undefined, messageAttributeNames: readonly string[] | undefined): ReceiveView {
  const asked = [...(attributeNames ?? []), ...(systemNames ?? [])];
  let system: SystemAttribute[];
  if (asked.includes('All')) system = [...SYSTEM_ATTRIBUTES];
  else {
    // `AttributeNames` is typed as queue attribute names; AWS ignores those that are not message attributes.
    for (const n of asked) if (!SYSTEM.has(n) && !ALL_QUEUE_ATTRIBUTE_NAMES.has(n)) throw sqsErrors.unknownAttribute(n);
    system = SYSTEM_ATTRIBUTES.filter((n) => asked.includes(n));
  }
  return { system, user: attributeSelector(messageAttributeNames) };
}

/** Builds the wire message for one claimed message. */
export function receivedMessage(queueId: number, m: StoredMessage, view: ReceiveView, receivedAt: number, fifo: boolean): Message {
  const out: Message = {
    MessageId: m.messageId,
    ReceiptHandle: encodeReceiptHandle(queueId, m.seq, m.receiveCount, receivedAt),
    MD5OfBody: m.md5OfBody,
    Body: m.body,
  };
  if (view.system.length > 0) out.Attributes = systemAttributes(m, view.system, fifo);
  if (view.user !== 'none' && m.messageAttributes !== null) {
    const all = deserializeAttributes(m.messageAttributes);
    // AWS digests only the attributes it returns (AWS-WIRE §1.6).
    const chosen = view.user === null ? all : selectAttributes(all, view.user);
    if (Object.keys(chosen).length > 0) {
      out.MessageAttributes = chosen as Message['MessageAttributes'];
      out.MD5OfMessageAttributes = view.user === null && m.md5OfMessageAttributes ? m.md5OfMessageAttributes : md5OfAttributes(chosen);
    }
  }
  return out;
}

function systemAttributes(m: StoredMessage, names: readonly SystemAttribute[], fifo: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  let trace: string | undefined;
  for (const name of names) {
    switch (name) {
      case 'SenderId':
        out.SenderId = m.senderId;
        break;
      case 'SentTimestamp':
        out.SentTimestamp = String(m.sentAt);
        break;
      case 'ApproximateReceiveCount':
        out.ApproximateReceiveCount = String(m.receiveCount);
        break;
      case 'ApproximateFirstReceiveTimestamp':
        out.ApproximateFirstReceiveTimestamp = String(m.firstReceiveAt ?? m.sentAt);
        break;
      case 'MessageGroupId':
        if (m.groupId !== null) out.MessageGroupId = m.groupId;
        break;
      case 'MessageDeduplicationId':
        if (m.dedupId !== null) out.MessageDeduplicationId = m.dedupId;
        break;
      case 'AWSTraceHeader':
        trace ??= traceHeader(m.systemAttributes);
        if (trace !== undefined) out.AWSTraceHeader = trace;
        break;
      case 'SequenceNumber':
        if (fifo) out.SequenceNumber = sequenceNumber(m.seq);
        break;
      case 'DeadLetterQueueSourceArn':
        if (m.deadLetterSourceArn !== null) out.DeadLetterQueueSourceArn = m.deadLetterSourceArn;
        break;
    }
  }
  return out;
}

function traceHeader(stored: string | null): string | undefined {
  if (stored === null) return undefined;
  return deserializeAttributes(stored).AWSTraceHeader?.StringValue;
}
