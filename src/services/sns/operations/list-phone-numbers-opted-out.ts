import type { ListPhoneNumbersOptedOutInput, ListPhoneNumbersOptedOutResponse } from '@aws-sdk/client-sns';
import { decodeToken, encodeToken, PAGE_SIZE, type SnsOperation } from '../context.js';
import { OPTED_OUT } from '../sms.js';

/** Opted-out numbers, 100 per page. (A number opts out by replying STOP on AWS; Switchyard receives no texts.) */
export const listPhoneNumbersOptedOut: SnsOperation<ListPhoneNumbersOptedOutInput, ListPhoneNumbersOptedOutResponse> = async (deps, input, ctx) => {
  const docs = await deps.store.listDocuments(OPTED_OUT, ctx.accountId, ctx.region, null, decodeToken(input.nextToken), PAGE_SIZE + 1);
  const page = docs.slice(0, PAGE_SIZE);
  return { phoneNumbers: page.map((d) => d.key), nextToken: docs.length > PAGE_SIZE ? encodeToken(page[page.length - 1]!.id) : undefined };
};
