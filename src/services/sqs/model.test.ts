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
 *
 * Every check collects differences as "<where>: <what> expected …, model has …" lines and
 * asserts the list is empty, so a failure names each member that differs.
 *
 * Schema tuple encoding (as read from dist-es/schemas/schemas_0.js, @smithy/core schema):
 *   numbers: 0 string, 1 numeric (integer/long/double alike), 2 boolean, 4–7 timestamp,
 *            21/42 blob, 15 document, 17/19 big int/decimal; 64|n list of n; 128|n map string→n
 *   [1, ns, name, traits, member]             list
 *   [2, ns, name, traits, key, value]         map
 *   [3, ns, name, traits, names, schemas, r]  structure; the first r members are required
 *   [-3, ns, name, traits, names, schemas]    error structure (traits: awsQueryError, httpError, error)
 *   [9, ns, name, traits, input, output]      operation ("unit" = no input/output)
 *   a member is `schema` or `[schema, traits]`; schema references may be thunks; traits are an
 *   object or 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ListShape, MapShape, Shape, StructureShape } from '../shared/shapes.js';
import {
  MESSAGE_SYSTEM_ATTRIBUTE_NAMES,
  MESSAGE_SYSTEM_ATTRIBUTE_NAMES_FOR_SENDS,
  QUEUE_ATTRIBUTE_NAMES,
  sqsModel,
} from './model.js';

const require = createRequire(import.meta.url);
const sdk: Record<string, unknown> = require('@aws-sdk/client-sqs');
const sdkDir = dirname(require.resolve('@aws-sdk/client-sqs/package.json'));

// ---------------------------------------------------------------------------------------------
// Decoding the SDK's schema tuples

type Traits = Record<string, unknown>;

const deref = (ref: unknown): unknown => (typeof ref === 'function' ? (ref as () => unknown)() : ref);

function traitsOf(t: unknown, where: string): Traits {
  if (t === 0 || t === undefined) return {};
  if (typeof t === 'object' && t !== null) return t as Traits;
  throw new Error(`${where}: unsupported trait encoding ${JSON.stringify(t)} (SDK schema format changed?)`);
}

/** Split a member reference into its schema and its member traits. */
function splitMember(ref: unknown, where: string): { schema: unknown; traits: Traits } {
  const r = deref(ref);
  if (Array.isArray(r) && r.length === 2) return { schema: deref(r[0]), traits: traitsOf(r[1], where) };
  return { schema: r, traits: {} };
}

const NUMERIC_TYPES = new Set(['integer', 'long', 'double']);
const KNOWN_MEMBER_TRAITS = new Set(['xmlName', 'xmlFlattened']);

/** The SDK kind of a schema: what the model's `type` must correspond to. */
function sdkKind(schema: unknown, where: string): string {
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
    if (schema[0] === 3 || schema[0] === -3) return 'structure';
  }
  throw new Error(`${where}: unsupported schema ${JSON.stringify(schema)}`);
}

function modelKind(shape: Shape): string {
  return NUMERIC_TYPES.has(shape.type) ? 'numeric' : shape.type;
}

/** Compare a model shape with an SDK schema, recursively; push differences onto `diffs`. */
function compareShape(where: string, shape: Shape, schema: unknown, diffs: string[], seen: Set<string>): void {
  const kind = sdkKind(schema, where);
  if (kind !== modelKind(shape)) {
    diffs.push(`${where}: type expected ${kind}, model has ${shape.type}`);
    return;
  }
  if (shape.type === 'list') {
    compareList(where, shape, schema, diffs, seen);
  } else if (shape.type === 'map') {
    compareMap(where, shape, schema, diffs, seen);
  } else if (shape.type === 'structure') {
    compareStructure(where, shape, schema as unknown[], diffs, seen);
  }
}

function compareList(where: string, shape: ListShape, schema: unknown, diffs: string[], seen: Set<string>): void {
  let item: unknown;
  let itemTraits: Traits = {};
  if (typeof schema === 'number') {
    item = schema & 63;
  } else {
    const s = schema as unknown[];
    ({ schema: item, traits: itemTraits } = splitMember(s[4], `${where}[]`));
  }
  const sdkMemberName = itemTraits.xmlName as string | undefined;
  if (sdkMemberName !== shape.memberName) {
    diffs.push(`${where}[]: list member name expected ${fmt(sdkMemberName)}, model has ${fmt(shape.memberName)}`);
  }
  compareShape(`${where}[]`, shape.member, item, diffs, seen);
}

