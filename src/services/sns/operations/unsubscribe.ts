import type { UnsubscribeInput } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { checkSubscriptionArn } from '../domain/arn.js';
import { sendControlMessage } from '../confirmations.js';
import { checkUnsubscribeAllowed } from '../domain/unsubscribe-authentication.js';

/**
 * Deletes a subscription (the API call, or the unsigned GET of an UnsubscribeURL). Unsubscribing
 * one that no longer exists succeeds (AWS: idempotent); a topic ARN where a subscription ARN
 * belongs is "Invalid parameter: SubscriptionId" [AWS-recorded]. One confirmed with
 * AuthenticateOnUnsubscribe is deleted only by a signed call of its owner or the topic's owner.
 */
export const unsubscribe: SnsOperation<UnsubscribeInput, void> = async (deps, input, ctx) => {
  const arn = input.SubscriptionArn ?? '';
  checkSubscriptionArn(arn);
  const sub = await deps.store.getSubscription(arn);
  if (!sub) {
    if (arn.split(':').length === 6) throw snsErrors.invalidParameter('SubscriptionId');
    return;
  }
  const topic = await deps.store.getTopic(sub.topicArn);
  checkUnsubscribeAllowed(sub, topic, ctx);
  const deleted = await deps.store.deleteSubscription(sub.id);
  // AWS tells an HTTP/S endpoint it was unsubscribed (an UnsubscribeConfirmation).
  if (deleted && topic) await sendControlMessage(deps, topic, sub, 'UnsubscribeConfirmation', ctx.baseUrl);
};
