import { accountFor, parseCaller } from './auth.js';
import type { ServiceDefinition, SessionIdentity } from '../services/shared/service.js';
import type { WireRequest } from './wire.js';

/**
 * Called once per request that named a service and operation this server knows, when its answer is
 * ready (an event stream: when it starts): the decoded input (undefined when decoding failed), the
 * output or the error thrown, and who called. `caller.accessKeyId` is the key the verifier accepted;
 * without a verifier, the key the request names. The arguments are only evaluated when an auditor
 * is set. Runs on the request path: must be cheap and synchronous (it buffers, never writes).
 */
export type RequestAuditor = (
  req: WireRequest,
  service: ServiceDefinition | undefined,
  operation: string | undefined,
  caller: AuditCaller,
  input: Record<string, unknown> | undefined,
  output: unknown,
  error: unknown,
) => void;

/** Who an audited request acted as: its account, region and access key. */
export interface AuditCaller {
  readonly accountId: string;
  readonly region: string;
  readonly accessKeyId?: string;
  /** Refused before a verifier accepted who it named (its signature, or before the check): who called is not known. */
  readonly unverified?: boolean;
  /** Temporary credentials (STS): who the session token stands for (DispatchContext opens it when read). */
  readonly session?: SessionIdentity;
}

/**
 * The caller of a request refused before its context was built: the account the verifier accepted,
 * else the one its key names (then `unverified`).
 */
export function refusedCaller(req: WireRequest, verifiedAccount: string | undefined, options: { readonly defaultRegion: string; readonly defaultAccountId: string }): AuditCaller {
  const caller = parseCaller(req);
  const accountId = verifiedAccount ?? accountFor(caller.accessKeyId, options.defaultAccountId);
  return { accountId, region: caller.region ?? options.defaultRegion, accessKeyId: caller.accessKeyId, unverified: verifiedAccount === undefined };
}
