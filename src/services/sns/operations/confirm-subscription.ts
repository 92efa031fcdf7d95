import type { ConfirmSubscriptionInput, ConfirmSubscriptionResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { AUTHENTICATE_ON_UNSUBSCRIBE } from '../domain/unsubscribe-authentication.js';

/**
 * Confirms a pending subscription by its token: the signed API call, or the unsigned
 * `GET /?Action=ConfirmSubscription&TopicArn=…&Token=…` of a SubscribeURL (the protocol layer
 * accepts unsigned GET query requests; the topic ARN, not the request, says which region).
 * Idempotent [AWS]. ConfirmationWasAuthenticated records whether the call was signed.
 *
 * AuthenticateOnUnsubscribe: "If the value of this parameter is true and the request has an AWS
 * signature, then only the topic owner and the subscription owner can unsubscribe the endpoint"
 * [SNS API Reference, ConfirmSubscription]. Unsigned, the parameter has no effect. It is kept with
 * the subscription's attributes (under a name SetSubscriptionAttributes refuses, so only this can
 * set it), and a later confirmation without it does not lift it.
 */
export const confirmSubscription: SnsOperation<ConfirmSubscriptionInput, ConfirmSubscriptionResponse> = async (deps, input, ctx) => {
  const topicArn = input.TopicArn ?? '';
  const parts = topicArn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sns') throw snsErrors.invalidParameter('Topic');
  // Tokens are hex (subscribe.ts mints them, in lower case); anything else names no subscription,
  // without a lookup. AWS words the two cases apart [AWS-recorded: localstack/localstack
  // tests/aws/services/sns/test_sns.snapshot.json, test_sns_confirm_subscription_wrong_token:
  // "randomtoken" → "Invalid token"; a hex token of no subscription → "Invalid parameter: Token", and so
  // "abc123" in test_subscribe_external_http_endpoint].
  const token = input.Token ?? '';
  if (!/^[0-9a-f]+$/i.test(token)) throw snsErrors.malformedToken();
  if (!/^[0-9a-f]+$/.test(token)) throw snsErrors.invalidToken();
  const sub = await deps.store.getSubscriptionByToken(topicArn, token);
  if (!sub) throw snsErrors.invalidToken();
  const signed = ctx.accessKeyId !== undefined;
  const confirmed = await deps.store.confirmSubscription(sub.id, signed);
  if (!confirmed) throw snsErrors.invalidToken(); // unsubscribed meanwhile
  // AWS reads the string as a Java boolean: "true" in any case.
  if (signed && input.AuthenticateOnUnsubscribe?.toLowerCase() === 'true') {
    await deps.store.setSubscriptionAttributes(sub.id, { [AUTHENTICATE_ON_UNSUBSCRIBE]: 'true' });
  }
  return { SubscriptionArn: confirmed.arn };
};
