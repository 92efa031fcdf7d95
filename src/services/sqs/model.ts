/**
 * Amazon SQS (API 2012-11-05) as data: the 23 operations, their input/output members with query
 * wire names, types and documented constraints, and every error SQS answers with.
 *
 * Sources (see src/services/sqs/model.test.ts, which cross-checks this file against them):
 * - structure, member order, types, required members, `xmlName` / `xmlFlattened`, map key/value
 *   names and the modelled errors' `awsQueryError` code + HTTP status: the JS v3 client's schema
 *   (`@aws-sdk/client-sqs` `dist-es/schemas/schemas_0.js`, 3.1175). Member order is the schema's
 *   order, which lists required members first (e.g. `MessageAttributeValue.DataType`).
 * - the errors each operation may raise: the `@throws` list of each command in
 *   `dist-types/commands/*Command.d.ts` (the schema itself carries no per-operation error list).
 * - enums: `dist-es/models/enums.js`.
 * - constraints (min/max/pattern): the doc comments in `dist-types/models/models_0.d.ts` and
 *   docs/AWS-WIRE.md §7 (the schema carries none). They document the domain; the SQS domain code
 *   checks them itself and words the errors the way AWS does (InvalidParameterValue, …).
 * - integer vs long: botocore's SQS model (the JS schema encodes both as "numeric").
 *
 * Query wire names: lists and maps are flattened, so `Attributes` travels as
 * `Attribute.1.Name=…&Attribute.1.Value=…` and answers as repeated `<Attribute><Name/><Value/></Attribute>`.
 * Trap: `ReceiveMessage.MessageSystemAttributeNames` has xmlName `AttributeName`, the same as the
 * deprecated `AttributeNames`, so in query form both arrive as `AttributeName.N`.
 */
