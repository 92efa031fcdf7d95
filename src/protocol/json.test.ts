import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProtocolHandler } from './dispatch.js';
import { call, everything, full, json, kitchenService } from './fixtures.test.js';
import { decodeJsonStruct, encodeJson as encodeJsonBody } from './json.js';
import { JsonBytes } from './json-bytes.js';
import { InputFault, planStructure } from './plan.js';

const plan = planStructure(everything);
/** The encoded document as text (outputs with blobs come as bytes). */
const encodeJson = (...a: Parameters<typeof encodeJsonBody>): string => String(encodeJsonBody(...a));
const handler = createProtocolHandler({ services: [kitchenService()], defaultRegion: 'us-east-1', defaultAccountId: '000000000000' });

const wireJson = {
  ...full,
  Blob: 'AAEC/w==',
  Time: 1704164645.678,
  TimeEpoch: 1700000000.123,
};

test('JSON encode: blobs base64, timestamps epoch seconds (ms precision), model order', () => {
  const text = encodeJson(plan, full);
  assert.deepEqual(JSON.parse(text), wireJson);
  assert.ok(text.startsWith('{"Str":"hé \\"quoted\\" <b>&\\r\\n✓","Int":-42,'));
});

test('JSON encode: outputs with blobs are written as text, byte for byte what JSON.stringify writes', () => {
  const text = encodeJson(plan, full); // `everything` has a Blob member: the text path
  assert.equal(text, JSON.stringify(JSON.parse(text)));
  const noBlob = planStructure({ ...everything, members: Object.fromEntries(Object.entries(everything.members).filter(([k]) => k !== 'Blob')) } as typeof everything);
  const { Blob: _blob, ...rest } = full as Record<string, unknown>;
  assert.equal(encodeJson(noBlob, rest), text.replace(/,"Blob":"[^"]*"/, ''), 'the JSON.stringify path writes the same text');
});

test('JSON bytes: text and blobs across many buffer growths, UTF-8 text intact', () => {
  const w = new JsonBytes(16);
  let expected = '';
  for (let i = 0; i < 300; i++) {
    const blob = Buffer.alloc(i * 7, i);
    const key = `ключ-${i}-🔑"`;
    w.text(`{"K":${JSON.stringify(key)},"B":`);
    w.blob(blob);
    w.text('}');
    expected += `{"K":${JSON.stringify(key)},"B":"${blob.toString('base64')}"}`;
  }
  assert.equal(w.finish().toString('utf8'), expected);
  assert.deepEqual(new JsonBytes().finish(), Buffer.alloc(0));
  // reserve: before any growth (the text so far moves along) and after it, too small or ample
  for (const [initial, reserveAt] of [[64, 1], [16, 40]] as const) {
    const r = new JsonBytes(initial);
    let want = '';
    for (let i = 0; i < 60; i++) {
      if (i === reserveAt) r.reserve(i === 1 ? 4_000 : 10);
      r.text(`"é${i}",`);
      r.blob(Buffer.alloc(i, 1));
      want += `"é${i}","${Buffer.alloc(i, 1).toString('base64')}"`;
    }
    assert.equal(r.finish().toString('utf8'), want, `initial ${initial}, reserve at ${reserveAt}`);
  }
});

test('JSON encode: null/undefined members omitted, unknown fields dropped, no output → {}', () => {
  assert.equal(encodeJson(plan, { Str: 'x', Int: null, Long: undefined, Secret: 'internal', FlatList: ['a', null] }), '{"Str":"x","FlatList":["a"]}');
  assert.equal(encodeJson(undefined, { a: 1 }), '{}');
  assert.equal(encodeJson(plan, undefined), '{}');
  assert.equal(encodeJson(plan, { Dbl: NaN, Time: 1_700_000_000_000 }), '{"Dbl":"NaN","Time":1700000000}');
});

test('JSON decode → encode round trip for every shape type', () => {
  const decoded = decodeJsonStruct(plan, JSON.parse(JSON.stringify(wireJson)));
  assert.deepEqual(decoded, full);
  assert.ok(Buffer.isBuffer(decoded.Blob));
  assert.ok(decoded.Time instanceof Date);
  assert.deepEqual(JSON.parse(encodeJson(plan, decoded)), wireJson);
});

test('JSON decode reuses the parsed object and only rewrites converted members', () => {
  const parsed = { Str: 'x', FlatList: ['a'], Blob: 'AAEC', Unknown: { deep: true } };
  const list = parsed.FlatList;
  const out = decodeJsonStruct(plan, parsed);
  assert.equal(out, parsed);
  assert.equal(out.FlatList, list);
  assert.deepEqual(out.Blob, Buffer.from([0, 1, 2]));
  assert.deepEqual(out.Unknown, { deep: true }, 'unknown members are ignored, not rejected');
});

test('JSON timestamps: integer, fraction, exponent and ISO strings', () => {
  for (const [v, ms] of [
    [1464190438, 1464190438000],
    [1464190438.5, 1464190438500],
    [1.464190438e9, 1464190438000],
    ['2016-05-25T15:33:58Z', 1464190438000],
    ['1.464190438E9', 1464190438000],
  ] as const) {
    const out = decodeJsonStruct(plan, { Str: 'x', Time: v });
    assert.equal((out.Time as Date).getTime(), ms, String(v));
  }
  // the exponent form as raw JSON text (Java v1)
  const out = decodeJsonStruct(plan, JSON.parse('{"Str":"x","Time":1.464190438E9}'));
  assert.equal((out.Time as Date).getTime(), 1464190438000);
});

function fault(fn: () => unknown): InputFault {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputFault) return e;
    throw e;
  }
  return assert.fail('expected an InputFault');
}

