/**
 * Who is calling: SigV4 credential scope read from the `Authorization` header, or from the
 * presigned query parameters (`X-Amz-Credential` …). Nothing is verified here; a verifier (see
 * `SignatureVerifier`) can be plugged into the protocol handler and sees everything parsed here.
 * Without one, unsigned requests are accepted and get the default account and region.
 *
 * Account rule without a verifier (LocalStack's): an access key id of exactly 12 digits is the
 * account id, any other key (or none) maps to the default account. With one, the verified key's
 * account.
 */
import type { ServiceDefinition } from '../services/shared/service.js';
import type { WireRequest } from './wire.js';

export interface Caller {
  readonly accessKeyId?: string;
  /** Credential-scope fields, when the request is signed. */
  readonly scopeDate?: string;
  readonly region?: string;
  readonly signingService?: string;
  readonly signedHeaders?: string;
  readonly signature?: string;
  /** `X-Amz-Date` (header or query). */
  readonly amzDate?: string;
  /** Signature carried in the query string rather than the Authorization header. */
  readonly presigned: boolean;
  /** Authorization header with a scheme other than AWS4-HMAC-SHA256 (e.g. SigV2). */
  readonly unsupportedScheme?: string;
}

/**
 * Checks a request's signature (protocol/sigv4-verify.ts when access keys are configured). Throw a
 * ServiceError (e.g. `InvalidSignatureException`, `UnrecognizedClientException`) to reject it; the
 * error is written in the request's protocol. Returns the account the request acts as, or undefined
 * to keep the rule below. Synchronous as a rule, since it runs on every request; a promise only
 * when it must wait (a request-rate check waiting for its node's lease of tokens from the database,
 * runtime/account-limits-shared.ts).
 */
export type SignatureVerifier = (req: WireRequest, caller: Caller, service: ServiceDefinition, operation: string) => string | undefined | Promise<string | undefined>;

const UNSIGNED: Caller = Object.freeze({ presigned: false });
const SCHEME = 'AWS4-HMAC-SHA256';

export function parseCaller(req: WireRequest): Caller {
  const auth = req.headers.authorization;
  if (auth !== undefined && auth.length > 0) return parseAuthorizationHeader(auth, req.headers['x-amz-date']);
  if (req.query.length > 0 && req.query.includes('X-Amz-Credential')) return parsePresigned(req.query);
  return UNSIGNED;
}

export function parseAuthorizationHeader(auth: string, amzDate: string | undefined): Caller {
  if (!auth.startsWith(SCHEME)) {
    const sp = auth.indexOf(' ');
    return { presigned: false, unsupportedScheme: sp < 0 ? auth : auth.slice(0, sp) };
  }
  return withScope(field(auth, 'Credential='), field(auth, 'SignedHeaders='), field(auth, 'Signature='), amzDate, false);
}

export function parsePresigned(query: string): Caller {
  const q = new URLSearchParams(query);
  const get = (name: string): string | undefined => q.get(name) ?? undefined;
  return withScope(get('X-Amz-Credential'), get('X-Amz-SignedHeaders'), get('X-Amz-Signature'), get('X-Amz-Date'), true);
}

/** The value of `Name=` in a comma-separated Authorization header. */
function field(auth: string, name: string): string | undefined {
  const at = auth.indexOf(name);
  if (at < 0) return undefined;
  const start = at + name.length;
  const end = auth.indexOf(',', start);
  return (end < 0 ? auth.slice(start) : auth.slice(start, end)).trim();
}

/** Splits the credential `AKID/yyyymmdd/region/service/aws4_request` into the Caller's fields. */
function withScope(
  credential: string | undefined,
  signedHeaders: string | undefined,
  signature: string | undefined,
  amzDate: string | undefined,
  presigned: boolean,
): Caller {
  let accessKeyId: string | undefined;
  let scopeDate: string | undefined;
  let region: string | undefined;
  let signingService: string | undefined;
  if (credential !== undefined && credential.length > 0) {
    // The last four parts are the scope; an access key id never contains '/', but be lenient.
    const parts = credential.split('/');
    const n = parts.length;
    if (n < 5) accessKeyId = parts[0] || undefined;
    else {
      accessKeyId = (n === 5 ? parts[0] : parts.slice(0, n - 4).join('/')) || undefined;
      scopeDate = parts[n - 4];
      region = parts[n - 3] || undefined;
      signingService = parts[n - 2] || undefined;
    }
  }
  return { accessKeyId, scopeDate, region, signingService, signedHeaders, signature, amzDate, presigned };
}

/** The SigV4 session token: the X-Amz-Security-Token header, else the same parameter of a presigned URL. */
export function sessionTokenOf(req: WireRequest): string | undefined {
  const header = req.headers['x-amz-security-token'];
  if (header !== undefined || !req.query.includes('X-Amz-Security-Token')) return header;
  return new URLSearchParams(req.query).get('X-Amz-Security-Token') ?? undefined;
}

export function accountFor(accessKeyId: string | undefined, defaultAccountId: string): string {
  if (accessKeyId === undefined || accessKeyId.length !== 12) return defaultAccountId;
  for (let i = 0; i < 12; i++) {
    const c = accessKeyId.charCodeAt(i);
    if (c < 48 || c > 57) return defaultAccountId;
  }
  return accessKeyId;
}
