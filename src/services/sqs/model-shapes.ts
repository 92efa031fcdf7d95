/**
 * Shared shapes of the SQS model (src/services/sqs/model.ts): enums, primitives with AWS's
 * constraints, and the structures several operations use. Plain data.
 */
import type {
  BlobShape,
  BooleanShape,
  ListShape,
  MapShape,
  Member,
  NumberShape,
  StringShape,
  } from '../shared/shapes.js';

// ---------------------------------------------------------------------------------------------
// Enums (values and order as in @aws-sdk/client-sqs dist-es/models/enums.js)

export const QUEUE_ATTRIBUTE_NAMES = [
  'All',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesDelayed',
  'ApproximateNumberOfMessagesNotVisible',
  'ContentBasedDeduplication',
  'CreatedTimestamp',
  'DeduplicationScope',
  'DelaySeconds',
  'FifoQueue',
  'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds',
  'KmsMasterKeyId',
  'LastModifiedTimestamp',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'Policy',
  'QueueArn',
  'ReceiveMessageWaitTimeSeconds',
  'RedriveAllowPolicy',
  'RedrivePolicy',
  'SqsManagedSseEnabled',
  'VisibilityTimeout',
] as const;

export const MESSAGE_SYSTEM_ATTRIBUTE_NAMES = [
  'AWSTraceHeader',
  'All',
  'ApproximateFirstReceiveTimestamp',
  'ApproximateReceiveCount',
  'DeadLetterQueueSourceArn',
  'MessageDeduplicationId',
  'MessageGroupId',
  'SenderId',
  'SentTimestamp',
  'SequenceNumber',
] as const;

/** The only system attribute a sender may set (`MessageSystemAttributes` on SendMessage[Batch]). */
export const MESSAGE_SYSTEM_ATTRIBUTE_NAMES_FOR_SENDS = ['AWSTraceHeader'] as const;

// ---------------------------------------------------------------------------------------------
// Scalars

export const string: StringShape = { type: 'string' };
export const integer: NumberShape = { type: 'integer' };
export const long: NumberShape = { type: 'long' };
export const boolean: BooleanShape = { type: 'boolean' };
export const blob: BlobShape = { type: 'blob' };

/** 1–80 characters of `[A-Za-z0-9_-]`; a FIFO queue's name ends in `.fifo` (counted in the 80). */
export const queueName: StringShape = { type: 'string', min: 1, max: 80, pattern: '^[A-Za-z0-9_-]+(\\.fifo)?$' };
/** Batch entry `Id`: up to 80 characters of alphanumerics, `-` and `_`; unique within a request. */
export const batchEntryId: StringShape = { type: 'string', min: 1, max: 80, pattern: '^[A-Za-z0-9_-]+$' };
/** AddPermission / RemovePermission `Label`: up to 80 characters of alphanumerics, `-` and `_`. */
export const permissionLabel: StringShape = { type: 'string', min: 1, max: 80, pattern: '^[A-Za-z0-9_-]+$' };
/**
 * `MessageGroupId`, `MessageDeduplicationId`, `ReceiveRequestAttemptId`: 1–128 characters,
 * alphanumerics and punctuation `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`, i.e. printable ASCII without space.
 */
export const fifoToken: StringShape = { type: 'string', min: 1, max: 128, pattern: '^[\\x21-\\x7E]+$' };
/**
 * `MessageBody`: at least one character, at most 1 MiB. The real limit is in **bytes** (UTF-8) and is
 * the queue's `MaximumMessageSize` counted together with the message attributes, so the domain
 * checks it; a length in UTF-16 units above 1,048,576 always exceeds it too. Allowed characters:
 * #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF (else InvalidMessageContents).
 */
export const messageBody: StringShape = { type: 'string', min: 1, max: 1_048_576 };
/** Message attribute name: up to 256 characters (`[A-Za-z0-9_.-]`, no leading/trailing/double `.`,
 * no `AWS.` / `Amazon.` prefix — rules the domain checks, with AWS's wording). */
export const messageAttributeName: StringShape = { type: 'string', min: 1, max: 256 };
/** `DataType`: `String`, `Number` or `Binary`, optionally `.customLabel`; up to 256 characters. */
export const messageAttributeDataType: StringShape = { type: 'string', min: 1, max: 256 };

/** Seconds, 0–43,200 (12 h). */
export const visibilityTimeout: NumberShape = { type: 'integer', min: 0, max: 43_200 };
/** Seconds, 0–900 (15 min). */
export const delaySeconds: NumberShape = { type: 'integer', min: 0, max: 900 };
/** ListQueues / ListDeadLetterSourceQueues `MaxResults`: 1–1,000. */
export const maxResults1000: NumberShape = { type: 'integer', min: 1, max: 1_000 };

