import { deflateRawSync } from 'node:zlib';
import { callerSession, checkConstraints, type StsDeps, type StsOperation } from '../context.js';
import { stsErrors } from '../errors.js';
import { stsIamErrors } from '../errors-iam.js';
import { authorizationRequest, iamOf, managedPolicy, trustRefuses, type AuthorizationRequest, type IamDirectory, type IamRole } from '../../shared/policy/index.js';
import type { RequestContext } from '../../shared/service.js';
import { assumedRoleArn, callerIdentity, isWellFormedArn, parseRoleArn, roleId } from '../domain/identity.js';
import { shapes } from '../model-shapes.js';
import { credentialsOutput, expiry, type CredentialsOutput } from './credentials-output.js';

interface Input {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: { arn?: string }[];
  Policy?: string;
  DurationSeconds?: number;
  Tags?: { Key: string; Value: string }[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

interface Output {
  Credentials: CredentialsOutput;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

const DEFAULT_SECONDS = 3600;
/** AWS: a role assumed with role credentials ("role chaining") lasts at most an hour. */
const CHAINED_MAX_SECONDS = 3600;
/**
 * Session policies and tags are packed into the token; AWS refuses them past its (unpublished)
 * packed size and reports the share used. Switchyard measures the same thing its own way: the
 * deflated policy text, policy ARNs and tags against 2048 bytes [unverified model]. AWS's is
 * tighter: 9 tags of 2 + 250 characters ("a" repeated, which deflates to almost nothing) are 498%
 * there (aws-actions/configure-aws-credentials#1898), so a request AWS refuses may pass here.
 */
const PACKED_LIMIT_BYTES = 2048;

/**
 * Credentials acting as the role's account. Unless the credentials file declares roles
 * (checkDeclaredRole), there is no IAM: any role ARN names a role, every role
 * may be kept for up to 12 hours (AWS's largest MaxSessionDuration) and its trust policy is, in
 * effect, "its own account". Without --enforce-policies any caller may assume any role (like
 * resource policies, nothing is checked); with it, only a role of the caller's own account: AWS
 * denies a cross-account AssumeRole unless the role's trust policy names the caller, and there is
 * none here to name anyone (README: STS).
 */
export const assumeRole: StsOperation<Input, Output> = async (deps, input, ctx) => {
  checkConstraints(shapes.assumeRoleRequest, input as unknown as Record<string, unknown>);
  const role = parseRoleArn(input.RoleArn);
  if (role === undefined) throw isWellFormedArn(input.RoleArn) ? stsErrors.invalidRoleArn() : stsErrors.malformedArn(input.RoleArn);
  const caller = callerSession(deps, ctx);
  const chained = caller?.role !== undefined;
  const seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
  if (chained && seconds > CHAINED_MAX_SECONDS) throw stsErrors.chainedDurationTooLong();
  const policyArns = input.PolicyArns?.map((p) => p.arn ?? '');
  const sessionPolicy = input.Policy !== undefined || (policyArns?.length ?? 0) > 0;
  const directory = iamOf(ctx)?.directory;
  const declaredRoles = directory?.roles;
  if (declaredRoles !== undefined) {
    checkDeclaredRole(deps, ctx, declaredRoles.get(role.arn), input, seconds);
    checkPolicyArns(directory!, role.accountId, policyArns);
  } else if (deps.enforcePolicies) {
    if (role.accountId !== (caller?.accountId ?? ctx.accountId)) throw stsErrors.notAuthorizedToAssume(callerIdentity(ctx.accountId, caller).Arn, input.RoleArn);
    if (sessionPolicy) throw stsErrors.sessionPolicyNotEnforced();
  }
  if (input.Policy !== undefined) checkPolicyDocument(input.Policy);
  const packed = packedPolicySize(input.Policy, policyArns, input.Tags);
  if (packed !== undefined && packed > 100) throw tooLarge(packed, sessionPolicy);

  const now = deps.clock.now();
  const issued = deps.tokens.issue({
    accountId: role.accountId,
    issuedAt: now,
    expiresAt: expiry(now, seconds),
    role: { name: role.name, path: role.path, sessionName: input.RoleSessionName },
    sourceIdentity: input.SourceIdentity,
    tags: input.Tags,
    policy: input.Policy ?? (policyArns?.length ? NO_INLINE_POLICY : undefined),
    policyArns,
  });
  return {
    Credentials: credentialsOutput(issued),
    AssumedRoleUser: {
      AssumedRoleId: `${roleId(role.accountId, role.name)}:${input.RoleSessionName}`,
      Arn: assumedRoleArn(role.accountId, role.name, input.RoleSessionName),
    },
    PackedPolicySize: packed,
    SourceIdentity: input.SourceIdentity,
  };
};

/**
 * When the credentials file declares roles, they are all the roles there are (README "Identity
 * policies"). With --enforce-policies, an undeclared role is refused as AWS refuses a role that does
 * not exist (AccessDenied "… is not authorized to perform: sts:AssumeRole on resource: <arn>", the
 * same words as for a trust policy that does not let the caller in), and a declared one's trust
 * policy, with the caller's identity policies, decides (shared/policy/trust.ts). The caller is
 * its account root, its IAM user or its role session; the trust policy's conditions may read
 * sts:RoleSessionName, sts:ExternalId and sts:SourceIdentity besides the global keys. Session
 * policies (Policy and PolicyArns) are then applied to the session (the session may do only what
 * both the role's policies and one of them allow; checkPolicyArns). DurationSeconds above
 * the role's maxSessionDuration is refused as AWS refuses it, with or without --enforce-policies
 * (after the authorization, since a caller the role does not trust learns nothing of it) [order
 * unverified].
 */
function checkDeclaredRole(deps: StsDeps, ctx: RequestContext, declared: IamRole | undefined, input: Input, seconds: number): void {
  if (deps.enforcePolicies) {
    const req = trustRequest(ctx, input, deps.clock.now());
    const callerArn = req.principal.kind === 'account' ? req.principal.arn : '';
    if (declared === undefined || trustRefuses(declared.trustPolicy, req, declared.accountId)) throw stsErrors.notAuthorizedToAssume(callerArn, input.RoleArn);
  }
  if (declared !== undefined && seconds > declared.maxSessionDuration) throw stsIamErrors.durationAboveRoleMaximum();
}

/**
 * PolicyArns (managed session policies) must name managed policies that exist: AWS managed ones
 * (shared/policy/aws-managed.ts) or customer managed ones the file declares in the role's account
 * ("The policies must exist in the same account as the role", AssumeRole's PolicyArns). The token
 * carries the ARNs only; each request resolves them against the file as it is then.
 */
function checkPolicyArns(directory: IamDirectory, roleAccountId: string, arns: readonly string[] | undefined): void {
  for (const arn of arns ?? []) {
    const ownAccount = arn.startsWith('arn:aws:iam::aws:') || arn.startsWith(`arn:aws:iam::${roleAccountId}:`);
    if (!ownAccount || managedPolicy(directory, arn) === undefined) throw stsIamErrors.unknownPolicyArn(arn);
  }
}

/**
 * What a session given PolicyArns without Policy carries as its inline policy: a policy that allows
 * nothing. With the managed ones it changes nothing (the session policies allow what one of them
 * allows), but a reader that does not know policyArns (a node not yet upgraded, in a cluster)
 * refuses the session everything rather than letting it act with the role's whole permissions.
 */
const NO_INLINE_POLICY = '{"Version":"2012-10-17","Statement":[]}';

/** The caller asking for sts:AssumeRole on the role, with AssumeRole's own condition keys. */
function trustRequest(ctx: RequestContext, input: Input, now: number): AuthorizationRequest {
  const req = authorizationRequest(ctx, 'sts:AssumeRole', input.RoleArn, now);
  const context = new Map(req.context);
  context.set('sts:rolesessionname', input.RoleSessionName);
  if (input.ExternalId !== undefined) context.set('sts:externalid', input.ExternalId);
  if (input.SourceIdentity !== undefined) context.set('sts:sourceidentity', input.SourceIdentity);
  return { ...req, context };
}

/** A session policy must be a JSON object (IAM's grammar beyond that is not checked; JSON that is no object gets the not-JSON answer [unverified]). */
function checkPolicyDocument(policy: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw stsErrors.malformedPolicy();
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw stsErrors.malformedPolicy();
}

/**
 * AWS words the refusal after what overflowed: the policy, or the session tags [AWS-recorded,
 * errors.ts]. Which one AWS blames when both are given is not recorded: here the policy.
 */
function tooLarge(percent: number, hasPolicy: boolean) {
  return hasPolicy ? stsErrors.packedPolicyTooLarge(percent) : stsErrors.packedTagsTooLarge(percent);
}

/** The percentage of the packed limit used, as AWS reports it; undefined when nothing is packed. */
function packedPolicySize(policy: string | undefined, arns: readonly string[] | undefined, tags: Input['Tags']): number | undefined {
  if (policy === undefined && (arns?.length ?? 0) === 0 && (tags?.length ?? 0) === 0) return undefined;
  const packed = deflateRawSync(JSON.stringify([policy ?? '', arns ?? [], tags ?? []]));
  return Math.ceil((packed.length * 100) / PACKED_LIMIT_BYTES);
}
