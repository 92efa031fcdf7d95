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
import type { OperationModel, ServiceModel, StructureShape } from '../shared/shapes.js';
import {
  addPermissionRequest,
  cancelMessageMoveTaskRequest,
  cancelMessageMoveTaskResult,
  changeMessageVisibilityRequest,
  changeMessageVisibilityBatchRequest,
  changeMessageVisibilityBatchResult,
  createQueueRequest,
  createQueueResult,
  deleteMessageRequest,
  deleteMessageBatchRequest,
  deleteMessageBatchResult,
  deleteQueueRequest,
  getQueueAttributesRequest,
  getQueueAttributesResult,
  getQueueUrlRequest,
  getQueueUrlResult,
  listDeadLetterSourceQueuesRequest,
  listDeadLetterSourceQueuesResult,
  listMessageMoveTasksRequest,
  listMessageMoveTasksResult,
  listQueuesRequest,
  listQueuesResult,
  listQueueTagsRequest,
  listQueueTagsResult,
  purgeQueueRequest,
  receiveMessageRequest,
  receiveMessageResult,
  removePermissionRequest,
  sendMessageRequest,
  sendMessageResult,
  sendMessageBatchRequest,
  sendMessageBatchResult,
  setQueueAttributesRequest,
  startMessageMoveTaskRequest,
  startMessageMoveTaskResult,
  tagQueueRequest,
  untagQueueRequest,
} from './model-requests.js';
import { modelledErrors, commonErrors } from './model-errors.js';

export { MESSAGE_SYSTEM_ATTRIBUTE_NAMES, MESSAGE_SYSTEM_ATTRIBUTE_NAMES_FOR_SENDS, QUEUE_ATTRIBUTE_NAMES } from './model-shapes.js';

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

