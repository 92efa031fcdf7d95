/**
 * Reads the compact Smithy "schema tuples" the official JS v3 clients (`@aws-sdk/client-*`)
 * export, and compares a Switchyard `ServiceModel` with them. Used by the model cross-check tests
 * (src/services/{sqs,sns,kinesis}/model.test.ts); each keeps its service-specific checks.
 *
 * Schema tuple encoding (as read from dist-es/schemas/schemas_0.js, @smithy/core schema):
 *   numbers: 0 string, 1 numeric (integer/long/double alike), 2 boolean, 4–7 timestamp,
 *            21/42 blob, 15 document, 17/19 big int/decimal; 64|n list of n; 128|n map string→n
 *   [0, ns, name, traits, schema]             simple type with traits (SNS: the sensitive PhoneNumber)
 *   [1, ns, name, traits, member]             list
 *   [2, ns, name, traits, key, value]         map
 *   [3, ns, name, traits, names, schemas, r]  structure; the first r members are required
 *   [-3, ns, name, traits, names, schemas]    error structure (traits: awsQueryError, httpError, error)
 *   [4, ns, name, traits, names, schemas]     union (Kinesis event streams: traits { streaming: 1 })
 *   [9, ns, name, traits, input, output]      operation ("unit" = no input/output)
 *   a member is `schema` or `[schema, traits]`; schema references may be thunks; traits are an
 *   object or 0. Exported names are the shape name plus `$` (`SendMessageRequest$`).
 * Errors an operation may raise are not in the schema; they are the `@throws {@link X}` lines of
 * `dist-types/commands/<Op>Command.d.ts`.
 *
 * Every comparison collects differences as "<where>: <what> expected …, model has …" lines (the
 * caller asserts the list is empty), so a failure names each member that differs.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ListShape, MapShape, ServiceModel, Shape, StructureShape } from '../../src/services/shared/shapes.js';

const require = createRequire(import.meta.url);

export type Traits = Record<string, unknown>;

export const deref = (ref: unknown): unknown => (typeof ref === 'function' ? (ref as () => unknown)() : ref);

export const fmt = (v: unknown): string => (v === undefined ? '(none)' : JSON.stringify(v));

export function traitsOf(t: unknown, where: string): Traits {
  if (t === 0 || t === undefined) return {};
  if (typeof t === 'object' && t !== null) return t as Traits;
  throw new Error(`${where}: unsupported trait encoding ${JSON.stringify(t)} (SDK schema format changed?)`);
}

/** Split a member reference into its schema and its member traits. */
export function splitMember(ref: unknown, where: string): { schema: unknown; traits: Traits } {
  const r = deref(ref);
  if (Array.isArray(r) && r.length === 2) return { schema: deref(r[0]), traits: traitsOf(r[1], where) };
  return { schema: r, traits: {} };
}

// ---------------------------------------------------------------------------------------------
// The package

export interface SdkPackage {
  /** The module's exports. */
  readonly sdk: Record<string, unknown>;
  /** Its directory (for dist-types). */
  readonly dir: string;
  /** Operations: exported `X$` tuples of kind 9, sorted. */
  readonly operations: readonly string[];
  /** Modelled errors: exported `X$` tuples of kind -3 in the service namespace. */
  readonly errors: readonly (readonly [string, unknown[]])[];
  /** The exported tuple `name$` (asserts it exists). */
  tuple(name: string): unknown[];
  /** The `@throws` list of `<operation>Command` (without the service's base exception). */
  throws(operation: string): string[];
}

/**
 * @param pkg e.g. `@aws-sdk/client-sqs`
 * @param namespace the Smithy namespace of its errors, e.g. `com.amazonaws.sqs`
 * @param baseException the service's base exception, left out of `@throws`, e.g. `SQSServiceException`
 */
export function loadSdkPackage(pkg: string, namespace: string, baseException: string): SdkPackage {
  const sdk: Record<string, unknown> = require(pkg);
  const dir = dirname(require.resolve(`${pkg}/package.json`));
  return {
    sdk,
    dir,
    operations: Object.entries(sdk)
      .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === 9)
      .map(([k]) => k.slice(0, -1))
      .sort(),
    errors: Object.entries(sdk)
      .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === -3 && v[1] === namespace)
      .map(([k, v]) => [k.slice(0, -1), v as unknown[]] as const),
    tuple(name) {
      const v = sdk[`${name}$`];
      assert.ok(Array.isArray(v), `${pkg} exports no schema ${name}$`);
      return v as unknown[];
    },
    throws(operation) {
      const text = readFileSync(join(dir, 'dist-types', 'commands', `${operation}Command.d.ts`), 'utf8');
      return [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]!).filter((e) => e !== baseException);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shapes

