/**
 * Attribute and tag maps in jsonb, which cannot hold U+0000 (not even as `\u0000`) while SNS
 * takes it in attribute values (a DisplayName, text after a policy's JSON): a value with NULs is
 * stored as the JSON array of its NUL-separated pieces. Values stored before were always strings,
 * so the two never mix up and nothing needs migrating; SQLite stores the text as it is.
 */
export type JsonbMap = Record<string, string | string[]>;

export function jsonbMap(map: Readonly<Record<string, string>>): string {
  return JSON.stringify(map, (_key, v: unknown) => (typeof v === 'string' && v.includes('\u0000') ? v.split('\u0000') : v));
}

export function fromJsonbMap(map: JsonbMap): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) out[k] = fromJsonbValue(v);
  return Object.freeze(out);
}

/** One value of such a map, read with `->` (a string, or the pieces of one with NULs). */
export function fromJsonbValue(v: string | string[]): string {
  return Array.isArray(v) ? v.join('\u0000') : v;
}

/**
 * A topic's DataProtectionPolicy (a text column) with NULs (only possible after its JSON, which
 * Jackson ignores) is stored as U+FDD0 and the JSON string of it. A stored policy never starts
 * with U+FDD0 otherwise: it begins with its JSON object.
 */
const POLICY_MARK = '\ufdd0';

export function policyText(policy: string | null): string | null {
  return policy !== null && policy.includes('\u0000') ? POLICY_MARK + JSON.stringify(policy) : policy;
}

export function fromPolicyText(stored: string | null): string | null {
  return stored !== null && stored.startsWith(POLICY_MARK) ? (JSON.parse(stored.slice(1)) as string) : stored;
}
