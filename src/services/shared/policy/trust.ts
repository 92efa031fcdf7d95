import type { PolicyDocument } from './document.js';
import { decide, evaluatePolicy } from './evaluate.js';
import type { AuthorizationRequest } from './request.js';

/**
 * Whether a role's trust policy (with the caller's identity policies) refuses `sts:AssumeRole`
 * (IAM User Guide, "Policy evaluation logic": a role trust policy is one of the resource-based
 * policies that must allow the request even in the same account, where for other resources an
 * identity-based Allow alone would do):
 * - the trust policy must allow the caller (and not deny it);
 * - in the role's account, an Allow that names the caller itself (its user ARN, its role or
 *   session, `*`) is enough; one that names only the account delegates to the account's IAM, so
 *   the caller's identity policies must allow sts:AssumeRole on the role too;
 * - from another account, the caller's identity policies must allow it as well;
 * - account roots and sessions of undeclared roles have no identity policies: their account allows
 *   them everything, as elsewhere (evaluate.ts decide).
 * `req.resource` is the role's ARN; `req.principal` the caller (its root, user or assumed-role ARN).
 */
export function trustRefuses(trustPolicy: PolicyDocument, req: AuthorizationRequest, roleAccountId: string): boolean {
  return evaluatePolicy(trustPolicy, req) !== 'Allow' || decide(trustPolicy, req, roleAccountId) !== undefined;
}
