/**
 * Cross-checks src/services/sns/model.ts against the official JS v3 client (a devDependency):
 * - the compact Smithy schema tuples `@aws-sdk/client-sns` exports (`PublishInput$`, …): operation
 *   set, input/output members and their order, types (recursively), required members, `xmlName` /
 *   `xmlFlattened` (SNS has none: lists are `member.N`, maps `entry.N`), list member names, map
 *   key/value names, and the modelled errors' `awsQueryError` code + status + fault;
 * - each command's `@throws` list in `dist-types/commands/<Op>Command.d.ts`;
 * - the `LanguageCodeString` enum.
 * The encoding of the tuples is described in src/services/sqs/model.test.ts; SNS adds one form:
 * a simple type with traits, `[0, ns, name, traits, type]` (the sensitive `PhoneNumber`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ListShape, MapShape, Shape, StructureShape } from '../shared/shapes.js';
import { snsModel } from './model.js';
import { LANGUAGE_CODES } from './model-shapes.js';

const require = createRequire(import.meta.url);
const sdk: Record<string, unknown> = require('@aws-sdk/client-sns');
const sdkDir = dirname(require.resolve('@aws-sdk/client-sns/package.json'));

type Traits = Record<string, unknown>;
const deref = (ref: unknown): unknown => (typeof ref === 'function' ? (ref as () => unknown)() : ref);
const fmt = (v: unknown): string => (v === undefined ? '(none)' : JSON.stringify(v));

function traitsOf(t: unknown, where: string): Traits {
  if (t === 0 || t === undefined) return {};
  if (typeof t === 'object' && t !== null) return t as Traits;
  throw new Error(`${where}: unsupported trait encoding ${JSON.stringify(t)}`);
}
function splitMember(ref: unknown, where: string): { schema: unknown; traits: Traits } {
  const r = deref(ref);
  if (Array.isArray(r) && r.length === 2) return { schema: deref(r[0]), traits: traitsOf(r[1], where) };
  return { schema: r, traits: {} };
}

/** The SDK kind of a schema, comparable with the model's `type` (numbers collapse to "numeric"). */
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
    if (schema[0] === 0) return sdkKind(schema[4], where); // simple type with traits (sensitive)
    if (schema[0] === 1) return 'list';
    if (schema[0] === 2) return 'map';
    if (schema[0] === 3 || schema[0] === -3) return 'structure';
  }
  throw new Error(`${where}: unsupported schema ${JSON.stringify(schema)}`);
}
const modelKind = (shape: Shape): string => (['integer', 'long', 'double'].includes(shape.type) ? 'numeric' : shape.type);

function compareShape(where: string, shape: Shape, schema: unknown, diffs: string[], seen: Set<string>): void {
  const kind = sdkKind(schema, where);
  if (kind !== modelKind(shape)) return void diffs.push(`${where}: type expected ${kind}, model has ${shape.type}`);
  if (shape.type === 'list') compareList(where, shape, schema, diffs, seen);
  else if (shape.type === 'map') compareMap(where, shape, schema, diffs, seen);
  else if (shape.type === 'structure') compareStructure(where, shape, schema as unknown[], diffs, seen);
}

function compareList(where: string, shape: ListShape, schema: unknown, diffs: string[], seen: Set<string>): void {
  const { schema: item, traits } = typeof schema === 'number' ? { schema: schema & 63, traits: {} as Traits } : splitMember((schema as unknown[])[4], `${where}[]`);
  if (traits.xmlName !== shape.memberName) diffs.push(`${where}[]: member name expected ${fmt(traits.xmlName)}, model has ${fmt(shape.memberName)}`);
  compareShape(`${where}[]`, shape.member, item, diffs, seen);
}

function compareMap(where: string, shape: MapShape, schema: unknown, diffs: string[], seen: Set<string>): void {
  let key: { schema: unknown; traits: Traits } = { schema: 0, traits: {} };
  let value: { schema: unknown; traits: Traits };
  if (typeof schema === 'number') value = { schema: schema & 127, traits: {} };
  else {
    key = splitMember((schema as unknown[])[4], `${where}{key}`);
    value = splitMember((schema as unknown[])[5], `${where}{value}`);
  }
  if (key.traits.xmlName !== shape.keyName) diffs.push(`${where}: keyName expected ${fmt(key.traits.xmlName)}, model has ${fmt(shape.keyName)}`);
  if (value.traits.xmlName !== shape.valueName) diffs.push(`${where}: valueName expected ${fmt(value.traits.xmlName)}, model has ${fmt(shape.valueName)}`);
  compareShape(`${where}{key}`, shape.key, key.schema, diffs, seen);
  compareShape(`${where}{value}`, shape.value, value.schema, diffs, seen);
}

function compareStructure(where: string, shape: StructureShape, schema: unknown[], diffs: string[], seen: Set<string>): void {
  const name = schema[2] as string;
  if (shape.name !== name) diffs.push(`${where}: structure name expected ${name}, model has ${shape.name}`);
  if (seen.has(name)) return;
  seen.add(name);
  if (Object.keys(traitsOf(schema[3], name)).length > 0) diffs.push(`${name}: structure traits ${fmt(schema[3])} are not expressible in the model`);
  const names = schema[4] as string[];
  const refs = schema[5] as unknown[];
  const requiredCount = typeof schema[6] === 'number' ? schema[6] : 0;
  const modelNames = Object.keys(shape.members);
  if (JSON.stringify(modelNames) !== JSON.stringify(names)) diffs.push(`${name}: members expected [${names.join(', ')}], model has [${modelNames.join(', ')}]`);
  names.forEach((memberName, i) => {
    const at = `${name}.${memberName}`;
    const member = shape.members[memberName];
    if (!member) return;
    const { schema: memberSchema, traits } = splitMember(refs[i], at);
    for (const k of Object.keys(traits)) if (k !== 'xmlName' && k !== 'xmlFlattened') diffs.push(`${at}: member trait ${k} is not checked`);
    if ((i < requiredCount) !== (member.required === true)) diffs.push(`${at}: required expected ${i < requiredCount}`);
    if (traits.xmlName !== member.xmlName) diffs.push(`${at}: xmlName expected ${fmt(traits.xmlName)}, model has ${fmt(member.xmlName)}`);
    const flattened = traits.xmlFlattened === 1 || traits.xmlFlattened === true;
    if (flattened !== (member.flattened === true)) diffs.push(`${at}: flattened expected ${flattened}`);
    compareShape(at, member.shape, memberSchema, diffs, seen);
  });
}

