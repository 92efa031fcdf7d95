import { parsePolicy, type PolicyDocument } from '../services/shared/policy/document.js';
import { parseOperator } from '../services/shared/policy/conditions.js';
import { ConfigError } from './config.js';

/**
 * The policy documents of the credentials file's users and roles, checked when the file is read as
 * IAM checks them when they are put (a stored resource policy is read leniently, document.ts; these
 * are configuration, and a typo there would silently allow or refuse): a document is an object or
 * its JSON text, with `Statement` (one or a list) and an optional `Version`; each statement has
 * `Effect` Allow or Deny, `Action` or `NotAction`, and no unknown field. An identity policy's
 * statements have `Resource` or `NotResource` and no `Principal` (IAM: "Has prohibited field
 * Principal", "Policy statement must contain resources"); a trust policy's have `Principal` or
 * `NotPrincipal` and no `Resource` (IAM: "Has prohibited field Resource"). Condition operators must
 * be ones the evaluator knows.
 */
export type PolicyKind = 'identity' | 'trust';

const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

export function checkPolicyDocument(value: unknown, kind: PolicyKind, fail: (where: string, what: string) => never, at: string): PolicyDocument {
  let doc = value;
  if (typeof value === 'string') {
    try {
      doc = JSON.parse(value);
    } catch (error) {
      return fail(at, `not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(doc)) return fail(at, 'expected a policy document: an object with Statement (or its JSON text)');
  for (const field of Object.keys(doc)) if (field !== 'Version' && field !== 'Statement' && field !== 'Id') fail(`${at}.${field}`, 'unknown field (Version, Id, Statement)');
  if (doc.Id !== undefined && typeof doc.Id !== 'string') fail(`${at}.Id`, 'expected a string');
  if (doc.Version !== undefined && !VERSIONS.has(doc.Version as string)) fail(`${at}.Version`, 'expected 2012-10-17 (or 2008-10-17)');
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  if (statements.length === 0) fail(`${at}.Statement`, 'expected a statement or a list of statements');
  statements.forEach((s: unknown, i) => checkStatement(s, kind, fail, Array.isArray(doc.Statement) ? `${at}.Statement[${i}]` : `${at}.Statement`));
  return parsePolicy(JSON.stringify(doc));
}

function checkStatement(s: unknown, kind: PolicyKind, fail: (where: string, what: string) => never, at: string): void {
  if (!isObject(s)) return fail(at, 'expected a statement object');
  for (const field of Object.keys(s)) if (!STATEMENT_FIELDS.has(field)) fail(`${at}.${field}`, 'unknown field');
  if (s.Sid !== undefined && typeof s.Sid !== 'string') fail(`${at}.Sid`, 'expected a string');
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') fail(`${at}.Effect`, 'expected Allow or Deny');
  exactlyOne(s, 'Action', 'NotAction', fail, at);
  if (kind === 'identity') {
    for (const field of ['Principal', 'NotPrincipal']) if (s[field] !== undefined) fail(`${at}.${field}`, `an identity policy has no ${field} (IAM: "Has prohibited field ${field}"): it is the identity's own`);
    exactlyOne(s, 'Resource', 'NotResource', fail, at);
  } else {
    for (const field of ['Resource', 'NotResource']) if (s[field] !== undefined) fail(`${at}.${field}`, `a trust policy has no ${field} (IAM: "Has prohibited field ${field}"): its resource is the role`);
    exactlyOne(s, 'Principal', 'NotPrincipal', fail, at);
    for (const field of ['Principal', 'NotPrincipal']) if (s[field] !== undefined) checkPrincipal(s[field], fail, `${at}.${field}`);
  }
  if (s.Condition !== undefined) checkCondition(s.Condition, fail, `${at}.Condition`);
}

function exactlyOne(s: Record<string, unknown>, a: string, b: string, fail: (where: string, what: string) => never, at: string): void {
  if ((s[a] === undefined) === (s[b] === undefined)) fail(at, `expected ${a} or ${b} (one of them)`);
  const field = s[a] === undefined ? b : a;
  if (field !== 'Principal' && field !== 'NotPrincipal' && !isStrings(s[field])) fail(`${at}.${field}`, 'expected a string or a list of strings');
}

function checkPrincipal(p: unknown, fail: (where: string, what: string) => never, at: string): void {
  if (p === '*') return;
  if (!isObject(p) || Object.keys(p).length === 0) return fail(at, 'expected "*" or an object like {"AWS": "arn:aws:iam::123456789012:root"}');
  for (const [type, values] of Object.entries(p)) if (!isStrings(values)) fail(`${at}.${type}`, 'expected a string or a list of strings');
}

function checkCondition(c: unknown, fail: (where: string, what: string) => never, at: string): void {
  if (!isObject(c)) return fail(at, 'expected an object of condition operators');
  for (const [operator, block] of Object.entries(c)) {
    if (parseOperator(operator) === undefined) fail(`${at}.${operator}`, 'unknown condition operator');
    if (!isObject(block)) fail(`${at}.${operator}`, 'expected an object of condition keys');
    for (const [key, values] of Object.entries(block as object)) if (!isConditionValues(values)) fail(`${at}.${operator}.${key}`, 'expected a string, number or boolean, or a list of them');
  }
}

/**
 * IAM's grammar: `<condition_value_list> = [<condition_value>, …]`, `<condition_value> = ("string" |
 * "number" | "Boolean")`. Anything else (an object, null, an empty or nested list) would be read as no
 * value at all, silently turning a StringNotEquals into an Allow (an empty list refused by the grammar's
 * reading; IAM's own answer to one unverified).
 */
function isConditionValues(v: unknown): boolean {
  const list = Array.isArray(v) ? v : [v];
  return list.length > 0 && list.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean');
}

function isStrings(v: unknown): boolean {
  const list = Array.isArray(v) ? v : [v];
  return list.length > 0 && list.every((x) => typeof x === 'string');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
