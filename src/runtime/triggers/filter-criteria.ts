import { parsePolicy, type Field } from '../../services/sns/domain/filter-policy/parse.js';
import { matchesPolicy, type MatchSource } from '../../services/sns/domain/filter-policy/match.js';
import { FilterPolicyError, type FilterPolicy, type Scalar } from '../../services/sns/domain/filter-policy/types.js';

/**
 * Lambda event filtering (an event source mapping's `FilterCriteria`) [Lambda developer guide,
 * "Control which events Lambda sends to your function", "Using event filtering with an Amazon SQS
 * event source"; API reference, FilterCriteria and Filter]:
 *
 * - up to 5 filters by default (10 with a quota increase); a record goes to the function when
 *   any filter matches it, and is discarded otherwise (a queue's message is deleted, a stream's
 *   checkpoint moves past it);
 * - each `Pattern` is a string of at most 4096 characters holding an EventBridge-style pattern:
 *   exact values (strings, numbers, true, false, null, "" for empty), prefix, suffix,
 *   equals-ignore-case, anything-but (a value or a list), numeric (=, <, <=, >, >= and ranges),
 *   exists true/false, nested keys and `$or`. The syntax (and its error texts) is the SNS filter
 *   policy parser's (services/sns/domain/filter-policy), which also takes EventBridge's cidr and
 *   anything-but prefix/suffix; Lambda's documentation lists neither (not verified whether Lambda
 *   refuses them: they are accepted here). A pattern that does not parse is Lambda's
 *   InvalidParameterValueException "Invalid filter pattern definition.";
 * - keys are the record's fields as the function's event has them (metadata properties), and the
 *   payload under its data key (`body` for SQS, `data` for Kinesis), read as JSON when the pattern
 *   has an object there. SQS's table of body formats: a JSON body with a JSON pattern, or a plain
 *   body with plain-string rules (`"body": [{"prefix": "x"}]`), are filtered; a mismatch (a
 *   plain body against a JSON pattern, a JSON body against plain rules) drops the message. For
 *   Kinesis the data's pattern must be JSON (plain rules are refused when the mapping is made),
 *   and a record whose data is not JSON does not match a pattern on its data;
 * - the matching rules are the SNS engine's (match.ts): strings match strings and numbers
 *   numbers, an array's elements are each a value, a missing key matches only `exists: false` (not
 *   anything-but), exists looks at leaves only. Not done: EventBridge compares exact numbers by
 *   their text (300 ≠ 300.0 ≠ 3.0e2, as Lambda's documentation says); they are compared as
 *   numbers here.
 *
 * Unverified: which bodies Lambda counts as "valid JSON" for the SQS table. Here a body is JSON
 * when it parses to an object or an array; a scalar JSON body ("123", "true") is a plain string,
 * so `"body": ["123"]` matches it.
 *
 * Use: compile once when the mapping is made (compileFilterCriteria throws FilterCriteriaError,
 * worded like Lambda's), then `matches(record)` per record. The record is any object: the keys a
 * pattern names are looked up in it, and its data key holds the payload as text (or as a value
 * already parsed). An SQS trigger passes its event record (event.ts sqsEventRecord) as it is. A
 * Kinesis trigger passes the record's `kinesis` fields with `data` decoded from base64 to text:
 * `{ ...record.kinesis, data: Buffer.from(record.kinesis.data, 'base64').toString('utf8') }`; its
 * patterns name `data` only ("Kinesis event source mappings only support filtering on the data
 * key": the stream trigger's spec refuses other keys), e.g. `{"data": {"Location": ["Los Angeles"]}}`.
 * SQS's documentation likewise says only `body`; other record keys are matched here, not refused.
 */

/** Lambda's default quota of filters per event source mapping. */
export const MAX_FILTERS = 5;
/** Filter.Pattern's length constraint (API reference). */
export const MAX_PATTERN_LENGTH = 4096;

export type FilterSource = 'sqs' | 'kinesis';

const DATA_KEY: Readonly<Record<FilterSource, string>> = { sqs: 'body', kinesis: 'data' };

/** A filter criteria Lambda refuses (InvalidParameterValueException); `filter` is the index of the pattern at fault. */
export class FilterCriteriaError extends Error {
  constructor(
    message: string,
    readonly filter?: number,
  ) {
    super(message);
  }
}

export interface RecordFilter {
  /** True when any filter matches the record: it goes to the function; false: it is discarded. */
  matches(record: object): boolean;
}

/** How a rule on the data key reads the payload: as plain text, as JSON, or it is no data rule. */
type DataUse = 'none' | 'plain' | 'json';

/** A pattern as a tree: AND of nodes, OR of alternatives ($or), rules at the leaves. */
type Node = { readonly kind: 'all' | 'any'; readonly nodes: readonly Node[] } | { readonly kind: 'rule'; readonly policy: FilterPolicy; readonly data: DataUse };

