/**
 * Cross-checks the Kinesis model (model*.ts) against the official JS v3 client (a devDependency):
 * - the compact Smithy schema tuples `@aws-sdk/client-kinesis` exports (`PutRecordsInput$`, …):
 *   the operation set, input/output members and their order, types (recursively), required
 *   members, unions / event streams, and the modelled errors' client/server fault;
 * - each command's `@throws` list in `dist-types/commands/<Op>Command.d.ts`;
 * - the enums (`ShardIteratorType`, …) and, through the `dist-types/models/models_0.d.ts`
 *   interfaces, which members are typed with which enum.
 *
 * The tuple reader and the shared comparisons are test/helpers/sdk-schema.ts (which documents the
 * encoding). Kinesis-specific here: unions `[4, …]` compare as structures and must be marked
 * `union`, `streaming` structures must be marked `eventStream`; errors are JSON-protocol errors
 * (own name as code, 400/500 by fault); enums are matched through the models_0.d.ts interfaces.
 * Each check collects "<where>: <what>" lines and asserts the list is empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StructureShape } from '../shared/shapes.js';
import {
  assertOperationSet,
  compareOperations,
  compareThrows,
  loadSdkPackage,
  modelStructures,
  traitsOf,
} from '../../../test/helpers/sdk-schema.js';
import { kinesisModel } from './model.js';

const pkg = loadSdkPackage('@aws-sdk/client-kinesis', 'com.amazonaws.kinesis', 'KinesisServiceException');
const sdk = pkg.sdk;

/** Unions and event streams: the tuple kind 4 is a union, the `streaming` trait an event stream. */
function checkUnionAndStream(name: string, shape: StructureShape, tuple: unknown[], diffs: string[]): void {
  const union = tuple[0] === 4;
  const streaming = traitsOf(tuple[3], name).streaming === 1;
  if (union !== (shape.union === true)) diffs.push(`${name}: union expected ${union}, model has ${shape.union === true}`);
  if (streaming !== (shape.eventStream === true)) {
    diffs.push(`${name}: eventStream expected ${streaming}, model has ${shape.eventStream === true}`);
  }
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
  assertOperationSet(pkg, kinesisModel, 45);
});

test('every operation input/output matches the SDK schema (members, order, types, required, unions)', () => {
  const compared = compareOperations(pkg, kinesisModel, { structureKinds: [4], checkStructure: checkUnionAndStream });
  assert.ok(compared.structuresCompared > 100, `only ${compared.structuresCompared} structures compared`);
  assert.deepEqual(compared.diffs, []);
});

test("every operation's errors are the SDK command's @throws list, each in the error table", () => {
  assert.deepEqual(compareThrows(pkg, kinesisModel), []);
});

test('every modelled SDK error is in the table with status 400 (client) or 500 (server) and its own name as code', () => {
  assert.ok(pkg.errors.length >= 17, `only ${pkg.errors.length} SDK errors found`);
  const diffs: string[] = [];
  for (const [name, tuple] of pkg.errors) {
    const fault = traitsOf(tuple[3], name).error === 'server' ? 'Receiver' : 'Sender';
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
  const dts = readFileSync(join(pkg.dir, 'dist-types', 'models', 'models_0.d.ts'), 'utf8');
  const interfaces = new Map<string, Map<string, string>>();
  for (const m of dts.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const members = new Map<string, string>();
    for (const mm of m[2]!.matchAll(/\n {4}(\w+)\??: (\w+)(?:\[\])? \| undefined;/g)) members.set(mm[1]!, mm[2]!);
    interfaces.set(m[1]!.replace(/^_/, ''), members);
  }
  const diffs: string[] = [];
  let checked = 0;
  for (const [name, struct] of modelStructures(Object.values(kinesisModel.operations).flatMap((op) => [op.input, op.output]))) {
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
