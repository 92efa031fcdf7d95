/**
 * AWS STS (API 2011-06-15) as data: the 12 operations the current JS v3 client knows, their inputs
 * and outputs (model-shapes.ts), the errors each may raise, and every error STS answers with.
 *
 * Sources (src/services/sts/model.test.ts cross-checks this file against them):
 * - structures and the modelled errors' `awsQueryError` code + status: `@aws-sdk/client-sts`
 *   `dist-es/schemas/schemas_0.js`;
 * - each operation's errors: the `@throws` list of `dist-types/commands/<Op>Command.d.ts`.
 *
 * STS speaks only the query protocol: form-encoded requests with `Version=2011-06-15` signed for
 * `sts`, XML answers in the `https://sts.amazonaws.com/doc/2011-06-15/` namespace.
 */
import type { ErrorModel, OperationModel, ServiceModel, StructureShape } from '../shared/shapes.js';
import { shapes as s } from './model-shapes.js';

const sender = (code: string, status = 400): ErrorModel => ({ code, status, fault: 'Sender' });

/** Modelled errors: code/status exactly as the schema's `awsQueryError` trait. */
const modelledErrors: Record<string, ErrorModel> = {
  // An expired *web identity / SAML* token or session: not what a request signed with expired
  // credentials gets (that is `ExpiredToken` 403, below).
  ExpiredTokenException: sender('ExpiredTokenException'),
  ExpiredTradeInTokenException: sender('ExpiredTradeInTokenException'),
  IDPCommunicationErrorException: sender('IDPCommunicationError'),
  IDPRejectedClaimException: sender('IDPRejectedClaim', 403),
  InsufficientSessionLifetimeException: sender('InsufficientSessionLifetime'),
  InvalidAuthorizationMessageException: sender('InvalidAuthorizationMessageException'),
  InvalidContextAssertionException: sender('InvalidContextAssertion'),
  InvalidIdentityTokenException: sender('InvalidIdentityToken'),
  InvalidSubjectCredentialsException: sender('InvalidSubjectCredentials'),
  JWTPayloadSizeExceededException: sender('JWTPayloadSizeExceededException'),
  MalformedPolicyDocumentException: sender('MalformedPolicyDocument'),
  OutboundWebIdentityFederationDisabledException: sender('OutboundWebIdentityFederationDisabledException', 403),
  PackedPolicyTooLargeException: sender('PackedPolicyTooLarge'),
  RegionDisabledException: sender('RegionDisabledException', 403),
  SessionDurationEscalationException: sender('SessionDurationEscalationException', 403),
};

const CORAL = 'com.amazon.coral.service';
const coral = (code: string, status = 400, fault: 'Sender' | 'Receiver' = 'Sender'): ErrorModel => ({ code, status, fault, namespace: CORAL });

/** Errors STS answers with that are not in its model (key = the shape a handler throws). */
const commonErrors: Record<string, ErrorModel> = {
  // A constraint broken: "1 validation error detected: Value '' at 'roleArn' failed to satisfy
  // constraint: Member must have length greater than or equal to 20" [AWS-recorded:
  // mmmorris1975/aws-runas#80, newscorpaus/consigliere#18].
  ValidationError: coral('ValidationError'),
  InvalidAction: coral('InvalidAction'),
  // "User: arn:aws:sts::…:assumed-role/… is not authorized to perform: sts:AssumeRole on resource:
  // arn:aws:iam::…:role/…" 403 and "Cannot call GetSessionToken with session credentials" 403
  // [AWS-recorded: Netflix/security_monkey#77, aws/aws-sdk-js#3670].
  AccessDenied: coral('AccessDenied', 403),
  // Signature checking (protocol layer): the query services' codes (AWS-WIRE §5.5).
  MissingAuthenticationTokenException: coral('MissingAuthenticationToken', 403),
  IncompleteSignatureException: coral('IncompleteSignature'),
  UnrecognizedClientException: coral('InvalidClientTokenId', 403),
  InvalidSignatureException: coral('SignatureDoesNotMatch', 403),
  // Signed with temporary credentials past their Expiration: `ExpiredToken` 403 "The security token
  // included in the request is expired" [AWS-recorded: aws/aws-sdk-java-v2#1649 for STS]. The
  // verifier throws this shape for services that list it (sigv4-verify.ts), as the modelled
  // ExpiredTokenException above is another error.
  ExpiredToken: coral('ExpiredToken', 403),
  ThrottlingException: coral('Throttling'),
  InternalFailure: coral('InternalFailure', 500, 'Receiver'),
  ServiceUnavailable: coral('ServiceUnavailable', 503, 'Receiver'),
};