import type {
  BlobShape,
  BooleanShape,
  ErrorModel,
  ListShape,
  MapShape,
  Member,
  NumberShape,
  OperationModel,
  Shape,
  StringShape,
  StructureShape,
  ServiceModel,
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

const string: StringShape = { type: 'string' };
const integer: NumberShape = { type: 'integer' };
const long: NumberShape = { type: 'long' };
const boolean: BooleanShape = { type: 'boolean' };
const blob: BlobShape = { type: 'blob' };

/** 1–80 characters of `[A-Za-z0-9_-]`; a FIFO queue's name ends in `.fifo` (counted in the 80). */
const queueName: StringShape = { type: 'string', min: 1, max: 80, pattern: '^[A-Za-z0-9_-]+(\\.fifo)?$' };
/** Batch entry `Id`: up to 80 characters of alphanumerics, `-` and `_`; unique within a request. */
const batchEntryId: StringShape = { type: 'string', min: 1, max: 80, pattern: '^[A-Za-z0-9_-]+$' };
/** AddPermission / RemovePermission `Label`: up to 80 characters of alphanumerics, `-` and `_`. */
const permissionLabel: StringShape = { type: 'string', min: 1, max: 80, pattern: '^[A-Za-z0-9_-]+$' };
/**
 * `MessageGroupId`, `MessageDeduplicationId`, `ReceiveRequestAttemptId`: 1–128 characters,
 * alphanumerics and punctuation `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`, i.e. printable ASCII without space.
 */
const fifoToken: StringShape = { type: 'string', min: 1, max: 128, pattern: '^[\\x21-\\x7E]+$' };
/**
 * `MessageBody`: at least one character, at most 1 MiB. The real limit is in **bytes** (UTF-8) and is
 * the queue's `MaximumMessageSize` counted together with the message attributes, so the domain
 * checks it; a length in UTF-16 units above 1,048,576 always exceeds it too. Allowed characters:
 * #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF (else InvalidMessageContents).
 */
const messageBody: StringShape = { type: 'string', min: 1, max: 1_048_576 };
/** Message attribute name: up to 256 characters (`[A-Za-z0-9_.-]`, no leading/trailing/double `.`,
 * no `AWS.` / `Amazon.` prefix — rules the domain checks, with AWS's wording). */
const messageAttributeName: StringShape = { type: 'string', min: 1, max: 256 };
/** `DataType`: `String`, `Number` or `Binary`, optionally `.customLabel`; up to 256 characters. */
const messageAttributeDataType: StringShape = { type: 'string', min: 1, max: 256 };

/** Seconds, 0–43,200 (12 h). */
const visibilityTimeout: NumberShape = { type: 'integer', min: 0, max: 43_200 };
/** Seconds, 0–900 (15 min). */
const delaySeconds: NumberShape = { type: 'integer', min: 0, max: 900 };
/** ListQueues / ListDeadLetterSourceQueues `MaxResults`: 1–1,000. */
const maxResults1000: NumberShape = { type: 'integer', min: 1, max: 1_000 };

const queueAttributeName: StringShape = { type: 'string', enum: QUEUE_ATTRIBUTE_NAMES };
const messageSystemAttributeName: StringShape = { type: 'string', enum: MESSAGE_SYSTEM_ATTRIBUTE_NAMES };
const messageSystemAttributeNameForSends: StringShape = {
  type: 'string',
  enum: MESSAGE_SYSTEM_ATTRIBUTE_NAMES_FOR_SENDS,
};

// ---------------------------------------------------------------------------------------------
// Lists and maps (their query names live on the members that use them: all SQS lists/maps are
// flattened, so the list's own `memberName` only matters for the two non-flattened shapes below)

const stringList: ListShape = { type: 'list', member: string };
const queueAttributeNameList: ListShape = { type: 'list', member: queueAttributeName };
const messageSystemAttributeNameList: ListShape = { type: 'list', member: messageSystemAttributeName };
const messageAttributeNameList: ListShape = { type: 'list', member: string };
/** `StringListValues` / `BinaryListValues` ("not implemented, reserved for future use"). */
const attributeStringList: ListShape = { type: 'list', member: string, memberName: 'StringListValue' };
const attributeBinaryList: ListShape = { type: 'list', member: blob, memberName: 'BinaryListValue' };

/** QueueAttributeMap: `Attribute.N.Name` / `Attribute.N.Value`. */
const queueAttributeMap: MapShape = {
  type: 'map',
  key: queueAttributeName,
  value: string,
  keyName: 'Name',
  valueName: 'Value',
};
/** TagMap: `Tag.N.Key` / `Tag.N.Value`. */
const tagMap: MapShape = { type: 'map', key: string, value: string, keyName: 'Key', valueName: 'Value' };
/** MessageSystemAttributeMap (Message.Attributes on receive): `<Attribute><Name/><Value/></Attribute>`. */
const messageSystemAttributeMap: MapShape = {
  type: 'map',
  key: messageSystemAttributeName,
  value: string,
  keyName: 'Name',
  valueName: 'Value',
};

// ---------------------------------------------------------------------------------------------
// Helpers (plain data out; nothing here is evaluated lazily)

function structure(name: string, members: Record<string, Member>): StructureShape {
  return { type: 'structure', name, members };
}
function opt(shape: Shape): Member {
  return { shape };
}
function req(shape: Shape): Member {
  return { shape, required: true };
}
/** A flattened list/map member with its query/XML name. */
function flat(shape: ListShape | MapShape, xmlName: string, required = false): Member {
  return required ? { shape, required: true, xmlName, flattened: true } : { shape, xmlName, flattened: true };
}

// ---------------------------------------------------------------------------------------------
// Shared structures

/** Attribute values carry both DataType and one of the values; the schema lists DataType first. */
const messageAttributeValue = structure('MessageAttributeValue', {
  DataType: req(messageAttributeDataType),
  StringValue: opt(string),
  BinaryValue: opt(blob),
  StringListValues: flat(attributeStringList, 'StringListValue'),
  BinaryListValues: flat(attributeBinaryList, 'BinaryListValue'),
});
const messageSystemAttributeValue = structure('MessageSystemAttributeValue', {
  DataType: req(messageAttributeDataType),
  StringValue: opt(string),
  BinaryValue: opt(blob),
  StringListValues: flat(attributeStringList, 'StringListValue'),
  BinaryListValues: flat(attributeBinaryList, 'BinaryListValue'),
});

/** MessageBodyAttributeMap: `MessageAttribute.N.Name` / `MessageAttribute.N.Value.DataType` …; ≤ 10 per message. */
const messageBodyAttributeMap: MapShape = {
  type: 'map',
  key: messageAttributeName,
  value: messageAttributeValue,
  keyName: 'Name',
  valueName: 'Value',
  max: 10,
};
/** MessageBodySystemAttributeMap: `MessageSystemAttribute.N.Name` (only `AWSTraceHeader`) / `.Value.*`. */
const messageBodySystemAttributeMap: MapShape = {
  type: 'map',
  key: messageSystemAttributeNameForSends,
  value: messageSystemAttributeValue,
  keyName: 'Name',
  valueName: 'Value',
};

const batchResultErrorEntry = structure('BatchResultErrorEntry', {
  Id: req(string),
  SenderFault: req(boolean),
  Code: req(string),
  Message: opt(string),
});
const batchResultErrorEntryList: ListShape = { type: 'list', member: batchResultErrorEntry };

const message = structure('Message', {
  MessageId: opt(string),
  ReceiptHandle: opt(string),
  MD5OfBody: opt(string),
  Body: opt(string),
  Attributes: flat(messageSystemAttributeMap, 'Attribute'),
  MD5OfMessageAttributes: opt(string),
  MessageAttributes: flat(messageBodyAttributeMap, 'MessageAttribute'),
});

// ---------------------------------------------------------------------------------------------
// Operations' inputs and outputs (alphabetical by operation; members in schema order)

const addPermissionRequest = structure('AddPermissionRequest', {
  QueueUrl: req(string),
  Label: req(permissionLabel),
  AWSAccountIds: flat(stringList, 'AWSAccountId', true),
  Actions: flat(stringList, 'ActionName', true),
});

const cancelMessageMoveTaskRequest = structure('CancelMessageMoveTaskRequest', {
  TaskHandle: req(string),
});
const cancelMessageMoveTaskResult = structure('CancelMessageMoveTaskResult', {
  ApproximateNumberOfMessagesMoved: opt(long),
});

const changeMessageVisibilityRequest = structure('ChangeMessageVisibilityRequest', {
  QueueUrl: req(string),
  ReceiptHandle: req(string),
  VisibilityTimeout: req(visibilityTimeout),
});

const changeMessageVisibilityBatchRequestEntry = structure('ChangeMessageVisibilityBatchRequestEntry', {
  Id: req(batchEntryId),
  ReceiptHandle: req(string),
  VisibilityTimeout: opt(visibilityTimeout),
});
const changeMessageVisibilityBatchRequest = structure('ChangeMessageVisibilityBatchRequest', {
  QueueUrl: req(string),
  Entries: flat(
    { type: 'list', member: changeMessageVisibilityBatchRequestEntry, min: 1, max: 10 },
    'ChangeMessageVisibilityBatchRequestEntry',
    true,
  ),
});
const changeMessageVisibilityBatchResultEntry = structure('ChangeMessageVisibilityBatchResultEntry', {
  Id: req(string),
});
const changeMessageVisibilityBatchResult = structure('ChangeMessageVisibilityBatchResult', {
  Successful: flat(
    { type: 'list', member: changeMessageVisibilityBatchResultEntry },
    'ChangeMessageVisibilityBatchResultEntry',
    true,
  ),
  Failed: flat(batchResultErrorEntryList, 'BatchResultErrorEntry', true),
});

const createQueueRequest = structure('CreateQueueRequest', {
  QueueName: req(queueName),
  Attributes: flat(queueAttributeMap, 'Attribute'),
  // Lower-case `tags` in the model (JSON `"tags"`), `Tag.N.Key` in query form.
  tags: flat(tagMap, 'Tag'),
});
const createQueueResult = structure('CreateQueueResult', {
  QueueUrl: opt(string),
});

const deleteMessageRequest = structure('DeleteMessageRequest', {
  QueueUrl: req(string),
  ReceiptHandle: req(string),
});

const deleteMessageBatchRequestEntry = structure('DeleteMessageBatchRequestEntry', {
  Id: req(batchEntryId),
  ReceiptHandle: req(string),
});
const deleteMessageBatchRequest = structure('DeleteMessageBatchRequest', {
  QueueUrl: req(string),
  Entries: flat(
    { type: 'list', member: deleteMessageBatchRequestEntry, min: 1, max: 10 },
    'DeleteMessageBatchRequestEntry',
    true,
  ),
});
const deleteMessageBatchResultEntry = structure('DeleteMessageBatchResultEntry', {
  Id: req(string),
});
const deleteMessageBatchResult = structure('DeleteMessageBatchResult', {
  Successful: flat({ type: 'list', member: deleteMessageBatchResultEntry }, 'DeleteMessageBatchResultEntry', true),
  Failed: flat(batchResultErrorEntryList, 'BatchResultErrorEntry', true),
});

const deleteQueueRequest = structure('DeleteQueueRequest', {
  QueueUrl: req(string),
});

const getQueueAttributesRequest = structure('GetQueueAttributesRequest', {
  QueueUrl: req(string),
  AttributeNames: flat(queueAttributeNameList, 'AttributeName'),
});
const getQueueAttributesResult = structure('GetQueueAttributesResult', {
  Attributes: flat(queueAttributeMap, 'Attribute'),
});

const getQueueUrlRequest = structure('GetQueueUrlRequest', {
  QueueName: req(queueName),
  QueueOwnerAWSAccountId: opt(string),
});
const getQueueUrlResult = structure('GetQueueUrlResult', {
  QueueUrl: opt(string),
});

const listDeadLetterSourceQueuesRequest = structure('ListDeadLetterSourceQueuesRequest', {
  QueueUrl: req(string),
  NextToken: opt(string),
  MaxResults: opt(maxResults1000),
});
const listDeadLetterSourceQueuesResult = structure('ListDeadLetterSourceQueuesResult', {
  // Lower-case `queueUrls` in the model (JSON `"queueUrls"`), repeated `<QueueUrl>` in XML.
  queueUrls: flat(stringList, 'QueueUrl', true),
  NextToken: opt(string),
});

const listMessageMoveTasksRequest = structure('ListMessageMoveTasksRequest', {
  SourceArn: req(string),
  /** Default 1 (the most recent task), at most 10. */
  MaxResults: opt({ type: 'integer', min: 1, max: 10 }),
});
const listMessageMoveTasksResultEntry = structure('ListMessageMoveTasksResultEntry', {
  TaskHandle: opt(string),
  /** RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED (a plain string in the model). */
  Status: opt(string),
  SourceArn: opt(string),
  DestinationArn: opt(string),
  MaxNumberOfMessagesPerSecond: opt(integer),
  ApproximateNumberOfMessagesMoved: opt(long),
  ApproximateNumberOfMessagesToMove: opt(long),
  FailureReason: opt(string),
  /** Epoch milliseconds as a number (the model's type is long, not timestamp). */
  StartedTimestamp: opt(long),
});
// The schema gives this structure an explicit xmlName equal to its own name; nothing to express.
const listMessageMoveTasksResult = structure('ListMessageMoveTasksResult', {
  Results: flat({ type: 'list', member: listMessageMoveTasksResultEntry }, 'ListMessageMoveTasksResultEntry'),
});

const listQueuesRequest = structure('ListQueuesRequest', {
  QueueNamePrefix: opt(string),
  NextToken: opt(string),
  MaxResults: opt(maxResults1000),
});
const listQueuesResult = structure('ListQueuesResult', {
  QueueUrls: flat(stringList, 'QueueUrl'),
  NextToken: opt(string),
});

const listQueueTagsRequest = structure('ListQueueTagsRequest', {
  QueueUrl: req(string),
});
const listQueueTagsResult = structure('ListQueueTagsResult', {
  Tags: flat(tagMap, 'Tag'),
});

const purgeQueueRequest = structure('PurgeQueueRequest', {
  QueueUrl: req(string),
});

const receiveMessageRequest = structure('ReceiveMessageRequest', {
  QueueUrl: req(string),
  /**
   * Deprecated for MessageSystemAttributeNames. The model types its items as QueueAttributeName,
   * but clients (sqs-consumer, old SDKs) send message system attribute names here (`SenderId`,
   * `SentTimestamp`, …) and AWS honours them, so the items are left unconstrained.
   */
  AttributeNames: flat(stringList, 'AttributeName'),
  /** Same query name as AttributeNames: both arrive as `AttributeName.N` in query form. */
  MessageSystemAttributeNames: flat(messageSystemAttributeNameList, 'AttributeName'),
  /** Names, `All`, `.*` or a prefix such as `bar.*`. */
  MessageAttributeNames: flat(messageAttributeNameList, 'MessageAttributeName'),
  MaxNumberOfMessages: opt({ type: 'integer', min: 1, max: 10 }),
  VisibilityTimeout: opt(visibilityTimeout),
  WaitTimeSeconds: opt({ type: 'integer', min: 0, max: 20 }),
  ReceiveRequestAttemptId: opt(fifoToken),
});
const receiveMessageResult = structure('ReceiveMessageResult', {
  Messages: flat({ type: 'list', member: message }, 'Message'),
});

const removePermissionRequest = structure('RemovePermissionRequest', {
  QueueUrl: req(string),
  Label: req(permissionLabel),
});

const sendMessageRequest = structure('SendMessageRequest', {
  QueueUrl: req(string),
  MessageBody: req(messageBody),
  DelaySeconds: opt(delaySeconds),
  MessageAttributes: flat(messageBodyAttributeMap, 'MessageAttribute'),
  MessageSystemAttributes: flat(messageBodySystemAttributeMap, 'MessageSystemAttribute'),
  MessageDeduplicationId: opt(fifoToken),
  MessageGroupId: opt(fifoToken),
});
const sendMessageResult = structure('SendMessageResult', {
  MD5OfMessageBody: opt(string),
  MD5OfMessageAttributes: opt(string),
  MD5OfMessageSystemAttributes: opt(string),
  MessageId: opt(string),
  SequenceNumber: opt(string),
});

const sendMessageBatchRequestEntry = structure('SendMessageBatchRequestEntry', {
  Id: req(batchEntryId),
  MessageBody: req(messageBody),
  DelaySeconds: opt(delaySeconds),
  MessageAttributes: flat(messageBodyAttributeMap, 'MessageAttribute'),
  MessageSystemAttributes: flat(messageBodySystemAttributeMap, 'MessageSystemAttribute'),
  MessageDeduplicationId: opt(fifoToken),
  MessageGroupId: opt(fifoToken),
});
const sendMessageBatchRequest = structure('SendMessageBatchRequest', {
  QueueUrl: req(string),
  /** 1–10 entries, ≤ 1 MiB in total (BatchRequestTooLong, checked by the domain). */
  Entries: flat(
    { type: 'list', member: sendMessageBatchRequestEntry, min: 1, max: 10 },
    'SendMessageBatchRequestEntry',
    true,
  ),
});
const sendMessageBatchResultEntry = structure('SendMessageBatchResultEntry', {
  Id: req(string),
  MessageId: req(string),
  MD5OfMessageBody: req(string),
  MD5OfMessageAttributes: opt(string),
  MD5OfMessageSystemAttributes: opt(string),
  SequenceNumber: opt(string),
});
const sendMessageBatchResult = structure('SendMessageBatchResult', {
  Successful: flat({ type: 'list', member: sendMessageBatchResultEntry }, 'SendMessageBatchResultEntry', true),
  Failed: flat(batchResultErrorEntryList, 'BatchResultErrorEntry', true),
});

const setQueueAttributesRequest = structure('SetQueueAttributesRequest', {
  QueueUrl: req(string),
  Attributes: flat(queueAttributeMap, 'Attribute', true),
});

const startMessageMoveTaskRequest = structure('StartMessageMoveTaskRequest', {
  SourceArn: req(string),
  DestinationArn: opt(string),
  /** At most 500 messages per second; absent means "optimised by the system". */
  MaxNumberOfMessagesPerSecond: opt({ type: 'integer', max: 500 }),
});
const startMessageMoveTaskResult = structure('StartMessageMoveTaskResult', {
  TaskHandle: opt(string),
});

const tagQueueRequest = structure('TagQueueRequest', {
  QueueUrl: req(string),
  Tags: flat(tagMap, 'Tag', true),
});

const untagQueueRequest = structure('UntagQueueRequest', {
  QueueUrl: req(string),
  TagKeys: flat(stringList, 'TagKey', true),
});

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Modelled errors: code/status exactly as the schema's `awsQueryError` trait (and `httpError`);
 * the four without that trait use their shape name and 400. All are client faults → `Sender`.
 */
const modelledErrors: Record<string, ErrorModel> = {
  BatchEntryIdsNotDistinct: { code: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', status: 400, fault: 'Sender' },
  BatchRequestTooLong: { code: 'AWS.SimpleQueueService.BatchRequestTooLong', status: 400, fault: 'Sender' },
  EmptyBatchRequest: { code: 'AWS.SimpleQueueService.EmptyBatchRequest', status: 400, fault: 'Sender' },
  InvalidAddress: { code: 'InvalidAddress', status: 404, fault: 'Sender' },
  InvalidAttributeName: { code: 'InvalidAttributeName', status: 400, fault: 'Sender' },
  InvalidAttributeValue: { code: 'InvalidAttributeValue', status: 400, fault: 'Sender' },
  InvalidBatchEntryId: { code: 'AWS.SimpleQueueService.InvalidBatchEntryId', status: 400, fault: 'Sender' },
  InvalidIdFormat: { code: 'InvalidIdFormat', status: 400, fault: 'Sender' },
  InvalidMessageContents: { code: 'InvalidMessageContents', status: 400, fault: 'Sender' },
  InvalidSecurity: { code: 'InvalidSecurity', status: 403, fault: 'Sender' },
  KmsAccessDenied: { code: 'KMS.AccessDeniedException', status: 400, fault: 'Sender' },
  KmsDisabled: { code: 'KMS.DisabledException', status: 400, fault: 'Sender' },
  KmsInvalidKeyUsage: { code: 'KMS.InvalidKeyUsageException', status: 400, fault: 'Sender' },
  KmsInvalidState: { code: 'KMS.InvalidStateException', status: 400, fault: 'Sender' },
  KmsNotFound: { code: 'KMS.NotFoundException', status: 400, fault: 'Sender' },
  KmsOptInRequired: { code: 'KMS.OptInRequired', status: 403, fault: 'Sender' },
  KmsThrottled: { code: 'KMS.ThrottlingException', status: 400, fault: 'Sender' },
  MessageNotInflight: { code: 'AWS.SimpleQueueService.MessageNotInflight', status: 400, fault: 'Sender' },
  OverLimit: { code: 'OverLimit', status: 403, fault: 'Sender' },
  PurgeQueueInProgress: { code: 'AWS.SimpleQueueService.PurgeQueueInProgress', status: 403, fault: 'Sender' },
  QueueDeletedRecently: { code: 'AWS.SimpleQueueService.QueueDeletedRecently', status: 400, fault: 'Sender' },
  QueueDoesNotExist: { code: 'AWS.SimpleQueueService.NonExistentQueue', status: 400, fault: 'Sender' },
  QueueNameExists: { code: 'QueueAlreadyExists', status: 400, fault: 'Sender' },
  ReceiptHandleIsInvalid: { code: 'ReceiptHandleIsInvalid', status: 404, fault: 'Sender' },
  RequestThrottled: { code: 'RequestThrottled', status: 403, fault: 'Sender' },
  ResourceNotFoundException: { code: 'ResourceNotFoundException', status: 404, fault: 'Sender' },
  TooManyEntriesInBatchRequest: {
    code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    status: 400,
    fault: 'Sender',
  },
  UnsupportedOperation: { code: 'AWS.SimpleQueueService.UnsupportedOperation', status: 400, fault: 'Sender' },
};

const CORAL = 'com.amazon.coral.service';

/**
 * Errors SQS answers with that are not in its model. Key = JSON shape name (`__type` is
 * `com.amazon.coral.service#<key>`), `code` = query code (XML `<Code>`, `x-amzn-query-error`).
 * Tags as in docs/AWS-WIRE.md: [AWS-recorded] = LocalStack snapshot/validated test against real
 * AWS; [captured] = a real AWS answer quoted in a public issue; [docs] = the SQS API Reference
 * "Common Errors" page; [unverified] = a reasoned guess, check before relying on it.
 */
const commonErrors: Record<string, ErrorModel> = {
  // [AWS-recorded] JSON: Code InvalidParameterValue, QueryErrorCode InvalidParameterValueException,
  // 400 (LocalStack tests/aws/services/sqs/test_sqs.snapshot.json, e.g. MaxNumberOfMessages 11);
  // `__type` com.amazon.coral.service#InvalidParameterValueException (LocalStack serializer note).
  InvalidParameterValueException: { code: 'InvalidParameterValue', status: 400, fault: 'Sender', namespace: CORAL },
  // [AWS-recorded] "The request must contain the parameter MessageBody." → MissingParameter, 400.
  MissingRequiredParameterException: { code: 'MissingParameter', status: 400, fault: 'Sender', namespace: CORAL },
  // [captured] Query: HTTP 403, <Type>Sender</Type><Code>AccessDenied</Code> "Access to the resource
  // https://sqs.<region>.amazonaws.com/ is denied." (aws/aws-sdk-php#1623; JS v3 $metadata 403 in
  // island-is/island.is#7812). AWS-WIRE §4.1 says 400; the captures say 403, and 403 is used here.
  // JSON name per LocalStack's JSON→query code mapping.
  AccessDeniedException: { code: 'AccessDenied', status: 403, fault: 'Sender', namespace: CORAL },
  // [AWS-recorded] Query request with an Action SQS does not know (or CreateQueue/ListQueues sent
  // to a queue URL): 400, Sender, InvalidAction, "The action FooBar is not valid for this endpoint."
  // (LocalStack test_sqs.py test_invalid_action_raises_exception, marked aws.validated).
  InvalidAction: { code: 'InvalidAction', status: 400, fault: 'Sender', namespace: CORAL },
  // JSON request whose X-Amz-Target names no SQS operation. [captured] for other coral JSON
  // services: {"__type":"...UnknownOperationException"} with 400 (aws/aws-sdk-js#425,
  // aws/aws-sdk-net#1536); newer generic "Common Errors" pages list 404 [unverified for SQS].
  // Quirk for the query codec: a query request with NO Action at all gets HTTP 404 and the bare
  // body `<UnknownOperationException/>` [AWS-recorded, LocalStack
  // test_get_without_query_returns_unknown_operation], not an <ErrorResponse>.
  UnknownOperationException: { code: 'UnknownOperationException', status: 400, fault: 'Sender', namespace: CORAL },
  // Malformed JSON body. Coral's standard name and status [unverified for SQS: no capture found].
  SerializationException: { code: 'SerializationException', status: 400, fault: 'Sender', namespace: CORAL },
  // [docs] SQS Common Errors: InvalidQueryParameter 400 ("query string is malformed or does not
  // adhere to AWS standards"); MalformedQueryString **404** ("query string contains a syntax error").
  InvalidQueryParameter: { code: 'InvalidQueryParameter', status: 400, fault: 'Sender', namespace: CORAL },
  MalformedQueryString: { code: 'MalformedQueryString', status: 404, fault: 'Sender', namespace: CORAL },
  // Authentication (raised by SigV4 checking). Query codes and statuses: [docs] SQS Common Errors
  // (MissingAuthenticationToken 403, IncompleteSignature 400, InvalidClientTokenId 403,
  // RequestExpired 400) and [captured] 403 Sender InvalidClientTokenId "The security token included
  // in the request is invalid." (ex-aws/ex_aws#220). SignatureDoesNotMatch 403 is [unverified]
  // (AWS-WIRE §5.5). JSON shape names are the coral ones JSON services use (AWS-WIRE §5.5,
  // kinesalite) [unverified for SQS JSON].
  MissingAuthenticationTokenException: {
    code: 'MissingAuthenticationToken',
    status: 403,
    fault: 'Sender',
    namespace: CORAL,
  },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400, fault: 'Sender', namespace: CORAL },
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403, fault: 'Sender', namespace: CORAL },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403, fault: 'Sender', namespace: CORAL },
  RequestExpired: { code: 'RequestExpired', status: 400, fault: 'Sender', namespace: CORAL },
  // Anything unexpected. The key is the shape the protocol layer uses (services/shared/errors.ts) and the
  // coral JSON name [docs: InternalFailure 500]; the query code is what real SQS sends:
  // [captured] "Status Code: 500; Error Code: InternalError" "We encountered an internal error.
  // Please try again." (wellcomecollection/platform#3477; Ruby Aws::SQS::Errors::InternalError).
  InternalFailure: { code: 'InternalError', status: 500, fault: 'Receiver', namespace: CORAL },
  // [docs] SQS Common Errors: ServiceUnavailable 503 (temporary failure of the server).
  ServiceUnavailable: { code: 'ServiceUnavailable', status: 503, fault: 'Receiver', namespace: CORAL },
  // Not included: ValidationError (SQS reports constraint violations as InvalidParameterValue
  // [AWS-recorded], never ValidationError); ThrottlingException (SQS throttles with the modelled
  // RequestThrottled); MissingAction (a request without Action gets UnknownOperationException, above).
};

