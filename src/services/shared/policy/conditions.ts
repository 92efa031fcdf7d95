import { BlockList, isIP } from 'node:net';
import type { ConditionBlock } from './document.js';
import type { ConditionContext } from './request.js';
import { arnMatch, wildcardMatch } from './wildcard.js';
import { expandVariables } from './variables.js';

/**
 * IAM condition evaluation. A Condition block holds operators, each with keys, each with values:
 * operators and keys are AND'ed, a key's values OR'ed (for a negated operator: the value matches
 * none of them). `…IfExists` makes a key the request lacks count as a match; `ForAnyValue:` and
 * `ForAllValues:` compare multi-valued keys as sets. A key the request lacks fails a positive
 * operator and passes a negated one (IAM User Guide, "Condition operators" and "Multivalued
 * context keys"). Key names are case-insensitive; an unknown operator never matches.
 */
export function conditionsMatch(block: ConditionBlock, context: ConditionContext, variables = false): boolean {
  for (const [operator, keys] of Object.entries(block)) {
    const op = parseOperator(operator);
    if (!op) return false;
    for (const [key, wanted] of Object.entries(keys)) {
      if (!keyMatches(op, context.get(key.toLowerCase()), variables ? withVariables(wanted, context, op.pattern) : wanted)) return false;
    }
  }
  return true;
}

/** Condition values with their policy variables replaced (variables.ts); a value that cannot be resolved is dropped [IAM's handling of that case unverified]. */
function withVariables(wanted: readonly string[], context: ConditionContext, pattern: boolean): readonly string[] {
  const out: string[] = [];
  for (const w of wanted) {
    const value = expandVariables(w, context, pattern);
    if (value !== undefined) out.push(value);
  }
  return out;
}

type Compare = (actual: string, wanted: string) => boolean;

interface Operator {
  /** `Null` is about presence, not values. */
  readonly isNull: boolean;
  readonly compare: Compare;
  /** StringNotEquals, NotIpAddress, ArnNotLike …: true when the value matches none of the policy's. */
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set?: 'any' | 'all';
  /** StringLike, ArnLike, ArnEquals and their negations compare with wildcards: `${*}` in a value there is a literal `*` (variables.ts). */
  readonly pattern: boolean;
}

const str = (f: (a: string, w: string) => boolean): Compare => f;

/** Base operators: each with how one request value compares to one policy value, and whether it is a negation. */
const BASE: Record<string, { compare: Compare; negated: boolean; pattern?: true }> = {
  stringequals: { compare: str((a, w) => a === w), negated: false },
  stringnotequals: { compare: str((a, w) => a === w), negated: true },
  stringequalsignorecase: { compare: str((a, w) => a.toLowerCase() === w.toLowerCase()), negated: false },
  stringnotequalsignorecase: { compare: str((a, w) => a.toLowerCase() === w.toLowerCase()), negated: true },
  stringlike: { compare: str((a, w) => wildcardMatch(w, a)), negated: false, pattern: true },
  stringnotlike: { compare: str((a, w) => wildcardMatch(w, a)), negated: true, pattern: true },
  numericequals: { compare: numeric((a, w) => a === w), negated: false },
  numericnotequals: { compare: numeric((a, w) => a === w), negated: true },
  numericlessthan: { compare: numeric((a, w) => a < w), negated: false },
  numericlessthanequals: { compare: numeric((a, w) => a <= w), negated: false },
  numericgreaterthan: { compare: numeric((a, w) => a > w), negated: false },
  numericgreaterthanequals: { compare: numeric((a, w) => a >= w), negated: false },
  dateequals: { compare: date((a, w) => a === w), negated: false },
  datenotequals: { compare: date((a, w) => a === w), negated: true },
  datelessthan: { compare: date((a, w) => a < w), negated: false },
  datelessthanequals: { compare: date((a, w) => a <= w), negated: false },
  dategreaterthan: { compare: date((a, w) => a > w), negated: false },
  dategreaterthanequals: { compare: date((a, w) => a >= w), negated: false },
  bool: { compare: str((a, w) => a.toLowerCase() === w.toLowerCase()), negated: false },
  binaryequals: { compare: str((a, w) => a === w), negated: false },
  ipaddress: { compare: inCidr, negated: false },
  notipaddress: { compare: inCidr, negated: true },
  // ArnEquals and ArnLike behave alike: both take wildcards in each part of the ARN.
  arnequals: { compare: str((a, w) => arnMatch(w, a)), negated: false, pattern: true },
  arnlike: { compare: str((a, w) => arnMatch(w, a)), negated: false, pattern: true },
  arnnotequals: { compare: str((a, w) => arnMatch(w, a)), negated: true, pattern: true },
  arnnotlike: { compare: str((a, w) => arnMatch(w, a)), negated: true, pattern: true },
};

