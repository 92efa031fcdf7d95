import { createHash } from 'node:crypto';
import { AWS_MANAGED_POLICIES } from './aws-managed.js';
import type { PolicyDocument } from './document.js';

/**
 * IAM identities declared in the credentials file (runtime/identity-config.ts reads them): users,
 * whose access keys carry their identity policies, and roles, with a trust policy, identity
 * policies and a maximum session duration. Switchyard has no IAM API: what the file says is what
 * there is, and SIGHUP replaces it (new key objects, each pointing at the new directory).
 *
 * A file that declares no user and no role has no directory at all: its keys are account roots and
 * any role name of the own account may be assumed, as before.
 */
export interface IamUser {
  readonly accountId: string;
  readonly name: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  /** `arn:aws:iam::<account>:user<path><name>`. */
  readonly arn: string;
  /** `AIDA` + 17 characters, stable for (account, name) as AWS's is for the life of a user. */
  readonly userId: string;
  /** Its inline policies, then the managed policies attached to it (`managedPolicies`), resolved when the file is read. */
  readonly policies: readonly PolicyDocument[];
  /** The user's tags: its aws:PrincipalTag/… keys. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface IamRole {
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  /** `arn:aws:iam::<account>:role<path><name>`. */
  readonly arn: string;
  /** Who may assume it (a resource policy: Principal, Action sts:AssumeRole, no Resource). */
  readonly trustPolicy: PolicyDocument;
  /** Its inline policies, then the managed policies attached to it, resolved when the file is read. */
  readonly policies: readonly PolicyDocument[];
  /** Seconds, 3600–43200 (IAM's MaxSessionDuration; 3600 by default, as IAM's CreateRole). */
  readonly maxSessionDuration: number;
  /** The role's tags: its sessions' aws:PrincipalTag/… keys, under the session tags of the same key. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface IamDirectory {
  /** By user ARN. */
  readonly users: ReadonlyMap<string, IamUser>;
  /** By role ARN; undefined when the file has no `roles` (then any role name may be assumed, as before). */
  readonly roles?: ReadonlyMap<string, IamRole>;
  /** The file's customer managed policies (`policies`), by ARN: what a session's PolicyArns may name besides AWS's. */
  readonly managedPolicies?: ReadonlyMap<string, PolicyDocument>;
}

/**
 * A managed policy by ARN: an AWS managed one (aws-managed.ts) or a customer managed one the file
 * declares; undefined when there is none (a policy removed from the file since a session named it).
 */
export function managedPolicy(directory: IamDirectory, arn: string): PolicyDocument | undefined {
  return AWS_MANAGED_POLICIES.get(arn) ?? directory.managedPolicies?.get(arn);
}

/**
 * What the signature check learnt about a request's credentials when its credentials file declares
 * users or roles: the directory (the roles a session may be of) and, for a user's access key, the user.
 */
export interface IamCaller {
  readonly directory: IamDirectory;
  readonly user?: IamUser;
}

/**
 * The identity-based permissions a principal carries: an IAM user's policies, or a declared role's
 * with the session policies AssumeRole was given (the session may do only what both allow: IAM User
 * Guide, "Session policies"). The session policies are the inline `Policy` and the managed
 * `PolicyArns` together: a request they cover must be allowed by one of them, and a Deny in any
 * refuses it.
 */
export interface IdentityPolicies {
  readonly policies: readonly PolicyDocument[];
  readonly sessionPolicies?: readonly PolicyDocument[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * An IAM unique id: its prefix (`AIDA` users, `AROA` roles: IAM User Guide, "Unique ID prefixes")
 * and 17 characters (AWS's are 21 in all, e.g. AIDAJQABLZS4A3QDU576Q), here derived from `seed`
 * (account and name), so every node and restart give the same one for the same identity.
 */
export function uniqueId(prefix: 'AIDA' | 'AROA', seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += BASE32[digest[i]! & 31];
  return id;
}

export function userId(accountId: string, name: string): string {
  return uniqueId('AIDA', `${accountId}:user:${name}`);
}

/**
 * A request context that may know its caller's IAM identity: protocol/dispatch-context.ts gives it
 * when the credentials file declares users or roles (the services' RequestContext does not name it,
 * so that nothing else changes when there is none).
 */
export interface IamAwareContext {
  readonly iam?: IamCaller;
}

/**
 * What STS's session identity adds for the policy evaluator: a role session's session policy
 * (AssumeRole's Policy, its JSON text) and managed session policies (PolicyArns, resolved at each
 * request against the current file), or the IAM user whose key asked GetSessionToken.
 */
export interface IamSessionFields {
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  readonly user?: { readonly name: string; readonly path: string };
}

/** A user as the credentials file declares it: its ARN (with its path) and AIDA… id follow from account and name. */
export function iamUser(accountId: string, name: string, path: string, policies: readonly PolicyDocument[], tags?: Readonly<Record<string, string>>): IamUser {
  return { accountId, name, path, arn: `arn:aws:iam::${accountId}:user${path}${name}`, userId: userId(accountId, name), policies, ...(tags && { tags }) };
}

/**
 * The IAM user a request acts as: the user whose long-term key signed it, or, for GetSessionToken
 * credentials, the user whose key asked for them. A user no longer in the file has no policies
 * (as on AWS, where a deleted user's sessions can do nothing); without users in the file, none.
 */
export function iamUserOf(iam: IamCaller | undefined, session: (object & IamSessionFields) | undefined): IamUser | undefined {
  if (session === undefined) return iam?.user;
  const named = session.user;
  if (named === undefined || iam === undefined) return undefined;
  const accountId = (session as { accountId?: string }).accountId ?? '';
  const user = iamUser(accountId, named.name, named.path, []);
  return iam.directory.users.get(user.arn) ?? user;
}

export function iamOf(ctx: object): IamCaller | undefined {
  return (ctx as IamAwareContext).iam;
}
