import type { RequestContext } from '../service.js';
import { authorizationRequest } from './context-keys.js';
import type { PolicyDocument } from './document.js';
import { decide, type Refusal } from './evaluate.js';
import { iamOf } from './identity.js';
import type { Principal } from './request.js';

/**
 * The policy gates' second half (services/{sqs,sns,kinesis}/policy-gate.ts): with identity
 * policies every operation is authorized, not only those on a resource the gate found and checked
 * against its policy. CreateQueue, ListTopics, an operation on a queue that does not exist … are
 * authorized against the ARN the gate names for them, by the caller's identity policies alone (no
 * resource policy applies to a resource that is not there, or to none).
 *
 * Nothing happens, and nothing is read, unless the credentials file declares users or roles
 * (`ctx.iam`); then only for an IAM user or a session of a declared role: account roots and
 * sessions of undeclared roles may do anything in their account, as before.
 */
export interface IdentityRefusal {
  readonly principal: Principal;
  readonly refusal: Refusal;
}

const NO_RESOURCE_POLICY: PolicyDocument = { statements: [] };

export function refusedByIdentity(ctx: RequestContext, action: string, resource: string, now: number): IdentityRefusal | undefined {
  if (ctx.servicePrincipal !== undefined || iamOf(ctx) === undefined) return undefined;
  const req = authorizationRequest(ctx, action, resource, now);
  if (req.principal.kind !== 'account' || req.principal.identity === undefined) return undefined;
  // Evaluated as in the caller's own account: only its identity (and session) policies speak.
  const refusal = decide(NO_RESOURCE_POLICY, req, req.principal.accountId);
  return refusal === undefined ? undefined : { principal: req.principal, refusal };
}
