import type { RequestContext } from '../../shared/service.js';
import { principalOf } from '../../shared/policy/index.js';
import { snsErrors } from '../errors.js';
import type { SubscriptionRecord, TopicRecord } from '../store.js';

/**
 * The subscription attribute that records a confirmation with AuthenticateOnUnsubscribe=true
 * (signed). Not one of AWS's attribute names, so GetSubscriptionAttributes does not show it and
 * Subscribe / SetSubscriptionAttributes refuse it ("Invalid parameter: AttributeName").
 */
export const AUTHENTICATE_ON_UNSUBSCRIBE = 'AuthenticateOnUnsubscribe';

export const ONLY_OWNERS = "because only the subscription's owner or the topic's owner may delete this subscription";

/**
 * Whether only a signed call of the subscription's or the topic's owner may delete it: one
 * confirmed with AuthenticateOnUnsubscribe, and every SQS subscription ("Amazon SQS queue
 * subscriptions require authentication for deletion" [SNS API Reference, Unsubscribe]).
 */
export function requiresAuthenticatedUnsubscribe(sub: SubscriptionRecord): boolean {
  return sub.protocol === 'sqs' || sub.attributes[AUTHENTICATE_ON_UNSUBSCRIBE] === 'true';
}

/**
 * A subscription that requires authentication for deletion (above): "only the owner of the
 * subscription or the topic's owner can unsubscribe, and an AWS signature is required" [SNS API
 * Reference, Unsubscribe]; so the unsigned GET of its UnsubscribeURL is refused too. AWS answers
 * AuthorizationError (403); its exact words for this case are not recorded, so the refusal is
 * worded as its other SNS refusals are, naming the topic as the resource.
 */
export function checkUnsubscribeAllowed(sub: SubscriptionRecord, topic: TopicRecord | undefined, ctx: RequestContext): void {
  if (!requiresAuthenticatedUnsubscribe(sub)) return;
  const resource = topic?.arn ?? sub.topicArn;
  if (ctx.accessKeyId === undefined) {
    throw snsErrors.authorizationError(`User: anonymous is not authorized to perform: SNS:Unsubscribe on resource: ${resource} because the subscription requires an authenticated unsubscribe`);
  }
  const caller = principalOf(ctx);
  const owner = caller.kind === 'account' && (caller.accountId === sub.owner || caller.accountId === topic?.accountId);
  // Whatever a topic policy allows, AWS names these two owners only (the words after "because" are ours).
  if (!owner) {
    const user = caller.kind === 'account' ? caller.arn : caller.service;
    throw snsErrors.authorizationError(`User: ${user} is not authorized to perform: SNS:Unsubscribe on resource: ${resource} ${ONLY_OWNERS}`);
  }
}
