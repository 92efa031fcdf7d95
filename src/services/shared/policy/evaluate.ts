import { conditionsMatch } from './conditions.js';
import { expandVariables } from './variables.js';
import type { PolicyDocument, Statement } from './document.js';
import type { IdentityPolicies } from './identity.js';
import { principalMatch, type PrincipalMatch } from './principal.js';
import type { AuthorizationRequest } from './request.js';
import { arnMatch, wildcardMatch } from './wildcard.js';

/** What a policy says about a request: a matching Deny, else a matching Allow, else nothing. */
export type PolicyVerdict = 'Deny' | 'Allow' | 'None';

/** A resource policy's verdict (its statements must name the principal). */
export function evaluatePolicy(policy: PolicyDocument, req: AuthorizationRequest): PolicyVerdict {
  return verdictOf(policy.statements, (s) => statementApplies(s, req));
}

/** An identity-based or session policy's verdict: its statements have no Principal, they are the identity's own. */
export function evaluateIdentityPolicies(policies: readonly PolicyDocument[], req: AuthorizationRequest): PolicyVerdict {
  let allowed = false;
  for (const policy of policies) {
    const verdict = verdictOf(policy.statements, (s) => requestMatches(s, req));
    if (verdict === 'Deny') return 'Deny';
    allowed ||= verdict === 'Allow';
  }
  return allowed ? 'Allow' : 'None';
}

function verdictOf(statements: readonly Statement[], applies: (s: Statement) => boolean): PolicyVerdict {
  let allowed = false;
  for (const s of statements) {
    if (!applies(s)) continue;
    if (s.effect === 'Deny') return 'Deny';
    allowed = true;
  }
  return allowed ? 'Allow' : 'None';
}

export function statementApplies(s: Statement, req: AuthorizationRequest): boolean {
  return statementPrincipalMatch(s, req) !== undefined && requestMatches(s, req);
}

/** How a resource policy statement names the request's principal (principal.ts), or undefined when it does not. */
function statementPrincipalMatch(s: Statement, req: AuthorizationRequest): PrincipalMatch | undefined {
  // A resource policy statement must name its principal; one with neither block names nobody.
  if (s.principal === undefined && s.notPrincipal === undefined) return undefined;
  if (s.notPrincipal !== undefined && principalMatch(s.notPrincipal, req.principal) !== undefined) return undefined;
  if (s.principal === undefined) return 'identity';
  return principalMatch(s.principal, req.principal);
}

/** Action, Resource and Condition: what every statement is about, whoever it names. */
function requestMatches(s: Statement, req: AuthorizationRequest): boolean {
  if (s.action !== undefined && !s.action.some((a) => actionMatches(a, req.action))) return false;
  if (s.notAction !== undefined && s.notAction.some((a) => actionMatches(a, req.action))) return false;
  const resourceMatches = (r: string) => {
    const pattern = s.variables ? expandVariables(r, req.context, true) : r;
    return pattern !== undefined && arnMatch(pattern, req.resource);
  };
  if (s.resource !== undefined && !s.resource.some(resourceMatches)) return false;
  if (s.notResource !== undefined && s.notResource.some(resourceMatches)) return false;
  if (s.condition !== undefined && !conditionsMatch(s.condition, req.context, s.variables)) return false;
  return true;
}

/** `sqs:SendMessage`, `SQS:send*`, `*`: IAM action names are case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/**
 * Why a request was refused, in the terms of AWS's message (refusal.ts): no resource-based policy
 * allowed it (`implicit`) or one denied it (`explicit`); no identity-based policy allowed it
 * (`identity`) or one denied it (`identity-explicit`); the session policy did not allow it
 * (`session`) or denied it (`session-explicit`).
 */
export type Refusal = 'implicit' | 'explicit' | 'identity' | 'identity-explicit' | 'session' | 'session-explicit';

