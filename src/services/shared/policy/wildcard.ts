/**
 * What the policy variables `${*}` and `${?}` become in a pattern (variables.ts): a `*` or `?` that
 * is not a wildcard and matches only that character. Private-use characters, which no ARN has (a
 * policy that holds one itself gets the same reading; a request value holding one matches no mark).
 */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

/**
 * IAM's wildcards: `*` matches any run of characters (also none), `?` exactly one. Used for
 * actions (case-insensitive), resources and ARNs (case-sensitive) and StringLike (case-sensitive).
 * Written as a two-pointer scan with backtracking to the last `*`, so a pattern never compiles to
 * a RegExp and cannot blow up on many stars.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const c = p[pi];
    if (c === '?' || (c === LITERAL_STAR ? v[vi] === '*' : c === LITERAL_QUESTION ? v[vi] === '?' : c !== undefined && c !== '*' && c === v[vi])) {
      pi++;
      vi++;
    } else if (c === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * ArnLike / ArnEquals and statement Resources: the ARN's six colon-separated parts are matched
 * part by part (a `*` in one part does not reach across a colon into the next), and the last part
 * (the resource, which may itself hold colons) as a whole.
 */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  // A pattern that is not six parts (`arn:aws:sqs:*`) names no ARN: wildcards do not span parts.
  if (!p || !a) return false;
  for (let i = 0; i < 6; i++) if (!wildcardMatch(p[i]!, a[i]!)) return false;
  return true;
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
