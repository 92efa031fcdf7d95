/**
 * Audit records in AWS CloudTrail's record format (event version 1.09, the one AWS's SQS examples
 * show), one JSON object per line, so that tools and habits made for CloudTrail read them:
 *
 *   eventVersion, userIdentity {type Root | IAMUser | AssumedRole | AWSAccount | Unknown, principalId, arn,
 *   accountId, accessKeyId, sessionContext}, eventTime, eventSource (sqs|sns|kinesis.amazonaws.com), eventName, awsRegion,
 *   sourceIPAddress, userAgent, errorCode/errorMessage (refusals), requestParameters,
 *   responseElements, requestID, eventID, readOnly, resources, eventType "AwsApiCall",
 *   managementEvent, recipientAccountId, eventCategory, sessionCredentialFromConsole.
 *
 * userIdentity is `Root` when the caller acts in its own account (every Switchyard key is its
 * account's), `AWSAccount` when it reaches another account's resource (a queue policy allowing it),
 * `Unknown` when its signature was refused. accessKeyId is written only when the server verifies
 * signatures (--credentials): otherwise the key is whatever the client made up.
 */
import type { AuditCaller, RequestAuditor, ServiceDefinition, WireRequest } from '../protocol/index.js';
import { isServiceError } from '../protocol/index.js';
import { basicAuthPair } from './credentials-basic.js';
import { iamOf, iamUserOf } from '../services/shared/policy/index.js';
import { cloudTrailForm, eventCategory, isReadOnly, isUnloggedAnonymousCall, keepsResponse, namedResource } from './audit-events.js';

export const EVENT_VERSION = '1.09';
const INTERNAL_MESSAGE = 'We encountered an internal error. Please try again.';

export interface AuditRecordSettings {
  /** Also record data events (SendMessage, Publish, PutRecords …). */
  readonly dataEvents: boolean;
  /** Signatures are verified (--credentials): the caller's access key is known and written. */
  readonly verifiesSignatures: boolean;
  readonly now: () => number;
  readonly uuid: () => string;
}

/** Where a finished record goes (audit-log.ts: a buffered file). */
export type RecordSink = (line: string) => void;

/**
 * The protocol handler's auditor: classifies the operation first and returns at once for what is
 * not recorded (data events by default), so that unrecorded requests build nothing. `fromConsole`
 * marks the console's own protocol handler: its calls are recorded only when they change something
 * (the page polls lists and attributes), with `sessionCredentialFromConsole`, as CloudTrail marks
 * AWS Management Console calls.
 */
export function createAuditor(settings: AuditRecordSettings, sink: RecordSink, fromConsole = false): RequestAuditor {
  return (req, service, operation, caller, input, output, error) => {
    if (service === undefined || operation === undefined) return;
    const name = service.model.service;
    const category = eventCategory(name, operation);
    if (category === 'Data' && !settings.dataEvents) return;
    const readOnly = isReadOnly(operation);
    if (fromConsole) {
      if (readOnly) return;
      // The console's inner request is unsigned: its caller is the key the browser signed in with
      // (checked by the admin routes before the console saw the request), with the IAM identity the
      // console attributed to it (DispatchContext's `iam` is a getter, which a spread would drop).
      caller = { ...caller, accessKeyId: basicAuthPair(req)?.accessKeyId, unverified: false, iam: iamOf(caller) } as AuditCaller;
    } else if (isUnloggedAnonymousCall(name, operation, caller.accessKeyId)) return;
    sink(JSON.stringify(buildRecord(settings, { req, service, operation, caller, input, output, error, category, readOnly, fromConsole })));
  };
}

export interface AuditedCall {
  readonly req: WireRequest;
  readonly service: ServiceDefinition;
  readonly operation: string;
  readonly caller: AuditCaller;
  readonly input: Record<string, unknown> | undefined;
  readonly output: unknown;
  readonly error: unknown;
  readonly category: 'Management' | 'Data';
  readonly readOnly: boolean;
  readonly fromConsole: boolean;
}

