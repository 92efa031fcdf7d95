import type { GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse } from '@aws-sdk/client-sns';
import { resolveSubscription, type SnsOperation } from '../context.js';
import { subscriptionAttributesView } from '../domain/subscription-attributes.js';

export const getSubscriptionAttributes: SnsOperation<GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse> = async (deps, input) => {
  const sub = await resolveSubscription(deps, input.SubscriptionArn);
  return { Attributes: subscriptionAttributesView(sub, await deps.store.getTopic(sub.topicArn)) };
};
