import type { GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse } from '@aws-sdk/client-sns';
import { resolveSubscription, type SnsOperation } from '../context.js';
import { subscriptionAttributesView } from '../domain/subscription-attributes.js';
import { replayStatus } from '../archive.js';

export const getSubscriptionAttributes: SnsOperation<GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse> = async (deps, input) => {
  const sub = await resolveSubscription(deps, input.SubscriptionArn);
  const attributes = subscriptionAttributesView(sub, await deps.store.getTopic(sub.topicArn));
  // ReplayStatus (read-only) accompanies a ReplayPolicy [AWS docs: Pending, Replaying ("In progress"), Completed, Failed].
  const status = await replayStatus(deps, sub);
  if (status !== undefined) attributes.ReplayStatus = status;
  return { Attributes: attributes };
};
