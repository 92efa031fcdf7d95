import type { ListPlatformApplicationsInput, ListPlatformApplicationsResponse } from '@aws-sdk/client-sns';
import { decodeToken, encodeToken, PAGE_SIZE, type SnsOperation } from '../context.js';
import { APP, appAttributesView, type AppDoc } from '../mobile.js';

/**
 * The caller's platform applications in the region, 100 per page: AWS's API reference says the results
 * "are paginated and return a limited list of applications, up to 100"
 * (https://docs.aws.amazon.com/sns/latest/api/API_ListPlatformApplications.html).
 */
export const listPlatformApplications: SnsOperation<ListPlatformApplicationsInput, ListPlatformApplicationsResponse> = async (deps, input, ctx) => {
  const docs = await deps.store.listDocuments(APP, ctx.accountId, ctx.region, null, decodeToken(input.NextToken), PAGE_SIZE + 1);
  const page = docs.slice(0, PAGE_SIZE);
  return {
    PlatformApplications: page.map((d) => ({ PlatformApplicationArn: d.key, Attributes: appAttributesView(JSON.parse(d.data) as AppDoc) })),
    NextToken: docs.length > PAGE_SIZE ? encodeToken(page[page.length - 1]!.id) : undefined,
  };
};
