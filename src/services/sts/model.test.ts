/**
 * Cross-checks src/services/sts/model.ts against the official JS v3 client (a devDependency): the
 * operation set, every input/output structure (members, order, types, required), each command's
 * `@throws` list, and the modelled errors' `awsQueryError` code + status (test/helpers/sdk-schema.ts).
 * STS-specific: the sensitive simple types (`[0, ns, name, 8, type]`: secrets, tokens, SAML
 * assertions) compare as their type, and the one sensitive structure trait (`8`,
 * TrustedIdentityPropagationContext) is a flag the model does not need (nothing is logged).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertOperationSet, compareOperations, compareQueryErrors, compareThrows, loadSdkPackage, unexpressibleStructureTraits } from '../../../test/helpers/sdk-schema.js';
import { stsModel } from './model.js';

const pkg = loadSdkPackage('@aws-sdk/client-sts', 'com.amazonaws.sts', 'STSServiceException');

const simpleTypeWithTraits = (schema: unknown): unknown => (Array.isArray(schema) && schema[0] === 0 ? schema[4] : schema);
/** The structure-level `sensitive` bit (8) is the only numeric trait; anything else must be expressible. */
const SENSITIVE = 8;

test('service metadata: query only, STS namespace and version', () => {
  assert.equal(stsModel.service, 'sts');
  assert.equal(stsModel.apiVersion, '2011-06-15');
  assert.deepEqual([...stsModel.protocols], ['query']);
  assert.equal(stsModel.xmlNamespace, 'https://sts.amazonaws.com/doc/2011-06-15/');
});

test('the operation set is exactly the SDK operations (12)', () => {
  assertOperationSet(pkg, stsModel, 12);
});

test('every operation input/output matches the SDK schema (members, order, types, required)', () => {
  const { diffs } = compareOperations(pkg, stsModel, {
    resolve: simpleTypeWithTraits,
    checkStructure: (name, _shape, tuple, d) => {
      if (tuple[3] !== SENSITIVE) unexpressibleStructureTraits(name, tuple, d);
    },
  });
  assert.deepEqual(diffs, []);
});

test("every operation's errors are the SDK command's @throws list", () => {
  assert.deepEqual(compareThrows(pkg, stsModel), []);
});

test('every modelled SDK error has the query code, HTTP status and fault of its schema traits', () => {
  assert.ok(pkg.errors.length >= 15, `only ${pkg.errors.length} SDK errors found`);
  assert.deepEqual(compareQueryErrors(pkg, stsModel), []);
});
