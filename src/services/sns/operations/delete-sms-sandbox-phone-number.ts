import type { DeleteSMSSandboxPhoneNumberInput, DeleteSMSSandboxPhoneNumberResult } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { checkPhoneNumber, numberAddress, SANDBOX, sandboxNumberNotFound } from '../sms.js';

export const deleteSMSSandboxPhoneNumber: SnsOperation<DeleteSMSSandboxPhoneNumberInput, DeleteSMSSandboxPhoneNumberResult> = async (deps, input, ctx) => {
  if (!(await deps.store.deleteDocument(numberAddress(SANDBOX, ctx, checkPhoneNumber(input.PhoneNumber))))) throw sandboxNumberNotFound();
  return {};
};
