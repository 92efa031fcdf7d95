import type { ConditionContext } from './request.js';

/**
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"): in a policy of
 * `"Version": "2012-10-17"`, `${key}` in a `Resource`/`NotResource` entry or a condition value is
 * replaced by the request's value of that condition key (`${aws:username}`, `${aws:userid}`,
 * `${aws:PrincipalTag/team}`, `${aws:SourceIp}` …; key names case-insensitive), or by the default
 * a variable may give (`${aws:PrincipalTag/team, 'shared'}`). A key the request does not have (or
 * a multivalued one, which IAM does not take as a variable) and no default: the entry matches
 * nothing. `${*}`, `${?}` and `${$}` are the characters themselves; here `*` and `?` then act as
 * wildcards in a pattern, where IAM keeps them literal [approximation].
 */
const VARIABLE = /\$\{([^}]*)\}/g;
// The key (up to the first comma, trimmed after the match) and the quoted default. Written so that
// no two parts can take the same characters: `\s*([^,]*?)\s*,` backtracked cubically, 4 s for a
// 2,000-space variable in a session policy, on every request it was evaluated for.
const DEFAULT = /^([^,]*),\s*'([^']*)'\s*$/;

export function expandVariables(text: string, context: ConditionContext): string | undefined {
  if (!text.includes('${')) return text;
  let unresolved = false;
  const expanded = text.replace(VARIABLE, (_whole, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return inner;
    const withDefault = DEFAULT.exec(inner);
    const key = (withDefault ? withDefault[1]! : inner).trim().toLowerCase();
    const value = context.get(key);
    if (typeof value === 'string') return value;
    if (withDefault) return withDefault[2]!;
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : expanded;
}
