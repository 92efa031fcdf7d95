import { AWS_MANAGED_POLICIES } from '../services/shared/policy/aws-managed.js';
import type { PolicyDocument } from '../services/shared/policy/document.js';
import { iamUser, type IamDirectory, type IamRole, type IamUser } from '../services/shared/policy/identity.js';
import { parseRoleArn } from '../services/sts/domain/identity.js';
import { ConfigError } from './config.js';
import { checkPolicyDocument, type PolicyKind } from './identity-policy-check.js';

/**
 * The credentials file's IAM identities (optional; README "Identity policies"):
 *
 *   "users": [{"accountId": "111111111111", "name": "alice", "path": "/team/", "policies": [<policy>, …],
 *              "managedPolicies": ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess", …], "tags": {"team": "ci"}}],
 *   "roles": [{"arn": "arn:aws:iam::111111111111:role/app", "trustPolicy": <policy>, "policies": [<policy>, …],
 *              "managedPolicies": [<policy ARN>, …], "maxSessionDuration": 3600, "tags": {…}}],
 *   "policies": [{"arn": "arn:aws:iam::111111111111:policy/team/reader", "document": <policy>}]
 *
 * `policies` are customer managed policies (checkManagedPolicies); a user's or role's
 * `managedPolicies` are the policies attached to it: customer managed ones of its own account or
 * AWS managed ones (shared/policy/aws-managed.ts), at most 10 (IAM's default quota).
 *
 * A policy is a document object or its JSON text (identity-policy-check.ts checks it). A key names
 * its user with `"user": "alice"` (a user of the key's account). Names and paths are IAM's: names
 * 1–64 of `[\w+=,.@-]`, paths `/` or `/a/b/`; `maxSessionDuration` 3600–43200 seconds, 3600 by
 * default (IAM CreateRole). Tags become the identity's aws:PrincipalTag/… keys. A user name, or a role name, is once per account (IAM's are unique
 * within the account whatever the path). Anything wrong is a ConfigError naming the place.
 */
const NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/(?:[\w+=,.@-]+\/)*$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const MIN_SESSION = 3600;
const MAX_SESSION = 43_200;

type Fail = (where: string, what: string) => never;

export interface DeclaredIdentities {
  /** Undefined when the file declares neither users nor roles: then nothing about IAM changes. */
  readonly directory?: IamDirectory;
  /** A user by account and name (`<account>/<name>`), for the keys' `user`. */
  readonly usersByName: ReadonlyMap<string, IamUser>;
}

export function checkIdentities(users: unknown, roles: unknown, source: string, policies?: unknown): DeclaredIdentities {
  const fail: Fail = (where, what) => {
    throw new ConfigError(`${source}: ${where}: ${what}`);
  };
  const managed = checkManagedPolicies(policies, fail);
  const attached: Attached = (value, accountId, at) => attachedPolicies(value, accountId, managed, fail, at);
  const usersByName = new Map<string, IamUser>();
  if (users !== undefined) {
    if (!Array.isArray(users)) fail('users', 'expected a list of users');
    (users as unknown[]).forEach((entry, i) => {
      const user = checkUser(entry, fail, attached, `users[${i}]`);
      const key = `${user.accountId}/${user.name}`;
      if (usersByName.has(key)) fail(`users[${i}].name`, `${user.name} is declared twice in account ${user.accountId}`);
      usersByName.set(key, user);
    });
  }
  let roleMap: Map<string, IamRole> | undefined;
  if (roles !== undefined) {
    if (!Array.isArray(roles)) fail('roles', 'expected a list of roles');
    roleMap = new Map();
    const names = new Set<string>();
    (roles as unknown[]).forEach((entry, i) => {
      const role = checkRole(entry, fail, attached, `roles[${i}]`);
      if (names.has(`${role.accountId}/${role.name}`)) fail(`roles[${i}].arn`, `a role named ${role.name} is declared twice in account ${role.accountId}`);
      names.add(`${role.accountId}/${role.name}`);
      roleMap!.set(role.arn, role);
    });
  }
  if (users === undefined && roles === undefined) return { usersByName };
  const byArn = new Map([...usersByName.values()].map((u) => [u.arn, u] as const));
  return { directory: { users: byArn, roles: roleMap, managedPolicies: managed }, usersByName };
}

/** The documents of a user's or role's `managedPolicies`, checked where they are attached. */
type Attached = (value: unknown, accountId: string, at: string) => readonly PolicyDocument[];

