import { createHash, timingSafeEqual } from 'node:crypto';
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import type { AccessKeys } from './credentials.js';

/**
 * HTTP Basic auth for the console and the admin routes when access keys are configured: the user
 * name is an access key id, the password its secret, and the caller then acts as the key's account.
 * A browser asks for them itself when it sees the 401's `WWW-Authenticate: Basic`; curl takes
 * `-u AKID:secret`. Basic auth sends the secret in the clear: put TLS (`--tls-cert`) in front of a
 * console reachable by others.
 */
const CHALLENGE = 'Basic realm="Switchyard", charset="UTF-8"';

/** The account of the key the request names with its secret, or the 401 to answer. */
export function basicAuthAccount(req: WireRequest, keys: AccessKeys): string | WireResponse {
  const named = basicAuthPair(req);
  if (named === undefined) {
    return unauthorized('Sign in with an access key id as the user name and its secret access key as the password.');
  }
  const key = named.accessKeyId === undefined ? undefined : keys.get(named.accessKeyId);
  // Digests of equal length, so the comparison takes the same time whatever the password's length.
  if (key === undefined || !timingSafeEqual(digest(named.secret), digest(key.secretAccessKey))) {
    return unauthorized('The access key id or secret access key is not one this server knows.');
  }
  return key.accountId;
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
