import type { Handler, RequestContext } from '../shared/service.js';
import { authorizationRequest, decide, parsePolicy, refusalMessage } from '../shared/policy/index.js';
import type { SnsDeps } from './context.js';
import { defaultTopicPolicy } from './domain/policy.js';
import { snsErrors } from './errors.js';
import type { SubscriptionRecord, TopicRecord } from './store.js';

/**
 * `--enforce-policies` for SNS: before a topic-scoped operation runs, the topic's access policy
 * (its `Policy` attribute, else AWS's default one, which lets only the owner's account in) is
 * evaluated for `sns:<Action>` on the topic ARN (shared/policy). Wrapping the handler table is the
 * one place every operation passes; with enforcement off it is not wrapped at all.
 *
 * Subscription-scoped operations (Unsubscribe, Get/SetSubscriptionAttributes) are authorized the
 * same way against the ARN of the subscription's topic, as AWS does (its refusals name the topic:
 * "… to perform: SNS:GetSubscriptionAttributes on resource: arn:aws:sns:…:<topic>"), and the
 * subscription's owner (the account that subscribed) may always act on its own subscription [AWS
 * API Reference, Unsubscribe: "only the owner of the subscription or the topic's owner"]; an
 * explicit Deny in the topic policy still wins. ConfirmSubscription is not gated: its token, sent
 * only to the endpoint, is what authorizes it (a queue's owner in another account confirms a
 * subscription the topic's owner made). Who may unsubscribe a subscription confirmed with
 * AuthenticateOnUnsubscribe is decided by the operation itself (operations/unsubscribe.ts), with
 * or without this flag.
 *
 * A topic or subscription the gate cannot find (bad ARN, no such resource) is left to the
 * operation, which answers in its own words. The mobile and SMS operations are not gated.
 */

/** Operation → the member naming its topic. PublishBatch is authorized as sns:Publish (SNS API Reference, PublishBatch). */
const TOPIC_MEMBER: Readonly<Record<string, string>> = {
  AddPermission: 'TopicArn',
  DeleteTopic: 'TopicArn',
  GetTopicAttributes: 'TopicArn',
  ListSubscriptionsByTopic: 'TopicArn',
  Publish: 'TopicArn',
  PublishBatch: 'TopicArn',
  RemovePermission: 'TopicArn',
  SetTopicAttributes: 'TopicArn',
  Subscribe: 'TopicArn',
  TagResource: 'ResourceArn',
  UntagResource: 'ResourceArn',
  ListTagsForResource: 'ResourceArn',
  GetDataProtectionPolicy: 'ResourceArn',
  PutDataProtectionPolicy: 'ResourceArn',
};

/** Operations naming a subscription (by `SubscriptionArn`), authorized on its topic. */
const SUBSCRIPTION_OPERATIONS: readonly string[] = ['Unsubscribe', 'GetSubscriptionAttributes', 'SetSubscriptionAttributes'];

const ACTION_OF: Readonly<Record<string, string>> = { PublishBatch: 'Publish' };

export function enforceTopicPolicies(deps: SnsDeps, handlers: Readonly<Record<string, Handler>>): Record<string, Handler> {
  const gated: Record<string, Handler> = { ...handlers };
  for (const [operation, member] of Object.entries(TOPIC_MEMBER)) {
    const handler = handlers[operation];
    if (!handler) continue;
    const action = ACTION_OF[operation] ?? operation;
    gated[operation] = async (input, ctx) => {
      const arn = (input as Record<string, unknown> | undefined)?.[member];
      const topic = typeof arn === 'string' && arn.startsWith('arn:') ? await deps.store.getTopic(arn) : undefined;
      if (topic) authorize(deps, ctx, topic, action);
      return handler(input, ctx);
    };
  }
  for (const operation of SUBSCRIPTION_OPERATIONS) {
    const handler = handlers[operation];
    if (!handler) continue;
    gated[operation] = async (input, ctx) => {
      const arn = (input as Record<string, unknown> | undefined)?.SubscriptionArn;
      const sub = typeof arn === 'string' && arn.startsWith('arn:') ? await deps.store.getSubscription(arn) : undefined;
      const topic = sub ? await deps.store.getTopic(sub.topicArn) : undefined;
      if (sub && topic) authorize(deps, ctx, topic, operation, sub);
      return handler(input, ctx);
    };
  }
  return gated;
}

/** Throws AWS's AuthorizationError unless the topic's policy lets the caller perform `sns:<action>` (or it owns `sub`). */
function authorize(deps: SnsDeps, ctx: RequestContext, topic: TopicRecord, action: string, sub?: SubscriptionRecord): void {
  const policy = topic.attributes.Policy ?? defaultTopicPolicy(topic.arn, topic.accountId);
  const req = authorizationRequest(ctx, `sns:${action}`, topic.arn, deps.clock.now());
  const refusal = decide(parsePolicy(policy), req, topic.accountId);
  if (!refusal) return;
  const subscriptionOwner = sub !== undefined && req.principal.kind === 'account' && req.principal.accountId === sub.owner;
  if (refusal === 'implicit' && subscriptionOwner) return;
  // SNS spells the action `SNS:Publish` in this message [AWS-recorded: aws-ia/terraform-aws-control_tower_account_factory#151].
  throw snsErrors.authorizationError(refusalMessage(req.principal, `SNS:${action}`, topic.arn, refusal));
}
