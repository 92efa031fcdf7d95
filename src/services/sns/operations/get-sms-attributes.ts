import type { GetSMSAttributesInput, GetSMSAttributesResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { smsAttributesAddress } from '../sms.js';
import { own, setOwn } from '../../shared/own.js';

/** The account's SMS attributes as set, or the named ones of them. */
export const getSMSAttributes: SnsOperation<GetSMSAttributesInput, GetSMSAttributesResponse> = async (deps, input, ctx) => {
  const doc = await deps.store.getDocument(smsAttributesAddress(ctx));
  const all = doc ? (JSON.parse(doc.data) as Record<string, string>) : {};
  if (!input.attributes || input.attributes.length === 0) return { attributes: all };
  const out: Record<string, string> = {};
  // Own entries only: asking for toString answered the text of Object.prototype.toString.
  for (const k of input.attributes) {
    const v = own(all, k);
    if (v !== undefined) setOwn(out, k, v);
  }
  return { attributes: out };
};
