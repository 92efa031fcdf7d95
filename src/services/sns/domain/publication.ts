import { createHash } from 'node:crypto';
import { snsErrors } from '../errors.js';
import { checkMessageAttributes, type MessageAttributeValue, type StoredAttribute } from './message-attributes.js';
import type { TopicSettings } from './topic-attributes.js';

/**
 * One published message: the checks Publish and each PublishBatch entry go through (in AWS's
 * order: Subject, empty message, attributes, size, FIFO fields, MessageStructure [LocalStack
 * provider, AWS-validated tests]), and the record the deliveries are made from, stored with the
 * outbox as JSON.
 */

export interface PublishEntry {
  readonly Message?: string;
  readonly Subject?: string;
  readonly MessageStructure?: string;
  readonly MessageAttributes?: Readonly<Record<string, MessageAttributeValue>>;
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
}

/** What a delivery needs of its message (the outbox payload). */
export interface Publication {
  readonly topicArn: string;
  readonly messageId: string;
  /** Epoch ms of the Publish: the envelope's Timestamp. */
  readonly timestamp: number;
  readonly subject?: string;
  readonly message: string;
  /** MessageStructure=json: the message per protocol (`default` always present). */
  readonly structure?: Readonly<Record<string, string>>;
  readonly attributes?: Readonly<Record<string, StoredAttribute>>;
  readonly groupId?: string;
  readonly dedupId?: string;
  readonly fifo: boolean;
  readonly signatureVersion: '1' | '2';
  /** `scheme://host` the publisher reached us at: the base of UnsubscribeURL. */
  readonly baseUrl: string;
  /** A replay of the archived message published with this seq (archive.ts): its SequenceNumber, marked Replayed. */
  readonly replay?: { readonly seq: number };
  /**
   * The publisher's X-Amzn-Trace-Id header. AWS X-Ray: SNS passes the publisher's trace context on
   * to its subscribers; an SQS queue keeps it as the message's AWSTraceHeader.
   */
  readonly traceHeader?: string;
  /** Set for the control messages SNS sends an HTTP/S endpoint itself (see domain/confirmation.ts). */
  readonly control?: ControlMessage;
}

export interface ControlMessage {
  readonly type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  readonly token: string;
  readonly subscribeUrl: string;
}

export interface PreparedPublication {
  readonly publication: Publication;
  /** FIFO deduplication key (group-scoped when FifoThroughputScope=MessageGroup), else null. */
  readonly dedupKey: string | null;
  /** Bytes counted toward the limits: message and attributes. */
  readonly size: number;
}

/** MessageGroupId / MessageDeduplicationId: 1–128 alphanumeric and punctuation characters. */
const FIFO_ID = /^[\x21-\x7E]{1,128}$/;
/** Subject: under 100 printable ASCII characters, not starting with a space, no line breaks. */
const SUBJECT = /^[\x21-\x7E][\x20-\x7E]{0,98}$/;

export interface PublishContext {
  readonly topicArn: string;
  readonly settings: TopicSettings;
  readonly messageId: string;
  readonly now: number;
  readonly baseUrl: string;
  readonly traceHeader?: string;
  /** 1-based PublishBatch entry position, for AWS's "Value null" message. */
  readonly entry?: number;
}

/** The checks of one message's content (each PublishBatch entry passes or fails them alone). */
export function checkContent(e: PublishEntry, maximumMessageSize: number, entry?: number): { attributes: Record<string, StoredAttribute> | undefined; size: number } {
  if (e.Subject !== undefined && !SUBJECT.test(e.Subject)) throw snsErrors.invalidParameter('Subject');
  const message = e.Message ?? '';
  if (message === '') throw snsErrors.emptyMessage();
  const { attributes, size: attributeBytes } = checkMessageAttributes(e.MessageAttributes, entry);
  const size = Buffer.byteLength(message, 'utf8') + attributeBytes;
  if (size > maximumMessageSize) throw snsErrors.messageTooLong();
  return { attributes, size };
}

export interface Shape {
  readonly dedupId?: string;
  readonly dedupKey: string | null;
  readonly structure?: Record<string, string>;
}

/**
 * The FIFO fields and MessageStructure of one message. PublishBatch fails the whole request for
 * these, not the entry [AWS-recorded: test_publish_batch_exceptions].
 */
export function checkShape(e: PublishEntry, settings: TopicSettings): Shape {
  let dedupId: string | undefined;
  let dedupKey: string | null = null;
  if (settings.fifo) {
    if (e.MessageGroupId === undefined || e.MessageGroupId === '') throw snsErrors.groupIdRequired();
    if (!FIFO_ID.test(e.MessageGroupId)) throw snsErrors.invalidParameter('MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.');
    if (e.MessageDeduplicationId !== undefined) {
      if (!FIFO_ID.test(e.MessageDeduplicationId)) throw snsErrors.invalidParameter('MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.');
      dedupId = e.MessageDeduplicationId;
    } else if (settings.contentBasedDeduplication) {
      // AWS: the SHA-256 of the message body, not of its attributes.
      dedupId = createHash('sha256').update(e.Message ?? '', 'utf8').digest('hex');
    } else throw snsErrors.dedupIdRequired();
    dedupKey = settings.dedupPerGroup ? `${e.MessageGroupId}\n${dedupId}` : dedupId;
  } else {
    if (e.MessageDeduplicationId !== undefined) throw snsErrors.notForThisTopicType('MessageDeduplicationId');
    // A standard topic passes MessageGroupId on (to SQS fair queues); it must still be well-formed.
    if (e.MessageGroupId !== undefined && !FIFO_ID.test(e.MessageGroupId)) throw snsErrors.invalidParameter('MessageGroupId');
  }
  let structure: Record<string, string> | undefined;
  if (e.MessageStructure !== undefined) {
    if (e.MessageStructure !== 'json') throw snsErrors.invalidParameter('MessageStructure');
    structure = parseStructure(e.Message ?? '');
  }
  return { dedupId, dedupKey, structure };
}

/** Publish: content, then shape (AWS's order), then the record to store. */
export function preparePublication(e: PublishEntry, c: PublishContext): PreparedPublication {
  const content = checkContent(e, c.settings.maximumMessageSize, c.entry);
  return buildPublication(e, content, checkShape(e, c.settings), c);
}

export function buildPublication(
  e: PublishEntry,
  content: { attributes: Record<string, StoredAttribute> | undefined; size: number },
  shape: Shape,
  c: PublishContext,
): PreparedPublication {
  return {
    dedupKey: shape.dedupKey,
    size: content.size,
    publication: {
      topicArn: c.topicArn,
      messageId: c.messageId,
      timestamp: c.now,
      subject: e.Subject,
      message: e.Message ?? '',
      structure: shape.structure,
      attributes: content.attributes,
      groupId: e.MessageGroupId,
      dedupId: shape.dedupId,
      fifo: c.settings.fifo,
      signatureVersion: c.settings.signatureVersion,
      baseUrl: c.baseUrl,
      traceHeader: c.traceHeader,
    },
  };
}

/** MessageStructure=json: a JSON object whose string members are per-protocol messages (others ignored, as AWS). */
function parseStructure(message: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw snsErrors.jsonMessageUnparsable();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw snsErrors.jsonMessageUnparsable();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
  if (out.default === undefined) throw snsErrors.noDefaultEntry();
  return out;
}

/** The message a protocol receives: its own entry of a JSON structure, else `default`, else the message. */
export function messageFor(p: Publication, protocol: string): string {
  if (!p.structure) return p.message;
  return p.structure[protocol] ?? p.structure.default!;
}