export function buildRecord(settings: AuditRecordSettings, call: AuditedCall): Record<string, unknown> {
  const { req, service, operation, caller, input, error } = call;
  const name = service.model.service;
  const model = service.model.operations[operation];
  const known = !(settings.verifiesSignatures && caller.unverified === true);
  // A name without an account (a queue name) is the caller's: not when who called is not known.
  const resource = namedResource(name, input, caller.region, known ? caller.accountId : undefined);
  const recipient = resource?.accountId ?? caller.accountId;
  const failed = error !== undefined;
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: known ? userIdentity(caller, recipient, settings.verifiesSignatures) : { type: 'Unknown' },
    eventTime: cloudTrailTime(settings.now()),
    eventSource: `${name}.amazonaws.com`,
    eventName: operation,
    awsRegion: caller.region,
    sourceIPAddress: sourceIp(req.remoteAddress),
    userAgent: req.headers['user-agent'],
    errorCode: failed ? errorCode(service, error) : undefined,
    errorMessage: failed ? (isServiceError(error) ? error.message : INTERNAL_MESSAGE) : undefined,
    requestParameters: cloudTrailForm(name, model?.input, input),
    responseElements: !failed && keepsResponse(name, operation) ? cloudTrailForm(name, model?.output, call.output) : null,
    requestID: req.requestId,
    eventID: settings.uuid(),
    readOnly: call.readOnly,
    resources: resource === undefined ? undefined : [resource],
    eventType: 'AwsApiCall',
    managementEvent: call.category === 'Management',
    recipientAccountId: recipient,
    eventCategory: call.category,
    sessionCredentialFromConsole: call.fromConsole ? 'true' : undefined,
  };
}

/**
 * With --credentials, a request refused before its signature was accepted names nobody for sure:
 * `Unknown` (buildRecord). Temporary credentials (STS) are written as CloudTrail writes them: an
 * AssumeRole session as `AssumedRole`, its role as the `sessionIssuer`; a GetSessionToken session
 * as its account's `Root`; both with the session's `attributes` (issue time; MFA never checked
 * here). An IAM user's key (credentials file `user`) is `IAMUser` with its userName and `AIDA…`
 * principal id. Another account's resource sees only `AWSAccount` and the principal id.
 */
function userIdentity(caller: AuditCaller, recipient: string, verifies: boolean): Record<string, unknown> {
  const account = caller.accountId;
  const accessKeyId = verifies ? caller.accessKeyId : undefined;
  const session = caller.session;
  const role = session?.role;
  // An IAM user's key (the credentials file's `user`), or its GetSessionToken session: CloudTrail's IAMUser, its AIDA… id the principal.
  const user = role === undefined ? iamUserOf(iamOf(caller), session) : undefined;
  const principalId = role?.userId ?? user?.userId ?? account;
  if (recipient !== account) return { type: 'AWSAccount', principalId, accountId: account, accessKeyId };
  const sessionContext = session && {
    sessionIssuer: role && { type: 'Role', principalId: role.userId.slice(0, role.userId.indexOf(':')), arn: role.roleArn, accountId: account, userName: role.roleArn.slice(role.roleArn.lastIndexOf('/') + 1) },
    attributes: { creationDate: cloudTrailTime(session.issuedAt), mfaAuthenticated: 'false' },
    sourceIdentity: session.sourceIdentity,
  };
  if (role) return { type: 'AssumedRole', principalId, arn: role.sessionArn, accountId: account, accessKeyId, sessionContext };
  if (user) return { type: 'IAMUser', principalId, arn: user.arn, accountId: account, accessKeyId, userName: user.name, sessionContext };
  return { type: 'Root', principalId, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId, sessionContext };
}

/** The code the client was told: the query protocol's where the service has one (`AWS.SimpleQueueService.NonExistentQueue`), else the shape. */
function errorCode(service: ServiceDefinition, error: unknown): string {
  if (!isServiceError(error)) return 'InternalFailure';
  return service.model.errors[error.shape]?.code ?? error.shape;
}

/** CloudTrail's time: UTC to the second, `2024-05-01T12:34:56Z`. */
export function cloudTrailTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** An IPv4 peer on a dual-stack socket (`::ffff:a.b.c.d`) as IPv4, as AWS shows it. */
export function sourceIp(address: string | undefined): string | undefined {
  return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
