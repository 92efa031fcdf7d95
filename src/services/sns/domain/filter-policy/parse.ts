import { parseCidr } from './cidr.js';
import { JsonReader, JsonSyntaxError, type Token } from './json-reader.js';
import { FilterPolicyError, type Condition, type Scalar } from './types.js';

/**
 * Reads a filter policy's JSON into a tree, checking the syntax of every match expression as it
 * goes, in document order, with AWS's messages and positions [AWS-recorded, LocalStack
 * test_sns_filter_policy snapshots]. The semantic limits (keys, nesting, complexity) are checked
 * on the tree by compile.ts.
 *
 * Where a string's position matters, AWS reports just after its opening quote when it rejected
 * the string's type without reading it, and after its closing quote when it read it (`at(t, read)`).
 */

export type Field =
  | { readonly kind: 'rules'; readonly key: string; readonly conditions: readonly Condition[] }
  | { readonly kind: 'nested'; readonly key: string; readonly fields: readonly Field[] }
  | { readonly kind: 'or'; readonly alternatives: readonly (readonly Field[])[] };

const LOCATION = '\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: ';

export function parsePolicy(text: string): Field[] {
  const r = new JsonReader(text);
  const fail = (message: string, pointer: number): never => {
    const { line, column } = r.location(pointer);
    throw new FilterPolicyError(`${message}${LOCATION}${line}, column: ${column}]`);
  };
  const at = (t: Token, read: boolean): number => (t.kind === 'string' && !read ? t.start + 1 : t.end);

  function object(): Field[] {
    const fields: Field[] = [];
    for (let t = r.next(); t.kind !== '}'; t = r.next()) {
      const key = t.text;
      const v = r.next();
      if (key === '$or' && v.kind === '[') fields.push({ kind: 'or', alternatives: alternatives() });
      else if (v.kind === '{') fields.push({ kind: 'nested', key, fields: object() });
      else if (v.kind === '[') fields.push({ kind: 'rules', key, conditions: rules() });
      else fail(`"${key}" must be an object or an array`, at(v, false));
    }
    return fields;
  }

  function alternatives(): Field[][] {
    const out: Field[][] = [];
    for (let t = r.next(); t.kind !== ']'; t = r.next()) {
      if (t.kind !== '{') fail('"$or" must be an array of objects', at(t, false));
      out.push(object());
    }
    return out;
  }

  function rules(): Condition[] {
    const out: Condition[] = [];
    for (let t = r.next(); ; t = r.next()) {
      if (t.kind === ']') {
        if (out.length === 0) fail('Empty arrays are not allowed', t.end);
        return out;
      }
      if (t.kind === '{') out.push(operator());
      else if (t.kind === '[') fail('Match value must be String, number, true, false, or null', t.end);
      else out.push({ op: 'equals', value: scalar(t) });
    }
  }

  function operator(): Condition {
    const f = r.next();
    if (f.kind === '}') fail('Empty objects are not allowed', f.end);
    const op = f.text;
    const v = r.next();
    let condition: Condition;
    switch (op) {
      case 'prefix':
      case 'suffix':
      case 'equals-ignore-case':
        if (v.kind !== 'string') fail(`${op} match pattern must be a string`, at(v, false));
        condition = { op, value: v.text };
        break;
      case 'exists':
        if (v.kind !== 'true' && v.kind !== 'false') fail('exists match pattern must be either true or false.', at(v, false));
        condition = { op, value: v.kind === 'true' };
        break;
      case 'cidr':
        // AWS's message for a non-string CIDR names the prefix matcher [AWS-recorded].
        if (v.kind !== 'string') fail('prefix match pattern must be a string', at(v, false));
        condition = { op, cidr: parseCidr(v.text) };
        break;
      case 'anything-but':
        condition = anythingBut(v);
        break;
      case 'numeric':
        if (v.kind !== '[') fail('Value of numeric must be an array.', at(v, false));
        condition = numeric();
        break;
      default:
        fail(`Unrecognized match type ${op}`, at(v, true));
    }
    const end = r.next();
    if (end.kind !== '}') fail('Only one key allowed in match expression', at(r.next(), false));
    return condition!;
  }

  function anythingBut(v: Token): Condition {
    if (v.kind === 'string' || v.kind === 'number') return { op: 'anything-but', values: [scalar(v)] };
    if (v.kind === '[') {
      const values: Scalar[] = [];
      for (let t = r.next(); ; t = r.next()) {
        if (t.kind === ']') {
          if (values.length === 0) fail('Empty arrays are not allowed', t.end);
          return { op: 'anything-but', values };
        }
        if (t.kind !== 'string' && t.kind !== 'number') fail(`Inside anything but list, ${t.kind === '{' || t.kind === '[' ? 'start' : t.kind} is not supported.`, at(t, false));
        values.push(scalar(t));
      }
    }
    if (v.kind !== '{') fail('Value of anything-but must be an array or single string/number value.', at(v, false));
    const f = r.next();
    if (f.kind === '}') fail('Empty objects are not allowed', f.end);
    const inner = r.next();
    // AWS documents `prefix`; `suffix` is the same matcher reversed (EventBridge has both).
    if (f.text !== 'prefix' && f.text !== 'suffix') fail(`Unsupported anything-but pattern: ${f.text}`, at(inner, false));
    if (inner.kind !== 'string') fail(`${f.text} match pattern must be a string`, at(inner, false));
    if (r.next().kind !== '}') fail('Only one key allowed in match expression', at(r.next(), false));
    return { op: f.text === 'prefix' ? 'anything-but-prefix' : 'anything-but-suffix', value: inner.text };
  }

  function numeric(): Condition {
    const t = r.next();
    if (t.kind === ']') fail('Invalid member in numeric match: ]', t.end);
    if (t.kind !== 'string') fail(`Invalid member in numeric match: ${t.text}`, at(t, true));
    const op1 = t.text;
    const v1 = r.next();
    if (!['=', '<', '<=', '>', '>='].includes(op1)) fail(`Unrecognized numeric range operator: ${op1}`, at(v1, false));
    if (v1.kind !== 'number') fail(`Value of ${op1 === '=' ? 'equals' : op1} must be numeric`, at(v1, false));
    const n1 = Number(v1.text);
    const t2 = r.next();
    if (t2.kind === ']') return single(op1, n1);
    if (op1 !== '>' && op1 !== '>=') fail('Too many elements in numeric expression', at(t2, false));
    if (t2.kind !== 'string') fail(`Bad value in numeric range: ${t2.text}`, at(t2, true));
    const op2 = t2.text;
    if (op2 !== '<' && op2 !== '<=') fail(`Bad numeric range operator: ${op2}`, t2.end);
    const v2 = r.next();
    if (v2.kind !== 'number') fail(`Value of ${op2} must be numeric`, at(v2, false));
    const n2 = Number(v2.text);
    const t3 = r.next();
    if (t3.kind !== ']') fail('Too many terms in numeric range expression', at(t3, false));
    if (n2 <= n1) fail('Bottom must be less than top', t3.end);
    return { op: 'numeric', lower: { value: n1, inclusive: op1 === '>=' }, upper: { value: n2, inclusive: op2 === '<=' } };
  }

  try {
    const first = r.next();
    if (first.kind !== '{') throw new FilterPolicyError('Filter policy must be a JSON object');
    return object();
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const { line, column } = r.location(e.pointer);
      throw new FilterPolicyError(`failed to parse JSON. ${e.message}${LOCATION}${line}, column: ${column}]`);
    }
    throw e;
  }
}

function scalar(t: Token): Scalar {
  switch (t.kind) {
    case 'string':
      return t.text;
    case 'number':
      return Number(t.text);
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      return null;
  }
}

function single(op: string, n: number): Condition {
  switch (op) {
    case '=':
      return { op: 'numeric', lower: { value: n, inclusive: true }, upper: { value: n, inclusive: true } };
    case '<':
    case '<=':
      return { op: 'numeric', upper: { value: n, inclusive: op === '<=' } };
    default:
      return { op: 'numeric', lower: { value: n, inclusive: op === '>=' } };
  }
}
