/**
 * The request and result structures of the 23 SQS operations (member order as the SDK schema).
 */
import type { StructureShape } from '../shared/shapes.js';
import {
  string,
  integer,
  long,
  queueName,
  batchEntryId,
  permissionLabel,
  fifoToken,
  messageBody,
  visibilityTimeout,
  delaySeconds,
  maxResults1000,
  stringList,
  queueAttributeNameList,
  messageSystemAttributeNameList,
  messageAttributeNameList,
  queueAttributeMap,
  tagMap,
  structure,
  opt,
  req,
  flat,
  messageBodyAttributeMap,
  messageBodySystemAttributeMap,
  batchResultErrorEntryList,
  message,
} from './model-shapes.js';

// ---------------------------------------------------------------------------------------------
// Operations' inputs and outputs (alphabetical by operation; members in schema order)

export const addPermissionRequest = structure('AddPermissionRequest', {
  QueueUrl: req(string),
  Label: req(permissionLabel),
  AWSAccountIds: flat(stringList, 'AWSAccountId', true),
  Actions: flat(stringList, 'ActionName', true),
});

export const cancelMessageMoveTaskRequest = structure('CancelMessageMoveTaskRequest', {
  TaskHandle: req(string),
});
export const cancelMessageMoveTaskResult = structure('CancelMessageMoveTaskResult', {
  ApproximateNumberOfMessagesMoved: opt(long),
});

export const changeMessageVisibilityRequest = structure('ChangeMessageVisibilityRequest', {
  QueueUrl: req(string),
  ReceiptHandle: req(string),
  VisibilityTimeout: req(visibilityTimeout),
});

export const changeMessageVisibilityBatchRequestEntry = structure('ChangeMessageVisibilityBatchRequestEntry', {
  Id: req(batchEntryId),
  ReceiptHandle: req(string),
  VisibilityTimeout: opt(visibilityTimeout),
});
export const changeMessageVisibilityBatchRequest = structure('ChangeMessageVisibilityBatchRequest', {
  QueueUrl: req(string),
  Entries: flat(
    { type: 'list', member: changeMessageVisibilityBatchRequestEntry, min: 1, max: 10 },
    'ChangeMessageVisibilityBatchRequestEntry',
    true,
  ),
});
export const changeMessageVisibilityBatchResultEntry = structure('ChangeMessageVisibilityBatchResultEntry', {
  Id: req(string),
});
export const changeMessageVisibilityBatchResult = structure('ChangeMessageVisibilityBatchResult', {
  Successful: flat(
    { type: 'list', member: changeMessageVisibilityBatchResultEntry },
    'ChangeMessageVisibilityBatchResultEntry',
    true,
  ),
  Failed: flat(batchResultErrorEntryList, 'BatchResultErrorEntry', true),
});

export const createQueueRequest = structure('CreateQueueRequest', {
  QueueName: req(queueName),
  Attributes: flat(queueAttributeMap, 'Attribute'),
  // Lower-case `tags` in the model (JSON `"tags"`), `Tag.N.Key` in query form.
  tags: flat(tagMap, 'Tag'),
});
export const createQueueResult = structure('CreateQueueResult', {
  QueueUrl: opt(string),
});

export const deleteMessageRequest = structure('DeleteMessageRequest', {
  QueueUrl: req(string),
  ReceiptHandle: req(string),
});

export const deleteMessageBatchRequestEntry = structure('DeleteMessageBatchRequestEntry', {
  Id: req(batchEntryId),
  ReceiptHandle: req(string),
});
export const deleteMessageBatchRequest = structure('DeleteMessageBatchRequest', {
  QueueUrl: req(string),
  Entries: flat(
    { type: 'list', member: deleteMessageBatchRequestEntry, min: 1, max: 10 },
    'DeleteMessageBatchRequestEntry',
    true,
  ),
});
export const deleteMessageBatchResultEntry = structure('DeleteMessageBatchResultEntry', {
  Id: req(string),
});
export const deleteMessageBatchResult = structure('DeleteMessageBatchResult', {
  Successful: flat({ type: 'list', member: deleteMessageBatchResultEntry }, 'DeleteMessageBatchResultEntry', true),
  Failed: flat(batchResultErrorEntryList, 'BatchResultErrorEntry', true),
});

export const deleteQueueRequest = structure('DeleteQueueRequest', {
  QueueUrl: req(string),
});

export const getQueueAttributesRequest = structure('GetQueueAttributesRequest', {
  QueueUrl: req(string),
  AttributeNames: flat(queueAttributeNameList, 'AttributeName'),
});
export const getQueueAttributesResult = structure('GetQueueAttributesResult', {
  Attributes: flat(queueAttributeMap, 'Attribute'),
});

export const getQueueUrlRequest = structure('GetQueueUrlRequest', {
  QueueName: req(queueName),
  QueueOwnerAWSAccountId: opt(string),
});
export const getQueueUrlResult = structure('GetQueueUrlResult', {
  QueueUrl: opt(string),
});

