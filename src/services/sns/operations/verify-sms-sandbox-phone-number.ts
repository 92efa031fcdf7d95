import type { VerifySMSSandboxPhoneNumberInput, VerifySMSSandboxPhoneNumberResult } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { checkPhoneNumber, numberAddress, SANDBOX, sandboxNumberNotFound, wrongOneTimePassword, type SandboxNumber } from '../sms.js';

export const verifySMSSandboxPhoneNumber: SnsOperation<VerifySMSSandboxPhoneNumberInput, VerifySMSSandboxPhoneNumberResult> = async (deps, input, ctx) => {
  const address = numberAddress(SANDBOX, ctx, checkPhoneNumber(input.PhoneNumber));
  const doc = await deps.store.getDocument(address);
  if (!doc) throw sandboxNumberNotFound();
  const number = JSON.parse(doc.data) as SandboxNumber;
  if (number.status === 'Verified') return {};
  if (input.OneTimePassword !== number.oneTimePassword) throw wrongOneTimePassword();
  await deps.store.updateDocument(address, JSON.stringify({ ...number, status: 'Verified' }));
  return {};
};
