import { createHash, timingSafeEqual } from 'node:crypto';
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import type { AccessKey, AccessKeys } from './credentials.js';

/**
 * HTTP Basic auth for the console and the admin routes when access keys are configured: the user
 * name is an access key id, the password its secret, and the caller then acts as the key's account
 * (and, for an IAM user's key, as that user: admin-routes.ts says what such a key may do).
 * A browser asks for them itself when it sees the 401's `WWW-Authenticate: Basic`; curl takes
 * `-u AKID:secret`. Basic auth sends the secret in the clear: put TLS (`--tls-cert`) in front of a
 * console reachable by others.
 */
const CHALLENGE = 'Basic realm="Switchyard", charset="UTF-8"';

/**
 * The account of the account-root key the request names with its secret, or the response to
 * answer: 401 without a known key, 403 for an IAM user's key (a key the credentials file gives a
 * `user`). Its caller, the backup (backup.ts), hands out every account's data: no identity policy
 * can grant that, so it is for account roots only, whether or not policies are enforced.
 */
export function basicAuthAccount(req: WireRequest, keys: AccessKeys): string | WireResponse {
  const key = basicAuthKey(req, keys);
  if (!('accountId' in key)) return key;
  return key.iam?.user === undefined ? key.accountId : rootsOnly(key.iam.user.arn, req.path);
}

/** The key the request names with its secret (its account, and its IAM user when it has one), or the 401 to answer. */
export function basicAuthKey(req: WireRequest, keys: AccessKeys): AccessKey | WireResponse {
  const named = basicAuthPair(req);
  if (named === undefined) {
    return unauthorized('Sign in with an access key id as the user name and its secret access key as the password.');
  }
  const key = named.accessKeyId === undefined ? undefined : keys.get(named.accessKeyId);
  // Digests of equal length, so the comparison takes the same time whatever the password's length.
  if (key === undefined || !timingSafeEqual(digest(named.secret), digest(key.secretAccessKey))) {
    return unauthorized('The access key id or secret access key is not one this server knows.');
  }
  return key;
}

/**
 * The 403 of a Switchyard route an IAM user's key may not use (admin-routes.ts's table), worded as
 * AWS words a refusal, in the console's error format. AWS has no such routes, hence no action name.
 */
export function rootsOnly(userArn: string, path: string): WireResponse {
  return {
    status: 403,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error: { code: 'AccessDenied', message: `User: ${userArn} is not authorized to use ${path}: it is for account root keys only, not IAM users` } }),
  };
}

/** The user name and password of a Basic `Authorization` header, unchecked (no colon: no user name); undefined without one. */
export function basicAuthPair(req: WireRequest): { readonly accessKeyId?: string; readonly secret: string } | undefined {
  const header = req.headers.authorization;
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { secret: decoded } : { accessKeyId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function unauthorized(message: string): WireResponse {
  return {
    status: 401,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'www-authenticate': CHALLENGE },
    body: JSON.stringify({ error: { code: 'Unauthorized', message } }),
  };
}
