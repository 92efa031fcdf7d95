import { conditionsMatch } from './conditions.js';
import type { PolicyDocument, Statement } from './document.js';
import { principalMatches } from './principal.js';
import type { AuthorizationRequest } from './request.js';
import { arnMatch, wildcardMatch } from './wildcard.js';

/** What a resource policy says about a request: a matching Deny, else a matching Allow, else nothing. */
export type PolicyVerdict = 'Deny' | 'Allow' | 'None';

export function evaluatePolicy(policy: PolicyDocument, req: AuthorizationRequest): PolicyVerdict {
  let allowed = false;
  for (const s of policy.statements) {
    if (!statementApplies(s, req)) continue;
    if (s.effect === 'Deny') return 'Deny';
    allowed = true;
  }
  return allowed ? 'Allow' : 'None';
}

export function statementApplies(s: Statement, req: AuthorizationRequest): boolean {
  if (s.principal !== undefined && !principalMatches(s.principal, req.principal)) return false;
  if (s.notPrincipal !== undefined && principalMatches(s.notPrincipal, req.principal)) return false;
  // A resource policy statement must name its principal; one with neither block names nobody.
  if (s.principal === undefined && s.notPrincipal === undefined) return false;
  if (s.action !== undefined && !s.action.some((a) => actionMatches(a, req.action))) return false;
  if (s.notAction !== undefined && s.notAction.some((a) => actionMatches(a, req.action))) return false;
  if (s.resource !== undefined && !s.resource.some((r) => arnMatch(r, req.resource))) return false;
  if (s.notResource !== undefined && s.notResource.some((r) => arnMatch(r, req.resource))) return false;
  if (s.condition !== undefined && !conditionsMatch(s.condition, req.context)) return false;
  return true;
}

/** `sqs:SendMessage`, `SQS:send*`, `*`: IAM action names are case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/** Why a request was refused: no policy allowed it (cross-account) or one denied it explicitly. */
export type Refusal = 'implicit' | 'explicit';

/**
 * The decision for a request on a resource owned by `ownerAccountId`, when resource policies are
 * all there is (Switchyard has no IAM identity policies, so an identity's own account is taken to
 * allow it everything):
 * - an explicit Deny in the resource's policy always wins;
 * - an identity of the owner's account is allowed;
 * - anyone else (another account, an AWS service) needs an Allow in the resource's policy.
 * `ownerOnly`: an action only the owner's account may ever perform (SQS AddPermission …): others
 * are refused whatever the policy says. Returns undefined when allowed.
 */
export function decide(policy: PolicyDocument, req: AuthorizationRequest, ownerAccountId: string, ownerOnly = false): Refusal | undefined {
  const verdict = evaluatePolicy(policy, req);
  if (verdict === 'Deny') return 'explicit';
  const sameAccount = req.principal.kind === 'account' && req.principal.accountId === ownerAccountId;
  if (sameAccount) return undefined;
  if (ownerOnly) return 'implicit';
  return verdict === 'Allow' ? undefined : 'implicit';
}
