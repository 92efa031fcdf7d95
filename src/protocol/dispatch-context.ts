import type { RequestContext, SessionIdentity } from '../services/shared/service.js';
import type { WireRequest } from './wire.js';
import { sessionTokenOf } from './auth.js';
import { verifiedIdentity } from './sigv4-verify.js';
import type { IamCaller } from '../services/shared/policy/identity.js';

/** The session a token the server issued carries for `accessKeyId` (services/sts); undefined for any other token. */
export type SessionOpener = (token: string, accessKeyId: string) => SessionIdentity | undefined;

/**
 * What a handler is told about its request. A class so that `signal` is read lazily (the exchange
 * makes its AbortController only for handlers that look: long polls, streams) through a getter on
 * the prototype: a getter in an object literal gives every request its own hidden class, which
 * lives in the old generation and keeps the request alive through young-generation GCs (see
 * ExchangeRequest in http/exchange.ts).
 */
export class DispatchContext implements RequestContext {
  readonly requestId: string;
  constructor(
    private readonly req: WireRequest,
    readonly accountId: string,
    readonly region: string,
    readonly accessKeyId: string | undefined,
    readonly baseUrl: string,
    private readonly sessions?: SessionOpener,
  ) {
    this.requestId = req.requestId;
  }

  get signal(): AbortSignal {
    return this.req.signal;
  }

  /** The SigV4 session token (X-Amz-Security-Token header, or presigned in the query): STS reads who the caller is from it. */
  get sessionToken(): string | undefined {
    return sessionTokenOf(this.req);
  }

  /** Who the session token stands for, opened on each read (only resource policies read it). */
  get session(): SessionIdentity | undefined {
    if (this.sessions === undefined || this.accessKeyId === undefined) return undefined;
    const token = this.sessionToken;
    return token === undefined ? undefined : this.sessions(token, this.accessKeyId);
  }

  /**
   * The caller's IAM identity when the credentials file declares users or roles (the key's user,
   * and the roles a session may be of): read by the policy evaluator, STS and the audit log.
   */
  get iam(): IamCaller | undefined {
    return verifiedIdentity(this.req);
  }

  get traceHeader(): string | undefined {
    return this.req.headers['x-amzn-trace-id'] || undefined;
  }

  /** aws:SecureTransport for resource policies: the request came over TLS. */
  get secureTransport(): boolean {
    return this.req.scheme === 'https';
  }

  /** aws:SourceIp: the peer's address; an IPv4 peer on a dual-stack socket (`::ffff:a.b.c.d`) as IPv4, as AWS shows it. */
  get sourceIp(): string | undefined {
    const address = this.req.remoteAddress;
    return address?.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  }
}
