import type { Message } from '@aws-sdk/client-sqs';
import { setOwn } from '../../services/shared/own.js';

/**
 * The event an SQS event source mapping invokes its function with [Lambda developer guide, "Using
 * Lambda with Amazon SQS", its standard and FIFO example events]: `{"Records": [...]}`, one record
 * per message, in the order received, camel-cased as Lambda writes them (not as SQS's API does):
 *
 *   messageId, receiptHandle, body,
 *   attributes: ApproximateReceiveCount, SentTimestamp, [SequenceNumber, MessageGroupId,] SenderId,
 *               [MessageDeduplicationId,] ApproximateFirstReceiveTimestamp (FIFO's in brackets),
 *               and AWSTraceHeader / DeadLetterQueueSourceArn when the message has them,
 *   messageAttributes: { name: { stringValue | binaryValue (base64), stringListValues: [],
 *               binaryListValues: [], dataType } },
 *   md5OfMessageAttributes (only when there are attributes; the documented examples have none, real
 *               events carry it, as @types/aws-lambda's SQSRecord does), md5OfBody,
 *   eventSource "aws:sqs", eventSourceARN (the queue's ARN), awsRegion.
 */
export interface SqsEventRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Record<string, string>;
  readonly messageAttributes: Record<string, SqsEventAttribute>;
  readonly md5OfMessageAttributes?: string;
  readonly md5OfBody: string;
  readonly eventSource: 'aws:sqs';
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

export interface SqsEventAttribute {
  readonly stringValue?: string;
  readonly binaryValue?: string;
  readonly stringListValues: string[];
  readonly binaryListValues: string[];
  readonly dataType: string;
}

/** The system attributes in the order of AWS's examples (FIFO's interleaved as its example has them). */
const ATTRIBUTE_ORDER = ['ApproximateReceiveCount', 'SentTimestamp', 'SequenceNumber', 'MessageGroupId', 'SenderId', 'MessageDeduplicationId', 'ApproximateFirstReceiveTimestamp', 'AWSTraceHeader', 'DeadLetterQueueSourceArn'];

/**
 * One record for a message ReceiveMessage returned (with AttributeNames and MessageAttributeNames
 * `All`). A standard queue's message sent with a MessageGroupId (fair queues) keeps it, as SQS
 * returns it; only a FIFO queue has a SequenceNumber.
 */
export function sqsEventRecord(m: Message, queueArn: string, region: string): SqsEventRecord {
  const given = m.Attributes ?? {};
  const attributes: Record<string, string> = {};
  for (const name of ATTRIBUTE_ORDER) {
    const v = (given as Record<string, string | undefined>)[name];
    if (v !== undefined) attributes[name] = v;
  }
  const messageAttributes: Record<string, SqsEventAttribute> = {};
  for (const [name, a] of Object.entries(m.MessageAttributes ?? {})) {
    // setOwn: an attribute named `__proto__` stays an entry (an assignment replaced the prototype).
    setOwn(
      messageAttributes,
      name,
      a.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(a.BinaryValue).toString('base64'), stringListValues: [], binaryListValues: [], dataType: a.DataType! }
        : { stringValue: a.StringValue, stringListValues: [], binaryListValues: [], dataType: a.DataType! },
    );
  }
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes,
    messageAttributes,
    ...(m.MD5OfMessageAttributes === undefined ? {} : { md5OfMessageAttributes: m.MD5OfMessageAttributes }),
    md5OfBody: m.MD5OfBody!,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

export function sqsEvent(messages: readonly Message[], queueArn: string, region: string): { Records: SqsEventRecord[] } {
  return { Records: messages.map((m) => sqsEventRecord(m, queueArn, region)) };
}
