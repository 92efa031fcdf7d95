import { randomInt } from 'node:crypto';
import type { CreateSMSSandboxPhoneNumberInput, CreateSMSSandboxPhoneNumberResult } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { checkPhoneNumber, numberAddress, SANDBOX, type SandboxNumber } from '../sms.js';

/**
 * Adds a destination number to the SMS sandbox, Pending until verified. AWS texts it a one-time
 * password; Switchyard records that text (protocol sms) so a test can read the code.
 */
export const createSMSSandboxPhoneNumber: SnsOperation<CreateSMSSandboxPhoneNumberInput, CreateSMSSandboxPhoneNumberResult> = async (deps, input, ctx) => {
  const phone = checkPhoneNumber(input.PhoneNumber);
  const otp = String(randomInt(100_000, 1_000_000));
  const data: SandboxNumber = { status: 'Pending', oneTimePassword: otp, languageCode: input.LanguageCode ?? 'en-US' };
  const now = deps.clock.now();
  const address = numberAddress(SANDBOX, ctx, phone);
  const { created } = await deps.store.createDocument({ ...address, parent: null, data: JSON.stringify(data), createdAt: now });
  if (!created) await deps.store.updateDocument(address, JSON.stringify(data));
  const messageId = deps.ids.uuid();
  await deps.store.recordDelivery({
    deliveryKey: `sandbox\n${messageId}`, protocol: 'sms', endpoint: phone, messageId, subscriptionArn: null, topicArn: null,
    payload: JSON.stringify({ type: 'SandboxVerification', message: `Your verification code is ${otp}`, oneTimePassword: otp }), recordedAt: now,
  });
  return {};
};
