/**
 * Amazon SNS (API 2010-03-31) as data: all 42 operations the current JS v3 client knows, their
 * inputs and outputs (model-shapes.ts), the errors each may raise, and every error SNS answers
 * with (query code, HTTP status, fault).
 *
 * Sources (src/services/sns/model.test.ts cross-checks this file against them):
 * - structures, member order, types, required members, map key/value names and the modelled
 *   errors' `awsQueryError` code + HTTP status: `@aws-sdk/client-sns` `dist-es/schemas/schemas_0.js`.
 * - each operation's errors: the `@throws` list of `dist-types/commands/<Op>Command.d.ts`.
 * - the unmodelled errors: AWS-WIRE §4.2 and LocalStack snapshots recorded against real AWS.
 *
 * SNS speaks only the query protocol (AWS-WIRE §2.1): form-encoded requests with
 * `Version=2010-03-31`, XML answers in the `http://sns.amazonaws.com/doc/2010-03-31/` namespace.
 * The wire code of an error differs from the SDK class name (NotFound → NotFoundException).
 */
import type { ErrorModel, OperationModel, ServiceModel, StructureShape } from '../shared/shapes.js';
import { shapes as s } from './model-shapes.js';

const sender = (code: string, status = 400): ErrorModel => ({ code, status, fault: 'Sender' });

/** Modelled errors: code/status exactly as the schema's `awsQueryError` trait. */
const modelledErrors: Record<string, ErrorModel> = {
  AuthorizationErrorException: sender('AuthorizationError', 403),
  BatchEntryIdsNotDistinctException: sender('BatchEntryIdsNotDistinct'),
  BatchRequestTooLongException: sender('BatchRequestTooLong'),
  ConcurrentAccessException: sender('ConcurrentAccess'),
  EmptyBatchRequestException: sender('EmptyBatchRequest'),
  EndpointDisabledException: sender('EndpointDisabled'),
  FilterPolicyLimitExceededException: sender('FilterPolicyLimitExceeded', 403),
  InternalErrorException: { code: 'InternalError', status: 500, fault: 'Receiver' },
  InvalidBatchEntryIdException: sender('InvalidBatchEntryId'),
  InvalidParameterException: sender('InvalidParameter'),
  InvalidParameterValueException: sender('ParameterValueInvalid'),
  InvalidSecurityException: sender('InvalidSecurity', 403),
  InvalidStateException: sender('InvalidState'),
  KMSAccessDeniedException: sender('KMSAccessDenied'),
  KMSDisabledException: sender('KMSDisabled'),
  KMSInvalidStateException: sender('KMSInvalidState'),
  KMSNotFoundException: sender('KMSNotFound'),
  KMSOptInRequired: sender('KMSOptInRequired', 403),
  KMSThrottlingException: sender('KMSThrottling'),
  NotFoundException: sender('NotFound', 404),
  OptedOutException: sender('OptedOut'),
  PlatformApplicationDisabledException: sender('PlatformApplicationDisabled'),
  ReplayLimitExceededException: sender('ReplayLimitExceeded', 403),
  ResourceNotFoundException: sender('ResourceNotFound', 404),
  StaleTagException: sender('StaleTag'),
  SubscriptionLimitExceededException: sender('SubscriptionLimitExceeded', 403),
  TagLimitExceededException: sender('TagLimitExceeded'),
  TagPolicyException: sender('TagPolicy'),
  ThrottledException: sender('Throttled', 429),
  TooManyEntriesInBatchRequestException: sender('TooManyEntriesInBatchRequest'),
  TopicLimitExceededException: sender('TopicLimitExceeded', 403),
  UserErrorException: sender('UserError'),
  ValidationException: sender('ValidationException'),
  // The only modelled error without an awsQueryError trait: its shape name and 400.
  VerificationException: sender('VerificationException'),
};

const CORAL = 'com.amazon.coral.service';
const coral = (code: string, status = 400, fault: 'Sender' | 'Receiver' = 'Sender'): ErrorModel => ({ code, status, fault, namespace: CORAL });

/**
 * Errors SNS answers with that are not in its model (key = the shape a handler throws).
 */
