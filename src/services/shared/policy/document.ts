/**
 * A policy document as the evaluator reads it. Stored policies come from clients (SetQueueAttributes,
 * SetTopicAttributes, PutResourcePolicy), so anything may be in them: the reader takes what it can
 * understand and drops the rest, and a statement it cannot read never allows anything.
 */

export type Effect = 'Allow' | 'Deny';

/** `Principal` / `NotPrincipal`: `*`, or principals by type (`AWS`, `Service`, …), each a string or a list. */
export type PrincipalBlock = '*' | Readonly<Record<string, readonly string[]>>;

/** Condition block: operator → key → values (values always a list here; JSON booleans and numbers as strings). */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly condition?: ConditionBlock;
  /** The document is `"Version": "2012-10-17"`: `${…}` in resources and condition values are policy variables (variables.ts). */
  readonly variables?: boolean;
}

export interface PolicyDocument {
  readonly statements: readonly Statement[];
}

const EMPTY: PolicyDocument = { statements: [] };

/** Parses a stored policy (JSON text, an empty string or nothing); an unreadable document has no statements. */
export function parsePolicy(text: string | undefined | null): PolicyDocument {
  if (text === undefined || text === null || text.trim() === '') return EMPTY;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY;
  }
  if (!isObject(raw)) return EMPTY;
  const list = statementList(raw);
  const statements: Statement[] = [];
  const variables = raw.Version === '2012-10-17';
  for (const s of list) {
    const st = readStatement(s, variables);
    if (st) statements.push(st);
  }
  return { statements };
}

/** A document's `Statement`: a list, or one statement object standing alone (both are valid IAM). validate.ts reads the same list. */
export function statementList(raw: Readonly<Record<string, unknown>>): readonly unknown[] {
  return Array.isArray(raw.Statement) ? raw.Statement : raw.Statement === undefined ? [] : [raw.Statement];
}

function readStatement(s: unknown, variables: boolean): Statement | undefined {
  if (!isObject(s)) return undefined;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return undefined;
  const st: Statement = {
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect,
    principal: readPrincipal(s.Principal),
    notPrincipal: readPrincipal(s.NotPrincipal),
    action: strings(s.Action),
    notAction: strings(s.NotAction),
    resource: strings(s.Resource),
    notResource: strings(s.NotResource),
    condition: readCondition(s.Condition),
    variables: variables || undefined,
  };
  // A statement must name what it is about; one that names neither Action nor NotAction, or has a
  // Condition that is not an object, is not one AWS would have accepted: it matches nothing.
  if (st.action === undefined && st.notAction === undefined) return undefined;
  if (s.Condition !== undefined && st.condition === undefined) return undefined;
  return st;
}

function readPrincipal(p: unknown): PrincipalBlock | undefined {
  if (p === '*') return '*';
  if (!isObject(p)) return undefined;
  const out: Record<string, readonly string[]> = {};
  for (const [type, v] of Object.entries(p)) {
    const values = strings(v);
    if (values) out[type] = values;
  }
  return out;
}

function readCondition(c: unknown): ConditionBlock | undefined {
  if (!isObject(c)) return undefined;
  // Without a prototype, so an operator or key named `__proto__` (JSON.parse makes it an own field) stays an entry.
  const out: Record<string, Record<string, readonly string[]>> = Object.create(null);
  for (const [operator, block] of Object.entries(c)) {
    if (!isObject(block)) return undefined;
    const keys: Record<string, readonly string[]> = Object.create(null);
    for (const [key, v] of Object.entries(block)) keys[key] = strings(v) ?? [];
    out[operator] = keys;
  }
  return out;
}

/** A string, number or boolean, or a list of them, as strings (IAM compares condition values as text). */
function strings(v: unknown): readonly string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const x of list) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out.push(String(x));
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