/** Parses and checks the patterns, once; FilterCriteriaError for what Lambda refuses. */
export function compileFilterCriteria(patterns: readonly string[], source: FilterSource): RecordFilter {
  if (patterns.length > MAX_FILTERS) throw new FilterCriteriaError(`at most ${MAX_FILTERS} filters per event source mapping (Lambda's default quota), not ${patterns.length}`);
  const dataKey = DATA_KEY[source];
  const trees = patterns.map((pattern, i) => compilePattern(pattern, i, dataKey, source));
  return {
    matches(record) {
      const view = new RecordView(record as Readonly<Record<string, unknown>>, dataKey);
      return trees.some((tree) => evaluate(tree, view));
    },
  };
}

function compilePattern(pattern: string, index: number, dataKey: string, source: FilterSource): Node {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new FilterCriteriaError(`the pattern is ${pattern.length} characters; at most ${MAX_PATTERN_LENGTH} (Filter.Pattern)`, index);
  let fields: Field[];
  try {
    fields = parsePolicy(pattern);
  } catch (e) {
    if (!(e instanceof FilterPolicyError)) throw e;
    // The parser words its errors for SNS (Jackson's location suffix); a pattern is one line of a file here.
    const detail = e.detail.replace(/^Filter policy/, 'The pattern').replace(/\n at \[Source: [^\]]*; line: (\d+), column: (\d+)\]$/, ' (line $1, column $2)');
    throw new FilterCriteriaError(`Invalid filter pattern definition. ${detail}`, index);
  }
  const tree = build(fields, []);
  if (source === 'kinesis' && uses(tree, 'plain')) {
    throw new FilterCriteriaError(`Invalid filter pattern definition. The filter pattern for "${dataKey}" must be in a valid JSON format (an object of keys), not rules on the data as a string`, index);
  }
  return tree;

  function build(list: readonly Field[], prefix: readonly string[]): Node {
    return {
      kind: 'all',
      nodes: list.map((f): Node => {
        if (f.kind === 'or') return { kind: 'any', nodes: f.alternatives.map((a) => build(a, prefix)) };
        if (f.kind === 'nested') return build(f.fields, [...prefix, f.key]);
        const path = [...prefix, f.key];
        const data: DataUse = path[0] !== dataKey ? 'none' : path.length === 1 ? 'plain' : 'json';
        return { kind: 'rule', policy: { scope: 'MessageBody', branches: [[{ path, conditions: f.conditions }]] }, data };
      }),
    };
  }
}

function uses(node: Node, data: DataUse): boolean {
  return node.kind === 'rule' ? node.data === data : node.nodes.some((n) => uses(n, data));
}

function evaluate(node: Node, view: RecordView): boolean {
  switch (node.kind) {
    case 'all':
      return node.nodes.every((n) => evaluate(n, view));
    case 'any':
      return node.nodes.some((n) => evaluate(n, view));
    case 'rule':
      // A body of the other format than the rule expects drops the record (SQS's table).
      if (node.data === 'plain' && view.dataIsJson()) return false;
      if (node.data === 'json' && !view.dataIsJson()) return false;
      return matchesPolicy(node.policy, view);
  }
}

/** A record as the SNS matcher's source: keys looked up in the record, the data key's JSON parsed once, when first needed. */
class RecordView implements MatchSource {
  readonly any = true;
  private json: { readonly ok: boolean; readonly value?: unknown } | undefined;

  constructor(
    private readonly record: Readonly<Record<string, unknown>>,
    private readonly dataKey: string,
  ) {}

  dataIsJson(): boolean {
    return this.parsed().ok;
  }

  lookup(path: readonly string[]): { present: boolean; values: Scalar[] } {
    if (path[0] !== this.dataKey) return leaves(this.record, path);
    const data = this.record[this.dataKey];
    if (path.length === 1) return typeof data === 'string' ? { present: true, values: [data] } : leaves(this.record, path);
    const json = this.parsed();
    return json.ok ? leaves(json.value, path.slice(1)) : { present: false, values: [] };
  }

  private parsed(): { readonly ok: boolean; readonly value?: unknown } {
    if (this.json === undefined) {
      const data = this.record[this.dataKey];
      let value: unknown = data;
      if (typeof data === 'string') {
        try {
          value = JSON.parse(data);
        } catch {
          value = undefined;
        }
      }
      this.json = { ok: typeof value === 'object' && value !== null, value };
    }
    return this.json;
  }
}

/** The scalar values at a key path (arrays along the way and at the end are each of their elements); present when there is any. */
function leaves(root: unknown, path: readonly string[]): { present: boolean; values: Scalar[] } {
  let nodes: unknown[] = [root];
  for (const key of path) {
    const next: unknown[] = [];
    for (const node of nodes) {
      eachElement(node, (n) => {
        if (typeof n === 'object' && n !== null && Object.prototype.hasOwnProperty.call(n, key)) next.push((n as Record<string, unknown>)[key]);
      });
    }
    nodes = next;
  }
  const values: Scalar[] = [];
  for (const node of nodes) {
    eachElement(node, (x) => {
      if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') values.push(x);
    });
  }
  return { present: values.length > 0, values };
}

/**
 * `visit` for `x`, or for each element of `x` at any depth when it is an array, in order. A loop,
 * not recursion: a record's data may be `[[[…]]]` nested a hundred thousand deep (it parses), and
 * a filter must not throw on it.
 */
function eachElement(x: unknown, visit: (v: unknown) => void): void {
  const stack = [x];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else visit(v);
  }
}
