import type { UnsubscribeInput } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { checkSubscriptionArn } from '../domain/arn.js';

/**
 * Deletes a subscription (the API call, or the unsigned GET of an UnsubscribeURL). Unsubscribing
 * one that no longer exists succeeds (AWS: idempotent); a topic ARN where a subscription ARN
 * belongs is "Invalid parameter: SubscriptionId" [AWS-recorded].
 */
export const unsubscribe: SnsOperation<UnsubscribeInput, void> = async (deps, input) => {
  const arn = input.SubscriptionArn ?? '';
  checkSubscriptionArn(arn);
  const sub = await deps.store.getSubscription(arn);
  if (!sub) {
    if (arn.split(':').length === 6) throw snsErrors.invalidParameter('SubscriptionId');
    return;
  }
  await deps.store.deleteSubscription(sub.id);
};
