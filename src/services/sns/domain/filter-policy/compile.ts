import { parsePolicy, type Field } from './parse.js';
import { FilterPolicyError, type FilterPolicy, type Rule, type Scope } from './types.js';

/**
 * Turns a policy's JSON into a FilterPolicy, enforcing AWS's limits after the syntax checks of
 * parse.ts (AWS docs "Filter policy constraints", messages [AWS-recorded]):
 * - nested keys only with FilterPolicyScope MessageBody;
 * - at most 5 keys (top-level keys; `$or` counts as one);
 * - at most 150 combinations: over every branch of the `$or` expansion, the product of each
 *   key's number of values times the depth of that key, summed over the branches (AWS's examples:
 *   `3 x 4 x 2 x 3 = 72` for a nested policy, `24 + 64 + 64 = 152` for an `$or` one).
 */

export const MAX_KEYS = 5;
export const MAX_COMBINATIONS = 150;

export function compileFilterPolicy(text: string, scope: Scope): FilterPolicy {
  const fields = parsePolicy(text);
  if (scope === 'MessageAttributes' && fields.some(isNested)) {
    throw new FilterPolicyError('Filter policy scope MessageAttributes does not support nested filter policy', true);
  }
  if (fields.length > MAX_KEYS) throw new FilterPolicyError(`Filter policy can not have more than ${MAX_KEYS} keys`);
  const branches = expand(fields, []);
  let combinations = 0;
  for (const branch of branches) combinations += branch.reduce((n, rule) => n * rule.conditions.length * rule.path.length, 1);
  if (combinations > MAX_COMBINATIONS) throw tooComplex();
  return { scope, branches };
}

const tooComplex = () => new FilterPolicyError('Filter policy is too complex');

function isNested(f: Field): boolean {
  if (f.kind === 'nested') return true;
  return f.kind === 'or' && f.alternatives.some((a) => a.some(isNested));
}

/**
 * The OR of AND-branches a field list means. Every branch adds at least 1 combination, so more
 * than MAX_COMBINATIONS branches is too complex whatever they hold: stop expanding there.
 */
function expand(fields: readonly Field[], prefix: readonly string[]): Rule[][] {
  let branches: Rule[][] = [[]];
  for (const f of fields) {
    if (f.kind === 'rules') {
      const rule: Rule = { path: [...prefix, f.key], conditions: f.conditions };
      branches = branches.map((b) => [...b, rule]);
      continue;
    }
    const choices = f.kind === 'nested' ? expand(f.fields, [...prefix, f.key]) : f.alternatives.flatMap((a) => expand(a, prefix));
    if (branches.length * choices.length > MAX_COMBINATIONS) throw tooComplex();
    branches = branches.flatMap((b) => choices.map((c) => [...b, ...c]));
  }
  return branches;
}
