import type { ListSubscriptionsInput, ListSubscriptionsResponse, Subscription } from '@aws-sdk/client-sns';
import { decodeToken, encodeToken, PAGE_SIZE, type SnsOperation } from '../context.js';
import type { SubscriptionRecord } from '../store.js';

/** A listing entry; an unconfirmed subscription shows "PendingConfirmation" instead of its ARN (AWS). */
export function listed(s: SubscriptionRecord): Subscription {
  return {
    SubscriptionArn: s.pendingConfirmation ? 'PendingConfirmation' : s.arn,
    Owner: s.owner,
    Protocol: s.protocol,
    Endpoint: s.endpoint,
    TopicArn: s.topicArn,
  };
}

/** The caller's subscriptions in the request's region, 100 per page (AWS). */
export const listSubscriptions: SnsOperation<ListSubscriptionsInput, ListSubscriptionsResponse> = async (deps, input, ctx) => {
  const subs = await deps.store.listSubscriptions(ctx.accountId, ctx.region, decodeToken(input.NextToken), PAGE_SIZE + 1);
  const page = subs.slice(0, PAGE_SIZE);
  return { Subscriptions: page.map(listed), NextToken: subs.length > PAGE_SIZE ? encodeToken(page[page.length - 1]!.id) : undefined };
};
