import type { OptInPhoneNumberInput, OptInPhoneNumberResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { checkPhoneNumber, numberAddress, OPTED_OUT } from '../sms.js';

/** AWS names the member `PhoneNumber` in its refusal, though the request's is `phoneNumber` (sms.ts). */
export const optInPhoneNumber: SnsOperation<OptInPhoneNumberInput, OptInPhoneNumberResponse> = async (deps, input, ctx) => {
  await deps.store.deleteDocument(numberAddress(OPTED_OUT, ctx, checkPhoneNumber(input.phoneNumber)));
  return {};
};
