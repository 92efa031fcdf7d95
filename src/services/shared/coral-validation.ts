import type { ListShape, MapShape, Shape, StructureShape } from './shapes.js';

/**
 * Model constraints checked the way AWS's JSON services ("coral": Kinesis, DynamoDB, …) check
 * them, with their wording: every violation of an input becomes one clause
 *
 *   Value '<value>' at '<path>' failed to satisfy constraint: Member must <…>
 *
 * and the service answers ValidationException "<n> validation error(s) detected: <clause>; <clause>"
 * (kinesalite reproduced these against real Kinesis; AWS-WIRE §3.6). Paths use the lower-camel
 * member names, list items as `records.1.member`, map values as `tags.<key>.member`. Members are
 * visited in alphabetical order and at most 10 violations are reported, as coral does.
 *
 * Missing required members are the decoder's business (InputErrors.missing); this only looks at
 * values that are present. Decoded forms: strings, numbers, Buffers, Dates, arrays, objects.
 */

export interface CoralValidationOptions {
  /** Java package AWS prints for structure values, e.g. `com.amazonaws.kinesis.v20131202`. */
  readonly javaPackage: string;
  readonly max?: number;
}

const sortedMembers = new WeakMap<StructureShape, [string, Shape][]>();
const patterns = new Map<string, RegExp>();

function membersOf(s: StructureShape): [string, Shape][] {
  let m = sortedMembers.get(s);
  if (!m) {
    m = Object.entries(s.members)
      .map(([k, v]) => [k, v.shape] as [string, Shape])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    sortedMembers.set(s, m);
  }
  return m;
}

