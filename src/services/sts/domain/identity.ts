import { iamUser, uniqueId, type IamSessionFields } from '../../shared/policy/identity.js';
import type { SessionIdentity } from '../../shared/service.js';
import type { Session } from './session-token.js';

/**
 * Who a caller is, in AWS's words. Switchyard has no IAM users: an access key acts as its account,
 * which AWS calls the account's root user (`arn:aws:iam::<account>:root`, user id = the account
 * id). A role session is `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` with user
 * id `<role id>:<session name>`, where the role id is AWS's `AROA` + 17 characters; with no IAM
 * to hold roles, it is derived from the account and role name, so it is the same on every node
 * and every time that role is assumed, as AWS's is.
 */
export interface CallerIdentity {
  readonly UserId: string;
  readonly Account: string;
  readonly Arn: string;
}

export interface RoleRef {
  readonly accountId: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  readonly name: string;
  readonly arn: string;
}

/**
 * `arn:aws:iam::<12 digits>:role/[path/]<name>`; role names are 1–64 of `[\w+=,.@-]`, path
 * elements the same characters. Undefined for anything else.
 */
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

export function parseRoleArn(arn: string): RoleRef | undefined {
  const m = ROLE_ARN.exec(arn);
  if (m === null) return undefined;
  return { accountId: m[1]!, path: `/${m[2]!}`, name: m[3]!, arn };
}

/**
 * `arn:<partition>:<service>:<region>:<account>:<resource>` with partition, service and resource
 * present: what AWS accepts as an ARN at all before it asks whether it names a role (an ARN with
 * one of them empty, or fewer parts, is "<arn> is invalid" [AWS-recorded, errors.ts]).
 */
export function isWellFormedArn(text: string): boolean {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  return parts[1] !== '' && parts[2] !== '' && parts.slice(5).join(':') !== '';
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/** `AROA` + 17 characters, stable for (account, role name). */
export function roleId(accountId: string, roleName: string): string {
  return uniqueId('AROA', `${accountId}:role:${roleName}`);
}

/** The identity of an account's key, or of a session issued to one. */
export function callerIdentity(accountId: string, session: Session | undefined): CallerIdentity {
  if (session?.role !== undefined) {
    const { name, sessionName } = session.role;
    return { UserId: `${roleId(session.accountId, name)}:${sessionName}`, Account: session.accountId, Arn: assumedRoleArn(session.accountId, name, sessionName) };
  }
  // GetSessionToken credentials are their parent's identity: the IAM user's, else the account's.
  if (session?.user !== undefined) {
    const user = iamUser(session.accountId, session.user.name, session.user.path, []);
    return { UserId: user.userId, Account: user.accountId, Arn: user.arn };
  }
  const account = session?.accountId ?? accountId;
  return { UserId: account, Account: account, Arn: rootArn(account) };
}

/**
 * A session as resource policies see it: a role session names its role (with its path) and
 * itself; a GetSessionToken session is its IAM user's, else its account's.
 */
export function sessionIdentity(session: Session): SessionIdentity & IamSessionFields {
  const { accountId, issuedAt, role, sourceIdentity, tags, user } = session;
  if (role === undefined) return user === undefined ? { accountId, issuedAt } : { accountId, issuedAt, user };
  return {
    accountId,
    issuedAt,
    role: {
      roleArn: `arn:aws:iam::${accountId}:role${role.path}${role.name}`,
      sessionArn: assumedRoleArn(accountId, role.name, role.sessionName),
      userId: `${roleId(accountId, role.name)}:${role.sessionName}`,
    },
    sourceIdentity,
    tags,
    // The session policies (inline and managed), for the policy evaluator when the role is declared (shared/policy/context-keys.ts).
    policy: session.policy,
    policyArns: session.policyArns,
  };
}
