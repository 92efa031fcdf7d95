import { createHash } from 'node:crypto';
import { ServiceError } from '../shared/errors.js';
import type { RequestContext } from '../shared/service.js';
import type { SnsDeps } from './context.js';
import { snsErrors } from './errors.js';
import type { DocumentAddress, DocumentRecord } from './records-store.js';

/**
 * Mobile push: platform applications and their endpoints, kept as store documents
 * (kind `platform-application` keyed by the application ARN; kind `platform-endpoint` keyed by
 * the endpoint ARN, under its application). Nothing is pushed to a device: a publish to an
 * endpoint is recorded (delivery/recorder.ts).
 *
 * ARNs as AWS makes them: `arn:aws:sns:<region>:<account>:app/<PLATFORM>/<name>` and
 * `…:endpoint/<PLATFORM>/<name>/<uuid>`. The endpoint uuid is derived from (application, token),
 * which makes CreatePlatformEndpoint idempotent per token, as AWS is.
 * Messages marked [AWS-recorded] are LocalStack's snapshots of real SNS (localstack/localstack
 * tests/aws/services/sns/test_sns.snapshot.json, TestSNSPlatformApplicationCrud and
 * TestSNSPlatformEndpointCrud, validated against AWS in Oct 2025); those marked [unverified] are in
 * AWS's style where no recording was found.
 */
export const APP = 'platform-application';
export const ENDPOINT = 'platform-endpoint';
export const PLATFORMS = new Set(['ADM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'BAIDU', 'GCM', 'MPNS', 'WNS']);
const NAME_CHARACTERS = /^[A-Za-z0-9_.-]*$/;
/** Attributes AWS accepts on an application [AWS API reference, SetPlatformApplicationAttributes]. */
export const APP_ATTRIBUTES = new Set([
  'PlatformCredential', 'PlatformPrincipal', 'EventEndpointCreated', 'EventEndpointDeleted', 'EventEndpointUpdated', 'EventDeliveryFailure',
  'SuccessFeedbackRoleArn', 'FailureFeedbackRoleArn', 'SuccessFeedbackSampleRate', 'ApplePlatformTeamID', 'ApplePlatformBundleID', 'AuthenticationMethod', 'Enabled',
]);
/** Secrets stay stored but are never shown back (AWS does not return them). */
const SECRET_APP_ATTRIBUTES = new Set(['PlatformCredential', 'PlatformPrincipal']);
export const ENDPOINT_ATTRIBUTES = new Set(['CustomUserData', 'Enabled', 'Token']);

export interface AppDoc {
  readonly platform: string;
  readonly name: string;
  readonly attributes: Record<string, string>;
}
export interface EndpointDoc {
  readonly attributes: Record<string, string>;
}

export const appNotFound = () => new ServiceError('NotFoundException', 'PlatformApplication does not exist');
export const endpointNotFound = () => new ServiceError('NotFoundException', 'Endpoint does not exist');
export const endpointDisabled = () => new ServiceError('EndpointDisabledException', 'Endpoint is disabled');
export const appDisabled = () => new ServiceError('PlatformApplicationDisabledException', 'Platform application is disabled');

/**
 * A platform application's name: AWS names the value itself where other messages name the
 * parameter [AWS-recorded, test_create_platform_application_invalid_name: "" → "Invalid parameter:
 *  Reason: cannot be empty", 257 × "a" → "…: aaa…a Reason: must be at most 256 characters long",
 * "@name" → "…: @name Reason: must contain only characters 'a'-'z', …"]. Which check comes first
 * for a name both too long and of other characters is [unverified]: the length here.
 */
export function checkAppName(name: string | undefined): string {
  const n = name ?? '';
  if (n === '') throw snsErrors.invalidParameter(`${n} Reason: cannot be empty`);
  if (n.length > 256) throw snsErrors.invalidParameter(`${n} Reason: must be at most 256 characters long`);
  if (!NAME_CHARACTERS.test(n)) throw snsErrors.invalidParameter(`${n} Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'`);
  return n;
}

/** [AWS-recorded, test_create_platform_application_invalid_platform: "Invalid parameter: Platform Reason: AAA is not supported"] */
export function checkPlatform(platform: string | undefined): string {
  if (platform === undefined || !PLATFORMS.has(platform)) throw snsErrors.invalidParameter(`Platform Reason: ${platform ?? ''} is not supported`);
  return platform;
}

export function checkAttributes(attributes: Record<string, string> | undefined, allowed: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes ?? {})) {
    // [AWS-recorded for endpoints, test_create_platform_endpoint_with_invalid_attributes and
    // test_set_platform_endpoint_attributes_invalid_attributes: "Invalid parameter: Attributes Reason:
    // Invalid attribute name: PlatformPrincipal"; the same words for an application's are unverified]
    if (!allowed.has(k)) throw snsErrors.invalidParameter(`Attributes Reason: Invalid attribute name: ${k}`);
    if (k === 'Enabled' && v !== 'true' && v !== 'false') throw snsErrors.invalidParameter(`Attributes Reason: Enabled: Invalid value [${v}]. Must be true or false.`); // [unverified]
    if (k === 'CustomUserData') checkCustomUserData(v);
    out[k] = v;
  }
  return out;
}

