/**
 * AWS STS (API 2011-06-15) input and output structures as data, in the JS v3 client's schema
 * order (`@aws-sdk/client-sts` `dist-es/schemas/schemas_0.js`; `model.test.ts` cross-checks every
 * structure against it). Lists travel as `Tags.member.1.Key=…`, `PolicyArns.member.1.arn=…`: STS
 * lists are not flattened and no member has an `xmlName`.
 *
 * Constraints are the documented ones (the SDK's `dist-types/models/models_0.d.ts` and the STS API
 * reference); the operations check them with `coralViolations`, which words a breach as AWS does
 * ("Value '10' at 'durationSeconds' failed to satisfy constraint: …").
 */
import type { ListShape, MapShape, NumberShape, Shape, StringShape } from '../shared/shapes.js';
import { opt, req, structure } from '../shared/shapes.js';

const string: StringShape = { type: 'string' };
const integer: NumberShape = { type: 'integer' };
const timestamp: Shape = { type: 'timestamp' };
const stringList: ListShape = { type: 'list', member: string };

/** `arnType`: 20 to 2048 characters. */
const arn: StringShape = { type: 'string', min: 20, max: 2048 };
/** `roleSessionNameType` (also SourceIdentity's characters). */
const sessionName: StringShape = { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*' };
/** `sessionPolicyDocumentType`: the plaintext of an inline session policy. */
const sessionPolicy: StringShape = { type: 'string', min: 1, max: 2048 };
const serialNumber: StringShape = { type: 'string', min: 9, max: 256, pattern: '[\\w+=/:,.@-]*' };
const tokenCode: StringShape = { type: 'string', min: 6, max: 6, pattern: '[\\d]*' };

const policyDescriptor = structure('PolicyDescriptorType', { arn: opt(arn) });
const policyDescriptorList: ListShape = { type: 'list', member: policyDescriptor };
/** Session tags: keys 1–128, values 0–256 characters, at most 50 per session. */
const tag = structure('Tag', {
  Key: req({ type: 'string', min: 1, max: 128, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' }),
  Value: req({ type: 'string', max: 256, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' }),
});
const tagList: ListShape = { type: 'list', member: tag, max: 50 };
const tagKeyList: ListShape = { type: 'list', member: { type: 'string', min: 1, max: 128 }, max: 50 };
const providedContext = structure('ProvidedContext', { ProviderArn: opt(arn), ContextAssertion: opt({ type: 'string', min: 4, max: 2048 }) });
const providedContextList: ListShape = { type: 'list', member: providedContext, max: 5 };

const credentials = structure('Credentials', {
  AccessKeyId: req(string),
  SecretAccessKey: req(string),
  SessionToken: req(string),
  Expiration: req(timestamp),
});
const assumedRoleUser = structure('AssumedRoleUser', { AssumedRoleId: req(string), Arn: req(string) });
const federatedUser = structure('FederatedUser', { FederatedUserId: req(string), Arn: req(string) });
const scopedSession = structure('ScopedSession', { ScopedSessionId: req(string), Arn: req(string) });
const originIdentity = structure('OriginIdentity', { Subject: opt(string), SubjectType: opt(string), Issuer: opt(string), FederatedProviderArn: opt(string) });
const identityProviderMap: MapShape = { type: 'map', key: string, value: string };
const transactionContext = structure('TransactionContext', { IdentityProvider: opt(identityProviderMap) });
const trustedIdentityPropagationContext = structure('TrustedIdentityPropagationContext', {
  OriginIdentity: opt(originIdentity),
  TransactionContext: opt(transactionContext),
});

// ---------------------------------------------------------------------------------------------
// Operation inputs and outputs (alphabetical by operation)

export const shapes = {
  assumeRoleRequest: structure('AssumeRoleRequest', {
    RoleArn: req(arn),
    RoleSessionName: req(sessionName),
    PolicyArns: opt(policyDescriptorList),
    Policy: opt(sessionPolicy),
    /** 900 s to the role's MaxSessionDuration (at most 43200 s, 12 hours). */
    DurationSeconds: opt({ type: 'integer', min: 900, max: 43200 }),
    Tags: opt(tagList),
    TransitiveTagKeys: opt(tagKeyList),
    ExternalId: opt({ type: 'string', min: 2, max: 1224, pattern: '[\\w+=,.@:/-]*' }),
    SerialNumber: opt(serialNumber),
    TokenCode: opt(tokenCode),
    SourceIdentity: opt(sessionName),
    ProvidedContexts: opt(providedContextList),
    MinimumSessionTokenSize: opt(integer),
  }),
  assumeRoleResponse: structure('AssumeRoleResponse', {
    Credentials: opt(credentials),
    AssumedRoleUser: opt(assumedRoleUser),
    PackedPolicySize: opt(integer),
    SourceIdentity: opt(string),
    SessionTokenUtilization: opt(integer),
    SessionTokenSize: opt(integer),
  }),
  assumeRoleWithSAMLRequest: structure('AssumeRoleWithSAMLRequest', {
    RoleArn: req(arn),
    PrincipalArn: req(arn),
    SAMLAssertion: req(string),
    PolicyArns: opt(policyDescriptorList),
    Policy: opt(sessionPolicy),
    DurationSeconds: opt({ type: 'integer', min: 900, max: 43200 }),
    MinimumSessionTokenSize: opt(integer),
  }),
  assumeRoleWithSAMLResponse: structure('AssumeRoleWithSAMLResponse', {
    Credentials: opt(credentials),
    AssumedRoleUser: opt(assumedRoleUser),
    PackedPolicySize: opt(integer),
    Subject: opt(string),
    SubjectType: opt(string),
    Issuer: opt(string),
    Audience: opt(string),
    NameQualifier: opt(string),
    SourceIdentity: opt(string),
    SessionTokenUtilization: opt(integer),
    SessionTokenSize: opt(integer),
    TrustedIdentityPropagationContext: opt(trustedIdentityPropagationContext),
  }),
  assumeRoleWithWebIdentityRequest: structure('AssumeRoleWithWebIdentityRequest', {
    RoleArn: req(arn),
    RoleSessionName: req(sessionName),
    WebIdentityToken: req(string),
    ProviderId: opt(string),
    PolicyArns: opt(policyDescriptorList),
    Policy: opt(sessionPolicy),
    DurationSeconds: opt({ type: 'integer', min: 900, max: 43200 }),
    MinimumSessionTokenSize: opt(integer),
  }),
  assumeRoleWithWebIdentityResponse: structure('AssumeRoleWithWebIdentityResponse', {
    Credentials: opt(credentials),
    SubjectFromWebIdentityToken: opt(string),
    AssumedRoleUser: opt(assumedRoleUser),
    PackedPolicySize: opt(integer),
    Provider: opt(string),
    Audience: opt(string),
    SourceIdentity: opt(string),
    SessionTokenUtilization: opt(integer),
    SessionTokenSize: opt(integer),
    TrustedIdentityPropagationContext: opt(trustedIdentityPropagationContext),
  }),
  assumeRootRequest: structure('AssumeRootRequest', {
    TargetPrincipal: req(string),
    TaskPolicyArn: req(policyDescriptor),
    DurationSeconds: opt({ type: 'integer', min: 0, max: 900 }),
    MinimumSessionTokenSize: opt(integer),
  }),
  assumeRootResponse: structure('AssumeRootResponse', {
    Credentials: opt(credentials),
    SourceIdentity: opt(string),
    SessionTokenUtilization: opt(integer),
    SessionTokenSize: opt(integer),
  }),
  decodeAuthorizationMessageRequest: structure('DecodeAuthorizationMessageRequest', { EncodedMessage: req(string) }),
  decodeAuthorizationMessageResponse: structure('DecodeAuthorizationMessageResponse', { DecodedMessage: opt(string) }),
  /** `accessKeyIdType`: 16 to 128 word characters. */
  getAccessKeyInfoRequest: structure('GetAccessKeyInfoRequest', { AccessKeyId: req({ type: 'string', min: 16, max: 128, pattern: '[\\w]*' }) }),
  getAccessKeyInfoResponse: structure('GetAccessKeyInfoResponse', { Account: opt(string) }),
  getCallerIdentityRequest: structure('GetCallerIdentityRequest', {}),
  getCallerIdentityResponse: structure('GetCallerIdentityResponse', { UserId: opt(string), Account: opt(string), Arn: opt(string) }),
  getDelegatedAccessTokenRequest: structure('GetDelegatedAccessTokenRequest', { TradeInToken: req(string) }),
  getDelegatedAccessTokenResponse: structure('GetDelegatedAccessTokenResponse', {
    Credentials: opt(credentials),
    PackedPolicySize: opt(integer),
    AssumedPrincipal: opt(string),
  }),
  getFederationTokenRequest: structure('GetFederationTokenRequest', {
    Name: req({ type: 'string', min: 2, max: 32, pattern: '[\\w+=,.@-]*' }),
    Policy: opt(sessionPolicy),
    PolicyArns: opt(policyDescriptorList),
    DurationSeconds: opt({ type: 'integer', min: 900, max: 129600 }),
    Tags: opt(tagList),
    MinimumSessionTokenSize: opt(integer),
  }),
  getFederationTokenResponse: structure('GetFederationTokenResponse', {
    Credentials: opt(credentials),
    FederatedUser: opt(federatedUser),
    PackedPolicySize: opt(integer),
    SessionTokenUtilization: opt(integer),
    SessionTokenSize: opt(integer),
  }),
  getScopedCredentialsRequest: structure('GetScopedCredentialsRequest', {
    Policy: opt(sessionPolicy),
    DurationSeconds: opt(integer),
    MinimumSessionTokenSize: opt(integer),
    ScopedSessionDescription: opt(string),
  }),
  getScopedCredentialsResponse: structure('GetScopedCredentialsResponse', {
    Credentials: opt(credentials),
    SessionInfo: opt(scopedSession),
    SessionTokenUtilization: opt(integer),
    SessionTokenSize: opt(integer),
    ScopedPoliciesCount: opt(integer),
    SourceIdentity: opt(string),
  }),
  /** 900 s to 129600 s (36 hours); an account's own (root) credentials get at most 3600 s. */
  getSessionTokenRequest: structure('GetSessionTokenRequest', {
    DurationSeconds: opt({ type: 'integer', min: 900, max: 129600 }),
    SerialNumber: opt(serialNumber),
    TokenCode: opt(tokenCode),
    MinimumSessionTokenSize: opt(integer),
  }),
  getSessionTokenResponse: structure('GetSessionTokenResponse', {
    Credentials: opt(credentials),
    SessionTokenUtilization: opt(integer),
    SessionTokenSize: opt(integer),
  }),
  getWebIdentityTokenRequest: structure('GetWebIdentityTokenRequest', {
    Audience: req(stringList),
    SigningAlgorithm: req(string),
    DurationSeconds: opt(integer),
    Scope: opt(string),
    SubjectMode: opt(string),
    Tags: opt(tagList),
  }),
  getWebIdentityTokenResponse: structure('GetWebIdentityTokenResponse', { WebIdentityToken: opt(string), Expiration: opt(timestamp) }),
};
