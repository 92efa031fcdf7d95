/**
 * CBOR codec: byte fixtures (the Java SDK cannot run here, so exact bytes are the proof), round
 * trips of every shape type, and a cross-check against an independent implementation
 * (`@smithy/core/cbor`, shipped with the AWS SDK) in both directions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cbor as smithy, tag as smithyTag } from '@smithy/core/cbor';
import { CborSyntaxError, decodeCbor, decodeCborStruct, encodeCbor, encodeCborError, encodeCborValue } from './cbor.js';
import { everything, full } from './fixtures.test.js';
import { InputFault, planStructure } from './plan.js';
import type { Shape, StructureShape } from '../services/shared/shapes.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const text = (s: string) => Buffer.from(s, 'latin1').toString('hex');
const string: Shape = { type: 'string' };

/** Kinesis PutRecordInput, members in model order. */
const putRecordInput: StructureShape = {
  type: 'structure',
  name: 'PutRecordInput',
  members: {
    StreamName: { shape: string },
    Data: { shape: { type: 'blob' }, required: true },
    PartitionKey: { shape: string, required: true },
    ExplicitHashKey: { shape: string },
    SequenceNumberForOrdering: { shape: string },
    StreamARN: { shape: string },
  },
};
const putRecord = planStructure(putRecordInput);
const stamped = planStructure({ type: 'structure', name: 'Stamped', members: { Timestamp: { shape: { type: 'timestamp' } } } });

// AWS-WIRE §3.2, byte for byte.
const PUT_RECORD = hex(`a3 6a ${text('StreamName')} 62 ${text('s1')} 64 ${text('Data')} 45 68656c6c6f 6c ${text('PartitionKey')} 62 ${text('pk')}`);
const TIMESTAMP = hex(`a1 69 ${text('Timestamp')} c1 1b 0000018bcfe5687b`);

test('fixture: the PutRecord request from AWS-WIRE §3.2 decodes, and the same value encodes to the same bytes', () => {
  const input = decodeCborStruct(putRecord, decodeCbor(PUT_RECORD));
  assert.deepEqual(input, { StreamName: 's1', Data: Buffer.from('hello'), PartitionKey: 'pk' });
  assert.ok(Buffer.isBuffer(input.Data));
  assert.deepEqual(encodeCbor(putRecord, input), PUT_RECORD);
});

test('fixture: tag 1 + uint64 epoch milliseconds both ways (never a float)', () => {
  const v = decodeCborStruct(stamped, decodeCbor(TIMESTAMP));
  assert.deepEqual(v.Timestamp, new Date(1_700_000_000_123));
  assert.deepEqual(encodeCbor(stamped, { Timestamp: new Date(1_700_000_000_123) }), TIMESTAMP);
  // Epoch ms or an ISO string from a handler encode the same way.
  assert.deepEqual(encodeCbor(stamped, { Timestamp: 1_700_000_000_123 }), TIMESTAMP);
  assert.deepEqual(encodeCbor(stamped, { Timestamp: '2023-11-14T22:13:20.123Z' }), TIMESTAMP);
});

test('fixture: indefinite-length map with indefinite byte and text strings', () => {
  const bytes = hex(
    `bf 6a ${text('StreamName')} 62 ${text('s1')} 64 ${text('Data')} 5f 42 6865 43 6c6c6f ff ` +
      `6c ${text('PartitionKey')} 7f 61 70 61 6b ff ff`,
  );
  assert.deepEqual(decodeCborStruct(putRecord, decodeCbor(bytes)), { StreamName: 's1', Data: Buffer.from('hello'), PartitionKey: 'pk' });
  // An indefinite array inside, too.
  assert.deepEqual(decodeCbor(hex('bf 61 61 9f 01 02 ff ff')), { a: [1, 2] });
});

test('fixture: the error body is {"__type", "message"} as a definite map', () => {
  const msg = 'Stream s1 under account 000000000000 not found.';
  assert.equal(msg.length, 47);
  const expected = hex(`a2 66 ${text('__type')} 78 19 ${text('ResourceNotFoundException')} 67 ${text('message')} 78 2f ${text(msg)}`);
  assert.deepEqual(encodeCborError('ResourceNotFoundException', msg), expected);
  // Extra fields follow; null ones and attempts to override __type/message are dropped.
  assert.deepEqual(decodeCbor(encodeCborError('T', 'm', { Extra: 1, Gone: null, __type: 'x' })), { __type: 'T', message: 'm', Extra: 1 });
});