function compareMap(where: string, shape: MapShape, schema: unknown, diffs: string[], seen: Set<string>): void {
  let key: unknown = 0;
  let value: unknown;
  let keyTraits: Traits = {};
  let valueTraits: Traits = {};
  if (typeof schema === 'number') {
    value = schema & 127;
  } else {
    const s = schema as unknown[];
    ({ schema: key, traits: keyTraits } = splitMember(s[4], `${where}{key}`));
    ({ schema: value, traits: valueTraits } = splitMember(s[5], `${where}{value}`));
  }
  if (keyTraits.xmlName !== shape.keyName) {
    diffs.push(`${where}: map keyName expected ${fmt(keyTraits.xmlName)}, model has ${fmt(shape.keyName)}`);
  }
  if (valueTraits.xmlName !== shape.valueName) {
    diffs.push(`${where}: map valueName expected ${fmt(valueTraits.xmlName)}, model has ${fmt(shape.valueName)}`);
  }
  compareShape(`${where}{key}`, shape.key, key, diffs, seen);
  compareShape(`${where}{value}`, shape.value, value, diffs, seen);
}

function compareStructure(
  where: string,
  shape: StructureShape,
  schema: unknown[],
  diffs: string[],
  seen: Set<string>,
): void {
  const name = schema[2] as string;
  if (shape.name !== name) diffs.push(`${where}: structure name expected ${name}, model has ${shape.name}`);
  // Each structure is compared once in full (shared shapes recur under many operations).
  if (seen.has(name)) return;
  seen.add(name);
  const structTraits = traitsOf(schema[3], name);
  for (const [k, v] of Object.entries(structTraits)) {
    if (!(k === 'xmlName' && v === name)) diffs.push(`${name}: structure trait ${k}=${fmt(v)} is not expressible in the model`);
  }
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
    compareShape(at, member.shape, memberSchema, diffs, seen);
  });
}

function fmt(v: unknown): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

function sdkTuple(name: string): unknown[] {
  const v = sdk[`${name}$`];
  assert.ok(Array.isArray(v), `@aws-sdk/client-sqs exports no schema ${name}$`);
  return v as unknown[];
}

/** Operations in the SDK: exported `X$` tuples whose kind is 9. */
const sdkOperations = Object.entries(sdk)
  .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === 9)
  .map(([k]) => k.slice(0, -1))
  .sort();

/** Modelled errors in the SDK: exported `X$` tuples of kind -3 in the SQS namespace. */
const sdkErrors = Object.entries(sdk)
  .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === -3 && v[1] === 'com.amazonaws.sqs')
  .map(([k, v]) => [k.slice(0, -1), v as unknown[]] as const);

function sdkThrows(operation: string): string[] {
  const file = join(sdkDir, 'dist-types', 'commands', `${operation}Command.d.ts`);
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/@throws \{@link (\w+)\}/g)]
    .map((m) => m[1]!)
    .filter((e) => e !== 'SQSServiceException');
}

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
  assert.equal(sdkOperations.length, 23, `SDK has ${sdkOperations.length} operations: ${sdkOperations.join(', ')}`);
  const modelOps = Object.keys(sqsModel.operations).sort();
  assert.deepEqual(
    {
      missingFromModel: sdkOperations.filter((o) => !modelOps.includes(o)),
      notInSdk: modelOps.filter((o) => !sdkOperations.includes(o)),
    },
    { missingFromModel: [], notInSdk: [] },
  );
  for (const [key, op] of Object.entries(sqsModel.operations)) assert.equal(op.name, key, `operations.${key}.name`);
});

test('every operation input/output matches the SDK schema (members, order, types, required, wire names)', () => {
  const diffs: string[] = [];
  const seen = new Set<string>();
  for (const name of sdkOperations) {
    const op = sqsModel.operations[name];
    if (!op) continue; // reported by the operation-set test
    const [, , , , inputRef, outputRef] = sdkTuple(name);
    const input = deref(inputRef);
    const output = deref(outputRef);
    if (input === 'unit') diffs.push(`${name}: SDK input is unit, model has ${op.input.name}`);
    else compareShape(`${name} input`, op.input, input, diffs, seen);
    if (output === 'unit') {
      if (op.output) diffs.push(`${name}: SDK output is unit, model has ${op.output.name}`);
    } else if (!op.output) {
      diffs.push(`${name}: SDK output is ${(output as unknown[])[2]}, model has none`);
    } else {
      compareShape(`${name} output`, op.output, output, diffs, seen);
    }
  }
  assert.deepEqual(diffs, []);
});