/**
 * The decision for a request on a resource owned by `ownerAccountId`. For a principal without
 * identity policies (an account root, a session of an undeclared role, an AWS service), resource
 * policies are all there is and its own account is taken to allow it everything:
 * - an explicit Deny in the resource's policy always wins;
 * - an identity of the owner's account is allowed;
 * - anyone else (another account, an AWS service) needs an Allow in the resource's policy.
 * A principal with identity policies (an IAM user, a session of a declared role) is decided as
 * IAM decides (decideWithIdentity).
 * `ownerOnly`: an action only the owner's account may ever perform (SQS AddPermission …): others
 * are refused whatever the policy says. Returns undefined when allowed.
 */
export function decide(policy: PolicyDocument, req: AuthorizationRequest, ownerAccountId: string, ownerOnly = false): Refusal | undefined {
  if (req.principal.kind === 'account' && req.principal.identity !== undefined) {
    return decideWithIdentity(policy, req, req.principal.identity, ownerAccountId, ownerOnly);
  }
  const verdict = evaluatePolicy(policy, req);
  if (verdict === 'Deny') return 'explicit';
  const sameAccount = req.principal.kind === 'account' && req.principal.accountId === ownerAccountId;
  if (sameAccount) return undefined;
  if (ownerOnly) return 'implicit';
  return verdict === 'Allow' ? undefined : 'implicit';
}

/**
 * IAM's evaluation for an identity with policies of its own (IAM User Guide, "Policy evaluation
 * logic", "Cross-account policy evaluation logic", "Session policies"):
 * - an explicit Deny in any policy (resource, identity, session) wins;
 * - in the resource's own account, an Allow in the identity policies or in the resource policy
 *   suffices; a resource-policy Allow counts only when it names the user, role or session (or `*`):
 *   one that names the account delegates to the account's identity policies;
 * - across accounts, both the identity policies and the resource policy (naming the account is
 *   enough there) must allow;
 * - a session policy narrows what the role's policies and a resource policy naming the role give:
 *   the session must be allowed by it too, unless the resource policy names the session itself.
 * An owner-only action is the identity policies' alone in the owner's account, refused elsewhere.
 */
function decideWithIdentity(policy: PolicyDocument, req: AuthorizationRequest, identity: IdentityPolicies, owner: string, ownerOnly: boolean): Refusal | undefined {
  const resource = resourceVerdict(policy, req);
  if (resource.verdict === 'Deny') return 'explicit';
  const own = evaluateIdentityPolicies(identity.policies, req);
  if (own === 'Deny') return 'identity-explicit';
  const session = identity.sessionPolicies === undefined ? undefined : evaluateIdentityPolicies(identity.sessionPolicies, req);
  if (session === 'Deny') return 'session-explicit';
  const sameAccount = req.principal.kind === 'account' && req.principal.accountId === owner;
  if (!sameAccount && ownerOnly) return 'implicit';
  const resourceGrant = ownerOnly ? undefined : resource.grant;
  if (sameAccount) {
    if (resourceGrant === 'session') return undefined;
    if (own !== 'Allow' && resourceGrant !== 'identity') return 'identity';
  } else {
    if (own !== 'Allow') return 'identity';
    if (resourceGrant === undefined) return 'implicit';
    if (resourceGrant === 'session') return undefined;
  }
  return session === undefined || session === 'Allow' ? undefined : 'session';
}

/** A resource policy's Deny, or its strongest Allow: by naming the session, the identity, or only its account. */
function resourceVerdict(policy: PolicyDocument, req: AuthorizationRequest): { readonly verdict: PolicyVerdict; readonly grant?: PrincipalMatch } {
  let grant: PrincipalMatch | undefined;
  for (const s of policy.statements) {
    const named = statementPrincipalMatch(s, req);
    if (named === undefined || !requestMatches(s, req)) continue;
    if (s.effect === 'Deny') return { verdict: 'Deny' };
    if (grant === undefined || RANK[named] > RANK[grant]) grant = named;
  }
  return { verdict: grant === undefined ? 'None' : 'Allow', grant };
}

const RANK: Readonly<Record<PrincipalMatch, number>> = { account: 0, identity: 1, session: 2 };
