import type { SetSMSAttributesInput, SetSMSAttributesResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { SMS_ATTRIBUTE_NAMES, SMS_ATTRIBUTES_KIND, smsAttributesAddress } from '../sms.js';

/**
 * Merges the account's SMS attributes (stored; they change nothing about what is recorded).
 * An unknown name and a DefaultSMSType other than the two are AWS-recorded (errors.ts).
 */
export const setSMSAttributes: SnsOperation<SetSMSAttributesInput, SetSMSAttributesResponse> = async (deps, input, ctx) => {
  const changes = input.attributes ?? {};
  for (const [k, v] of Object.entries(changes)) {
    if (!SMS_ATTRIBUTE_NAMES.has(k)) throw snsErrors.notAValidAttribute(k);
    if (k === 'DefaultSMSType' && v !== 'Promotional' && v !== 'Transactional') throw snsErrors.attributeInvalid('DefaultSMSType');
    if ((k === 'MonthlySpendLimit' || k === 'DeliveryStatusSuccessSamplingRate') && !/^\d+$/.test(v)) throw snsErrors.invalidParameter(`${k} Reason: must be a whole number`); // [unverified]
  }
  const address = smsAttributesAddress(ctx);
  const { created, document } = await deps.store.createDocument({ ...address, kind: SMS_ATTRIBUTES_KIND, parent: null, data: JSON.stringify(changes), createdAt: deps.clock.now() });
  if (!created) await deps.store.updateDocument(address, JSON.stringify({ ...(JSON.parse(document.data) as Record<string, string>), ...changes }));
  return {};
};
