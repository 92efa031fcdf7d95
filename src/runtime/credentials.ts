import { readFileSync } from 'node:fs';
import type { AccessKey, SessionResolver } from '../protocol/sigv4-verify.js';
import { checkAccountLimits, type AccountLimits } from './account-limits.js';
import { ConfigError } from './config.js';
import { checkIdentities, type DeclaredIdentities } from './identity-config.js';

/**
 * The credentials file (`--credentials`, SWITCHYARD_CREDENTIALS): the access keys requests must be
 * signed with, each acting as its own account.
 *
 *   {"accessKeys": [{"accessKeyId": "AKIA…", "secretAccessKey": "…", "accountId": "123456789012"}],
 *    "limits": {"123456789012": {"requestsPerSecond": 50, "burst": 100}}}
 *
 * `limits` (optional): request rates per account (account-limits.ts). `users` and `roles`
 * (optional): IAM users, whose keys name them (`"user": "alice"`), and roles, with their policies,
 * and `policies`, customer managed policies they attach (identity-config.ts); a file without users
 * and roles behaves as one whose keys are account roots.
 *
 * Read and checked at start, like the resource file: anything wrong (unreadable, not JSON, a
 * missing or malformed field, the same key twice) is a ConfigError naming the place, and the
 * process exits 2 before it listens. SIGHUP reads it again (credentials-reload.ts). Embedding may
 * pass the array itself instead of a file.
 */
export type { AccessKey };

/** Keys by access key id, as the verifier looks them up. */
export type AccessKeys = ReadonlyMap<string, AccessKey>;

export interface Credentials {
  readonly keys: AccessKeys;
  readonly limits?: AccountLimits;
  /** Temporary credentials the server issued (STS), added by the server, never read from the file. */
  readonly sessions?: SessionResolver;
}

export function readCredentialsFile(path: string): Credentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the credentials file ${path}: ${(error as Error).message}`);
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return checkCredentials(root, path, true);
}

/**
 * The file's content, checked: `{"accessKeys": [...], "limits": {...}}` (embedding may pass the same
 * object: `strict` false lets its key entries carry more fields, as checkAccessKeys explains).
 */
const FILE_FIELDS = ['accessKeys', 'limits', 'users', 'roles', 'policies'];

export function checkCredentials(root: unknown, source: string, strict = false): Credentials {
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new ConfigError(`${source}: expected an object {"accessKeys": [...]}`);
  for (const field of Object.keys(root)) {
    if (!FILE_FIELDS.includes(field)) throw new ConfigError(`${source}: unknown field ${field} (accessKeys and, optionally, limits, users, roles, policies)`);
  }
  const { accessKeys, limits, users, roles, policies } = root as { accessKeys?: unknown; limits?: unknown; users?: unknown; roles?: unknown; policies?: unknown };
  const identities = checkIdentities(users, roles, source, policies);
  return { keys: checkAccessKeys(accessKeys, source, 'accessKeys', strict, identities), limits: limits === undefined ? undefined : checkAccountLimits(limits, source) };
}

/**
 * Checks a list of access keys (the file's `accessKeys`, or the embedding option). An access key id
 * is what AWS allows (16 to 128 word characters, AWS's `[\w]+` pattern; shorter ones are taken too,
 * for tests) and never holds `:`, so it can be the user name of the console's Basic auth. Unknown
 * fields are refused in a file (a typo there is a silent mistake); a list given when embedding may
 * carry more (the SDK marks credential objects it was handed with a `$source`).
 */
export function checkAccessKeys(value: unknown, source: string, path = 'credentials', strict = false, identities?: DeclaredIdentities): AccessKeys {
  const fail = (where: string, what: string): never => {
    throw new ConfigError(`${source}: ${where}: ${what}`);
  };
  if (!Array.isArray(value)) return fail(path, 'expected a list of access keys');
  if (value.length === 0) fail(path, 'expected at least one access key');
  const keys = new Map<string, AccessKey>();
  value.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(at, 'expected an object with accessKeyId, secretAccessKey and accountId');
    const e = entry as Record<string, unknown>;
    for (const field of strict ? Object.keys(e) : []) {
      if (!KEY_FIELDS.includes(field)) fail(`${at}.${field}`, 'unknown field (accessKeyId, secretAccessKey, accountId, user)');
    }
    const { accessKeyId, secretAccessKey, accountId, user } = e;
    if (typeof accessKeyId !== 'string' || !/^\w{1,128}$/.test(accessKeyId)) fail(`${at}.accessKeyId`, 'expected 1 to 128 letters, digits or underscores');
    if (typeof secretAccessKey !== 'string' || secretAccessKey.length === 0) fail(`${at}.secretAccessKey`, 'expected a non-empty string');
    if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) fail(`${at}.accountId`, 'expected 12 digits');
    if (keys.has(accessKeyId as string)) fail(`${at}.accessKeyId`, `${accessKeyId as string} is listed twice`);
    const iam = identityOf(user, accountId as string, identities, (what) => fail(`${at}.user`, what));
    keys.set(accessKeyId as string, { accessKeyId: accessKeyId as string, secretAccessKey: secretAccessKey as string, accountId: accountId as string, ...(iam && { iam }) });
  });
  return keys;
}

const KEY_FIELDS = ['accessKeyId', 'secretAccessKey', 'accountId', 'user'];

/**
 * What a key carries when the file declares users or roles: the directory, and the user it names
 * (`user`: the name of a user declared in the key's account). A key without `user` is its
 * account's root, as before.
 */
function identityOf(user: unknown, accountId: string, identities: DeclaredIdentities | undefined, fail: (what: string) => never): AccessKey['iam'] {
  if (user === undefined) return identities?.directory && { directory: identities.directory };
  if (typeof user !== 'string') return fail('expected the name of a user of the users list');
  const declared = identities?.usersByName.get(`${accountId}/${user}`);
  if (declared === undefined) return fail(`no user ${user} is declared in account ${accountId} (users)`);
  return { directory: identities!.directory!, user: declared };
}
