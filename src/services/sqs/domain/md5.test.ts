import { test } from 'node:test';
import assert from 'node:assert/strict';
import { md5Hex, md5OfAttributes } from './md5.js';

const s = (v: string) => ({ DataType: 'String', StringValue: v });

// Vectors recorded on real AWS (AWS-WIRE §1.6).
test('attribute digests match AWS vectors', () => {
  assert.equal(md5OfAttributes({ Hello: s('There') }), 'a311262e065454b75da111d535b8dacd');
  assert.equal(md5OfAttributes({ General: s('Kenobi'), Hello: s('There'), 'Help.Me': s('Me') }), '4c360f3fdafd970e05fae2f149d997f5');
  assert.equal(md5OfAttributes({ MyAttribute: s('foobar') }), 'adb59cd4678ea5a855436b949cd07ab6');
  assert.equal(md5OfAttributes({ Foo: s('Bar') }), 'ae7155c6026991b6d54b11589678bf9c');
  const trace = Buffer.from('traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01', 'latin1');
  assert.equal(md5OfAttributes({ attr1: { DataType: 'Binary', BinaryValue: trace } }), '8cbe4db156db8a94db8b801b7addb984');
});

test('body digest is md5 of the UTF-8 body', () => {
  assert.equal(md5Hex('hello'), '5d41402abc4b2a76b9719d911017c592');
});
