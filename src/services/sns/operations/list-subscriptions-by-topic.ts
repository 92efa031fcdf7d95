import type { ListSubscriptionsByTopicInput, ListSubscriptionsByTopicResponse } from '@aws-sdk/client-sns';
import { decodeToken, encodeToken, PAGE_SIZE, resolveTopic, type SnsOperation } from '../context.js';
import { listed } from './list-subscriptions.js';

export const listSubscriptionsByTopic: SnsOperation<ListSubscriptionsByTopicInput, ListSubscriptionsByTopicResponse> = async (deps, input, ctx) => {
  const topic = await resolveTopic(deps, input.TopicArn, ctx);
  const subs = await deps.store.listSubscriptionsByTopic(topic.id, decodeToken(input.NextToken), PAGE_SIZE + 1);
  const page = subs.slice(0, PAGE_SIZE);
  return { Subscriptions: page.map(listed), NextToken: subs.length > PAGE_SIZE ? encodeToken(page[page.length - 1]!.id) : undefined };
};
