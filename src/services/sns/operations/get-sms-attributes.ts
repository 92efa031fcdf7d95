import type { GetSMSAttributesInput, GetSMSAttributesResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { smsAttributesAddress } from '../sms.js';

/** The account's SMS attributes as set, or the named ones of them. */
export const getSMSAttributes: SnsOperation<GetSMSAttributesInput, GetSMSAttributesResponse> = async (deps, input, ctx) => {
  const doc = await deps.store.getDocument(smsAttributesAddress(ctx));
  const all = doc ? (JSON.parse(doc.data) as Record<string, string>) : {};
  if (!input.attributes || input.attributes.length === 0) return { attributes: all };
  const out: Record<string, string> = {};
  for (const k of input.attributes) if (all[k] !== undefined) out[k] = all[k]!;
  return { attributes: out };
};