// ---------------------------------------------------------------------------------------------
// Operations (errors: each command's `@throws` list in the SDK, in that order)

function op(
  name: string,
  input: StructureShape,
  output: StructureShape | undefined,
  errors: readonly string[],
): OperationModel {
  return output ? { name, input, output, errors } : { name, input, errors };
}

const operations: Record<string, OperationModel> = {
  AddPermission: op('AddPermission', addPermissionRequest, undefined, [
    'InvalidAddress',
    'InvalidSecurity',
    'OverLimit',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  CancelMessageMoveTask: op('CancelMessageMoveTask', cancelMessageMoveTaskRequest, cancelMessageMoveTaskResult, [
    'InvalidAddress',
    'InvalidSecurity',
    'RequestThrottled',
    'ResourceNotFoundException',
    'UnsupportedOperation',
  ]),
  ChangeMessageVisibility: op('ChangeMessageVisibility', changeMessageVisibilityRequest, undefined, [
    'InvalidAddress',
    'InvalidSecurity',
    'MessageNotInflight',
    'QueueDoesNotExist',
    'ReceiptHandleIsInvalid',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  ChangeMessageVisibilityBatch: op(
    'ChangeMessageVisibilityBatch',
    changeMessageVisibilityBatchRequest,
    changeMessageVisibilityBatchResult,
    [
      'BatchEntryIdsNotDistinct',
      'EmptyBatchRequest',
      'InvalidAddress',
      'InvalidBatchEntryId',
      'InvalidSecurity',
      'QueueDoesNotExist',
      'RequestThrottled',
      'TooManyEntriesInBatchRequest',
      'UnsupportedOperation',
    ],
  ),
  CreateQueue: op('CreateQueue', createQueueRequest, createQueueResult, [
    'InvalidAddress',
    'InvalidAttributeName',
    'InvalidAttributeValue',
    'InvalidSecurity',
    'QueueDeletedRecently',
    'QueueNameExists',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  DeleteMessage: op('DeleteMessage', deleteMessageRequest, undefined, [
    'InvalidAddress',
    'InvalidIdFormat',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'ReceiptHandleIsInvalid',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  DeleteMessageBatch: op('DeleteMessageBatch', deleteMessageBatchRequest, deleteMessageBatchResult, [
    'BatchEntryIdsNotDistinct',
    'EmptyBatchRequest',
    'InvalidAddress',
    'InvalidBatchEntryId',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'RequestThrottled',
    'TooManyEntriesInBatchRequest',
    'UnsupportedOperation',
  ]),
  DeleteQueue: op('DeleteQueue', deleteQueueRequest, undefined, [
    'InvalidAddress',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  GetQueueAttributes: op('GetQueueAttributes', getQueueAttributesRequest, getQueueAttributesResult, [
    'InvalidAddress',
    'InvalidAttributeName',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  GetQueueUrl: op('GetQueueUrl', getQueueUrlRequest, getQueueUrlResult, [
    'InvalidAddress',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  ListDeadLetterSourceQueues: op(
    'ListDeadLetterSourceQueues',
    listDeadLetterSourceQueuesRequest,
    listDeadLetterSourceQueuesResult,
    ['InvalidAddress', 'InvalidSecurity', 'QueueDoesNotExist', 'RequestThrottled', 'UnsupportedOperation'],
  ),
  ListMessageMoveTasks: op('ListMessageMoveTasks', listMessageMoveTasksRequest, listMessageMoveTasksResult, [
    'InvalidAddress',
    'InvalidSecurity',
    'RequestThrottled',
    'ResourceNotFoundException',
    'UnsupportedOperation',
  ]),
  ListQueues: op('ListQueues', listQueuesRequest, listQueuesResult, [
    'InvalidAddress',
    'InvalidSecurity',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  ListQueueTags: op('ListQueueTags', listQueueTagsRequest, listQueueTagsResult, [
    'InvalidAddress',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  PurgeQueue: op('PurgeQueue', purgeQueueRequest, undefined, [
    'InvalidAddress',
    'InvalidSecurity',
    'PurgeQueueInProgress',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  ReceiveMessage: op('ReceiveMessage', receiveMessageRequest, receiveMessageResult, [
    'InvalidAddress',
    'InvalidSecurity',
    'KmsAccessDenied',
    'KmsDisabled',
    'KmsInvalidKeyUsage',
    'KmsInvalidState',
    'KmsNotFound',
    'KmsOptInRequired',
    'KmsThrottled',
    'OverLimit',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  RemovePermission: op('RemovePermission', removePermissionRequest, undefined, [
    'InvalidAddress',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  SendMessage: op('SendMessage', sendMessageRequest, sendMessageResult, [
    'InvalidAddress',
    'InvalidMessageContents',
    'InvalidSecurity',
    'KmsAccessDenied',
    'KmsDisabled',
    'KmsInvalidKeyUsage',
    'KmsInvalidState',
    'KmsNotFound',
    'KmsOptInRequired',
    'KmsThrottled',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  SendMessageBatch: op('SendMessageBatch', sendMessageBatchRequest, sendMessageBatchResult, [
    'BatchEntryIdsNotDistinct',
    'BatchRequestTooLong',
    'EmptyBatchRequest',
    'InvalidAddress',
    'InvalidBatchEntryId',
    'InvalidSecurity',
    'KmsAccessDenied',
    'KmsDisabled',
    'KmsInvalidKeyUsage',
    'KmsInvalidState',
    'KmsNotFound',
    'KmsOptInRequired',
    'KmsThrottled',
    'QueueDoesNotExist',
    'RequestThrottled',
    'TooManyEntriesInBatchRequest',
    'UnsupportedOperation',
  ]),
  SetQueueAttributes: op('SetQueueAttributes', setQueueAttributesRequest, undefined, [
    'InvalidAddress',
    'InvalidAttributeName',
    'InvalidAttributeValue',
    'InvalidSecurity',
    'OverLimit',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  StartMessageMoveTask: op('StartMessageMoveTask', startMessageMoveTaskRequest, startMessageMoveTaskResult, [
    'InvalidAddress',
    'InvalidSecurity',
    'RequestThrottled',
    'ResourceNotFoundException',
    'UnsupportedOperation',
  ]),
  TagQueue: op('TagQueue', tagQueueRequest, undefined, [
    'InvalidAddress',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
  UntagQueue: op('UntagQueue', untagQueueRequest, undefined, [
    'InvalidAddress',
    'InvalidSecurity',
    'QueueDoesNotExist',
    'RequestThrottled',
    'UnsupportedOperation',
  ]),
};

export const sqsModel: ServiceModel = {
  service: 'sqs',
  apiVersion: '2012-11-05',
  protocols: ['json', 'query'],
  targetPrefix: 'AmazonSQS',
  jsonVersion: '1.0',
  xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
  errorNamespace: 'com.amazonaws.sqs',
  queryCompatible: true,
  operations,
  errors: { ...modelledErrors, ...commonErrors },
};