export const queueAttributeName: StringShape = { type: 'string', enum: QUEUE_ATTRIBUTE_NAMES };
export const messageSystemAttributeName: StringShape = { type: 'string', enum: MESSAGE_SYSTEM_ATTRIBUTE_NAMES };
export const messageSystemAttributeNameForSends: StringShape = {
  type: 'string',
  enum: MESSAGE_SYSTEM_ATTRIBUTE_NAMES_FOR_SENDS,
};

// ---------------------------------------------------------------------------------------------
// Lists and maps (their query names live on the members that use them: all SQS lists/maps are
// flattened, so the list's own `memberName` only matters for the two non-flattened shapes below)

export const stringList: ListShape = { type: 'list', member: string };
export const queueAttributeNameList: ListShape = { type: 'list', member: queueAttributeName };
export const messageSystemAttributeNameList: ListShape = { type: 'list', member: messageSystemAttributeName };
export const messageAttributeNameList: ListShape = { type: 'list', member: string };
/** `StringListValues` / `BinaryListValues` ("not implemented, reserved for future use"). */
export const attributeStringList: ListShape = { type: 'list', member: string, memberName: 'StringListValue' };
export const attributeBinaryList: ListShape = { type: 'list', member: blob, memberName: 'BinaryListValue' };

/** QueueAttributeMap: `Attribute.N.Name` / `Attribute.N.Value`. */
export const queueAttributeMap: MapShape = {
  type: 'map',
  key: queueAttributeName,
  value: string,
  keyName: 'Name',
  valueName: 'Value',
};
/** TagMap: `Tag.N.Key` / `Tag.N.Value`. */
export const tagMap: MapShape = { type: 'map', key: string, value: string, keyName: 'Key', valueName: 'Value' };
/** MessageSystemAttributeMap (Message.Attributes on receive): `<Attribute><Name/><Value/></Attribute>`. */
export const messageSystemAttributeMap: MapShape = {
  type: 'map',
  key: messageSystemAttributeName,
  value: string,
  keyName: 'Name',
  valueName: 'Value',
};

// ---------------------------------------------------------------------------------------------
// Helpers (plain data out; nothing here is evaluated lazily)

import { opt, req, structure } from '../shared/shapes.js';
export { opt, req, structure };
/** A flattened list/map member with its query/XML name. */
export function flat(shape: ListShape | MapShape, xmlName: string, required = false): Member {
  return required ? { shape, required: true, xmlName, flattened: true } : { shape, xmlName, flattened: true };
}

// ---------------------------------------------------------------------------------------------
// Shared structures

/** Attribute values carry both DataType and one of the values; the schema lists DataType first. */
export const messageAttributeValue = structure('MessageAttributeValue', {
  DataType: req(messageAttributeDataType),
  StringValue: opt(string),
  BinaryValue: opt(blob),
  StringListValues: flat(attributeStringList, 'StringListValue'),
  BinaryListValues: flat(attributeBinaryList, 'BinaryListValue'),
});
export const messageSystemAttributeValue = structure('MessageSystemAttributeValue', {
  DataType: req(messageAttributeDataType),
  StringValue: opt(string),
  BinaryValue: opt(blob),
  StringListValues: flat(attributeStringList, 'StringListValue'),
  BinaryListValues: flat(attributeBinaryList, 'BinaryListValue'),
});

/** MessageBodyAttributeMap: `MessageAttribute.N.Name` / `MessageAttribute.N.Value.DataType` …; ≤ 10 per message. */
export const messageBodyAttributeMap: MapShape = {
  type: 'map',
  key: messageAttributeName,
  value: messageAttributeValue,
  keyName: 'Name',
  valueName: 'Value',
  max: 10,
};
/** MessageBodySystemAttributeMap: `MessageSystemAttribute.N.Name` (only `AWSTraceHeader`) / `.Value.*`. */
export const messageBodySystemAttributeMap: MapShape = {
  type: 'map',
  key: messageSystemAttributeNameForSends,
  value: messageSystemAttributeValue,
  keyName: 'Name',
  valueName: 'Value',
};

export const batchResultErrorEntry = structure('BatchResultErrorEntry', {
  Id: req(string),
  SenderFault: req(boolean),
  Code: req(string),
  Message: opt(string),
});
export const batchResultErrorEntryList: ListShape = { type: 'list', member: batchResultErrorEntry };

export const message = structure('Message', {
  MessageId: opt(string),
  ReceiptHandle: opt(string),
  MD5OfBody: opt(string),
  Body: opt(string),
  Attributes: flat(messageSystemAttributeMap, 'Attribute'),
  MD5OfMessageAttributes: opt(string),
  MessageAttributes: flat(messageBodyAttributeMap, 'MessageAttribute'),
});

