import { ServiceError } from '../shared/errors.js';

/**
 * The SNS error catalogue: every message a client can see is written here once, in AWS's words
 * (AWS-WIRE §4.2; LocalStack snapshots recorded against real AWS, `tests/aws/services/sns/`).
 * Shapes map to wire codes and statuses through `model.ts` (InvalidParameterException →
 * `InvalidParameter` 400, NotFoundException → `NotFound` 404, …). Messages marked [unverified]
 * are reasoned guesses in AWS's style where no recording was found.
 */

/** `Invalid parameter: <detail>` — SNS's usual wording for a bad request. */
const invalidParameter = (detail: string) => new ServiceError('InvalidParameterException', `Invalid parameter: ${detail}`);
const parameterValueInvalid = (message: string) => new ServiceError('InvalidParameterValueException', message);

export const snsErrors = {
  invalidParameter,
  parameterValueInvalid,

  /** Past an API throttling quota (the throughput mode): `Throttling` 400 [AWS-recorded: amzn/smoke-aws#149]. */
  rateExceeded: () => new ServiceError('ThrottlingException', 'Rate exceeded'),
  /** The same for the SMS operations, whose model lists SNS's own `Throttled` (429); the words as above [unverified for it]. */
  throttled: () => new ServiceError('ThrottledException', 'Rate exceeded'),

  topicNotFound: () => new ServiceError('NotFoundException', 'Topic does not exist'),
  subscriptionNotFound: () => new ServiceError('NotFoundException', 'Subscription does not exist'),
  /** Tag operations on a missing topic [AWS-recorded: ballerina-platform/module-ballerinax-aws.sns ballerina/tests/tag-tests.bal, run against real SNS]. */
  resourceNotFound: () => new ServiceError('ResourceNotFoundException', 'Resource does not exist'),
  /** A topic policy refused the request (--enforce-policies; words in shared/policy/refusal.ts). */
  authorizationError: (message: string) => new ServiceError('AuthorizationErrorException', message),

  /** "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1". */
  arnTooShort: (parameter: string, elements: number) =>
    invalidParameter(`${parameter} Reason: An ARN must have at least 6 elements, not ${elements}`),
  invalidTopicName: () => invalidParameter('Topic Name'),
  topicExistsWithDifferentAttributes: () => invalidParameter('Attributes Reason: Topic already exists with different attributes'),
  topicExistsWithDifferentTags: () => invalidParameter('Tags Reason: Topic already exists with different tags'),
  subscriptionExistsWithDifferentAttributes: () =>
    invalidParameter('Attributes Reason: Subscription already exists with different attributes'),

  unsupportedProtocol: (protocol: string) => invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`),
  fifoQueueOnStandardTopic: () =>
    invalidParameter('Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics'),
  /**
   * FIFO topics deliver to SQS (and Firehose) only (AWS docs). [AWS-recorded: "Invalid parameter: Invalid
   * protocol type: sms" (hashicorp/terraform-provider-aws#38441), "…: lambda" (hashicorp/terraform#28632)]
   */
  protocolNotForFifoTopic: (protocol: string) => invalidParameter(`Invalid protocol type: ${protocol}`),
  invalidToken: () => invalidParameter('Token'),
  /** A ConfirmSubscription token that is not hex at all, without the usual lead [AWS-recorded: confirm-subscription.ts]. */
  malformedToken: () => new ServiceError('InvalidParameterException', 'Invalid token'),
  /**
   * SetSMSAttributes: an unknown attribute name, and a DefaultSMSType other than Promotional or
   * Transactional; without the "Invalid parameter:" lead [AWS-recorded: localstack/localstack
   * tests/aws/services/sns/test_sns.snapshot.json, test_set_invalid_sms_attributes].
   */
  notAValidAttribute: (name: string) => new ServiceError('InvalidParameterException', `${name} is not a valid attribute`),
  attributeInvalid: (name: string) => new ServiceError('InvalidParameterException', `${name} is invalid`),
  /**
   * Publish to a PhoneNumber that is not one [AWS-recorded: localstack/localstack
   * tests/aws/services/sns/test_sns.snapshot.json, test_publish_wrong_phone_format: "+1a234" →
   * "Invalid parameter: PhoneNumber Reason: +1a234 is not valid to publish to"].
   */
  notValidToPublishTo: (phone: string) => invalidParameter(`PhoneNumber Reason: ${phone} is not valid to publish to`),
  /**
   * Publish to a TargetArn that names no platform endpoint: InvalidParameter 400, not the NotFound of the
   * endpoint operations [AWS-recorded: localstack/localstack tests/aws/services/sns/test_sns.snapshot.json,
   * test_publish_non_existent_target].
   */
  noEndpointForTarget: () => invalidParameter('TargetArn Reason: No endpoint found for the target arn specified'),
  /** Sms endpoints: AWS words this one without the "Invalid parameter:" lead [AWS-recorded]. */
  invalidSmsEndpoint: (endpoint: string) => new ServiceError('InvalidParameterException', `Invalid SMS endpoint: ${endpoint}`),

  emptyMessage: () => invalidParameter('Empty message'),
  messageTooLong: () => invalidParameter('Message too long'),
  noDefaultEntry: () => invalidParameter('Message Structure - No default entry in JSON message body'),
  jsonMessageUnparsable: () => invalidParameter('Message Structure - JSON message body failed to parse'),
  groupIdRequired: () => invalidParameter('The MessageGroupId parameter is required for FIFO topics'),
  dedupIdRequired: () =>
    invalidParameter('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly'),
  notForThisTopicType: (parameter: string) =>
    invalidParameter(`${parameter} Reason: The request includes ${parameter} parameter that is not valid for this topic type`),

  /** A required member is absent or breaks a model constraint (coral validation). */
  validationError: (message: string) => new ServiceError('ValidationError', message),
  valueNull: (path: string) =>
    new ServiceError('ValidationError', `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`),
  /**
   * A number outside its model range (ListSMSSandboxPhoneNumbers MaxResults 1-100,
   * ListOriginationNumbers 1-30, per the API reference): coral's range validation, worded as it is
   * for other AWS services [unverified for SNS].
   */
  outOfRange: (value: number, path: string, min: number, max: number) =>
    new ServiceError(
      'ValidationError',
      `1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: Member must have value ${value < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`,
    ),
  invalidAction: (name: string) => new ServiceError('InvalidAction', `The action ${name} is not valid for this endpoint.`),

  tooManyEntries: () => new ServiceError('TooManyEntriesInBatchRequestException', 'The batch request contains more entries than permissible.'),
  /** [unverified wording] */
  emptyBatch: () => new ServiceError('EmptyBatchRequestException', "The batch request doesn't contain any entries."),
  batchIdsNotDistinct: () => new ServiceError('BatchEntryIdsNotDistinctException', 'Two or more batch entries in the request have the same Id.'),
  batchIdTooLong: (id: string) =>
    new ServiceError('InvalidBatchEntryIdException', `The Id of a batch entry in the batch request is too long: ${id}`),
  batchIdBadCharacter: (id: string) =>
    new ServiceError('InvalidBatchEntryIdException', `The Id of a batch entry in the batch request contains an impermissible character: ${id}`),
  batchTooLong: () => new ServiceError('BatchRequestTooLongException', 'The length of all the messages put together is more than the limit.'),

  statementExists: () => invalidParameter('Statement already exists'),
  actionOutOfScope: () => invalidParameter('Policy statement action out of service scope!'),
  duplicatedTagKeys: () => invalidParameter('Duplicated keys are not allowed.'),
  /** TagLimitExceeded past 50 tags per topic. [AWS-recorded: ballerina-platform/module-ballerinax-aws.sns ballerina/tests/tag-tests.bal and topics-tests.bal, run against real SNS] */
  tagLimitExceeded: () => new ServiceError('TagLimitExceededException', 'Could not complete request: tag quota of per resource exceeded'),
} as const;
