/**
 * AWS query protocol, request side: `application/x-www-form-urlencoded` parameters (body and URL
 * query string together) turned into an input object by walking the operation's input plan.
 *
 * Wire naming, per member (`wire` = its xmlName, else its name):
 *   scalar                      Wire=v
 *   structure                   Wire.Child=v
 *   list, flattened             Wire.1=v, Wire.2=v              (struct items: Wire.1.Child=v)
 *   list, not flattened         Wire.member.1=v                 (`member` = the list's memberName)
 *   map, flattened              Wire.1.<keyName>=k, Wire.1.<valueName>=v
 *   map, not flattened          Wire.entry.1.<keyName>=k, Wire.entry.1.<valueName>=v
 *   empty list / map            Wire=                           (what the SDKs send for [])
 * List and map indexes are 1-based and ordered numerically (1, 2, 10), gaps allowed. Several
 * members may share one wire name (SQS ReceiveMessage `AttributeName.N` feeds both
 * AttributeNames and MessageSystemAttributeNames): each member reads it independently.
 */
import { NUMBER_TEXT } from '../services/shared/number-text.js';
import { InputFault, decodeBase64, parseTimestampText, type ListPlan, type MapPlan, type MemberPlan, type Plan, type StructPlan } from './plan.js';

/** One segment of the dotted parameter names. */
export interface QNode {
  value: string | undefined;
  children: Map<string, QNode> | undefined;
}

/**
 * Reads the query parameters of a request: the URL query string first, then the form body, so a
 * body parameter wins over a URL one of the same name.
 */
export function readQueryParams(query: string, body: string | undefined): Map<string, string> {
  const params = new Map<string, string>();
  const set = (k: string, v: string): void => void params.set(k, v);
  if (query.length > 0) parseForm(query, set);
  if (body !== undefined && body.length > 0) parseForm(body, set);
  return params;
}

/**
 * The same, straight into the dotted-name tree (no intermediate map): what the dispatcher uses.
 * Top-level parameters (`Action`, `Version`, `QueueUrl` …) are read back with `param`.
 */
export function readQueryTree(query: string, body: string | undefined): QNode {
  const root: QNode = { value: undefined, children: new Map() };
  const set = (k: string, v: string): void => insert(root, k, v);
  if (query.length > 0) parseForm(query, set);
  if (body !== undefined && body.length > 0) parseForm(body, set);
  return root;
}

/** The value of a top-level parameter (a name without dots). */
export function param(root: QNode, name: string): string | undefined {
  return root.children?.get(name)?.value;
}

/** Sets a parameter the request did not send (dotted names allowed); one it did send is kept. */
export function setParamIfAbsent(root: QNode, name: string, value: string): void {
  let node: QNode | undefined = root;
  for (const seg of name.split('.')) node = node?.children?.get(seg);
  if (node?.value === undefined) insert(root, name, value);
}

/**
 * `application/x-www-form-urlencoded` parsing with exactly URLSearchParams' results (`+` and `%20`
 * are spaces, percent-escapes are UTF-8, pairs come in order so a later duplicate wins), and 2–3×
 * faster on large bodies: components without `%` or `+` are used as they are, the rest go
 * through the native decodeURIComponent, and anything it rejects (malformed escapes, invalid
 * UTF-8) is handed to URLSearchParams itself, whose lenient decoding is the reference.
 */
export function parseForm(s: string, set: (key: string, value: string) => void): void {
  const n = s.length;
  let start = 0;
  while (start < n) {
    let amp = s.indexOf('&', start);
    if (amp < 0) amp = n;
    if (amp > start) {
      const eq = s.indexOf('=', start);
      if (eq < 0 || eq > amp) set(decodeComponent(s.slice(start, amp)), '');
      else set(decodeComponent(s.slice(start, eq)), decodeComponent(s.slice(eq + 1, amp)));
    }
    start = amp + 1;
  }
}

const PLUS = /\+/g;

function decodeComponent(c: string): string {
  // indexOf is far faster than a regex scan on long values (message bodies)
  const plus = c.indexOf('+') >= 0;
  if (!plus && c.indexOf('%') < 0) return c;
  try {
    return decodeURIComponent(plus ? c.replace(PLUS, ' ') : c);
  } catch {
    return new URLSearchParams(`a=${c}`).get('a')!;
  }
}

/** Builds the dotted-name tree of all parameters (Action, Version etc. included; the plan ignores them). */
export function buildTree(params: ReadonlyMap<string, string>): QNode {
  const root: QNode = { value: undefined, children: new Map() };
  for (const [key, value] of params) insert(root, key, value);
  return root;
}

/**
 * No input member of a query API is more than 8 segments deep (SNS PublishBatch's
 * `PublishBatchRequestEntries.member.N.MessageAttributes.entry.N.Value.StringValue`; SQS 7, STS 4).
 * A key of more segments than this names no member: it is ignored, as any unknown parameter is,
 * without building its nodes. Those cost ~250 bytes a segment: a 14 MB body of `a.a.a…` took
 * 1.8 GB and 15 MB of dots 3.7 GB and 7 s, enough for a few requests to exhaust the process.
 */
const MAX_SEGMENTS = 64;

function tooDeep(key: string): boolean {
  let dots = 0;
  for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) if (++dots >= MAX_SEGMENTS) return true;
  return false;
}