export interface CompareOptions {
  /**
   * Service-specific schema forms, turned into the standard ones before comparing: SNS passes
   * the simple type with traits `[0, …, schema]` as its `schema`.
   */
  readonly resolve?: (schema: unknown) => unknown;
  /** Tuple kinds (besides 3 and -3) that the model represents as structures: Kinesis unions (4). */
  readonly structureKinds?: readonly number[];
  /**
   * Checks the structure-level traits (and anything else per structure, e.g. union / event
   * stream); called once per structure name. Required: each service says which traits it models.
   */
  readonly checkStructure: (name: string, shape: StructureShape, tuple: unknown[], diffs: string[]) => void;
}

/** For `checkStructure`: structure traits the model cannot express (`allowed` may be `xmlName` = own name). */
export function unexpressibleStructureTraits(
  name: string,
  tuple: unknown[],
  diffs: string[],
  allowed: (trait: string, value: unknown) => boolean = () => false,
): void {
  for (const [k, v] of Object.entries(traitsOf(tuple[3], name))) {
    if (!allowed(k, v)) diffs.push(`${name}: structure trait ${k}=${fmt(v)} is not expressible in the model`);
  }
}

const NUMERIC_TYPES = new Set(['integer', 'long', 'double']);
const KNOWN_MEMBER_TRAITS = new Set(['xmlName', 'xmlFlattened']);

export const modelKind = (shape: Shape): string => (NUMERIC_TYPES.has(shape.type) ? 'numeric' : shape.type);

/**
 * Compares model shapes with SDK schemas, recursively: types, list member names, map key/value
 * names, structure names, members and their order, required, `xmlName`, `xmlFlattened` (and flags
 * member traits it does not check). Each structure is compared once in full (shared shapes recur
 * under many operations); `structuresCompared` counts them.
 */