const commonErrors: Record<string, ErrorModel> = {
  // [AWS-recorded] A required member missing or a value breaking a model constraint:
  // `<Code>ValidationError</Code>` 400, "1 validation error detected: Value null at
  // 'messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null".
  ValidationError: coral('ValidationError'),
  // A query Action SNS does not know; AWS's standard query answer (as SQS) [unverified for SNS].
  InvalidAction: coral('InvalidAction'),
  // Signature checking (protocol layer), the codes AWS query services use (AWS-WIRE §5.5). For SNS:
  // InvalidClientTokenId 403 "The security token included in the request is invalid." [AWS-recorded:
  // aws/aws-sdk-js#1919, a Publish]; SignatureDoesNotMatch "Signature expired: … (… - 15 min.)"
  // [AWS-recorded code and words: aws/aws-sdk-js#265 (Publish), aws/aws-sdk-go#884 (CreatePlatformEndpoint);
  // the status not quoted, 403 as SQS answers it, aws/aws-sdk-php#642]; the other two [unverified for SNS].
  MissingAuthenticationTokenException: coral('MissingAuthenticationToken', 403),
  IncompleteSignatureException: coral('IncompleteSignature'),
  UnrecognizedClientException: coral('InvalidClientTokenId', 403),
  InvalidSignatureException: coral('SignatureDoesNotMatch', 403),
  // Temporary (STS) credentials past their expiry: the query services' ExpiredToken 403 "The security
  // token included in the request is expired" [AWS-recorded for SQS (kifi/franz#63), IAM
  // (cfn-sphere/cfn-sphere#55) and STS (aws/aws-sdk-java-v2#1649); no SNS capture found in issue
  // threads or Q&A pages, so unverified for SNS].
  ExpiredTokenException: coral('ExpiredToken', 403),
  RequestExpired: coral('RequestExpired'),
  AccessDeniedException: coral('AccessDenied', 403),
  // A caller past an API throttling quota (the throughput mode, throughput.ts): the query services'
  // common code [AWS-recorded: "Throttling" "Rate exceeded" from SNS, amzn/smoke-aws#149].
  ThrottlingException: coral('Throttling'),
  // Anything unexpected (services/shared/errors.ts): SNS's own code for it is InternalError 500.
  InternalFailure: coral('InternalError', 500, 'Receiver'),
  ServiceUnavailable: coral('ServiceUnavailable', 503, 'Receiver'),
};

function op(name: string, input: StructureShape, output: StructureShape | undefined, errors: readonly string[]): OperationModel {
  return output ? { name, input, output, errors } : { name, input, errors };
}

const AUTH = 'AuthorizationErrorException';
const INTERNAL = 'InternalErrorException';
const PARAM = 'InvalidParameterException';
const NOT_FOUND = 'NotFoundException';
const THROTTLED = 'ThrottledException';
const KMS = ['KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException', 'KMSOptInRequired', 'KMSThrottlingException'];
const TAGS = ['ConcurrentAccessException', 'StaleTagException', 'TagLimitExceededException', 'TagPolicyException'];
const SUBSCRIBE = [AUTH, 'FilterPolicyLimitExceededException', INTERNAL, PARAM, NOT_FOUND, 'ReplayLimitExceededException', 'SubscriptionLimitExceededException'];
const PUBLISH = [AUTH, 'EndpointDisabledException', INTERNAL, PARAM, 'InvalidParameterValueException', 'InvalidSecurityException', ...KMS, NOT_FOUND, 'PlatformApplicationDisabledException', 'ValidationException'];

