import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromJsonbMap, jsonbMap } from './unstorable-text.js';

describe('PostgreSQL text maps (tags, attributes)', () => {
  it('read back keys named after Object.prototype members, __proto__ included, as entries', () => {
    const map = JSON.parse('{"__proto__":"p","constructor":"c","a":"x\\u0000y"}') as Record<string, string>;
    const back = fromJsonbMap(JSON.parse(jsonbMap(map)));
    assert.deepEqual(Object.keys(back), ['__proto__', 'constructor', 'a']);
    assert.equal(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, 'p');
    assert.equal(back.a, 'x\u0000y');
  });
});