export class SchemaComparer {
  readonly diffs: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly options: CompareOptions) {}

  get structuresCompared(): number {
    return this.seen.size;
  }

  /** The SDK kind of a schema: what the model's `type` must correspond to. */
  sdkKind(schema: unknown, where: string): string {
    if (typeof schema === 'number') {
      if (schema === 0) return 'string';
      if (schema === 1) return 'numeric';
      if (schema === 2) return 'boolean';
      if (schema >= 4 && schema <= 7) return 'timestamp';
      if (schema === 21 || schema === 42) return 'blob';
      if (schema >= 64 && schema < 128) return 'list';
      if (schema >= 128 && schema <= 255) return 'map';
      throw new Error(`${where}: unsupported simple schema ${schema}`);
    }
    if (Array.isArray(schema)) {
      if (schema[0] === 1) return 'list';
      if (schema[0] === 2) return 'map';
      if (schema[0] === 3 || schema[0] === -3 || this.options.structureKinds?.includes(schema[0] as number)) return 'structure';
    }
    throw new Error(`${where}: unsupported schema ${JSON.stringify(schema)}`);
  }

  shape(where: string, shape: Shape, rawSchema: unknown): void {
    const schema = this.options.resolve ? this.options.resolve(rawSchema) : rawSchema;
    const kind = this.sdkKind(schema, where);
    if (kind !== modelKind(shape)) {
      this.diffs.push(`${where}: type expected ${kind}, model has ${shape.type}`);
      return;
    }
    if (shape.type === 'list') this.list(where, shape, schema);
    else if (shape.type === 'map') this.map(where, shape, schema);
    else if (shape.type === 'structure') this.structure(where, shape, schema as unknown[]);
  }

  private list(where: string, shape: ListShape, schema: unknown): void {
    const { schema: item, traits } =
      typeof schema === 'number' ? { schema: schema & 63, traits: {} as Traits } : splitMember((schema as unknown[])[4], `${where}[]`);
    if (traits.xmlName !== shape.memberName) {
      this.diffs.push(`${where}[]: list member name expected ${fmt(traits.xmlName)}, model has ${fmt(shape.memberName)}`);
    }
    this.shape(`${where}[]`, shape.member, item);
  }

  private map(where: string, shape: MapShape, schema: unknown): void {
    let key: { schema: unknown; traits: Traits } = { schema: 0, traits: {} };
    let value: { schema: unknown; traits: Traits };
    if (typeof schema === 'number') {
      value = { schema: schema & 127, traits: {} };
    } else {
      key = splitMember((schema as unknown[])[4], `${where}{key}`);
      value = splitMember((schema as unknown[])[5], `${where}{value}`);
    }
    if (key.traits.xmlName !== shape.keyName) {
      this.diffs.push(`${where}: map keyName expected ${fmt(key.traits.xmlName)}, model has ${fmt(shape.keyName)}`);
    }
    if (value.traits.xmlName !== shape.valueName) {
      this.diffs.push(`${where}: map valueName expected ${fmt(value.traits.xmlName)}, model has ${fmt(shape.valueName)}`);
    }
    this.shape(`${where}{key}`, shape.key, key.schema);
    this.shape(`${where}{value}`, shape.value, value.schema);
  }

  private structure(where: string, shape: StructureShape, schema: unknown[]): void {
    const diffs = this.diffs;
    const name = schema[2] as string;
    if (shape.name !== name) diffs.push(`${where}: structure name expected ${name}, model has ${shape.name}`);
    if (this.seen.has(name)) return;
    this.seen.add(name);
    this.options.checkStructure(name, shape, schema, diffs);
    const names = schema[4] as string[];
    const refs = schema[5] as unknown[];
    const requiredCount = typeof schema[6] === 'number' ? schema[6] : 0;
    const modelNames = Object.keys(shape.members);
    if (JSON.stringify(modelNames) !== JSON.stringify(names)) {
      const missing = names.filter((n) => !modelNames.includes(n));
      const extra = modelNames.filter((n) => !names.includes(n));
      diffs.push(
        `${name}: members expected [${names.join(', ')}], model has [${modelNames.join(', ')}]` +
          (missing.length ? `; missing ${missing.join(', ')}` : '') +
          (extra.length ? `; not in SDK ${extra.join(', ')}` : '') +
          (!missing.length && !extra.length ? '; order differs' : ''),
      );
    }
    names.forEach((memberName, i) => {
      const at = `${name}.${memberName}`;
      const member = shape.members[memberName];
      if (!member) return; // reported above
      const { schema: memberSchema, traits } = splitMember(refs[i], at);
      for (const k of Object.keys(traits)) {
        if (!KNOWN_MEMBER_TRAITS.has(k)) diffs.push(`${at}: SDK member trait ${k} is not checked by this test`);
      }
      const required = i < requiredCount;
      if (required !== (member.required === true)) {
        diffs.push(`${at}: required expected ${required}, model has ${member.required === true}`);
      }
      if (traits.xmlName !== member.xmlName) {
        diffs.push(`${at}: xmlName expected ${fmt(traits.xmlName)}, model has ${fmt(member.xmlName)}`);
      }
      const flattened = traits.xmlFlattened === 1 || traits.xmlFlattened === true;
      if (flattened !== (member.flattened === true)) {
        diffs.push(`${at}: flattened expected ${flattened}, model has ${member.flattened === true}`);
      }
      this.shape(at, member.shape, memberSchema);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Whole-model checks

/** Asserts the model's operation set is exactly the SDK's (and that the SDK has `count`). */
export function assertOperationSet(pkg: SdkPackage, model: ServiceModel, count: number): void {
  const sdkOps = pkg.operations;
  assert.equal(sdkOps.length, count, `SDK has ${sdkOps.length} operations: ${sdkOps.join(', ')}`);
  const modelOps = Object.keys(model.operations).sort();
  assert.deepEqual(
    { missingFromModel: sdkOps.filter((o) => !modelOps.includes(o)), notInSdk: modelOps.filter((o) => !sdkOps.includes(o)) },
    { missingFromModel: [], notInSdk: [] },
  );
  for (const [key, op] of Object.entries(model.operations)) assert.equal(op.name, key, `operations.${key}.name`);
}

/** Compares every operation's input and output with the SDK schema (operations missing from the model are skipped). */
export function compareOperations(pkg: SdkPackage, model: ServiceModel, options: CompareOptions): SchemaComparer {
  const c = new SchemaComparer(options);
  for (const name of pkg.operations) {
    const op = model.operations[name];
    if (!op) continue; // reported by the operation-set check
    const [, , , , inputRef, outputRef] = pkg.tuple(name);
    const input = deref(inputRef);
    const output = deref(outputRef);
    if (input === 'unit') c.diffs.push(`${name}: SDK input is unit, model has ${op.input.name}`);
    else c.shape(`${name} input`, op.input, input);
    if (output === 'unit') {
      if (op.output) c.diffs.push(`${name}: SDK output is unit, model has ${op.output.name}`);
    } else if (!op.output) {
      c.diffs.push(`${name}: SDK output is ${(output as unknown[])[2]}, model has none`);
    } else {
      c.shape(`${name} output`, op.output, output);
    }
  }
  return c;
}

/** Each operation's errors against its command's `@throws` list; each must be in `model.errors`. */
export function compareThrows(pkg: SdkPackage, model: ServiceModel): string[] {
  const diffs: string[] = [];
  for (const name of pkg.operations) {
    const op = model.operations[name];
    if (!op) continue;
    const expected = pkg.throws(name).sort();
    const actual = [...op.errors].sort();
    const missing = expected.filter((e) => !actual.includes(e));
    const extra = actual.filter((e) => !expected.includes(e));
    const twice = actual.filter((e, i) => actual.indexOf(e) !== i);
    if (missing.length) diffs.push(`${name}: errors missing from model: ${missing.join(', ')}`);
    if (extra.length) diffs.push(`${name}: errors not in SDK @throws: ${extra.join(', ')}`);
    if (twice.length) diffs.push(`${name}: errors listed more than once: ${twice.join(', ')}`);
    for (const e of op.errors) {
      if (!model.errors[e]) diffs.push(`${name}: error ${e} has no entry in ${model.service}Model.errors`);
    }
  }
  return diffs;
}

/**
 * Query-protocol errors (SQS, SNS): each modelled SDK error has the code and status of its
 * `awsQueryError` / `httpError` / `error` traits, its fault, and the service namespace; whatever
 * the model adds beyond the SDK is an unmodelled (coral) error and must say so.
 */
export function compareQueryErrors(pkg: SdkPackage, model: ServiceModel): string[] {
  const diffs: string[] = [];
  for (const [name, tuple] of pkg.errors) {
    const traits = traitsOf(tuple[3], name);
    const [queryCode, queryStatus] = (traits.awsQueryError as [string, number] | undefined) ?? [name, undefined];
    const status = (traits.httpError as number | undefined) ?? queryStatus ?? (traits.error === 'server' ? 500 : 400);
    const fault = traits.error === 'server' ? 'Receiver' : 'Sender';
    const m = model.errors[name];
    if (!m) {
      diffs.push(`${name}: missing from ${model.service}Model.errors`);
      continue;
    }
    if (m.code !== queryCode) diffs.push(`${name}: code expected ${queryCode}, model has ${m.code}`);
    if (m.status !== status) diffs.push(`${name}: status expected ${status}, model has ${m.status}`);
    if (queryStatus !== undefined && queryStatus !== status) {
      diffs.push(`${name}: SDK awsQueryError status ${queryStatus} differs from httpError ${status}`);
    }
    if (m.fault !== fault) diffs.push(`${name}: fault expected ${fault}, model has ${m.fault}`);
    if (m.namespace !== undefined) diffs.push(`${name}: modelled error must use the service namespace, model has ${m.namespace}`);
  }
  const sdkNames = new Set(pkg.errors.map(([n]) => n));
  for (const [name, e] of Object.entries(model.errors)) {
    if (!sdkNames.has(name) && e.namespace !== 'com.amazon.coral.service') {
      diffs.push(`${name}: not an SDK error, so it needs namespace com.amazon.coral.service`);
    }
  }
  return diffs;
}

/** Every structure reachable from `roots` (through members, list members and map values), by name, depth first. */
export function modelStructures(roots: Iterable<Shape | undefined>): Map<string, StructureShape> {
  const out = new Map<string, StructureShape>();
  const visit = (s: Shape): void => {
    if (s.type === 'list') return visit(s.member);
    if (s.type === 'map') return visit(s.value);
    if (s.type !== 'structure' || out.has(s.name)) return;
    out.set(s.name, s);
    for (const m of Object.values(s.members)) visit(m.shape);
  };
  for (const r of roots) if (r) visit(r);
  return out;
}
