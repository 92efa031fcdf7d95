import type { SetSubscriptionAttributesInput } from '@aws-sdk/client-sns';
import { resolveSubscription, type SnsOperation } from '../context.js';
import { checkSubscriptionAttributes } from '../domain/subscription-attributes.js';

/** One attribute per call, checked as AWS does (a FilterPolicy under the scope it will be evaluated in). */
export const setSubscriptionAttributes: SnsOperation<SetSubscriptionAttributesInput, void> = async (deps, input) => {
  const sub = await resolveSubscription(deps, input.SubscriptionArn);
  const changes = checkSubscriptionAttributes({ [input.AttributeName ?? '']: input.AttributeValue ?? '' }, sub, 'set');
  await deps.store.setSubscriptionAttributes(sub.id, changes);
};