const sdkOperations = Object.entries(sdk)
  .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === 9)
  .map(([k]) => k.slice(0, -1))
  .sort();
const sdkErrors = Object.entries(sdk)
  .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === -3 && v[1] === 'com.amazonaws.sns')
  .map(([k, v]) => [k.slice(0, -1), v as unknown[]] as const);

test('service metadata: query only, SNS namespace and version', () => {
  assert.equal(snsModel.service, 'sns');
  assert.equal(snsModel.apiVersion, '2010-03-31');
  assert.deepEqual([...snsModel.protocols], ['query']);
  assert.equal(snsModel.xmlNamespace, 'http://sns.amazonaws.com/doc/2010-03-31/');
});

test('the operation set is exactly the SDK operations (42)', () => {
  assert.equal(sdkOperations.length, 42, sdkOperations.join(', '));
  assert.deepEqual(Object.keys(snsModel.operations).sort(), sdkOperations);
  for (const [key, o] of Object.entries(snsModel.operations)) assert.equal(o.name, key);
});

test('every operation input/output matches the SDK schema (members, order, types, required, wire names)', () => {
  const diffs: string[] = [];
  const seen = new Set<string>();
  for (const name of sdkOperations) {
    const o = snsModel.operations[name]!;
    const t = sdk[`${name}$`] as unknown[];
    const input = deref(t[4]);
    const output = deref(t[5]);
    compareShape(`${name} input`, o.input, input, diffs, seen);
    if (output === 'unit') {
      if (o.output) diffs.push(`${name}: SDK output is unit, model has ${o.output.name}`);
    } else if (!o.output) diffs.push(`${name}: SDK output is ${(output as unknown[])[2]}, model has none`);
    else compareShape(`${name} output`, o.output, output, diffs, seen);
  }
  assert.deepEqual(diffs, []);
});

test("every operation's errors are the SDK command's @throws list", () => {
  const diffs: string[] = [];
  for (const name of sdkOperations) {
    const text = readFileSync(join(sdkDir, 'dist-types', 'commands', `${name}Command.d.ts`), 'utf8');
    const expected = [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]!).filter((e) => e !== 'SNSServiceException').sort();
    const actual = [...new Set(snsModel.operations[name]!.errors)].sort();
    if (JSON.stringify(expected) !== JSON.stringify(actual)) diffs.push(`${name}: expected ${expected.join(',')}, model has ${actual.join(',')}`);
    for (const e of actual) if (!snsModel.errors[e]) diffs.push(`${name}: error ${e} has no entry in snsModel.errors`);
  }
  assert.deepEqual(diffs, []);
});

test('every modelled SDK error has the query code, HTTP status and fault of its schema traits', () => {
  assert.ok(sdkErrors.length >= 34, `only ${sdkErrors.length} SDK errors found`);
  const diffs: string[] = [];
  for (const [name, tuple] of sdkErrors) {
    const traits = traitsOf(tuple[3], name);
    const [code, queryStatus] = (traits.awsQueryError as [string, number] | undefined) ?? [name, undefined];
    const status = (traits.httpError as number | undefined) ?? queryStatus ?? (traits.error === 'server' ? 500 : 400);
    const fault = traits.error === 'server' ? 'Receiver' : 'Sender';
    const m = snsModel.errors[name];
    if (!m) diffs.push(`${name}: missing`);
    else if (m.code !== code || m.status !== status || m.fault !== fault || m.namespace !== undefined) {
      diffs.push(`${name}: expected ${code}/${status}/${fault}, model has ${m.code}/${m.status}/${m.fault}${m.namespace ? ` ns ${m.namespace}` : ''}`);
    }
  }
  const sdkNames = new Set(sdkErrors.map(([n]) => n));
  for (const [name, e] of Object.entries(snsModel.errors)) {
    if (!sdkNames.has(name) && e.namespace !== 'com.amazon.coral.service') diffs.push(`${name}: unmodelled, needs the coral namespace`);
  }
  assert.deepEqual(diffs, []);
});

test('AWS-WIRE §4.2: the wire codes clients see (NotFound 404, InvalidParameter, ParameterValueInvalid, InternalError 500)', () => {
  assert.deepEqual([snsModel.errors.NotFoundException!.code, snsModel.errors.NotFoundException!.status], ['NotFound', 404]);
  assert.equal(snsModel.errors.InvalidParameterException!.code, 'InvalidParameter');
  assert.equal(snsModel.errors.InvalidParameterValueException!.code, 'ParameterValueInvalid');
  assert.deepEqual([snsModel.errors.InternalFailure!.code, snsModel.errors.InternalFailure!.status], ['InternalError', 500]);
  assert.equal(snsModel.errors.ValidationError!.code, 'ValidationError');
});

test('LanguageCodeString values are the SDK enum', () => {
  assert.deepEqual([...LANGUAGE_CODES].sort(), Object.values(sdk.LanguageCodeString as Record<string, string>).sort());
});
