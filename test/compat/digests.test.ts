// The attribute digest the compat programs check the server against is written apart from src/,
// so it must itself be right: these vectors were recorded on real AWS (AWS-WIRE §1.6). The Go,
// Python, Ruby and PHP programs compute the same thing and must agree with it on every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { md5OfAttributes } from './clients/scenario.js';

const s = (v: string) => ({ DataType: 'String', StringValue: v });

test('the compat programs’ attribute digest matches AWS vectors', () => {
  assert.equal(md5OfAttributes({ Hello: s('There') }), 'a311262e065454b75da111d535b8dacd');
  assert.equal(md5OfAttributes({ General: s('Kenobi'), Hello: s('There'), 'Help.Me': s('Me') }), '4c360f3fdafd970e05fae2f149d997f5');
  const trace = Buffer.from('traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01', 'latin1').toString('base64');
  assert.equal(md5OfAttributes({ attr1: { DataType: 'Binary', BinaryValue: trace } }), '8cbe4db156db8a94db8b801b7addb984');
});
