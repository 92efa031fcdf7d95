import type { RequestContext } from '../service.js';
import { rootArn, type AuthorizationRequest, type ConditionContext, type Principal } from './request.js';

/**
 * The principal and the global condition keys a request carries (IAM User Guide, "AWS global
 * condition context keys"), from what Switchyard knows of it: the caller's account (its identity
 * is the account root), or the AWS service acting for a resource (SNS delivering to SQS), whether
 * it came over TLS, the peer's address and the time. Keys it cannot know (aws:PrincipalOrgID,
 * aws:SourceVpce …) are absent, as for a request that has none.
 */
export function principalOf(ctx: RequestContext): Principal {
  if (ctx.servicePrincipal) return { kind: 'service', service: ctx.servicePrincipal.service };
  return { kind: 'account', accountId: ctx.accountId, arn: rootArn(ctx.accountId) };
}

export function conditionContext(ctx: RequestContext, now: number): ConditionContext {
  const keys = new Map<string, string | readonly string[]>();
  const time = new Date(now);
  keys.set('aws:currenttime', time.toISOString().replace(/\.\d{3}Z$/, 'Z'));
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
  keys.set('aws:principalarn', rootArn(ctx.accountId));
  keys.set('aws:principaltype', 'Account');
  keys.set('aws:principalisawsservice', 'false');
  keys.set('aws:userid', ctx.accountId);
  if (ctx.secureTransport !== undefined) keys.set('aws:securetransport', String(ctx.secureTransport));
  if (ctx.sourceIp !== undefined) keys.set('aws:sourceip', ctx.sourceIp);
  return keys;
}

/** The authorization request for `action` on `resource` by the request's caller. */
export function authorizationRequest(ctx: RequestContext, action: string, resource: string, now: number): AuthorizationRequest {
  return { principal: principalOf(ctx), action, resource, context: conditionContext(ctx, now) };
}
