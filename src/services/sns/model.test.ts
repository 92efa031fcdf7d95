/**
 * Cross-checks src/services/sns/model.ts against the official JS v3 client (a devDependency):
 * - the compact Smithy schema tuples `@aws-sdk/client-sns` exports (`PublishInput$`, …): operation
 *   set, input/output members and their order, types (recursively), required members, `xmlName` /
 *   `xmlFlattened` (SNS has none: lists are `member.N`, maps `entry.N`), list member names, map
 *   key/value names, and the modelled errors' `awsQueryError` code + status + fault;
 * - each command's `@throws` list in `dist-types/commands/<Op>Command.d.ts`;
 * - the `LanguageCodeString` enum.
 * The tuple reader and the shared comparisons are test/helpers/sdk-schema.ts (which documents the
 * encoding). SNS-specific here: the simple type with traits `[0, ns, name, traits, type]` (the
 * sensitive `PhoneNumber`) is compared as its type, and no structure trait is expressible.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertOperationSet,
  compareOperations,
  compareQueryErrors,
  compareThrows,
  loadSdkPackage,
  unexpressibleStructureTraits,
} from '../../../test/helpers/sdk-schema.js';
import { snsModel } from './model.js';
import { LANGUAGE_CODES } from './model-shapes.js';

const pkg = loadSdkPackage('@aws-sdk/client-sns', 'com.amazonaws.sns', 'SNSServiceException');

/** SNS's simple type with traits, `[0, ns, name, traits, type]`, compares as its type (the traits are `sensitive`). */
const simpleTypeWithTraits = (schema: unknown): unknown => (Array.isArray(schema) && schema[0] === 0 ? schema[4] : schema);

test('service metadata: query only, SNS namespace and version', () => {
  assert.equal(snsModel.service, 'sns');
  assert.equal(snsModel.apiVersion, '2010-03-31');
  assert.deepEqual([...snsModel.protocols], ['query']);
  assert.equal(snsModel.xmlNamespace, 'http://sns.amazonaws.com/doc/2010-03-31/');
});

test('the operation set is exactly the SDK operations (42)', () => {
  assertOperationSet(pkg, snsModel, 42);
});

test('every operation input/output matches the SDK schema (members, order, types, required, wire names)', () => {
  const { diffs } = compareOperations(pkg, snsModel, {
    resolve: simpleTypeWithTraits,
    checkStructure: (name, _shape, tuple, d) => unexpressibleStructureTraits(name, tuple, d),
  });
  assert.deepEqual(diffs, []);
});

test("every operation's errors are the SDK command's @throws list", () => {
  assert.deepEqual(compareThrows(pkg, snsModel), []);
});

test('every modelled SDK error has the query code, HTTP status and fault of its schema traits', () => {
  assert.ok(pkg.errors.length >= 34, `only ${pkg.errors.length} SDK errors found`);
  assert.deepEqual(compareQueryErrors(pkg, snsModel), []);
});

test('AWS-WIRE §4.2: the wire codes clients see (NotFound 404, InvalidParameter, ParameterValueInvalid, InternalError 500)', () => {
  assert.deepEqual([snsModel.errors.NotFoundException!.code, snsModel.errors.NotFoundException!.status], ['NotFound', 404]);
  assert.equal(snsModel.errors.InvalidParameterException!.code, 'InvalidParameter');
  assert.equal(snsModel.errors.InvalidParameterValueException!.code, 'ParameterValueInvalid');
  assert.deepEqual([snsModel.errors.InternalFailure!.code, snsModel.errors.InternalFailure!.status], ['InternalError', 500]);
  assert.equal(snsModel.errors.ValidationError!.code, 'ValidationError');
});

test('LanguageCodeString values are the SDK enum', () => {
  assert.deepEqual([...LANGUAGE_CODES].sort(), Object.values(pkg.sdk.LanguageCodeString as Record<string, string>).sort());
});
