import type { Handler } from '../shared/service.js';
import { authorizationRequest, decide, parsePolicy, refusalMessage } from '../shared/policy/index.js';
import type { SnsDeps } from './context.js';
import { defaultTopicPolicy } from './domain/policy.js';
import { snsErrors } from './errors.js';

/**
 * `--enforce-policies` for SNS: before a topic-scoped operation runs, the topic's access policy
 * (its `Policy` attribute, else AWS's default one, which lets only the owner's account in) is
 * evaluated for `sns:<Action>` on the topic ARN (shared/policy). Wrapping the handler table is the
 * one place every operation passes; with enforcement off it is not wrapped at all.
 *
 * A topic the gate cannot find (bad ARN, no such topic) is left to the operation, which answers in
 * its own words. Subscription-scoped operations (Unsubscribe, Get/SetSubscriptionAttributes,
 * ConfirmSubscription) and the mobile and SMS operations are not gated.
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
      if (topic) {
        const policy = topic.attributes.Policy ?? defaultTopicPolicy(topic.arn, topic.accountId);
        const req = authorizationRequest(ctx, `sns:${action}`, topic.arn, deps.clock.now());
        const refusal = decide(parsePolicy(policy), req, topic.accountId);
        // SNS spells the action `SNS:Publish` in this message [AWS-recorded: aws-ia/terraform-aws-control_tower_account_factory#151].
        if (refusal) throw snsErrors.authorizationError(refusalMessage(req.principal, `SNS:${action}`, topic.arn, refusal));
      }
      return handler(input, ctx);
    };
  }
  return gated;
}