test('integers: shortest form at every width; longs ≥ 2^32 are integers, not float64', () => {
  const long = planStructure({ type: 'structure', name: 'L', members: { N: { shape: { type: 'long' } } } });
  const cases: [number, string][] = [
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [255, '18ff'],
    [256, '190100'],
    [65535, '19ffff'],
    [65536, '1a00010000'],
    [2 ** 32 - 1, '1affffffff'],
    [2 ** 32, '1b0000000100000000'],
    [2 ** 40, '1b0000010000000000'],
    [2 ** 53 - 1, '1b001fffffffffffff'],
    [-1, '20'],
    [-24, '37'],
    [-25, '3818'],
    [-(2 ** 32) - 1, '3b0000000100000000'],
  ];
  for (const [n, h] of cases) {
    const bytes = encodeCbor(long, { N: n });
    assert.equal(bytes.toString('hex'), `a1614e${h}`, String(n));
    assert.deepEqual(decodeCborStruct(long, decodeCbor(bytes)), { N: n });
  }
  // Beyond 2^53 a number is not exact: it reads as a BigInt, which a long member refuses.
  assert.equal(decodeCbor(hex('1b ffffffffffffffff')), 2n ** 64n - 1n);
  assert.equal(decodeCbor(hex('3b ffffffffffffffff')), -(2n ** 64n));
  assert.throws(() => decodeCborStruct(long, decodeCbor(hex(`a1 61 4e 1b 0020000000000001`))), InputFault);
  assert.equal(encodeCborValue(2n ** 63n).toString('hex'), '1b8000000000000000');
});

test('round trip of every shape type (the kitchen `everything` shape)', () => {
  const plan = planStructure(everything);
  const bytes = encodeCbor(plan, full);
  const back = decodeCborStruct(plan, decodeCbor(bytes));
  assert.deepEqual(back, full);
  assert.ok(Buffer.isBuffer(back.Blob));
  assert.ok(back.Time instanceof Date);
  // Members go out in model order; null/undefined and non-model fields are left out.
  const partial = encodeCbor(plan, { Dbl: 2.5, Str: 'x', Int: null, Secret: 'no', Bool: true });
  assert.equal(partial.toString('hex'), `a3 63 ${text('Str')} 61 78 63 ${text('Dbl')} fb 4004000000000000 64 ${text('Bool')} f5`.replace(/\s+/g, ''));
});

test('null list members and map values are refused with their path, as in JSON', () => {
  const plan = planStructure(everything);
  const fault = (v: unknown) => {
    try {
      decodeCborStruct(plan, decodeCbor(Buffer.from(smithy.serialize(v))));
    } catch (e) {
      assert.ok(e instanceof InputFault);
      return [e.reason, e.path.join('.'), e.expected];
    }
    return undefined;
  };
  assert.deepEqual(fault({ Str: 'x', WrappedList: ['a', null] }), ['null', 'WrappedList.2', 'member']);
  assert.deepEqual(fault({ Str: 'x', WrappedMap: { a: '1', b: null } }), ['null', 'WrappedMap.b', 'value']);
});

test('strings: ASCII, multi-byte UTF-8, long; blobs: empty and large; empty list and map', () => {
  const plan = planStructure(everything);
  const v = {
    Str: 'x'.repeat(70) + 'é✓😀',
    Blob: Buffer.alloc(70_000, 7),
    WrappedList: [],
    WrappedMap: {},
    FlatList: ['a'.repeat(24), 'b'.repeat(23), 'ü'],
  };
  assert.deepEqual(decodeCborStruct(plan, decodeCbor(encodeCbor(plan, v))), v);
  assert.deepEqual(decodeCbor(encodeCbor(plan, { Str: '', Blob: Buffer.alloc(0) })), { Str: '', Blob: Buffer.alloc(0) });
});

test('cross-check: our bytes decode with @smithy/core/cbor, and its bytes decode with ours', () => {
  const plan = planStructure(everything);
  const ours = smithy.deserialize(encodeCbor(plan, full)) as Record<string, unknown>;
  assert.equal(ours.Str, full.Str);
  assert.equal(ours.Long, full.Long);
  assert.deepEqual(Buffer.from(ours.Blob as Uint8Array), full.Blob);
  assert.deepEqual(ours.Time, smithyTag({ tag: 1, value: full.Time.getTime() }));
  assert.deepEqual(ours.Structs, full.Structs);
  assert.deepEqual(ours.MapOfStructs, full.MapOfStructs);
  const theirs = smithy.serialize({
    StreamName: 's1',
    Data: Buffer.from('hello'),
    PartitionKey: 'é'.repeat(30),
    Extra: [1.5, -7, 2 ** 40, true, null, { a: 'b' }],
  });
  assert.deepEqual(decodeCbor(Buffer.from(theirs)), {
    StreamName: 's1',
    Data: Buffer.from('hello'),
    PartitionKey: 'é'.repeat(30),
    Extra: [1.5, -7, 2 ** 40, true, null, { a: 'b' }],
  });
});