/**
 * An endpoint's CustomUserData holds at most 2,048 bytes of UTF-8 [AWS's answer, matched by
 * wireapp/wire-server services/gundeck/src/Gundeck/Aws.hs, a client of real SNS: "Invalid
 * parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048
 * bytes long in UTF-8 encoding"], whether it comes as the attribute or as CreatePlatformEndpoint's
 * own parameter.
 */
export function checkCustomUserData(value: string): void {
  if (Buffer.byteLength(value, 'utf8') > 2048) {
    throw snsErrors.invalidParameter('Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding');
  }
}

interface ParsedArn {
  readonly accountId: string;
  readonly region: string;
  readonly platform: string;
  readonly name: string;
}

/** `arn:aws:sns:r:a:app/P/N` or `arn:aws:sns:r:a:endpoint/P/N/id`; InvalidParameter otherwise. */
export function parseMobileArn(arn: string | undefined, kind: 'app' | 'endpoint', parameter: string): ParsedArn {
  const parts = (arn ?? '').split(':');
  // [AWS-recorded, test_get_platform_application_attributes_invalid_arn: "invalid-arn" → "Invalid
  // parameter: PlatformApplicationArn Reason: An ARN must have at least 6 elements, not 1"]
  if (parts.length < 6) throw snsErrors.arnTooShort(parameter, parts.length);
  const resource = parts[5]?.split('/') ?? [];
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sns' || resource[0] !== kind || resource.length !== (kind === 'app' ? 3 : 4)) {
    throw snsErrors.invalidParameter(`${parameter} Reason: Wrong format for ${kind === 'app' ? 'PlatformApplicationArn' : 'EndpointArn'}`); // [unverified]
  }
  return { region: parts[3]!, accountId: parts[4]!, platform: resource[1]!, name: resource[2]! };
}

export function appAddress(arn: string): DocumentAddress {
  const a = parseMobileArn(arn, 'app', 'PlatformApplicationArn');
  return { kind: APP, accountId: a.accountId, region: a.region, key: arn };
}

export function endpointAddress(arn: string): DocumentAddress {
  const a = parseMobileArn(arn, 'endpoint', 'EndpointArn');
  return { kind: ENDPOINT, accountId: a.accountId, region: a.region, key: arn };
}

export function appArn(ctx: RequestContext, platform: string, name: string): string {
  return `arn:aws:sns:${ctx.region}:${ctx.accountId}:app/${platform}/${name}`;
}

/** The endpoint ARN of a token under an application: a uuid-shaped hash of both. */
export function endpointArn(application: string, token: string): string {
  const h = createHash('sha256').update(`${application}\n${token}`).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return `${application.replace(':app/', ':endpoint/')}/${id}`;
}

export async function loadApp(deps: SnsDeps, arn: string | undefined): Promise<{ doc: DocumentRecord; app: AppDoc }> {
  const doc = await deps.store.getDocument(appAddress(arn ?? ''));
  if (!doc) throw appNotFound();
  return { doc, app: JSON.parse(doc.data) as AppDoc };
}

/**
 * Subscribe with protocol `application` needs the endpoint to exist: AWS refuses a deleted one with
 * "Invalid parameter: Endpoint Reason: Endpoint does not exist for endpoint arn<arn>", "arn" and the
 * ARN run together as AWS writes them [getmoto/moto: moto/sns/models.py notes AWS lacks the space
 * too, and tests/test_sns/test_application_boto3.py, written against AWS, asserts it after
 * DeleteEndpoint]. An ARN of another shape names no endpoint either: the same answer [unverified].
 */
export async function requireEndpoint(deps: SnsDeps, arn: string): Promise<void> {
  let found = false;
  try {
    found = (await deps.store.getDocument(endpointAddress(arn))) !== undefined;
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
  }
  if (!found) throw snsErrors.invalidParameter(`Endpoint Reason: Endpoint does not exist for endpoint arn${arn}`);
}

/** The endpoint an ARN names; `missing` is the refusal when there is none (Publish words it its own way). */
export async function loadEndpoint(
  deps: SnsDeps,
  arn: string | undefined,
  missing: () => ServiceError = endpointNotFound,
): Promise<{ doc: DocumentRecord; endpoint: EndpointDoc }> {
  const doc = await deps.store.getDocument(endpointAddress(arn ?? ''));
  if (!doc) throw missing();
  return { doc, endpoint: JSON.parse(doc.data) as EndpointDoc };
}

export function appAttributesView(app: AppDoc): Record<string, string> {
  const out: Record<string, string> = { Enabled: 'true' };
  for (const [k, v] of Object.entries(app.attributes)) if (!SECRET_APP_ATTRIBUTES.has(k)) out[k] = v;
  return out;
}