test("every operation's errors are the SDK command's @throws list", () => {
  const diffs: string[] = [];
  for (const name of sdkOperations) {
    const op = sqsModel.operations[name];
    if (!op) continue;
    const expected = sdkThrows(name).sort();
    const actual = [...op.errors].sort();
    const missing = expected.filter((e) => !actual.includes(e));
    const extra = actual.filter((e) => !expected.includes(e));
    if (missing.length) diffs.push(`${name}: errors missing from model: ${missing.join(', ')}`);
    if (extra.length) diffs.push(`${name}: errors not in SDK @throws: ${extra.join(', ')}`);
    for (const e of op.errors) {
      if (!sqsModel.errors[e]) diffs.push(`${name}: error ${e} has no entry in sqsModel.errors`);
    }
  }
  assert.deepEqual(diffs, []);
});

test('every modelled SDK error has the query code, HTTP status and fault of its schema traits', () => {
  assert.ok(sdkErrors.length >= 28, `only ${sdkErrors.length} SDK errors found`);
  const diffs: string[] = [];
  for (const [name, tuple] of sdkErrors) {
    const traits = traitsOf(tuple[3], name);
    const [queryCode, queryStatus] = (traits.awsQueryError as [string, number] | undefined) ?? [name, undefined];
    const status = (traits.httpError as number | undefined) ?? queryStatus ?? (traits.error === 'server' ? 500 : 400);
    const fault = traits.error === 'server' ? 'Receiver' : 'Sender';
    const model = sqsModel.errors[name];
    if (!model) {
      diffs.push(`${name}: missing from sqsModel.errors`);
      continue;
    }
    if (model.code !== queryCode) diffs.push(`${name}: code expected ${queryCode}, model has ${model.code}`);
    if (model.status !== status) diffs.push(`${name}: status expected ${status}, model has ${model.status}`);
    if (queryStatus !== undefined && queryStatus !== status) {
      diffs.push(`${name}: SDK awsQueryError status ${queryStatus} differs from httpError ${status}`);
    }
    if (model.fault !== fault) diffs.push(`${name}: fault expected ${fault}, model has ${model.fault}`);
    if (model.namespace !== undefined) diffs.push(`${name}: modelled error must use the service namespace`);
  }
  // Whatever the model adds beyond the SDK is an unmodelled (coral) error and must say so.
  const sdkNames = new Set(sdkErrors.map(([n]) => n));
  for (const [name, e] of Object.entries(sqsModel.errors)) {
    if (!sdkNames.has(name) && e.namespace !== 'com.amazon.coral.service') {
      diffs.push(`${name}: not an SDK error, so it needs namespace com.amazon.coral.service`);
    }
  }
  assert.deepEqual(diffs, []);
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
  const visit = (shape: Shape, seen: Set<string>): void => {
    if (shape.type === 'list') return visit(shape.member, seen);
    if (shape.type === 'map') return visit(shape.value, seen);
    if (shape.type !== 'structure' || seen.has(shape.name)) return;
    seen.add(shape.name);
    const old = sent.get(shape.name);
    for (const [name, member] of Object.entries(shape.members)) {
      const o = old?.get(name);
      if (o) {
        compared++;
        const wire = member.xmlName ?? name;
        if (o.wire !== wire) diffs.push(`${shape.name}.${name}: query name sent by 3.445 is ${o.wire}, model has ${wire}`);
        if (o.flattened !== (member.flattened === true)) {
          diffs.push(`${shape.name}.${name}: 3.445 sends it ${o.flattened ? '' : 'not '}flattened, model disagrees`);
        }
      }
      visit(member.shape, seen);
    }
  };
  const seen = new Set<string>();
  for (const op of Object.values(sqsModel.operations)) visit(op.input, seen);
  assert.ok(compared > 60, `only ${compared} members compared; did the Aws_query.js format change?`);
  assert.deepEqual(diffs, []);
});
