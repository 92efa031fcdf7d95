import type { GetDataProtectionPolicyInput, GetDataProtectionPolicyResponse } from '@aws-sdk/client-sns';
import { resolveTopic, type SnsOperation } from '../context.js';

/** The stored policy (applying it to messages is the data-protection work). */
export const getDataProtectionPolicy: SnsOperation<GetDataProtectionPolicyInput, GetDataProtectionPolicyResponse> = async (deps, input, ctx) => {
  const topic = await resolveTopic(deps, input.ResourceArn, ctx, 'ResourceArn');
  return { DataProtectionPolicy: topic.dataProtectionPolicy ?? undefined };
};
