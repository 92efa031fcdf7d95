import type { RequestContext, SessionIdentity } from '../service.js';
import { rootArn, type AuthorizationRequest, type ConditionContext, type Principal } from './request.js';
import { parsePolicy, type PolicyDocument } from './document.js';
import { iamOf, iamUserOf, managedPolicy, type IamDirectory, type IamSessionFields } from './identity.js';

/**
 * The principal and the global condition keys a request carries (IAM User Guide, "AWS global
 * condition context keys"), from what Switchyard knows of it: the caller's account (its identity
 * is the account root), an IAM user when its access key is one the credentials file gives a
 * `user` (`ctx.iam`), a role session when the request was signed with AssumeRole credentials
 * (`ctx.session`; with its role's policies when the file declares the role), or the AWS service acting for a resource (SNS delivering to SQS), whether it
 * came over TLS, the peer's address and the time. Keys it cannot know (aws:PrincipalOrgID,
 * aws:SourceVpce …) are absent, as for a request that has none.
 *
 * `ctx.session` opens the token on each read: authorizationRequest reads it once for both.
 */
export function principalOf(ctx: RequestContext): Principal {
  return principalFor(ctx, sessionOf(ctx));
}

export function conditionContext(ctx: RequestContext, now: number): ConditionContext {
  return keysFor(ctx, now, sessionOf(ctx));
}

/** The authorization request for `action` on `resource` by the request's caller. */
export function authorizationRequest(ctx: RequestContext, action: string, resource: string, now: number): AuthorizationRequest {
  const session = sessionOf(ctx);
  return { principal: principalFor(ctx, session), action, resource, context: keysFor(ctx, now, session) };
}

/** A service acting for a resource has no session of its own. */
function sessionOf(ctx: RequestContext): SessionIdentity | undefined {
  return ctx.servicePrincipal ? undefined : ctx.session;
}

function principalFor(ctx: RequestContext, session: SessionIdentity | undefined): Principal {
  if (ctx.servicePrincipal) return { kind: 'service', service: ctx.servicePrincipal.service };
  const iam = iamOf(ctx);
  const role = session?.role;
  if (role !== undefined) {
    const principal = { kind: 'account', accountId: ctx.accountId, arn: role.sessionArn, roleArn: role.roleArn } as const;
    const declared = iam?.directory.roles?.get(role.roleArn);
    if (declared === undefined) return principal;
    return { ...principal, identity: { policies: declared.policies, sessionPolicies: sessionPoliciesOf(iam!.directory, session as IamSessionFields) } };
  }
  const user = iamUserOf(iam, session);
  if (user !== undefined) return { kind: 'account', accountId: ctx.accountId, arn: user.arn, identity: { policies: user.policies } };
  return { kind: 'account', accountId: ctx.accountId, arn: rootArn(ctx.accountId) };
}

/**
 * A role session's session policies: its inline Policy and its PolicyArns, the managed ones looked
 * up in the current file (a managed policy removed since allows nothing, so the session loses what
 * it gave). Undefined when AssumeRole was given neither: the role's policies alone speak.
 */
function sessionPoliciesOf(directory: IamDirectory, session: IamSessionFields): readonly PolicyDocument[] | undefined {
  const arns = session.policyArns ?? [];
  if (session.policy === undefined && arns.length === 0) return undefined;
  const inline = session.policy === undefined ? [] : [parsePolicy(session.policy)];
  return [...inline, ...arns.map((arn) => managedPolicy(directory, arn) ?? NOTHING)];
}

const NOTHING: PolicyDocument = { statements: [] };

function keysFor(ctx: RequestContext, now: number, session: SessionIdentity | undefined): ConditionContext {
  const keys = new Map<string, string | readonly string[]>();
  keys.set('aws:currenttime', isoSeconds(now));
  keys.set('aws:epochtime', String(Math.floor(now / 1000)));
  const via = ctx.servicePrincipal;
  if (via) {
    keys.set('aws:principalservicename', via.service);
    keys.set('aws:principalisawsservice', 'true');
    keys.set('aws:sourcearn', via.sourceArn);
    keys.set('aws:sourceaccount', via.sourceAccount);
    // The key SNS's default topic policy and older queue policies use for the same account.
    keys.set('aws:sourceowner', via.sourceAccount);
    keys.set('aws:securetransport', 'true');
    return keys;
  }
  keys.set('aws:principalaccount', ctx.accountId);
  keys.set('aws:principalisawsservice', 'false');
  const role = session?.role;
  const user = iamUserOf(iamOf(ctx), session);
  if (role !== undefined) {
    // "For IAM roles, the request context returns the ARN of the role, not the ARN of the user
    // that assumed the role"; a role has no aws:username.
    keys.set('aws:principalarn', role.roleArn);
    keys.set('aws:principaltype', 'AssumedRole');
    keys.set('aws:userid', role.userId);
    addPrincipalTags(keys, iamOf(ctx)?.directory.roles?.get(role.roleArn)?.tags);
  } else if (user !== undefined) {
    keys.set('aws:principalarn', user.arn);
    keys.set('aws:principaltype', 'User');
    keys.set('aws:userid', user.userId);
    keys.set('aws:username', user.name);
    addPrincipalTags(keys, user.tags);
  } else {
    keys.set('aws:principalarn', rootArn(ctx.accountId));
    keys.set('aws:principaltype', 'Account');
    keys.set('aws:userid', ctx.accountId);
  }
  if (session !== undefined) addSessionKeys(keys, session);
  if (ctx.secureTransport !== undefined) keys.set('aws:securetransport', String(ctx.secureTransport));
  if (ctx.sourceIp !== undefined) keys.set('aws:sourceip', ctx.sourceIp);
  return keys;
}

/** A declared user's or role's tags (identity-config.ts); a role session's own tags come after and win, as on AWS. */
function addPrincipalTags(keys: Map<string, string | readonly string[]>, tags: Readonly<Record<string, string>> | undefined): void {
  for (const [key, value] of Object.entries(tags ?? {})) keys.set(`aws:principaltag/${key.toLowerCase()}`, value);
}

/**
 * Keys of temporary credentials: when they were issued, MFA (present for temporary credentials
 * only; Switchyard checks no MFA code, so it is never `true`), the source identity and the
 * session tags AssumeRole was given (over the tags of a role the credentials file declares).
 */
function addSessionKeys(keys: Map<string, string | readonly string[]>, session: SessionIdentity): void {
  keys.set('aws:tokenissuetime', isoSeconds(session.issuedAt));
  keys.set('aws:multifactorauthpresent', 'false');
  if (session.sourceIdentity !== undefined) keys.set('aws:sourceidentity', session.sourceIdentity);
  for (const tag of session.tags ?? []) keys.set(`aws:principaltag/${tag.Key.toLowerCase()}`, tag.Value);
}

/** `2026-01-02T03:04:05Z`, as AWS gives date keys. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
