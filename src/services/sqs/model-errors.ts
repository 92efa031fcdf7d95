/**
 * Every error SQS answers with: the modelled ones (code/status from the SDK schema) and the
 * common unmodelled ones, each with the evidence it is based on.
 */
import type { ErrorModel } from '../shared/shapes.js';

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Modelled errors: code/status exactly as the schema's `awsQueryError` trait (and `httpError`);
 * the four without that trait use their shape name and 400. All are client faults → `Sender`.
 */
export const modelledErrors: Record<string, ErrorModel> = {
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

export const CORAL = 'com.amazon.coral.service';

/**
 * Errors SQS answers with that are not in its model. Key = JSON shape name (`__type` is
 * `com.amazon.coral.service#<key>`), `code` = query code (XML `<Code>`, `x-amzn-query-error`).
 * Tags as in docs/AWS-WIRE.md: [AWS-recorded] = LocalStack snapshot/validated test against real
 * AWS; [captured] = a real AWS answer quoted in a public issue; [docs] = the SQS API Reference
 * "Common Errors" page; [unverified] = a reasoned guess, check before relying on it.
 */
export const commonErrors: Record<string, ErrorModel> = {
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
  // in the request is invalid." (ex-aws/ex_aws#220); [captured] 403 Sender SignatureDoesNotMatch
  // "Signature expired: … is now earlier than … (… - 15 min.)" (aws/aws-sdk-php#642, ReceiveMessage).
  // JSON shape names are the coral ones JSON services use (AWS-WIRE §5.5, kinesalite) [unverified
  // for SQS JSON].
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
  // Temporary (STS) credentials past their expiry: [AWS-recorded] "Status Code: 403; Error Code:
  // ExpiredToken" "The security token included in the request is expired" (kifi/franz#63). JSON
  // `__type` com.amazon.coral.service#ExpiredTokenException: coral's name, as DynamoDB answers it
  // (quoted in public client code); no SQS JSON capture found [unverified for SQS JSON].
  ExpiredTokenException: { code: 'ExpiredToken', status: 403, fault: 'Sender', namespace: CORAL },
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

