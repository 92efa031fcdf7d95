import type { ListSMSSandboxPhoneNumbersInput, ListSMSSandboxPhoneNumbersResult } from '@aws-sdk/client-sns';
import { decodeToken, encodeToken, type SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { SANDBOX, type SandboxNumber } from '../sms.js';

export const listSMSSandboxPhoneNumbers: SnsOperation<ListSMSSandboxPhoneNumbersInput, ListSMSSandboxPhoneNumbersResult> = async (deps, input, ctx) => {
  const size = input.MaxResults ?? 100;
  // MaxResults is 1-100 (API reference); 0 or less used to reach the store and fail there (a 500).
  if (size < 1 || size > 100) throw snsErrors.outOfRange(size, 'maxResults', 1, 100);
  const docs = await deps.store.listDocuments(SANDBOX, ctx.accountId, ctx.region, null, decodeToken(input.NextToken), size + 1);
  const page = docs.slice(0, size);
  return {
    PhoneNumbers: page.map((d) => ({ PhoneNumber: d.key, Status: (JSON.parse(d.data) as SandboxNumber).status })),
    NextToken: docs.length > size ? encodeToken(page[page.length - 1]!.id) : undefined,
  };
};
