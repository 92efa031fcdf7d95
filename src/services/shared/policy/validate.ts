import { isObject, statementList } from './document.js';

/**
 * The structural check AWS makes when a resource policy is set (SQS SetQueueAttributes/CreateQueue
 * `Policy`, SNS SetTopicAttributes/CreateTopic `Policy`, Kinesis PutResourcePolicy). document.ts reads
 * a stored policy leniently (a statement it cannot read matches nothing); this refuses, at the time
 * it is set, what AWS would refuse, so a stored policy is always one the evaluator reads in full.
 *
 * It returns the first problem found, as a class and a short English reason; each service turns it
 * into its own recorded error (SQS and SNS show no reason, as AWS; Kinesis's message carries it [unverified]).
 * Only the policy grammar is checked (IAM User Guide, "Grammar of the IAM JSON policy language"):
 * not whether principals exist (SNS: "PrincipalNotFound"), not which actions a service allows in its
 * policies, not whether a Resource names the queue/topic/stream itself.
 */

export type PolicyProblemKind =
  | 'json' // not a JSON object
  | 'field' // a document or statement element the grammar does not have (e.g. a misspelled `Principle`)
  | 'version' // Version other than 2012-10-17 / 2008-10-17
  | 'id' // Id not a string
  | 'statement' // no Statement, an empty list, or an entry that is not an object
  | 'sid' // Sid not a string, or the same Sid twice
  | 'effect' // Effect missing or not Allow/Deny
  | 'action' // neither or both of Action/NotAction, or a value that is not an action name
  | 'resource' // neither (where required) or both of Resource/NotResource, or a value that is not a string
  | 'principal' // neither or both of Principal/NotPrincipal, or one that is not `*` or type → principal(s)
  | 'condition'; // Condition not operator → key → value(s)

export interface PolicyProblem {
  readonly kind: PolicyProblemKind;
  readonly reason: string;
}

export interface PolicyRules {
  /** SNS: a statement must name its Resource (SNS Developer Guide, policy quotas: "Resource 1 (0 is invalid)"). */
  readonly requireResource?: boolean;
  /** Kinesis: `"Statement": []` is taken (a policy that allows nothing) [unverified either way; see resource-policy.ts]. */
  readonly allowNoStatements?: boolean;
}

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const DOCUMENT_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
/** The principal types a resource policy names (IAM User Guide, "AWS JSON policy elements: Principal"). */
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

const problem = (kind: PolicyProblemKind, reason: string): PolicyProblem => ({ kind, reason });

/** The first structural problem of a resource policy's JSON text, or undefined when it is well formed. */
export function policyProblem(text: string, rules: PolicyRules = {}): PolicyProblem | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return problem('json', 'the policy is not valid JSON');
  }
  if (!isObject(raw)) return problem('json', 'the policy must be a JSON object');
  for (const key of Object.keys(raw)) if (!DOCUMENT_FIELDS.has(key)) return problem('field', `unknown field ${key}`);
  if (raw.Version !== undefined && !(typeof raw.Version === 'string' && VERSIONS.has(raw.Version))) {
    return problem('version', 'Version must be 2012-10-17 or 2008-10-17');
  }
  if (raw.Id !== undefined && typeof raw.Id !== 'string') return problem('id', 'Id must be a string');
  if (!isObject(raw.Statement) && !Array.isArray(raw.Statement)) return problem('statement', 'Statement must be a statement or a list of statements');
  const list = statementList(raw);
  if (list.length === 0 && rules.allowNoStatements !== true) return problem('statement', 'Statement must not be empty');
  const sids = new Set<string>();
  for (const [i, s] of list.entries()) {
    const found = statementProblem(s, rules, sids);
    if (found) return problem(found.kind, `Statement ${i}: ${found.reason}`);
  }
  return undefined;
}

function statementProblem(s: unknown, rules: PolicyRules, sids: Set<string>): PolicyProblem | undefined {
  if (!isObject(s)) return problem('statement', 'a statement must be an object');
  for (const key of Object.keys(s)) if (!STATEMENT_FIELDS.has(key)) return problem('field', `unknown field ${key}`);
  if (s.Sid !== undefined) {
    if (typeof s.Sid !== 'string') return problem('sid', 'Sid must be a string');
    // `"Sid": ""` is what terraform's aws_iam_policy_document writes for every statement without one,
    // and AWS takes such policies: only a Sid that is set must be unique (SNS Developer Guide).
    if (s.Sid !== '') {
      if (sids.has(s.Sid)) return problem('sid', `duplicate Sid ${s.Sid}`);
      sids.add(s.Sid);
    }
  }
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return problem('effect', 'Effect must be Allow or Deny');
  const pair = (a: string, b: string, required: boolean, check: (v: unknown) => string | undefined): string | undefined => {
    if (s[a] !== undefined && s[b] !== undefined) return `a statement has ${a} or ${b}, not both`;
    const name = s[a] !== undefined ? a : s[b] !== undefined ? b : undefined;
    if (name === undefined) return required ? `missing ${a}` : undefined;
    const bad = check(s[name]);
    return bad === undefined ? undefined : `${name} ${bad}`;
  };
  const action = pair('Action', 'NotAction', true, (v) => stringsProblem(v, isActionName, 'must be "*" or service:action names'));
  if (action) return problem('action', action);
  const resource = pair('Resource', 'NotResource', rules.requireResource === true, (v) => stringsProblem(v, (x) => x !== '', 'must be one or more non-empty strings'));
  if (resource) return problem('resource', resource);
  const principal = pair('Principal', 'NotPrincipal', true, principalProblem);
  if (principal) return problem('principal', principal);
  if (s.Condition !== undefined) {
    const condition = conditionProblem(s.Condition);
    if (condition) return problem('condition', `Condition ${condition}`);
  }
  return undefined;
}

/** `*`, or `service:action` where either part may hold wildcards (one colon: IAM's "Actions/Condition can contain only one colon."). */
function isActionName(a: string): boolean {
  return a === '*' || /^[^:\s]+:[^:\s]+$/.test(a);
}

/** A string, or a non-empty list of strings, each passing `ok`. */
function stringsProblem(v: unknown, ok: (s: string) => boolean, what: string): string | undefined {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) return 'must not be an empty list';
  for (const x of list) if (typeof x !== 'string' || !ok(x)) return what;
  return undefined;
}

/** `"*"`, or an object of principal type → a principal or a non-empty list of them. */
function principalProblem(p: unknown): string | undefined {
  if (p === '*') return undefined;
  if (!isObject(p)) return 'must be "*" or an object of principal types';
  const types = Object.keys(p);
  if (types.length === 0) return 'names no principal';
  for (const type of types) {
    if (!PRINCIPAL_TYPES.has(type)) return `has an unknown principal type ${type}`;
    const bad = stringsProblem(p[type], (x) => x.trim() !== '', 'must be one or more non-empty strings');
    if (bad) return `${type} ${bad}`;
  }
  return undefined;
}

/** Operator → key → a value or a non-empty list of values (strings, numbers, booleans: IAM compares them as text). */
function conditionProblem(c: unknown): string | undefined {
  if (!isObject(c)) return 'must be an object of condition operators';
  for (const [operator, keys] of Object.entries(c)) {
    if (operator === '') return 'has an empty operator';
    if (!isObject(keys) || Object.keys(keys).length === 0) return `${operator} must be an object of condition keys`;
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      if (key === '' || list.length === 0 || !list.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
        return `${operator}.${key} must be a value or a non-empty list of values`;
      }
    }
  }
  return undefined;
}