function insert(root: QNode, key: string, value: string): void {
  if (tooDeep(key)) return;
  let node = root;
  let start = 0;
  for (;;) {
    const dot = key.indexOf('.', start);
    const seg = dot < 0 ? (start === 0 ? key : key.slice(start)) : key.slice(start, dot);
    let children = node.children;
    if (children === undefined) node.children = children = new Map();
    let next = children.get(seg);
    if (next === undefined) children.set(seg, (next = { value: undefined, children: undefined }));
    node = next;
    if (dot < 0) break;
    start = dot + 1;
  }
  node.value = value;
}

export function decodeQueryStruct(plan: StructPlan, node: QNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const children = node.children;
  const members = plan.members;
  let i = 0;
  try {
    for (; i < members.length; i++) {
      const m = members[i]!;
      const child = children?.get(m.wire);
      const v = child === undefined ? undefined : decodeMember(m, child);
      if (v === undefined) {
        if (m.required) throw new InputFault('missing');
        continue;
      }
      out[m.name] = v;
    }
  } catch (e) {
    if (e instanceof InputFault) e.at(members[i]!.wire);
    throw e;
  }
  return out;
}

function decodeMember(m: MemberPlan, node: QNode): unknown {
  const p = m.plan;
  if (p.kind === 'list') {
    if (m.flattened) return decodeItems(p, node, undefined);
    return decodeItems(p, node, p.memberName);
  }
  if (p.kind === 'map') return decodeEntries(p, node, m.flattened ? undefined : 'entry');
  return decodeValue(p, node);
}

function decodeValue(p: Plan, node: QNode): unknown {
  switch (p.kind) {
    case 'structure':
      return decodeQueryStruct(p, node);
    case 'list':
      return decodeItems(p, node, p.memberName);
    case 'map':
      return decodeEntries(p, node, 'entry');
    default:
      return node.value === undefined ? undefined : decodeScalar(p.kind, node.value);
  }
}

/** The numbered children of a node (`1`, `2`, `10` …), in numeric order. */
function numbered(node: QNode | undefined): [number, QNode][] {
  const out: [number, QNode][] = [];
  if (node?.children === undefined) return out;
  let sorted = true;
  for (const [seg, child] of node.children) {
    const n = indexOf(seg);
    if (n < 0) continue;
    if (out.length > 0 && out[out.length - 1]![0] > n) sorted = false;
    out.push([n, child]);
  }
  if (!sorted) out.sort((a, b) => a[0] - b[0]);
  return out;
}

/** A positive decimal index, or -1. */
function indexOf(seg: string): number {
  const n = seg.length;
  if (n === 0 || n > 9) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = seg.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v > 0 ? v : -1;
}

function isEmptyMarker(node: QNode): boolean {
  return node.children === undefined && node.value === '';
}

function decodeItems(p: ListPlan, node: QNode, memberName: string | undefined): unknown[] | undefined {
  if (isEmptyMarker(node)) return [];
  const holder = memberName === undefined ? node : node.children?.get(memberName);
  const items = numbered(holder);
  if (items.length === 0) return undefined;
  const out: unknown[] = new Array(items.length);
  let i = 0;
  try {
    for (; i < items.length; i++) {
      const v = decodeValue(p.item, items[i]![1]);
      if (v === undefined) throw new InputFault('missing');
      out[i] = v;
    }
  } catch (e) {
    if (e instanceof InputFault) {
      e.at(String(items[i]![0]));
      if (memberName !== undefined) e.at(memberName);
    }
    throw e;
  }
  return out;
}

function decodeEntries(p: MapPlan, node: QNode, entryName: string | undefined): Record<string, unknown> | undefined {
  if (isEmptyMarker(node)) return {};
  const holder = entryName === undefined ? node : node.children?.get(entryName);
  const entries = numbered(holder);
  if (entries.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  let i = 0;
  let part = p.keyName;
  try {
    for (; i < entries.length; i++) {
      const entry = entries[i]![1];
      part = p.keyName;
      const k = entry.children?.get(p.keyName)?.value;
      if (k === undefined) throw new InputFault('missing');
      part = p.valueName;
      const vn = entry.children?.get(p.valueName);
      const v = vn === undefined ? undefined : decodeValue(p.value, vn);
      if (v === undefined) throw new InputFault('missing');
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
  } catch (e) {
    if (e instanceof InputFault) {
      e.at(part).at(String(entries[i]![0]));
      if (entryName !== undefined) e.at(entryName);
    }
    throw e;
  }
  return out;
}

const INTEGER = /^[+-]?\d+$/;

function decodeScalar(kind: Plan['kind'], s: string): unknown {
  switch (kind) {
    case 'string':
      return s;
    case 'integer':
    case 'long':
      if (!INTEGER.test(s)) throw new InputFault('type', s, kind);
      return Number(s);
    case 'double':
      if (NUMBER_TEXT.test(s)) return Number(s);
      if (s === 'NaN' || s === 'Infinity' || s === '-Infinity') return Number(s);
      throw new InputFault('type', s, 'double');
    case 'boolean': {
      const l = s.toLowerCase();
      if (l === 'true') return true;
      if (l === 'false') return false;
      throw new InputFault('type', s, 'boolean');
    }
    case 'blob': {
      const b = decodeBase64(s);
      if (b === undefined) throw new InputFault('type', s, 'blob (base64)');
      return b;
    }
    case 'timestamp': {
      const d = parseTimestampText(s);
      if (d === undefined || Number.isNaN(d.getTime())) throw new InputFault('type', s, 'timestamp');
      return d;
    }
    default:
      return s;
  }
}
