/**
 * Cross-checks src/services/sqs/model.ts against the official JS v3 client (a devDependency):
 * - the compact Smithy schema tuples `@aws-sdk/client-sqs` exports (`SendMessageRequest$`, …):
 *   operation set, input/output members and their order, types (recursively), required members,
 *   `xmlName` / `xmlFlattened`, list member names, map key/value names, and the modelled errors'
 *   `awsQueryError` code + `httpError` status + client/server fault;
 * - each command's `@throws` list in `dist-types/commands/<Op>Command.d.ts` (the errors an
 *   operation may raise; the schema has no per-operation error list);
 * - the enums in the package's `QueueAttributeName` / `MessageSystemAttributeName` exports;
 * - the query wire names the last query-protocol client (`sqs-v3445` = @aws-sdk/client-sqs@3.445.0)
 *   actually sends, read from its `dist-cjs/protocols/Aws_query.js` serializers.
 * The tuple reader and the shared comparisons are test/helpers/sdk-schema.ts (which documents the
 * encoding); every check collects "<where>: <what> expected …, model has …" lines and asserts the
 * list is empty, so a failure names each member that differs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ListShape, MapShape, Shape, StructureShape } from '../shared/shapes.js';
import {
  assertOperationSet,
  compareOperations,
  compareQueryErrors,
  compareThrows,
  loadSdkPackage,
  modelStructures,
  unexpressibleStructureTraits,
} from '../../../test/helpers/sdk-schema.js';
import {
  MESSAGE_SYSTEM_ATTRIBUTE_NAMES,
  MESSAGE_SYSTEM_ATTRIBUTE_NAMES_FOR_SENDS,
  QUEUE_ATTRIBUTE_NAMES,
  sqsModel,
} from './model.js';

const require = createRequire(import.meta.url);
const pkg = loadSdkPackage('@aws-sdk/client-sqs', 'com.amazonaws.sqs', 'SQSServiceException');
const sdk = pkg.sdk;

// ---------------------------------------------------------------------------------------------

test('service metadata', () => {
  assert.equal(sqsModel.service, 'sqs');
  assert.equal(sqsModel.apiVersion, '2012-11-05');
  assert.deepEqual([...sqsModel.protocols], ['json', 'query']);
  assert.equal(sqsModel.targetPrefix, 'AmazonSQS');
  assert.equal(sqsModel.jsonVersion, '1.0');
  assert.equal(sqsModel.xmlNamespace, 'http://queue.amazonaws.com/doc/2012-11-05/');
  assert.equal(sqsModel.errorNamespace, 'com.amazonaws.sqs');
  assert.equal(sqsModel.queryCompatible, true);
});

test('the operation set is exactly the SDK operations (23)', () => {
  assertOperationSet(pkg, sqsModel, 23);
});

test('every operation input/output matches the SDK schema (members, order, types, required, wire names)', () => {
  const { diffs } = compareOperations(pkg, sqsModel, {
    // The only structure trait the model can carry is its own name as xmlName.
    checkStructure: (name, _shape, tuple, d) => unexpressibleStructureTraits(name, tuple, d, (k, v) => k === 'xmlName' && v === name),
  });
  assert.deepEqual(diffs, []);
});

test("every operation's errors are the SDK command's @throws list", () => {
  assert.deepEqual(compareThrows(pkg, sqsModel), []);
});

test('every modelled SDK error has the query code, HTTP status and fault of its schema traits', () => {
  assert.ok(pkg.errors.length >= 28, `only ${pkg.errors.length} SDK errors found`);
  assert.deepEqual(compareQueryErrors(pkg, sqsModel), []);
});

test('the unmodelled common errors the protocol layer and SQS domain rely on are present', () => {
  const expect = {
    InvalidParameterValueException: ['InvalidParameterValue', 400, 'Sender'],
    MissingRequiredParameterException: ['MissingParameter', 400, 'Sender'],
    AccessDeniedException: ['AccessDenied', 403, 'Sender'],
    InvalidAction: ['InvalidAction', 400, 'Sender'],
    UnknownOperationException: ['UnknownOperationException', 400, 'Sender'],
    SerializationException: ['SerializationException', 400, 'Sender'],
    InternalFailure: ['InternalError', 500, 'Receiver'],
  } as const;
  for (const [name, [code, status, fault]] of Object.entries(expect)) {
    assert.deepEqual(sqsModel.errors[name], { code, status, fault, namespace: 'com.amazon.coral.service' }, name);
  }
});

test('every SDK enum value of QueueAttributeName and MessageSystemAttributeName is in the model', () => {
  const cases = [
    ['QueueAttributeName', QUEUE_ATTRIBUTE_NAMES],
    ['MessageSystemAttributeName', MESSAGE_SYSTEM_ATTRIBUTE_NAMES],
    ['MessageSystemAttributeNameForSends', MESSAGE_SYSTEM_ATTRIBUTE_NAMES_FOR_SENDS],
  ] as const;
  const diffs: string[] = [];
  for (const [enumName, modelValues] of cases) {
    const sdkValues = Object.values(sdk[enumName] as Record<string, string>);
    assert.ok(sdkValues.length > 0, `@aws-sdk/client-sqs exports no ${enumName}`);
    const model: readonly string[] = modelValues;
    for (const v of sdkValues) if (!model.includes(v)) diffs.push(`${enumName}: ${v} missing from the model`);
    for (const v of model) if (!sdkValues.includes(v)) diffs.push(`${enumName}: model value ${v} is not in the SDK`);
  }
  // … and the shapes use those enums where the SDK types them.
  const ops = sqsModel.operations;
  const enumOf = (s: Shape | undefined) => (s?.type === 'string' ? s.enum : undefined);
  const gqa = ops.GetQueueAttributes!.input.members.AttributeNames!.shape as ListShape;
  if (enumOf(gqa.member) !== QUEUE_ATTRIBUTE_NAMES) diffs.push('GetQueueAttributesRequest.AttributeNames[] not QueueAttributeName');
  const cq = ops.CreateQueue!.input.members.Attributes!.shape as MapShape;
  if (enumOf(cq.key) !== QUEUE_ATTRIBUTE_NAMES) diffs.push('CreateQueueRequest.Attributes{key} not QueueAttributeName');
  const rm = ops.ReceiveMessage!.input.members.MessageSystemAttributeNames!.shape as ListShape;
  if (enumOf(rm.member) !== MESSAGE_SYSTEM_ATTRIBUTE_NAMES) {
    diffs.push('ReceiveMessageRequest.MessageSystemAttributeNames[] not MessageSystemAttributeName');
  }
  const messages = ops.ReceiveMessage!.output!.members.Messages!.shape as ListShape;
  const attrs = (messages.member as StructureShape).members.Attributes!.shape as MapShape;
  if (enumOf(attrs.key) !== MESSAGE_SYSTEM_ATTRIBUTE_NAMES) diffs.push('Message.Attributes{key} not MessageSystemAttributeName');
  const sm = ops.SendMessage!.input.members.MessageSystemAttributes!.shape as MapShape;
  if (enumOf(sm.key) !== MESSAGE_SYSTEM_ATTRIBUTE_NAMES_FOR_SENDS) {
    diffs.push('SendMessageRequest.MessageSystemAttributes{key} not MessageSystemAttributeNameForSends');
  }
  assert.deepEqual(diffs, []);
});

test('query wire names match what the last query-protocol client (3.445.0) sends', () => {
  const file = join(dirname(require.resolve('sqs-v3445/package.json')), 'dist-cjs', 'protocols', 'Aws_query.js');
  const source = readFileSync(file, 'utf8');
  // Request structure serializers: `const se_XRequest = (input, context) => { … };` with one
  // `if (input.Member != null) { … }` block per member naming its wire name either as
  // `entries["Wire"]` (scalar) or `` const loc = `Wire.${key.substring(…)}` `` (flattened list/map).
  const sent = new Map<string, Map<string, { wire: string; flattened: boolean }>>();
  for (const fn of source.matchAll(/const se_(\w+) = \(input, context\) => \{\n([\s\S]*?)\n\};/g)) {
    const blocks = fn[2]!.split(/\n {4}if \(input\.(\w+) != null\) \{/);
    if (blocks.length < 2) continue;
    const members = new Map<string, { wire: string; flattened: boolean }>();
    for (let i = 1; i < blocks.length; i += 2) {
      const member = blocks[i]!;
      const body = blocks[i + 1]!;
      const scalar = /entries\["(\w+)"\]/.exec(body);
      const loc = /const loc = `(\w+)\.\$\{(key\.substring)?/.exec(body);
      if (loc) members.set(member, { wire: loc[1]!, flattened: loc[2] !== undefined });
      else if (scalar) members.set(member, { wire: scalar[1]!, flattened: false });
    }
    sent.set(fn[1]!, members);
  }
  assert.ok(sent.has('SendMessageRequest'), 'could not read se_SendMessageRequest from Aws_query.js');

  // Walk every input structure of the model (recursively) and compare what the old client knows.
  const diffs: string[] = [];
  let compared = 0;
  for (const shape of modelStructures(Object.values(sqsModel.operations).map((op) => op.input)).values()) {
    const old = sent.get(shape.name);
    for (const [name, member] of Object.entries(shape.members)) {
      const o = old?.get(name);
      if (!o) continue;
      compared++;
      const wire = member.xmlName ?? name;
      if (o.wire !== wire) diffs.push(`${shape.name}.${name}: query name sent by 3.445 is ${o.wire}, model has ${wire}`);
      if (o.flattened !== (member.flattened === true)) {
        diffs.push(`${shape.name}.${name}: 3.445 sends it ${o.flattened ? '' : 'not '}flattened, model disagrees`);
      }
    }
  }
  assert.ok(compared > 60, `only ${compared} members compared; did the Aws_query.js format change?`);
  assert.deepEqual(diffs, []);
});