function checkUser(entry: unknown, fail: Fail, attached: Attached, at: string): IamUser {
  const e = fields(entry, ['accountId', 'name', 'path', 'policies', 'managedPolicies', 'tags'], fail, at);
  const accountId = accountOf(e.accountId, fail, `${at}.accountId`);
  if (typeof e.name !== 'string' || !NAME.test(e.name)) fail(`${at}.name`, 'expected 1 to 64 letters, digits or +=,.@_-');
  const name = e.name as string;
  if (e.path !== undefined && (typeof e.path !== 'string' || !PATH.test(e.path) || e.path.length > 512)) fail(`${at}.path`, 'expected / or a path like /team/ci/');
  const path = (e.path as string | undefined) ?? '/';
  const policies = [...policiesOf(e.policies, 'identity', fail, `${at}.policies`), ...attached(e.managedPolicies, accountId, `${at}.managedPolicies`)];
  return iamUser(accountId, name, path, policies, tagsOf(e.tags, fail, `${at}.tags`));
}

function checkRole(entry: unknown, fail: Fail, attached: Attached, at: string): IamRole {
  const e = fields(entry, ['arn', 'trustPolicy', 'policies', 'managedPolicies', 'maxSessionDuration', 'tags'], fail, at);
  const ref = typeof e.arn === 'string' ? parseRoleArn(e.arn) : undefined;
  if (ref === undefined) return fail(`${at}.arn`, 'expected a role ARN: arn:aws:iam::<12 digits>:role/[path/]<name>');
  if (e.trustPolicy === undefined) fail(`${at}.trustPolicy`, 'expected the role trust policy (who may assume the role)');
  const trustPolicy = checkPolicyDocument(e.trustPolicy, 'trust', fail, `${at}.trustPolicy`);
  const seconds = e.maxSessionDuration ?? MIN_SESSION;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_SESSION || seconds > MAX_SESSION) {
    fail(`${at}.maxSessionDuration`, `expected a whole number of seconds from ${MIN_SESSION} to ${MAX_SESSION}`);
  }
  const tags = tagsOf(e.tags, fail, `${at}.tags`);
  const policies = [...policiesOf(e.policies, 'identity', fail, `${at}.policies`), ...attached(e.managedPolicies, ref.accountId, `${at}.managedPolicies`)];
  return { ...ref, trustPolicy, policies, maxSessionDuration: seconds as number, ...(tags && { tags }) };
}

/** `{"team": "ci"}`: IAM's tag limits, keys 1–128 and values 0–256 of letters, digits, spaces and `_.:/=+-@`, at most 50. */
function tagsOf(value: unknown, fail: Fail, at: string): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(at, 'expected an object of tags, {"team": "ci"}');
  const entries = Object.entries(value);
  if (entries.length > 50) fail(at, 'at most 50 tags');
  for (const [key, v] of entries) {
    if (!TAG_KEY.test(key)) fail(`${at}.${key}`, 'expected a tag key of 1 to 128 letters, digits, spaces or _.:/=+-@');
    if (typeof v !== 'string' || !TAG_VALUE.test(v)) fail(`${at}.${key}`, 'expected a tag value of up to 256 letters, digits, spaces or _.:/=+-@');
  }
  return value as Record<string, string>;
}

function policiesOf(value: unknown, kind: PolicyKind, fail: Fail, at: string): readonly PolicyDocument[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(at, 'expected a list of policy documents');
  return value.map((p, i) => checkPolicyDocument(p, kind, fail, `${at}[${i}]`));
}

/**
 * The file's customer managed policies: `{"arn": "arn:aws:iam::<account>:policy/<path><name>",
 * "document": <policy>}`, or `{"accountId", "name", "path"?, "document"}` for the same ARN (IAM's
 * form: a path `/` or `/a/b/`, a name of 1–128 of `[\w+=,.@-]`, IAM's CreatePolicy). The
 * document is checked like an inline identity policy, and holds at most 6,144 characters (IAM's
 * managed policy size, counted here on its JSON without whitespace). An ARN once only.
 */
