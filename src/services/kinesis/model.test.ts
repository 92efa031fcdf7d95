/**
 * Cross-checks the Kinesis model (model*.ts) against the official JS v3 client (a devDependency):
 * - the compact Smithy schema tuples `@aws-sdk/client-kinesis` exports (`PutRecordsInput$`, …):
 *   the operation set, input/output members and their order, types (recursively), required
 *   members, unions / event streams, and the modelled errors' client/server fault;
 * - each command's `@throws` list in `dist-types/commands/<Op>Command.d.ts`;
 * - the enums (`ShardIteratorType`, …) and, through the `dist-types/models/models_0.d.ts`
 *   interfaces, which members are typed with which enum.
 *
 * Schema tuple encoding (see src/services/sqs/model.test.ts for the long form):
 *   0 string, 1 numeric, 2 boolean, 4–7 timestamp, 21/42 blob, 64|n list of n, 128|n map;
 *   [1 …] list, [2 …] map, [3 …] structure, [-3 …] error, [4 …] union, [9 …] operation.
 * Each check collects "<where>: <what>" lines and asserts the list is empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Shape, StructureShape } from '../shared/shapes.js';
import { kinesisModel } from './model.js';

const require = createRequire(import.meta.url);
const sdk: Record<string, unknown> = require('@aws-sdk/client-kinesis');
const sdkDir = dirname(require.resolve('@aws-sdk/client-kinesis/package.json'));

type Traits = Record<string, unknown>;
const deref = (ref: unknown): unknown => (typeof ref === 'function' ? (ref as () => unknown)() : ref);
const traitsOf = (t: unknown): Traits => (t === 0 || t === undefined ? {} : (t as Traits));

function splitMember(ref: unknown): { schema: unknown; traits: Traits } {
  const r = deref(ref);
  if (Array.isArray(r) && r.length === 2 && (typeof r[0] === 'function' || typeof r[0] === 'number') && typeof r[1] !== 'string') {
    return { schema: deref(r[0]), traits: traitsOf(r[1]) };
  }
  return { schema: r, traits: {} };
}

function sdkKind(schema: unknown, where: string): string {
  if (typeof schema === 'number') {
    if (schema === 0) return 'string';
    if (schema === 1) return 'numeric';
    if (schema === 2) return 'boolean';
    if (schema >= 4 && schema <= 7) return 'timestamp';
    if (schema === 21 || schema === 42) return 'blob';
    if (schema >= 64 && schema < 128) return 'list';
    if (schema >= 128 && schema <= 255) return 'map';
  }
  if (Array.isArray(schema)) {
    if (schema[0] === 1) return 'list';
    if (schema[0] === 2) return 'map';
    if (schema[0] === 3 || schema[0] === -3 || schema[0] === 4) return 'structure';
  }
  throw new Error(`${where}: unsupported schema ${JSON.stringify(schema)}`);
}

const modelKind = (s: Shape): string => (s.type === 'integer' || s.type === 'long' || s.type === 'double' ? 'numeric' : s.type);

function compareShape(where: string, shape: Shape, schema: unknown, diffs: string[], seen: Set<string>): void {
  const kind = sdkKind(schema, where);
  if (kind !== modelKind(shape)) {
    diffs.push(`${where}: type expected ${kind}, model has ${shape.type}`);
    return;
  }
  if (shape.type === 'list') {
    const item = typeof schema === 'number' ? schema & 63 : splitMember((schema as unknown[])[4]).schema;
    compareShape(`${where}[]`, shape.member, item, diffs, seen);
  } else if (shape.type === 'map') {
    const s = schema as unknown[] | number;
    const value = typeof s === 'number' ? s & 127 : splitMember(s[5]).schema;
    compareShape(`${where}{value}`, shape.value, value, diffs, seen);
  } else if (shape.type === 'structure') {
    compareStructure(where, shape, schema as unknown[], diffs, seen);
  }
}

function compareStructure(where: string, shape: StructureShape, schema: unknown[], diffs: string[], seen: Set<string>): void {
  const name = schema[2] as string;
  if (shape.name !== name) diffs.push(`${where}: structure name expected ${name}, model has ${shape.name}`);
  if (seen.has(name)) return;
  seen.add(name);
  const union = schema[0] === 4;
  const streaming = traitsOf(schema[3]).streaming === 1;
  if (union !== (shape.union === true)) diffs.push(`${name}: union expected ${union}`);
  if (streaming !== (shape.eventStream === true)) diffs.push(`${name}: eventStream expected ${streaming}`);
  const names = schema[4] as string[];
  const refs = schema[5] as unknown[];
  const requiredCount = typeof schema[6] === 'number' ? schema[6] : 0;
  const modelNames = Object.keys(shape.members);
  if (JSON.stringify(modelNames) !== JSON.stringify(names)) {
    diffs.push(`${name}: members expected [${names.join(', ')}], model has [${modelNames.join(', ')}]`);
  }
  names.forEach((memberName, i) => {
    const member = shape.members[memberName];
    if (!member) return;
    const { schema: memberSchema } = splitMember(refs[i]);
    const required = i < requiredCount;
    if (required !== (member.required === true)) diffs.push(`${name}.${memberName}: required expected ${required}`);
    compareShape(`${name}.${memberName}`, member.shape, memberSchema, diffs, seen);
  });
}

const sdkOperations = Object.entries(sdk)
  .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === 9)
  .map(([k]) => k.slice(0, -1))
  .sort();

const sdkErrors = Object.entries(sdk)
  .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === -3 && v[1] === 'com.amazonaws.kinesis')
  .map(([k, v]) => [k.slice(0, -1), v as unknown[]] as const);

function sdkThrows(operation: string): string[] {
  const text = readFileSync(join(sdkDir, 'dist-types', 'commands', `${operation}Command.d.ts`), 'utf8');
  return [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]!).filter((e) => e !== 'KinesisServiceException');
}

/** Every structure reachable from the model's operations, by name. */
function modelStructures(): Map<string, StructureShape> {
  const out = new Map<string, StructureShape>();
  const visit = (s: Shape): void => {
    if (s.type === 'list') return visit(s.member);
    if (s.type === 'map') return visit(s.value);
    if (s.type !== 'structure' || out.has(s.name)) return;
    out.set(s.name, s);
    for (const m of Object.values(s.members)) visit(m.shape);
  };
  for (const op of Object.values(kinesisModel.operations)) {
    visit(op.input);
    if (op.output) visit(op.output);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

test('service metadata: JSON 1.1 and CBOR, bare __type, not query-compatible', () => {
  assert.equal(kinesisModel.service, 'kinesis');
  assert.equal(kinesisModel.apiVersion, '2013-12-02');
  assert.deepEqual([...kinesisModel.protocols], ['json', 'cbor']);
  assert.equal(kinesisModel.targetPrefix, 'Kinesis_20131202');
  assert.equal(kinesisModel.jsonVersion, '1.1');
  assert.equal(kinesisModel.errorNamespace, undefined);
  assert.equal(kinesisModel.queryCompatible, undefined);
});

test('the operation set is exactly the SDK operations (45)', () => {
  assert.equal(sdkOperations.length, 45, `SDK has ${sdkOperations.length} operations: ${sdkOperations.join(', ')}`);
  const modelOps = Object.keys(kinesisModel.operations).sort();
  assert.deepEqual(
    { missingFromModel: sdkOperations.filter((o) => !modelOps.includes(o)), notInSdk: modelOps.filter((o) => !sdkOperations.includes(o)) },
    { missingFromModel: [], notInSdk: [] },
  );
  for (const [key, op] of Object.entries(kinesisModel.operations)) assert.equal(op.name, key);
});

test('every operation input/output matches the SDK schema (members, order, types, required, unions)', () => {
  const diffs: string[] = [];
  const seen = new Set<string>();
  for (const name of sdkOperations) {
    const op = kinesisModel.operations[name];
    if (!op) continue;
    const tuple = sdk[`${name}$`] as unknown[];
    const input = deref(tuple[4]);
    const output = deref(tuple[5]);
    if (input === 'unit') diffs.push(`${name}: SDK input is unit`);
    else compareShape(`${name} input`, op.input, input, diffs, seen);
    if (output === 'unit') {
      if (op.output) diffs.push(`${name}: SDK output is unit, model has ${op.output.name}`);
    } else if (!op.output) diffs.push(`${name}: SDK output is ${(output as unknown[])[2]}, model has none`);
    else compareShape(`${name} output`, op.output, output, diffs, seen);
  }
  assert.ok(seen.size > 100, `only ${seen.size} structures compared`);
  assert.deepEqual(diffs, []);
});

test("every operation's errors are the SDK command's @throws list, each in the error table", () => {
  const diffs: string[] = [];
  for (const name of sdkOperations) {
    const op = kinesisModel.operations[name];
    if (!op) continue;
    const expected = sdkThrows(name).sort();
    const actual = [...op.errors].sort();
    if (JSON.stringify(expected) !== JSON.stringify(actual)) diffs.push(`${name}: @throws [${expected}] model [${actual}]`);
    for (const e of op.errors) if (!kinesisModel.errors[e]) diffs.push(`${name}: ${e} is not in kinesisModel.errors`);
  }
  assert.deepEqual(diffs, []);
});

test('every modelled SDK error is in the table with status 400 (client) or 500 (server) and its own name as code', () => {
  assert.ok(sdkErrors.length >= 17, `only ${sdkErrors.length} SDK errors found`);
  const diffs: string[] = [];
  for (const [name, tuple] of sdkErrors) {
    const fault = traitsOf(tuple[3]).error === 'server' ? 'Receiver' : 'Sender';
    const expected = { code: name, status: fault === 'Receiver' ? 500 : 400, fault };
    const model = kinesisModel.errors[name];
    if (JSON.stringify(model) !== JSON.stringify(expected)) diffs.push(`${name}: expected ${JSON.stringify(expected)}, model has ${JSON.stringify(model)}`);
  }
  assert.deepEqual(diffs, []);
});

test('the unmodelled errors the protocol layer relies on are present, without a namespace', () => {
  for (const [name, status] of [
    ['SerializationException', 400],
    ['UnknownOperationException', 400],
    ['InternalFailure', 500],
  ] as const) {
    const e = kinesisModel.errors[name];
    assert.equal(e?.status, status, name);
    assert.equal(e?.namespace, undefined, name);
  }
  for (const e of Object.values(kinesisModel.errors)) assert.equal(e.namespace, undefined);
});

test('enum-typed members (per the SDK .d.ts) carry exactly the SDK enum values', () => {
  const dts = readFileSync(join(sdkDir, 'dist-types', 'models', 'models_0.d.ts'), 'utf8');
  const interfaces = new Map<string, Map<string, string>>();
  for (const m of dts.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const members = new Map<string, string>();
    for (const mm of m[2]!.matchAll(/\n {4}(\w+)\??: (\w+)(?:\[\])? \| undefined;/g)) members.set(mm[1]!, mm[2]!);
    interfaces.set(m[1]!.replace(/^_/, ''), members);
  }
  const diffs: string[] = [];
  let checked = 0;
  for (const [name, struct] of modelStructures()) {
    for (const [member, type] of interfaces.get(name) ?? []) {
      const values = sdk[type];
      if (typeof values !== 'object' || values === null || Array.isArray(values) || `${type}$` in sdk) continue;
      if (!Object.values(values).every((v) => typeof v === 'string')) continue;
      let shape = struct.members[member]?.shape;
      if (shape?.type === 'list') shape = shape.member;
      const modelValues = shape?.type === 'string' ? shape.enum : undefined;
      checked++;
      const want = Object.values(values as Record<string, string>).sort();
      if (JSON.stringify([...(modelValues ?? [])].sort()) !== JSON.stringify(want)) {
        diffs.push(`${name}.${member}: enum ${type} expected [${want}], model has [${modelValues ?? 'no enum'}]`);
      }
    }
  }
  assert.ok(checked >= 30, `only ${checked} enum members checked`);
  assert.deepEqual(diffs, []);
});