/** Errors: each command's `@throws` list in the SDK (order irrelevant). */
const operations: Record<string, OperationModel> = {
  AddPermission: op('AddPermission', s.addPermissionInput, undefined, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  CheckIfPhoneNumberIsOptedOut: op('CheckIfPhoneNumberIsOptedOut', s.checkIfPhoneNumberIsOptedOutInput, s.checkIfPhoneNumberIsOptedOutResponse, [AUTH, INTERNAL, PARAM, THROTTLED]),
  ConfirmSubscription: op('ConfirmSubscription', s.confirmSubscriptionInput, s.confirmSubscriptionResponse, SUBSCRIBE),
  CreatePlatformApplication: op('CreatePlatformApplication', s.createPlatformApplicationInput, s.createPlatformApplicationResponse, [AUTH, INTERNAL, PARAM]),
  CreatePlatformEndpoint: op('CreatePlatformEndpoint', s.createPlatformEndpointInput, s.createEndpointResponse, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  CreateSMSSandboxPhoneNumber: op('CreateSMSSandboxPhoneNumber', s.createSMSSandboxPhoneNumberInput, s.createSMSSandboxPhoneNumberResult, [AUTH, INTERNAL, PARAM, 'OptedOutException', THROTTLED, 'UserErrorException']),
  CreateTopic: op('CreateTopic', s.createTopicInput, s.createTopicResponse, [AUTH, ...TAGS, INTERNAL, PARAM, 'InvalidSecurityException', 'TopicLimitExceededException']),
  DeleteEndpoint: op('DeleteEndpoint', s.deleteEndpointInput, undefined, [AUTH, INTERNAL, PARAM]),
  DeletePlatformApplication: op('DeletePlatformApplication', s.deletePlatformApplicationInput, undefined, [AUTH, INTERNAL, PARAM]),
  DeleteSMSSandboxPhoneNumber: op('DeleteSMSSandboxPhoneNumber', s.deleteSMSSandboxPhoneNumberInput, s.deleteSMSSandboxPhoneNumberResult, [AUTH, INTERNAL, PARAM, 'ResourceNotFoundException', THROTTLED, 'UserErrorException']),
  DeleteTopic: op('DeleteTopic', s.deleteTopicInput, undefined, [AUTH, 'ConcurrentAccessException', INTERNAL, PARAM, 'InvalidStateException', NOT_FOUND, 'StaleTagException', 'TagPolicyException']),
  GetDataProtectionPolicy: op('GetDataProtectionPolicy', s.getDataProtectionPolicyInput, s.getDataProtectionPolicyResponse, [AUTH, INTERNAL, PARAM, 'InvalidSecurityException', NOT_FOUND]),
  GetEndpointAttributes: op('GetEndpointAttributes', s.getEndpointAttributesInput, s.getEndpointAttributesResponse, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  GetPlatformApplicationAttributes: op('GetPlatformApplicationAttributes', s.getPlatformApplicationAttributesInput, s.getPlatformApplicationAttributesResponse, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  GetSMSAttributes: op('GetSMSAttributes', s.getSMSAttributesInput, s.getSMSAttributesResponse, [AUTH, INTERNAL, PARAM, THROTTLED]),
  GetSMSSandboxAccountStatus: op('GetSMSSandboxAccountStatus', s.getSMSSandboxAccountStatusInput, s.getSMSSandboxAccountStatusResult, [AUTH, INTERNAL, THROTTLED]),
  GetSubscriptionAttributes: op('GetSubscriptionAttributes', s.getSubscriptionAttributesInput, s.getSubscriptionAttributesResponse, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  GetTopicAttributes: op('GetTopicAttributes', s.getTopicAttributesInput, s.getTopicAttributesResponse, [AUTH, INTERNAL, PARAM, 'InvalidSecurityException', NOT_FOUND]),
  ListEndpointsByPlatformApplication: op('ListEndpointsByPlatformApplication', s.listEndpointsByPlatformApplicationInput, s.listEndpointsByPlatformApplicationResponse, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  ListOriginationNumbers: op('ListOriginationNumbers', s.listOriginationNumbersRequest, s.listOriginationNumbersResult, [AUTH, INTERNAL, PARAM, THROTTLED, 'ValidationException']),
  ListPhoneNumbersOptedOut: op('ListPhoneNumbersOptedOut', s.listPhoneNumbersOptedOutInput, s.listPhoneNumbersOptedOutResponse, [AUTH, INTERNAL, PARAM, THROTTLED]),
  ListPlatformApplications: op('ListPlatformApplications', s.listPlatformApplicationsInput, s.listPlatformApplicationsResponse, [AUTH, INTERNAL, PARAM]),
  ListSMSSandboxPhoneNumbers: op('ListSMSSandboxPhoneNumbers', s.listSMSSandboxPhoneNumbersInput, s.listSMSSandboxPhoneNumbersResult, [AUTH, INTERNAL, PARAM, 'ResourceNotFoundException', THROTTLED]),
  ListSubscriptions: op('ListSubscriptions', s.listSubscriptionsInput, s.listSubscriptionsResponse, [AUTH, INTERNAL, PARAM]),
  ListSubscriptionsByTopic: op('ListSubscriptionsByTopic', s.listSubscriptionsByTopicInput, s.listSubscriptionsByTopicResponse, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  ListTagsForResource: op('ListTagsForResource', s.listTagsForResourceRequest, s.listTagsForResourceResponse, [AUTH, 'ConcurrentAccessException', PARAM, 'ResourceNotFoundException', 'TagPolicyException']),
  ListTopics: op('ListTopics', s.listTopicsInput, s.listTopicsResponse, [AUTH, INTERNAL, PARAM]),
  OptInPhoneNumber: op('OptInPhoneNumber', s.optInPhoneNumberInput, s.optInPhoneNumberResponse, [AUTH, INTERNAL, PARAM, THROTTLED]),
  Publish: op('Publish', s.publishInput, s.publishResponse, PUBLISH),
  PublishBatch: op('PublishBatch', s.publishBatchInput, s.publishBatchResponse, [...PUBLISH, 'BatchEntryIdsNotDistinctException', 'BatchRequestTooLongException', 'EmptyBatchRequestException', 'InvalidBatchEntryIdException', 'TooManyEntriesInBatchRequestException']),
  PutDataProtectionPolicy: op('PutDataProtectionPolicy', s.putDataProtectionPolicyInput, undefined, [AUTH, INTERNAL, PARAM, 'InvalidSecurityException', NOT_FOUND]),
  RemovePermission: op('RemovePermission', s.removePermissionInput, undefined, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  SetEndpointAttributes: op('SetEndpointAttributes', s.setEndpointAttributesInput, undefined, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  SetPlatformApplicationAttributes: op('SetPlatformApplicationAttributes', s.setPlatformApplicationAttributesInput, undefined, [AUTH, INTERNAL, PARAM, NOT_FOUND]),
  SetSMSAttributes: op('SetSMSAttributes', s.setSMSAttributesInput, s.setSMSAttributesResponse, [AUTH, INTERNAL, PARAM, THROTTLED]),
  SetSubscriptionAttributes: op('SetSubscriptionAttributes', s.setSubscriptionAttributesInput, undefined, [AUTH, 'FilterPolicyLimitExceededException', INTERNAL, PARAM, NOT_FOUND, 'ReplayLimitExceededException']),
  SetTopicAttributes: op('SetTopicAttributes', s.setTopicAttributesInput, undefined, [AUTH, INTERNAL, PARAM, 'InvalidSecurityException', NOT_FOUND]),
  Subscribe: op('Subscribe', s.subscribeInput, s.subscribeResponse, [...SUBSCRIBE, 'InvalidSecurityException']),
  TagResource: op('TagResource', s.tagResourceRequest, s.tagResourceResponse, [AUTH, ...TAGS, PARAM, 'ResourceNotFoundException']),
  Unsubscribe: op('Unsubscribe', s.unsubscribeInput, undefined, [AUTH, INTERNAL, PARAM, 'InvalidSecurityException', NOT_FOUND]),
  UntagResource: op('UntagResource', s.untagResourceRequest, s.untagResourceResponse, [AUTH, ...TAGS, PARAM, 'ResourceNotFoundException']),
  VerifySMSSandboxPhoneNumber: op('VerifySMSSandboxPhoneNumber', s.verifySMSSandboxPhoneNumberInput, s.verifySMSSandboxPhoneNumberResult, [AUTH, INTERNAL, PARAM, 'ResourceNotFoundException', THROTTLED, 'VerificationException']),
};

export const snsModel: ServiceModel = {
  service: 'sns',
  apiVersion: '2010-03-31',
  protocols: ['query'],
  xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
  errorNamespace: 'com.amazonaws.sns',
  operations,
  errors: { ...modelledErrors, ...commonErrors },
};