function checkManagedPolicies(value: unknown, fail: Fail): ReadonlyMap<string, PolicyDocument> {
  const managed = new Map<string, PolicyDocument>();
  if (value === undefined) return managed;
  if (!Array.isArray(value)) return fail('policies', 'expected a list of customer managed policies');
  value.forEach((entry: unknown, i) => {
    const at = `policies[${i}]`;
    const e = fields(entry, ['arn', 'accountId', 'name', 'path', 'document'], fail, at);
    const arn = e.arn !== undefined ? policyArnOf(e, fail, at) : nameArnOf(e, fail, at);
    if (managed.has(arn)) fail(`${at}`, `${arn} is declared twice`);
    if (e.document === undefined) fail(`${at}.document`, 'expected the policy document');
    const document = checkPolicyDocument(e.document, 'identity', fail, `${at}.document`);
    const text = typeof e.document === 'string' ? JSON.stringify(JSON.parse(e.document)) : JSON.stringify(e.document);
    if (text.length > MAX_MANAGED_CHARS) fail(`${at}.document`, `${text.length} characters: a managed policy holds at most ${MAX_MANAGED_CHARS} (IAM)`);
    managed.set(arn, document);
  });
  return managed;
}

const MAX_MANAGED_CHARS = 6144;
const POLICY_ARN = /^arn:aws:iam::(\d{12}):policy(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,128})$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

function policyArnOf(e: Record<string, unknown>, fail: Fail, at: string): string {
  for (const field of ['accountId', 'name', 'path']) if (e[field] !== undefined) fail(`${at}.${field}`, 'give either arn or accountId, name and path');
  if (typeof e.arn !== 'string' || !POLICY_ARN.test(e.arn) || e.arn.startsWith('arn:aws:iam::aws:')) {
    fail(`${at}.arn`, 'expected a customer managed policy ARN: arn:aws:iam::<12 digits>:policy/[path/]<name>');
  }
  return e.arn as string;
}

function nameArnOf(e: Record<string, unknown>, fail: Fail, at: string): string {
  const accountId = accountOf(e.accountId, fail, `${at}.accountId`);
  if (typeof e.name !== 'string' || !POLICY_NAME.test(e.name)) fail(`${at}.name`, 'expected 1 to 128 letters, digits or +=,.@_- (or give arn)');
  if (e.path !== undefined && (typeof e.path !== 'string' || !PATH.test(e.path) || e.path.length > 512)) fail(`${at}.path`, 'expected / or a path like /team/ci/');
  return `arn:aws:iam::${accountId}:policy${(e.path as string | undefined) ?? '/'}${e.name as string}`;
}

/**
 * IAM's quota "Managed policies attached to an IAM user / role": 10 by default (20 after a quota
 * increase, which a file cannot ask for).
 */
const MAX_ATTACHED = 10;

/**
 * `managedPolicies`: ARNs of AWS managed policies or of customer managed policies the file declares
 * in the identity's own account (IAM attaches no other account's customer managed policy).
 */
function attachedPolicies(value: unknown, accountId: string, managed: ReadonlyMap<string, PolicyDocument>, fail: Fail, at: string): readonly PolicyDocument[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(at, 'expected a list of managed policy ARNs');
  if (value.length > MAX_ATTACHED) fail(at, `at most ${MAX_ATTACHED} managed policies may be attached to a user or role (IAM's default quota)`);
  const seen = new Set<string>();
  return value.map((arn: unknown, i) => {
    const where = `${at}[${i}]`;
    if (typeof arn !== 'string') return fail(where, 'expected a policy ARN, arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<path><name>');
    if (seen.has(arn)) fail(where, `${arn} is attached twice`);
    seen.add(arn);
    const document = AWS_MANAGED_POLICIES.get(arn) ?? managed.get(arn);
    if (document === undefined) return fail(where, `no managed policy ${arn}: neither declared in policies nor an AWS managed policy Switchyard knows (${[...AWS_MANAGED_POLICIES.keys()].map((a) => a.slice(a.lastIndexOf('/') + 1)).join(', ')})`);
    if (!arn.startsWith('arn:aws:iam::aws:') && !arn.startsWith(`arn:aws:iam::${accountId}:`)) fail(where, `${arn} is a customer managed policy of another account: IAM attaches only policies of the identity's own account (${accountId})`);
    return document;
  });
}

function fields(entry: unknown, allowed: readonly string[], fail: Fail, at: string): Record<string, unknown> {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(at, `expected an object with ${allowed.join(', ')}`);
  for (const field of Object.keys(entry)) if (!allowed.includes(field)) fail(`${at}.${field}`, `unknown field (${allowed.join(', ')})`);
  return entry as Record<string, unknown>;
}

function accountOf(value: unknown, fail: Fail, at: string): string {
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) fail(at, 'expected 12 digits');
  return value as string;
}
