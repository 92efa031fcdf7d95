import { snsErrors } from '../../errors.js';
import { compileFilterPolicy } from './compile.js';
import { FilterPolicyError, type FilterPolicy, type Scope } from './types.js';

/**
 * Subscription filter policies: validated when set (Subscribe, SetSubscriptionAttributes), never
 * at publish; compiled once per policy text and scope and kept in a bounded per-service cache
 * (FilterPolicies), since every publish evaluates every filtered subscription of its topic.
 */
export { attributeSource, bodySource, matchesPolicy, type MatchSource } from './match.js';
export type { FilterPolicy, Scope } from './types.js';

/** Subscribe words attribute errors "Attributes Reason: …"; SetSubscriptionAttributes does not. */
export type PolicyContext = 'subscribe' | 'set';

/**
 * Validates a policy for a subscription, throwing AWS's InvalidParameter error: "Invalid
 * parameter: [Attributes Reason: ]FilterPolicy: <why>" [AWS-recorded], or for a nested policy
 * under MessageAttributes scope "Invalid parameter: Filter policy scope MessageAttributes does not
 * support nested filter policy".
 */
export function validateFilterPolicy(text: string, scope: Scope, context: PolicyContext): FilterPolicy {
  try {
    return compileFilterPolicy(text, scope);
  } catch (e) {
    if (!(e instanceof FilterPolicyError)) throw e;
    const prefix = context === 'subscribe' ? 'Attributes Reason: ' : '';
    throw snsErrors.invalidParameter(e.scope ? `${prefix}${e.detail}` : `${prefix}FilterPolicy: ${e.detail}`);
  }
}

/** Compiled policies by (scope, text), at most `limit` of them (oldest dropped first). */
export class FilterPolicies {
  private readonly cache = new Map<string, FilterPolicy>();
  constructor(private readonly limit = 10_000) {}

  /** The compiled policy; throws FilterPolicyError for a policy stored before a rule tightened. */
  get(text: string, scope: Scope): FilterPolicy {
    const key = `${scope}\n${text}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const policy = compileFilterPolicy(text, scope);
    if (this.cache.size >= this.limit) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, policy);
    return policy;
  }
}
