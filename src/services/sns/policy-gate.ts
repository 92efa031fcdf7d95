import type { Handler, RequestContext } from '../shared/service.js';
import { authorizationRequest, decide, parsePolicy, refusalMessage, refusedByIdentity } from '../shared/policy/index.js';
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
 * operation, which answers in its own words. The mobile and SMS operations are not gated by topic
 * policies.
 *
 * With identity policies (IAM users, sessions of declared roles: shared/policy/identity-gate.ts)
 * every other operation is authorized too, by those policies alone: CreateTopic on the topic's ARN
 * to be [AWS-recorded: "SNS:CreateTopic on resource: arn:aws:sns:us-east-1:1234567890:NewOrders-development",
 * obie/saws#4], an operation naming a topic that is not there on that ARN, and the account-wide
 * ones (ListTopics, ListSubscriptions, the SMS and mobile ones …) on `arn:aws:sns:<region>:<account>:*`
 * [AWS-recorded for ListTopics: nccgroup/Scout2#129; for the others unverified]. ConfirmSubscription
 * stays ungated: its token authorizes it.
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
  const gated: Record<string, Handler> = {};
  for (const [operation, handler] of Object.entries(handlers)) {
    gated[operation] = operation === 'ConfirmSubscription' ? handler : async (input, ctx) => {
      authorizeByIdentity(deps, ctx, ACTION_OF[operation] ?? operation, unresolvedArn(operation, (input ?? {}) as Record<string, unknown>, ctx));
      return handler(input, ctx);
    };
  }
  for (const [operation, member] of Object.entries(TOPIC_MEMBER)) {
    const handler = handlers[operation];
    if (!handler) continue;
    const action = ACTION_OF[operation] ?? operation;
    const unresolved = gated[operation]!;
    gated[operation] = async (input, ctx) => {
      const arn = (input as Record<string, unknown> | undefined)?.[member];
      const topic = typeof arn === 'string' && arn.startsWith('arn:') ? await deps.store.getTopic(arn) : undefined;
      if (!topic) return unresolved(input, ctx);
      authorize(deps, ctx, topic, action);
      return handler(input, ctx);
    };
  }
  for (const operation of SUBSCRIPTION_OPERATIONS) {
    const handler = handlers[operation];
    if (!handler) continue;
    const unresolved = gated[operation]!;
    gated[operation] = async (input, ctx) => {
      const arn = (input as Record<string, unknown> | undefined)?.SubscriptionArn;
      const sub = typeof arn === 'string' && arn.startsWith('arn:') ? await deps.store.getSubscription(arn) : undefined;
      const topic = sub ? await deps.store.getTopic(sub.topicArn) : undefined;
      if (!sub || !topic) return unresolved(input, ctx);
      authorize(deps, ctx, topic, operation, sub);
      return handler(input, ctx);
    };
  }
  return gated;
}

/** The ARN an operation naming no existing topic is authorized on: the topic it names or would create, else the account's. */
function unresolvedArn(operation: string, input: Record<string, unknown>, ctx: RequestContext): string {
  const member = TOPIC_MEMBER[operation];
  const named = member === undefined ? undefined : input[member];
  if (typeof named === 'string' && named.startsWith('arn:')) return named;
  if (operation === 'CreateTopic' && typeof input.Name === 'string') return `arn:aws:sns:${ctx.region}:${ctx.accountId}:${input.Name}`;
  return `arn:aws:sns:${ctx.region}:${ctx.accountId}:*`;
}

/** Throws AWS's AuthorizationError unless the caller's identity policies (if it has any) allow `sns:<action>` on `arn`. */
function authorizeByIdentity(deps: SnsDeps, ctx: RequestContext, action: string, arn: string): void {
  const denied = refusedByIdentity(ctx, `sns:${action}`, arn, deps.clock.now());
  if (denied) throw snsErrors.authorizationError(refusalMessage(denied.principal, `SNS:${action}`, arn, denied.refusal));
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
