import type { ListTopicsInput, ListTopicsResponse } from '@aws-sdk/client-sns';
import { decodeToken, encodeToken, PAGE_SIZE, type SnsOperation } from '../context.js';

/** The caller's topics in the request's region, 100 per page (AWS), oldest first. */
export const listTopics: SnsOperation<ListTopicsInput, ListTopicsResponse> = async (deps, input, ctx) => {
  const topics = await deps.store.listTopics(ctx.accountId, ctx.region, decodeToken(input.NextToken), PAGE_SIZE + 1);
  const page = topics.slice(0, PAGE_SIZE);
  return {
    Topics: page.map((t) => ({ TopicArn: t.arn })),
    NextToken: topics.length > PAGE_SIZE ? encodeToken(page[page.length - 1]!.id) : undefined,
  };
};
