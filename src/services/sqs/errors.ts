import { ServiceError } from '../shared/errors.js';

/**
 * The SQS error catalogue: every message a client can see is written here once, in AWS's words
 * (AWS-WIRE §4.1, §7; LocalStack snapshots recorded against real AWS). Shapes map to query codes
 * and HTTP statuses through `model.ts`.
 */

const invalidParameterValue = (message: string) => new ServiceError('InvalidParameterValueException', message);

export const sqsErrors = {
  queueDoesNotExist: () =>
    new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.', {
      queryMessage: 'The specified queue does not exist for this wsdl version.',
    }),
  invalidAddress: (url: string) => new ServiceError('InvalidAddress', `The address ${url} is not valid for this endpoint.`),
  queueNameExists: (attribute: string) =>
    new ServiceError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${attribute}`),
  queueDeletedRecently: () =>
    new ServiceError(
      'QueueDeletedRecently',
      'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
    ),
  invalidQueueName: () =>
    invalidParameterValue(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    ),
  purgeInProgress: (queueName: string) =>
    new ServiceError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`),

  unknownAttribute: (name: string) => new ServiceError('InvalidAttributeName', `Unknown Attribute ${name}.`),
  invalidAttributeName: (message: string) => new ServiceError('InvalidAttributeName', message),
  invalidAttributeValue: (name: string, reason?: string) =>
    new ServiceError('InvalidAttributeValue', `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`),
  unsupported: (what: string) => new ServiceError('UnsupportedOperation', what),
  resourceNotFound: (message: string) => new ServiceError('ResourceNotFoundException', message),
  /** A queue policy refused the request (--enforce-policies; words in shared/policy/refusal.ts). */
  accessDenied: (message: string) => new ServiceError('AccessDeniedException', message),

  missingParameter: (name: string) =>
    new ServiceError('MissingRequiredParameterException', `The request must contain the parameter ${name}.`),
  invalidParameter: (name: string, value: unknown, reason: string) =>
    invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`),
  invalidParameterValue,
  /** A value the protocol could not read as its type, e.g. "abc" for an integer. */
  malformedValue: (name: string, value: unknown) =>
    invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: Must be of the expected type.`),
  malformedRequest: (detail: string) => new ServiceError('SerializationException', detail),
  invalidAction: (name: string) => new ServiceError('InvalidAction', `The action ${name} is not valid for this endpoint.`),

  messageTooLong: (max: number) =>
    invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`),
  invalidMessageContents: () =>
    new ServiceError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    ),

  receiptHandleIsInvalid: (handle: string) =>
    new ServiceError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`),
  receiptHandleExpired: (handle: string) =>
    invalidParameterValue(`Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`),
  messageNotInflight: () => new ServiceError('MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.'),

  emptyBatch: (entryName: string) =>
    new ServiceError('EmptyBatchRequest', `There should be at least one ${entryName} in the request.`),
  tooManyEntries: (sent: number) =>
    new ServiceError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${sent}.`),
  batchIdsNotDistinct: (id: string) => new ServiceError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`),
  invalidBatchEntryId: () =>
    new ServiceError(
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchTooLong: (max: number, sent: number) =>
    new ServiceError('BatchRequestTooLong', `Batch requests cannot be longer than ${max} bytes. You have sent ${sent} bytes.`),
  fifoNameMismatch: () =>
    invalidParameterValue(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    ),
  queueTypeImmutable: () => new ServiceError('InvalidAttributeValue', 'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.'),
  dedupIdRequired: () =>
    invalidParameterValue('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly'),
  notForThisQueueType: (name: string, value: unknown) =>
    invalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: The request include parameter that is not valid for this queue type.`),
  /** The throughput mode's FIFO quota (throughput.ts): the code and words SQS sends [AWS-recorded: Particular/docs.particular.net#3438]. */
  requestThrottled: () => new ServiceError('RequestThrottled', 'Request is throttled.'),
  overLimit: (limit: number) =>
    new ServiceError('OverLimit', `The maximum number of in flight messages (${limit}) has been reached for this queue.`),
  tooManyTags: () => invalidParameterValue('Too many tags added for queue. The maximum number of tags is 50.'),
  // The wording of emulators modelled on AWS (and of AWS's other tagging APIs); [unverified] for SQS.
  invalidTagKey: () => invalidParameterValue('Tag keys may only contain unicode letters, digits, whitespace, or one of these symbols: _ . : / = + - @'),
  // AWS's quotas page allows the same characters in values as in keys. The wording is AWS's for
  // other tagging APIs (RDS) and users quote it for SQS; [unverified] against SQS itself.
  invalidTagValue: () => invalidParameterValue('Tag values may only contain unicode letters, digits, whitespace, or one of these symbols: _ . : / = + - @'),
  // AWS's quotas page: "The tag Key or Value must not include the reserved prefix aws:". The
  // wording of AWS's refusal is [unverified].
  reservedTagPrefix: () => invalidParameterValue('Tag keys and values must not begin with the reserved prefix aws:'),
} as const;
