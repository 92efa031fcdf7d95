import type { PutDataProtectionPolicyInput } from '@aws-sdk/client-sns';
import { resolveTopic, type SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { jacksonComplaint } from '../domain/filter-policy/json-reader.js';

/** Stores the policy (a JSON document); applying it to messages is the data-protection work. */
export const putDataProtectionPolicy: SnsOperation<PutDataProtectionPolicyInput, void> = async (deps, input, ctx) => {
  const topic = await resolveTopic(deps, input.ResourceArn, ctx, 'ResourceArn');
  const policy = checkDataProtectionPolicy(input.DataProtectionPolicy);
  await deps.store.setDataProtectionPolicy(topic.id, policy);
};

/** A DataProtectionPolicy as given (PutDataProtectionPolicy, CreateTopic) if it is JSON; null for none (''). */
export function checkDataProtectionPolicy(given: string | undefined): string | null {
  const policy = given ?? '';
  const complaint = policy === '' ? undefined : jacksonComplaint(policy);
  // [unverified wording]
  if (complaint !== undefined) throw snsErrors.invalidParameter(`DataProtectionPolicy: failed to parse JSON. ${complaint}`);
  return policy === '' ? null : policy;
}