function regex(pattern: string): RegExp {
  let r = patterns.get(pattern);
  if (!r) patterns.set(pattern, (r = new RegExp(`^(?:${pattern})$`, 'u')));
  return r;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** The clauses for every constraint `input` violates (empty when it is valid). */
export function coralViolations(shape: StructureShape, input: Record<string, unknown>, options: CoralValidationOptions): string[] {
  const out: string[] = [];
  walkStructure(shape, input, '', out, options);
  return out.slice(0, options.max ?? 10);
}

/** "1 validation error detected: …" / "3 validation errors detected: …; …; …" */
export function coralValidationMessage(clauses: readonly string[]): string {
  return `${clauses.length} validation error${clauses.length === 1 ? '' : 's'} detected: ${clauses.join('; ')}`;
}

function walkStructure(s: StructureShape, value: Record<string, unknown>, path: string, out: string[], o: CoralValidationOptions): void {
  for (const [name, shape] of membersOf(s)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    walk(shape, v, path === '' ? lowerFirst(name) : `${path}.${lowerFirst(name)}`, out, o);
  }
}

function walk(shape: Shape, v: unknown, path: string, out: string[], o: CoralValidationOptions): void {
  const failures = scalarFailures(shape, v);
  if (failures !== undefined) {
    for (const f of failures) out.push(clause(shape, v, path, f, o));
    return;
  }
  if (shape.type === 'structure') return walkStructure(shape, v as Record<string, unknown>, path, out, o);
  if (shape.type === 'list') return walkList(shape, v as unknown[], path, out, o);
  if (shape.type === 'map') return walkMap(shape, v as Record<string, unknown>, path, out, o);
}

function walkList(shape: ListShape, items: unknown[], path: string, out: string[], o: CoralValidationOptions): void {
  sizeFailures(shape, items.length).forEach((f) => out.push(clause(shape, items, path, f, o)));
  const item = shape.member;
  if (item.type === 'structure' || item.type === 'list' || item.type === 'map') {
    items.forEach((x, i) => x !== null && x !== undefined && walk(item, x, `${path}.${i + 1}.member`, out, o));
    return;
  }
  // Scalar items: one clause for the list, naming what each item must satisfy.
  const bad = items.some((x) => x !== null && x !== undefined && (scalarFailures(item, x) ?? []).length > 0);
  if (bad) out.push(clause(shape, items, path, `satisfy constraint: [${describe(item)}]`, o));
}

function walkMap(shape: MapShape, map: Record<string, unknown>, path: string, out: string[], o: CoralValidationOptions): void {
  const keys = Object.keys(map);
  sizeFailures(shape, keys.length).forEach((f) => out.push(clause(shape, map, path, f, o)));
  if (keys.some((k) => (scalarFailures(shape.key, k) ?? []).length > 0)) {
    out.push(`Value '${valueText(shape, map, o)}' at '${path}' failed to satisfy constraint: Map keys must satisfy constraint: [${describe(shape.key)}]`);
  }
  const value = shape.value;
  if (value.type === 'structure' || value.type === 'list' || value.type === 'map') {
    for (const k of keys) if (map[k] !== null && map[k] !== undefined) walk(value, map[k], `${path}.${k}.member`, out, o);
  } else if (keys.some((k) => map[k] !== null && map[k] !== undefined && (scalarFailures(value, map[k]) ?? []).length > 0)) {
    out.push(`Value '${valueText(shape, map, o)}' at '${path}' failed to satisfy constraint: Map value must satisfy constraint: [${describe(value)}]`);
  }
}

/** Violated constraints of a scalar (as "have length …" fragments), or undefined for non-scalars. */
function scalarFailures(shape: Shape, v: unknown): string[] | undefined {
  switch (shape.type) {
    case 'string': {
      const s = v as string;
      const f: string[] = [];
      if (shape.enum && !shape.enum.includes(s)) f.push(`satisfy enum value set: [${shape.enum.join(', ')}]`);
      if (shape.pattern !== undefined && !regex(shape.pattern).test(s)) f.push(`satisfy regular expression pattern: ${shape.pattern}`);
      return f.concat(sizeFailures(shape, s.length));
    }
    case 'blob':
      return sizeFailures(shape, (v as Uint8Array).length);
    case 'integer':
    case 'long':
    case 'double': {
      const f: string[] = [];
      if (shape.min !== undefined && (v as number) < shape.min) f.push(`have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && (v as number) > shape.max) f.push(`have value less than or equal to ${shape.max}`);
      return f;
    }
    case 'boolean':
    case 'timestamp':
      return [];
    default:
      return undefined;
  }
}

function sizeFailures(shape: { min?: number; max?: number }, n: number): string[] {
  const f: string[] = [];
  if (shape.min !== undefined && n < shape.min) f.push(`have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && n > shape.max) f.push(`have length less than or equal to ${shape.max}`);
  return f;
}

/** Every constraint of a scalar shape, as coral lists them inside "[…]" (max before min). */
function describe(shape: Shape): string {
  const parts: string[] = [];
  if ('max' in shape && shape.max !== undefined) parts.push(`Member must have length less than or equal to ${shape.max}`);
  if ('min' in shape && shape.min !== undefined) parts.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.type === 'string' && shape.pattern !== undefined) parts.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.type === 'string' && shape.enum) parts.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  return parts.join(', ');
}

function clause(shape: Shape, v: unknown, path: string, failure: string, o: CoralValidationOptions): string {
  return `Value '${valueText(shape, v, o)}' at '${path}' failed to satisfy constraint: Member must ${failure}`;
}

/** How Java prints the value: blobs as their ByteBuffer, structures as Class@hash, lists/maps Java-style. */
function valueText(shape: Shape, v: unknown, o: CoralValidationOptions): string {
  switch (shape.type) {
    case 'blob': {
      const n = (v as Uint8Array).length;
      return `java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]`;
    }
    case 'timestamp':
      return v instanceof Date ? v.toISOString() : String(v);
    case 'structure':
      return `${o.javaPackage}.${shape.name}@${javaHash(shape.name)}`;
    case 'list':
      return `[${(v as unknown[]).map((x) => valueText(shape.member, x, o)).join(', ')}]`;
    case 'map':
      return `{${Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${k}=${valueText(shape.value, x, o)}`)
        .join(', ')}}`;
    default:
      return String(v);
  }
}

/** A stable stand-in for Java's identity hash in `Class@1a2b3c4d`. */
function javaHash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
