import { accountFor, parseCaller } from './auth.js';
import type { ServiceDefinition } from '../services/shared/service.js';
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

/** Who an audited request acted as: its account (undefined when its signature was refused), region and access key. */
export interface AuditCaller {
  readonly accountId: string | undefined;
  readonly region: string;
  readonly accessKeyId?: string;
}

/**
 * The caller of a request refused before its context was built: the verified account and key; with
 * a verifier that did not accept it, no account; without one, the account its key names.
 */
export function refusedCaller(req: WireRequest, verifiedAccount: string | undefined, options: { readonly verify?: unknown; readonly defaultRegion: string; readonly defaultAccountId: string }): AuditCaller {
  const caller = parseCaller(req);
  const region = caller.region ?? options.defaultRegion;
  if (verifiedAccount !== undefined) return { accountId: verifiedAccount, region, accessKeyId: caller.accessKeyId };
  if (options.verify !== undefined) return { accountId: undefined, region };
  return { accountId: accountFor(caller.accessKeyId, options.defaultAccountId), region, accessKeyId: caller.accessKeyId };
}