function op(name: string, input: StructureShape, output: StructureShape, errors: readonly string[]): OperationModel {
  return { name, input, output, errors };
}

const EXPIRED = 'ExpiredTokenException';
const POLICY = ['MalformedPolicyDocumentException', 'PackedPolicyTooLargeException'];
const REGION = 'RegionDisabledException';
const IDP = ['IDPRejectedClaimException', 'InvalidIdentityTokenException'];

/** Errors: each command's `@throws` list in the SDK (order irrelevant). */
const operations: Record<string, OperationModel> = {
  AssumeRole: op('AssumeRole', s.assumeRoleRequest, s.assumeRoleResponse, [EXPIRED, 'InvalidContextAssertionException', ...POLICY, REGION]),
  AssumeRoleWithSAML: op('AssumeRoleWithSAML', s.assumeRoleWithSAMLRequest, s.assumeRoleWithSAMLResponse, [EXPIRED, ...IDP, ...POLICY, REGION]),
  AssumeRoleWithWebIdentity: op('AssumeRoleWithWebIdentity', s.assumeRoleWithWebIdentityRequest, s.assumeRoleWithWebIdentityResponse, [EXPIRED, 'IDPCommunicationErrorException', ...IDP, ...POLICY, REGION]),
  AssumeRoot: op('AssumeRoot', s.assumeRootRequest, s.assumeRootResponse, [EXPIRED, REGION]),
  DecodeAuthorizationMessage: op('DecodeAuthorizationMessage', s.decodeAuthorizationMessageRequest, s.decodeAuthorizationMessageResponse, ['InvalidAuthorizationMessageException']),
  GetAccessKeyInfo: op('GetAccessKeyInfo', s.getAccessKeyInfoRequest, s.getAccessKeyInfoResponse, []),
  GetCallerIdentity: op('GetCallerIdentity', s.getCallerIdentityRequest, s.getCallerIdentityResponse, []),
  GetDelegatedAccessToken: op('GetDelegatedAccessToken', s.getDelegatedAccessTokenRequest, s.getDelegatedAccessTokenResponse, ['ExpiredTradeInTokenException', 'PackedPolicyTooLargeException', REGION]),
  GetFederationToken: op('GetFederationToken', s.getFederationTokenRequest, s.getFederationTokenResponse, [...POLICY, REGION]),
  GetScopedCredentials: op('GetScopedCredentials', s.getScopedCredentialsRequest, s.getScopedCredentialsResponse, ['InsufficientSessionLifetimeException', 'InvalidSubjectCredentialsException', ...POLICY]),
  GetSessionToken: op('GetSessionToken', s.getSessionTokenRequest, s.getSessionTokenResponse, [REGION]),
  GetWebIdentityToken: op('GetWebIdentityToken', s.getWebIdentityTokenRequest, s.getWebIdentityTokenResponse, ['JWTPayloadSizeExceededException', 'OutboundWebIdentityFederationDisabledException', 'SessionDurationEscalationException']),
};

export const stsModel: ServiceModel = {
  service: 'sts',
  apiVersion: '2011-06-15',
  protocols: ['query'],
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  errorNamespace: 'com.amazonaws.sts',
  operations,
  errors: { ...modelledErrors, ...commonErrors },
};
