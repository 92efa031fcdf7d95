import type { ListOriginationNumbersRequest, ListOriginationNumbersResult } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';

/** Switchyard owns no phone numbers to send from: the list is empty. */
export const listOriginationNumbers: SnsOperation<ListOriginationNumbersRequest, ListOriginationNumbersResult> = async () => ({ PhoneNumbers: [] });
