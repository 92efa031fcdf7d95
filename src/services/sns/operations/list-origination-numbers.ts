import type { ListOriginationNumbersRequest, ListOriginationNumbersResult } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';

/** Switchyard owns no phone numbers to send from: the list is empty. MaxResults is 1-30 (API reference). */
export const listOriginationNumbers: SnsOperation<ListOriginationNumbersRequest, ListOriginationNumbersResult> = async (_deps, input) => {
  if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 30)) throw snsErrors.outOfRange(input.MaxResults, 'maxResults', 1, 30);
  return { PhoneNumbers: [] };
};
