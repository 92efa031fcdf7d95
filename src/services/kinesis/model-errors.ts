import type { ErrorModel } from '../shared/shapes.js';

/**
 * Every error Kinesis answers with. Kinesis is not query-compatible, so `code` is the shape name
 * itself and the JSON/CBOR `__type` is the bare shape name (AWS-WIRE §3.1, §4.3). All client
 * errors are HTTP 400 [AWS-recorded for CBOR; kinesalite, modelled on AWS, for JSON], server
 * errors 500.
 */

const client = (name: string): ErrorModel => ({ code: name, status: 400, fault: 'Sender' });
const server = (name: string): ErrorModel => ({ code: name, status: 500, fault: 'Receiver' });

/** The modelled errors: the JS client's schema (`error: client|server`, no httpError trait). */
export const modelledErrors: Readonly<Record<string, ErrorModel>> = {
  AccessDeniedException: client('AccessDeniedException'),
  DryRunOperationException: client('DryRunOperationException'),
  ExpiredIteratorException: client('ExpiredIteratorException'),
  ExpiredNextTokenException: client('ExpiredNextTokenException'),
  // Only ever sent inside a SubscribeToShard event stream; a failed request answers InternalFailure.
  InternalFailureException: server('InternalFailureException'),
  InvalidArgumentException: client('InvalidArgumentException'),
  KMSAccessDeniedException: client('KMSAccessDeniedException'),
  KMSDisabledException: client('KMSDisabledException'),
  KMSInvalidStateException: client('KMSInvalidStateException'),
  KMSNotFoundException: client('KMSNotFoundException'),
  KMSOptInRequired: client('KMSOptInRequired'),
  KMSThrottlingException: client('KMSThrottlingException'),
  LimitExceededException: client('LimitExceededException'),
  ProvisionedThroughputExceededException: client('ProvisionedThroughputExceededException'),
  ResourceInUseException: client('ResourceInUseException'),
  ResourceNotFoundException: client('ResourceNotFoundException'),
  // Constraint violations: "1 validation error detected: Value … at 'streamName' failed to satisfy …".
  ValidationException: client('ValidationException'),
};

/**
 * Errors Kinesis answers with that are not in its model (coral's generic ones). Statuses: 400
 * for every client error and `{"__type":"SerializationException"}` for an unreadable body
 * [kinesalite, which reproduced AWS's answers]; the auth ones per AWS-WIRE §5.5. An unknown key
 * is UnrecognizedClientException 400 "The security token included in the request is invalid."
 * [AWS-recorded: awslabs/amazon-kinesis-scaling-utils#46 (Java SDK: "Service: AmazonKinesis; Status
 * Code: 400; Error Code: UnrecognizedClientException"), awslabs/amazon-kinesis-producer#116 (the C++
 * SDK's log, with the closing period)]; a signature out of the 5-minute window is
 * InvalidSignatureException 400, `{"__type":"InvalidSignatureException","message":"Signature expired: …
 * is now earlier than … (… - 5 min.)"}` [AWS-recorded: awslabs/amazon-kinesis-producer#41 (the raw
 * body), remind101/logspout-kinesis#21 (status 400); "Signature not yet current: … (… + 5 min.)" in
 * aws/aws-sdk-go#2194]. MissingAuthenticationToken and IncompleteSignature [unverified for Kinesis].
 */
export const unmodelledErrors: Readonly<Record<string, ErrorModel>> = {
  SerializationException: client('SerializationException'),
  UnknownOperationException: client('UnknownOperationException'),
  MissingAuthenticationTokenException: client('MissingAuthenticationTokenException'),
  IncompleteSignatureException: client('IncompleteSignatureException'),
  UnrecognizedClientException: client('UnrecognizedClientException'),
  InvalidSignatureException: client('InvalidSignatureException'),
  // Temporary (STS) credentials past their expiry: 400 {"__type":"ExpiredTokenException","message":"The
  // security token included in the request is expired"} [AWS-recorded: awslabs/amazon-kinesis-producer#49].
  ExpiredTokenException: client('ExpiredTokenException'),
  // The protocol layer's key for anything unexpected: `{"__type":"InternalFailure"}`, 500.
  InternalFailure: server('InternalFailure'),
  // Coral's answer when the service is overloaded [unverified for Kinesis].
  ServiceUnavailable: { code: 'ServiceUnavailable', status: 503, fault: 'Receiver' },
};