export const listDeadLetterSourceQueuesRequest = structure('ListDeadLetterSourceQueuesRequest', {
  QueueUrl: req(string),
  NextToken: opt(string),
  MaxResults: opt(maxResults1000),
});
export const listDeadLetterSourceQueuesResult = structure('ListDeadLetterSourceQueuesResult', {
  // Lower-case `queueUrls` in the model (JSON `"queueUrls"`), repeated `<QueueUrl>` in XML.
  queueUrls: flat(stringList, 'QueueUrl', true),
  NextToken: opt(string),
});

export const listMessageMoveTasksRequest = structure('ListMessageMoveTasksRequest', {
  SourceArn: req(string),
  /** Default 1 (the most recent task), at most 10. */
  MaxResults: opt({ type: 'integer', min: 1, max: 10 }),
});
export const listMessageMoveTasksResultEntry = structure('ListMessageMoveTasksResultEntry', {
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
export const listMessageMoveTasksResult = structure('ListMessageMoveTasksResult', {
  Results: flat({ type: 'list', member: listMessageMoveTasksResultEntry }, 'ListMessageMoveTasksResultEntry'),
});

export const listQueuesRequest = structure('ListQueuesRequest', {
  QueueNamePrefix: opt(string),
  NextToken: opt(string),
  MaxResults: opt(maxResults1000),
});
export const listQueuesResult = structure('ListQueuesResult', {
  QueueUrls: flat(stringList, 'QueueUrl'),
  NextToken: opt(string),
});

export const listQueueTagsRequest = structure('ListQueueTagsRequest', {
  QueueUrl: req(string),
});
export const listQueueTagsResult = structure('ListQueueTagsResult', {
  Tags: flat(tagMap, 'Tag'),
});

export const purgeQueueRequest = structure('PurgeQueueRequest', {
  QueueUrl: req(string),
});

export const receiveMessageRequest = structure('ReceiveMessageRequest', {
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
export const receiveMessageResult = structure('ReceiveMessageResult', {
  Messages: flat({ type: 'list', member: message }, 'Message'),
});

export const removePermissionRequest = structure('RemovePermissionRequest', {
  QueueUrl: req(string),
  Label: req(permissionLabel),
});

export const sendMessageRequest = structure('SendMessageRequest', {
  QueueUrl: req(string),
  MessageBody: req(messageBody),
  DelaySeconds: opt(delaySeconds),
  MessageAttributes: flat(messageBodyAttributeMap, 'MessageAttribute'),
  MessageSystemAttributes: flat(messageBodySystemAttributeMap, 'MessageSystemAttribute'),
  MessageDeduplicationId: opt(fifoToken),
  MessageGroupId: opt(fifoToken),
});
export const sendMessageResult = structure('SendMessageResult', {
  MD5OfMessageBody: opt(string),
  MD5OfMessageAttributes: opt(string),
  MD5OfMessageSystemAttributes: opt(string),
  MessageId: opt(string),
  SequenceNumber: opt(string),
});

export const sendMessageBatchRequestEntry = structure('SendMessageBatchRequestEntry', {
  Id: req(batchEntryId),
  MessageBody: req(messageBody),
  DelaySeconds: opt(delaySeconds),
  MessageAttributes: flat(messageBodyAttributeMap, 'MessageAttribute'),
  MessageSystemAttributes: flat(messageBodySystemAttributeMap, 'MessageSystemAttribute'),
  MessageDeduplicationId: opt(fifoToken),
  MessageGroupId: opt(fifoToken),
});
export const sendMessageBatchRequest = structure('SendMessageBatchRequest', {
  QueueUrl: req(string),
  /** 1–10 entries, ≤ 1 MiB in total (BatchRequestTooLong, checked by the domain). */
  Entries: flat(
    { type: 'list', member: sendMessageBatchRequestEntry, min: 1, max: 10 },
    'SendMessageBatchRequestEntry',
    true,
  ),
});
export const sendMessageBatchResultEntry = structure('SendMessageBatchResultEntry', {
  Id: req(string),
  MessageId: req(string),
  MD5OfMessageBody: req(string),
  MD5OfMessageAttributes: opt(string),
  MD5OfMessageSystemAttributes: opt(string),
  SequenceNumber: opt(string),
});
export const sendMessageBatchResult = structure('SendMessageBatchResult', {
  Successful: flat({ type: 'list', member: sendMessageBatchResultEntry }, 'SendMessageBatchResultEntry', true),
  Failed: flat(batchResultErrorEntryList, 'BatchResultErrorEntry', true),
});

export const setQueueAttributesRequest = structure('SetQueueAttributesRequest', {
  QueueUrl: req(string),
  Attributes: flat(queueAttributeMap, 'Attribute', true),
});

export const startMessageMoveTaskRequest = structure('StartMessageMoveTaskRequest', {
  SourceArn: req(string),
  DestinationArn: opt(string),
  /** At most 500 messages per second; absent means "optimised by the system". */
  MaxNumberOfMessagesPerSecond: opt({ type: 'integer', max: 500 }),
});
export const startMessageMoveTaskResult = structure('StartMessageMoveTaskResult', {
  TaskHandle: opt(string),
});

export const tagQueueRequest = structure('TagQueueRequest', {
  QueueUrl: req(string),
  Tags: flat(tagMap, 'Tag', true),
});

export const untagQueueRequest = structure('UntagQueueRequest', {
  QueueUrl: req(string),
  TagKeys: flat(stringList, 'TagKey', true),
});

