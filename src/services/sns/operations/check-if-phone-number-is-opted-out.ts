import type { CheckIfPhoneNumberIsOptedOutInput, CheckIfPhoneNumberIsOptedOutResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { checkPhoneNumber, numberAddress, OPTED_OUT } from '../sms.js';

export const checkIfPhoneNumberIsOptedOut: SnsOperation<CheckIfPhoneNumberIsOptedOutInput, CheckIfPhoneNumberIsOptedOutResponse> = async (deps, input, ctx) => {
  const phone = checkPhoneNumber(input.phoneNumber, 'phoneNumber');
  return { isOptedOut: (await deps.store.getDocument(numberAddress(OPTED_OUT, ctx, phone))) !== undefined };
};