test('JSON type checks, with dotted 1-based paths', () => {
  const cases: [unknown, string, string][] = [
    [{ Str: 1 }, 'Str', 'string'],
    [{ Str: 'x', Int: 1.5 }, 'Int', 'integer'],
    [{ Str: 'x', Int: '1' }, 'Int', 'integer'],
    [{ Str: 'x', Bool: 'true' }, 'Bool', 'boolean'],
    [{ Str: 'x', Blob: 'not base64!' }, 'Blob', 'blob (base64)'],
    [{ Str: 'x', Blob: 'AA=A' }, 'Blob', 'blob (base64)'],
    [{ Str: 'x', Blob: 'AAAAA' }, 'Blob', 'blob (base64)'],
    [{ Str: 'x', Time: 'yesterday' }, 'Time', 'timestamp'],
    [{ Str: 'x', FlatList: 'a' }, 'FlatList', 'list'],
    [{ Str: 'x', NamedList: [1, 2, 'x'] }, 'NamedList.3', 'integer'],
    [{ Str: 'x', Structs: [{ A: 'a' }, { A: 'b', B: true }] }, 'Structs.2.B', 'integer'],
    [{ Str: 'x', MapOfStructs: { k: { A: 5 } } }, 'MapOfStructs.k.A', 'string'],
    [{ Str: 'x', Nested: [] }, 'Nested', 'structure'],
  ];
  for (const [input, path, expected] of cases) {
    const f = fault(() => decodeJsonStruct(plan, input));
    assert.equal(f.reason, 'type', path);
    assert.equal(f.path.join('.'), path);
    assert.equal(f.expected, expected);
  }
});

test('JSON missing required members; null counts as absent', () => {
  let f = fault(() => decodeJsonStruct(plan, {}));
  assert.deepEqual([f.reason, f.path.join('.')], ['missing', 'Str']);
  f = fault(() => decodeJsonStruct(plan, { Str: null }));
  assert.deepEqual([f.reason, f.path.join('.')], ['missing', 'Str']);
  f = fault(() => decodeJsonStruct(plan, { Str: 'x', Structs: [{ A: 'a' }, { B: 1 }] }));
  assert.deepEqual([f.reason, f.path.join('.')], ['missing', 'Structs.2.A']);
  const out = decodeJsonStruct(plan, { Str: 'x', Int: null });
  assert.equal(out.Int, undefined);
});

test('JSON null list members and map values are refused with their path, as AWS refuses them (handlers never see a null item)', () => {
  for (const [input, path, kind] of [
    [{ Str: 'x', WrappedList: ['a', null] }, 'WrappedList.2', 'member'],
    [{ Str: 'x', Structs: [null, { A: 'a' }] }, 'Structs.1', 'member'],
    [{ Str: 'x', WrappedMap: { a: '1', b: null } }, 'WrappedMap.b', 'value'],
    [{ Str: 'x', MapOfStructs: { m: null } }, 'MapOfStructs.m', 'value'],
  ] as const) {
    const f = fault(() => decodeJsonStruct(plan, input));
    assert.deepEqual([f.reason, f.path.join('.'), f.expected], ['null', path, kind]);
  }
});

test('JSON over the wire: Echo round trip, content type and request id', async () => {
  const res = await call(handler, json('Kitchen_20200101.Echo', wireJson, '1.1'));
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/x-amz-json-1.1');
  assert.equal(res.headers['x-amzn-RequestId'], 'req-1');
  assert.deepEqual(JSON.parse(res.text), wireJson);
});

test('JSON over the wire: operation without output answers {}; empty body counts as {}', async () => {
  const res = await call(handler, json('Kitchen_20200101.NoOutput', ''));
  assert.equal(res.status, 200);
  assert.equal(res.text, '{}');
});

test('JSON over the wire: malformed body → service malformed error', async () => {
  for (const body of ['{"Str":', '[1]', '"x"']) {
    const res = await call(handler, json('Kitchen_20200101.Echo', body, '1.1'));
    assert.equal(res.status, 400, body);
    const err = JSON.parse(res.text);
    assert.equal(err.__type, 'SerializationException');
    assert.match(err.message, /^Malformed request: /);
  }
});

test('JSON over the wire: missing required and invalid type use the service input errors', async () => {
  let res = await call(handler, json('Kitchen_20200101.Echo', { Structs: [] }, '1.1'));
  assert.deepEqual(JSON.parse(res.text), { __type: 'MissingParameter', message: 'The request must contain the parameter Str.' });
  res = await call(handler, json('Kitchen_20200101.Echo', { Str: 'x', Structs: [{ A: 'a', B: 'two' }] }, '1.1'));
  assert.equal(res.status, 400);
  assert.deepEqual(JSON.parse(res.text), {
    __type: 'InvalidParameterValue',
    message: 'Value two for parameter Structs.1.B is invalid (expected integer).',
  });
});

test('JSON encode: a map key named __proto__ is written as data', () => {
  const attrs = JSON.parse('{"__proto__":"x","a":"b"}');
  assert.equal(encodeJson(plan, { Str: 's', FlatMap: attrs }), '{"Str":"s","FlatMap":{"__proto__":"x","a":"b"}}');
});
