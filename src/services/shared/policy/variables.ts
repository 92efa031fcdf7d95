import type { ConditionContext } from './request.js';
import { LITERAL_QUESTION, LITERAL_STAR } from './wildcard.js';

/**
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"): in a policy of
 * `"Version": "2012-10-17"`, `${key}` in a `Resource`/`NotResource` entry or a condition value is
 * replaced by the request's value of that condition key (`${aws:username}`, `${aws:userid}`,
 * `${aws:PrincipalTag/team}`, `${aws:SourceIp}` …; key names case-insensitive), or by the default
 * a variable may give (`${aws:PrincipalTag/team, 'shared'}`). A key the request does not have (or
 * a multivalued one, which IAM does not take as a variable) and no default: the entry matches
 * nothing. `${*}`, `${?}` and `${$}` are the characters themselves, there to write `*`, `?` and `$`
 * that are not wildcards: in a `pattern` (a Resource, StringLike, ArnLike …) they come out as the
 * marks wildcard.ts matches against the character alone; elsewhere (StringEquals …) as the character.
 */
const VARIABLE = /\$\{([^}]*)\}/g;
// The key (up to the first comma, trimmed after the match) and the quoted default. Written so that
// no two parts can take the same characters: `\s*([^,]*?)\s*,` backtracked cubically, 4 s for a
// 2,000-space variable in a session policy, on every request it was evaluated for.
const DEFAULT = /^([^,]*),\s*'([^']*)'\s*$/;

export function expandVariables(text: string, context: ConditionContext, pattern = false): string | undefined {
  if (!text.includes('${')) return text;
  let unresolved = false;
  const expanded = text.replace(VARIABLE, (_whole, inner: string) => {
    if (inner === '*') return pattern ? LITERAL_STAR : '*';
    if (inner === '?') return pattern ? LITERAL_QUESTION : '?';
    if (inner === '$') return '$';
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