export function parseOperator(name: string): Operator | undefined {
  let rest = name.toLowerCase();
  let set: Operator['set'];
  if (rest.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  } else if (rest.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  }
  if (rest === 'null') return set ? undefined : { isNull: true, compare: () => false, negated: false, ifExists: false, pattern: false };
  const ifExists = rest.endsWith('ifexists');
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  // Own entries only: `constructor` or `__proto__` from a policy must not find Object.prototype's.
  const base = Object.hasOwn(BASE, rest) ? BASE[rest] : undefined;
  if (!base) return undefined;
  return { isNull: false, compare: base.compare, negated: base.negated, ifExists, set, pattern: base.pattern === true };
}

function keyMatches(op: Operator, value: string | readonly string[] | undefined, wanted: readonly string[]): boolean {
  const actual = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  if (op.isNull) {
    // {"Null": {"key": "true"}}: the key is absent; "false": it is present.
    const absent = actual.length === 0;
    return wanted.some((w) => (w.toLowerCase() === 'true' ? absent : w.toLowerCase() === 'false' ? !absent : false));
  }
  if (actual.length === 0) {
    if (op.ifExists) return true;
    if (op.set === 'all') return true; // every one of no values matches
    if (op.set === 'any') return false; // no value to match
    return op.negated;
  }
  const matchesSome = (a: string): boolean => wanted.some((w) => op.compare(a, w));
  // A negated operator is "matches none of the policy's values", per request value.
  const ok = (a: string): boolean => (op.negated ? !matchesSome(a) : matchesSome(a));
  if (op.set === 'all') return actual.every(ok);
  if (op.set === 'any') return actual.some(ok);
  // A single-valued operator on a single value; on several values IAM's result is the any-value one
  // for positive operators and the all-values one for negated ones (no value matches).
  return op.negated ? actual.every(ok) : actual.some(ok);
}

/** Numeric and Date operators: both sides read by `parse` (unreadable: no match), then compared. */
function ordered(parse: (s: string) => number | undefined) {
  return (f: (a: number, w: number) => boolean): Compare =>
    (a, w) => {
      const x = parse(a);
      const y = parse(w);
      return x !== undefined && y !== undefined && f(x, y);
    };
}

function numeric(f: (a: number, w: number) => boolean): Compare {
  return ordered(toNumber)(f);
}

/** Date operators take ISO 8601 dates and times, or epoch seconds (aws:EpochTime style). */
function date(f: (a: number, w: number) => boolean): Compare {
  return ordered(toTime)(f);
}

function toNumber(s: string): number | undefined {
  // Each digit run has one place to go (`\d+\.?\d*` split a run between its two parts in every
  // way before failing: quadratic, 5 s for a 50,000-digit condition value).
  if (!/^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(s)) return undefined;
  return Number(s);
}

function toTime(s: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** IpAddress: the request's address is in the CIDR block (or equals the bare address). */
function inCidr(address: string, cidr: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const slash = cidr.indexOf('/');
  const base = slash < 0 ? cidr : cidr.slice(0, slash);
  const baseFamily = isIP(base);
  if (baseFamily === 0) return false;
  const type = baseFamily === 4 ? 'ipv4' : 'ipv6';
  const prefix = slash < 0 ? (baseFamily === 4 ? 32 : 128) : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (baseFamily === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(base, prefix, type);
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