test('timestamps in: tag 1 integer = ms, tag 1 float = seconds (even when integral), tag 0 text, untagged', () => {
  const t = (h: string) => decodeCborStruct(stamped, decodeCbor(hex(`a1 69 ${text('Timestamp')} ${h}`))).Timestamp;
  assert.deepEqual(t('c1 fb 41d954fc4007df3b'), new Date(1_700_000_000_123)); // float64 seconds 1700000000.123
  assert.deepEqual(t('c1 fb 41d954fc40000000'), new Date(1_700_000_000_000)); // float64 1.7e9 seconds, integral
  assert.deepEqual(t('c1 fa 4ecaa7e2'), new Date(1_700_000_000_000)); // float32 seconds
  assert.deepEqual(t('c1 1a 6553f100'), new Date(1_700_000_000)); // integer: milliseconds, as AWS writes them
  assert.deepEqual(t(`c0 78 18 ${text('2023-11-14T22:13:20.123Z')}`), new Date(1_700_000_000_123));
  assert.deepEqual(t('1b 0000018bcfe5687b'), new Date(1_700_000_000_123)); // untagged integer: ms
  assert.throws(() => decodeCbor(hex('c1 63 616263')), CborSyntaxError);
});

test('floats: half, single and double precision; simple values', () => {
  assert.equal(decodeCbor(hex('f9 3c00')), 1);
  assert.equal(decodeCbor(hex('f9 c400')), -4);
  assert.equal(decodeCbor(hex('f9 0001')), 2 ** -24);
  assert.equal(decodeCbor(hex('f9 7c00')), Infinity);
  assert.ok(Number.isNaN(decodeCbor(hex('f9 7e00'))));
  assert.equal(decodeCbor(hex('fa 47c35000')), 100000);
  assert.equal(decodeCbor(hex('fb 3ff199999999999a')), 1.1);
  assert.deepEqual(decodeCbor(hex('84 f4 f5 f6 f7')), [false, true, null, undefined]);
  const dbl = planStructure({ type: 'structure', name: 'D', members: { D: { shape: { type: 'double' } } } });
  assert.deepEqual(decodeCborStruct(dbl, decodeCbor(hex('a1 61 44 02'))), { D: 2 });
});

test('malformed input is a CborSyntaxError, never a crash or a huge allocation', () => {
  const bad: [string, RegExp][] = [
    ['', /end of CBOR input/],
    ['a1 61', /Length exceeds/],
    ['a1 61 61', /end of CBOR input/],
    ['a0 00', /after the CBOR item/],
    ['ff', /break/],
    ['1c', /Reserved/],
    ['a1 01 02', /key is not a text string/],
    ['9b 00000000ffffffff', /Length exceeds/],
    ['5a ffffffff', /Length exceeds/],
    ['bf 61 61', /end of CBOR input|Unterminated/],
    ['5f 61 61 ff', /wrong type/],
    ['df', /Indefinite tag/],
    ['9f'.repeat(200), /Nesting deeper/],
  ];
  for (const [h, re] of bad) assert.throws(() => decodeCbor(hex(h)), (e: unknown) => e instanceof CborSyntaxError && re.test(e.message), h);
  // A body of a million nested arrays fails fast, without overflowing the stack.
  assert.throws(() => decodeCbor(Buffer.alloc(1_000_000, 0x81)), /Nesting deeper/);
  // 16 MiB of one-byte empty byte strings would be 16 M Buffers: refused after 100,000 items.
  const bomb = Buffer.alloc(16 * 1024 * 1024, 0x40);
  bomb[0] = 0x9f;
  const t0 = Date.now();
  assert.throws(() => decodeCbor(bomb), /More than 100000 data items/);
  assert.ok(Date.now() - t0 < 1000);
  assert.equal((decodeCbor(Buffer.concat([Buffer.from([0x9a, 0x00, 0x01, 0x86, 0x9f]), Buffer.alloc(99_999, 0x40)])) as unknown[]).length, 99_999);
});

test('model checks: wrong types and missing members are InputFaults with the member path', () => {
  const fault = (v: unknown) => {
    try {
      decodeCborStruct(putRecord, v);
    } catch (e) {
      assert.ok(e instanceof InputFault);
      return [e.reason, e.path.join('.'), e.expected];
    }
    return undefined;
  };
  assert.deepEqual(fault({ Data: 'aGVsbG8=', PartitionKey: 'pk' }), ['type', 'Data', 'blob (byte string)']);
  assert.deepEqual(fault({ Data: Buffer.from('x') }), ['missing', 'PartitionKey', undefined]);
  assert.deepEqual(fault({ Data: Buffer.from('x'), PartitionKey: 5 }), ['type', 'PartitionKey', 'string']);
  const plan = planStructure(everything);
  try {
    decodeCborStruct(plan, { Str: 's', Structs: [{ A: 'a' }, { B: 1 }] });
    assert.fail('expected a fault');
  } catch (e) {
    assert.ok(e instanceof InputFault);
    assert.deepEqual([e.reason, e.path.join('.')], ['missing', 'Structs.2.A']);
  }
  // null and undefined count as absent; a __proto__ key stays plain data.
  const v = decodeCborStruct(putRecord, decodeCbor(hex(`a3 64 ${text('Data')} 40 6c ${text('PartitionKey')} 61 70 69 ${text('__proto__')} a1 61 78 01`)));
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ['Data', 'PartitionKey', '__proto__']);
});
