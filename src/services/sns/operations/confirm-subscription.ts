import type { ConfirmSubscriptionInput, ConfirmSubscriptionResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';

/**
 * Confirms a pending subscription by its token: the signed API call, or the unsigned
 * `GET /?Action=ConfirmSubscription&TopicArn=…&Token=…` of a SubscribeURL (the protocol layer
 * accepts unsigned GET query requests; the topic ARN, not the request, says which region).
 * Idempotent [AWS]. ConfirmationWasAuthenticated records whether the call was signed.
 */
export const confirmSubscription: SnsOperation<ConfirmSubscriptionInput, ConfirmSubscriptionResponse> = async (deps, input, ctx) => {
  const topicArn = input.TopicArn ?? '';
  const parts = topicArn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sns') throw snsErrors.invalidParameter('Topic');
  // Tokens are hex (subscribe.ts mints them); anything else names no subscription, without a lookup.
  if (!/^[0-9a-f]+$/.test(input.Token ?? '')) throw snsErrors.invalidToken();
  const sub = await deps.store.getSubscriptionByToken(topicArn, input.Token ?? '');
  if (!sub) throw snsErrors.invalidToken();
  const confirmed = await deps.store.confirmSubscription(sub.id, ctx.accessKeyId !== undefined);
  if (!confirmed) throw snsErrors.invalidToken(); // unsubscribed meanwhile
  return { SubscriptionArn: confirmed.arn };
};
