import { own } from '../../../shared/own.js';
import { inCidr } from './cidr.js';
import type { Condition, FilterPolicy, Rule, Scalar } from './types.js';

/**
 * Evaluating a compiled policy against a message (AWS docs "Amazon SNS subscription filter
 * policies" and the pages per operator):
 * - a policy matches if any `$or` branch matches; a branch if every rule does; a rule if any of
 *   its conditions matches one of the values at its key (String.Array elements and JSON arrays
 *   in the body are each a value: "matches if any element matches");
 * - strings match strings and numbers match numbers, compared as numbers (`1.0e2` is `100`);
 *   a Number attribute is a number, so string operators (prefix, …) never match it;
 * - a key that is absent matches nothing but `{"exists": false}` — not even `anything-but`;
 * - Binary attributes are ignored (as if absent); with attribute scope, a message without any
 *   attribute matches no policy that has keys, `exists: false` included;
 * - `exists` looks at leaf values only: a body key holding an object does not "exist".
 */

export interface Values {
  readonly present: boolean;
  readonly values: readonly Scalar[];
}

/** Where a policy's keys are looked up: the message attributes, or the message body's JSON. */
export interface MatchSource {
  /** False when the message has no (non-binary) attribute / no JSON object body at all. */
  readonly any: boolean;
  lookup(path: readonly string[]): Values;
}

export function matchesPolicy(policy: FilterPolicy, source: MatchSource): boolean {
  return policy.branches.some((branch) => branch.length === 0 || (source.any && branch.every((rule) => matchesRule(rule, source))));
}

function matchesRule(rule: Rule, source: MatchSource): boolean {
  const found = source.lookup(rule.path);
  return rule.conditions.some((c) => {
    if (c.op === 'exists') return c.value === found.present;
    return found.values.some((v) => matchesValue(c, v));
  });
}

function matchesValue(c: Condition, v: Scalar): boolean {
  switch (c.op) {
    case 'equals':
      return v === c.value;
    case 'prefix':
      return typeof v === 'string' && v.startsWith(c.value);
    case 'suffix':
      return typeof v === 'string' && v.endsWith(c.value);
    case 'equals-ignore-case':
      return typeof v === 'string' && v.toLowerCase() === c.value.toLowerCase();
    case 'anything-but':
      return (typeof v === 'string' || typeof v === 'number') && !c.values.includes(v);
    case 'anything-but-prefix':
      return typeof v === 'string' && !v.startsWith(c.value);
    case 'anything-but-suffix':
      return typeof v === 'string' && !v.endsWith(c.value);
    case 'numeric':
      if (typeof v !== 'number') return false;
      if (c.lower && (c.lower.inclusive ? v < c.lower.value : v <= c.lower.value)) return false;
      if (c.upper && (c.upper.inclusive ? v > c.upper.value : v >= c.upper.value)) return false;
      return true;
    case 'cidr':
      return typeof v === 'string' && inCidr(v, c.cidr);
    case 'exists':
      return false;
  }
}

export interface AttributeInput {
  readonly DataType: string;
  readonly StringValue?: string;
}

/** Message attributes as a MatchSource (String, String.Array, Number; Binary ignored). */
export function attributeSource(attributes: Readonly<Record<string, AttributeInput>> | undefined): MatchSource {
  const attrs = attributes ?? {};
  const usable = (a: AttributeInput | undefined): a is AttributeInput => a !== undefined && !a.DataType.startsWith('Binary');
  return {
    any: Object.values(attrs).some(usable),
    lookup(path) {
      // Own entries only: a policy key `toString` or `__proto__` found Object.prototype's members (500).
      const a = own(attrs, path[0]!);
      if (path.length !== 1 || !usable(a)) return { present: false, values: [] };
      const text = a.StringValue ?? '';
      if (a.DataType === 'String.Array') {
        try {
          const parsed = JSON.parse(text) as unknown;
          return { present: true, values: Array.isArray(parsed) ? scalars(parsed) : [] };
        } catch {
          return { present: true, values: [] };
        }
      }
      if (a.DataType === 'Number' || a.DataType.startsWith('Number.')) {
        const n = Number(text);
        return { present: true, values: text.trim() !== '' && Number.isFinite(n) ? [n] : [] };
      }
      return { present: true, values: [text] };
    },
  };
}

/** A message body as a MatchSource; anything but a JSON object matches no policy with keys. */
export function bodySource(body: string): MatchSource {
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch {
    root = undefined;
  }
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  return {
    any: isObject(root),
    lookup(path) {
      let nodes: unknown[] = [root];
      for (const key of path) {
        const next: unknown[] = [];
        const visit = (n: unknown): void => {
          if (Array.isArray(n)) n.forEach(visit);
          else if (isObject(n) && Object.prototype.hasOwnProperty.call(n, key)) next.push(n[key]);
        };
        nodes.forEach(visit);
        nodes = next;
      }
      const values = scalars(nodes);
      return { present: values.length > 0, values };
    },
  };
}

/** The scalar leaves of a list of JSON values, arrays flattened, objects skipped. */
function scalars(items: readonly unknown[]): Scalar[] {
  const out: Scalar[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out.push(x);
  };
  items.forEach(visit);
  return out;
}
