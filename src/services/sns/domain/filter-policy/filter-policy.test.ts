/**
 * The filter policy language, table-driven: for every operator, messages that match and messages
 * that do not (attribute scope and body scope), then validation with AWS's messages and positions
 * (AWS-recorded ones from LocalStack's test_sns_filter_policy snapshots, newer "REDACTED" source).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../../shared/errors.js';
import { attributeSource, bodySource, FilterPolicies, matchesPolicy, validateFilterPolicy } from './index.js';
import { compileFilterPolicy } from './compile.js';

type Attrs = Record<string, { DataType: string; StringValue?: string }>;
const S = (v: string) => ({ DataType: 'String', StringValue: v });
const N = (v: string) => ({ DataType: 'Number', StringValue: v });
const A = (v: unknown[]) => ({ DataType: 'String.Array', StringValue: JSON.stringify(v) });
const B = () => ({ DataType: 'Binary' });

function attrs(policy: object, message: Attrs): boolean {
  return matchesPolicy(compileFilterPolicy(JSON.stringify(policy), 'MessageAttributes'), attributeSource(message));
}
function body(policy: object, message: unknown): boolean {
  return matchesPolicy(compileFilterPolicy(JSON.stringify(policy), 'MessageBody'), bodySource(typeof message === 'string' ? message : JSON.stringify(message)));
}

/** [description, policy, message attributes, expected] */
const ATTRIBUTE_CASES: [string, object, Attrs, boolean][] = [
  // exact strings
  ['exact string', { c: ['rugby', 'tennis'] }, { c: S('rugby') }, true],
  ['exact string, other value', { c: ['rugby', 'tennis'] }, { c: S('baseball') }, false],
  ['exact string is case-sensitive', { c: ['rugby'] }, { c: S('Rugby') }, false],
  ['exact string, missing key', { c: ['rugby'] }, { other: S('rugby') }, false],
  ['exact string against String.Array element', { c: ['rugby'] }, { c: A(['tennis', 'rugby']) }, true],
  ['exact string against String.Array without it', { c: ['rugby'] }, { c: A(['tennis']) }, false],
  ['exact string does not match a Number attribute', { c: ['100'] }, { c: N('100') }, false],
  ['custom String type label', { c: ['x'] }, { c: { DataType: 'String.custom', StringValue: 'x' } }, true],
  // exact numbers, compared as numbers
  ['exact number', { p: [100] }, { p: N('100') }, true],
  ['exact number, exponent form', { p: [100] }, { p: N('1.0e2') }, true],
  ['exact number, decimals', { p: [301.5] }, { p: N('3.015e2') }, true],
  ['exact number, other', { p: [100] }, { p: N('101') }, false],
  ['exact number does not match a String attribute', { p: [100] }, { p: S('100') }, false],
  ['exact number in String.Array', { p: [5] }, { p: A([1, 5]) }, true],
  ['exact true / null in String.Array', { p: [true, null] }, { p: A([null]) }, true],
  // prefix / suffix / equals-ignore-case
  ['prefix', { c: [{ prefix: 'bas' }] }, { c: S('baseball') }, true],
  ['prefix, no', { c: [{ prefix: 'bas' }] }, { c: S('rugby') }, false],
  ['prefix never matches a Number', { c: [{ prefix: '1' }] }, { c: N('100') }, false],
  ['prefix on String.Array', { c: [{ prefix: 'ba' }] }, { c: A(['rugby', 'basketball']) }, true],
  ['suffix', { c: [{ suffix: 'ball' }] }, { c: S('baseball') }, true],
  ['suffix, no', { c: [{ suffix: 'ball' }] }, { c: S('rugby') }, false],
  ['equals-ignore-case', { c: [{ 'equals-ignore-case': 'RUGBY' }] }, { c: S('Rugby') }, true],
  ['equals-ignore-case, no', { c: [{ 'equals-ignore-case': 'RUGBY' }] }, { c: S('Rugby league') }, false],
  // anything-but
  ['anything-but list', { c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: S('baseball') }, true],
  ['anything-but list, excluded', { c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: S('rugby') }, false],
  ['anything-but single value', { c: [{ 'anything-but': 'rugby' }] }, { c: S('tennis') }, true],
  ['anything-but: a missing key does not match', { c: [{ 'anything-but': ['rugby'] }] }, { other: S('x') }, false],
  ['anything-but or exists:false: missing key matches', { c: [{ 'anything-but': ['rugby'] }, { exists: false }] }, { other: S('x') }, true],
  ['anything-but String.Array with one allowed element', { c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: A(['rugby', 'baseball']) }, true],
  ['anything-but String.Array all excluded', { c: [{ 'anything-but': ['rugby', 'tennis'] }] }, { c: A(['rugby', 'tennis']) }, false],
  ['anything-but numbers', { p: [{ 'anything-but': [100, 500] }] }, { p: N('100.1') }, true],
  ['anything-but numbers, excluded numerically', { p: [{ 'anything-but': [100, 500] }] }, { p: N('1e2') }, false],
  ['anything-but prefix', { c: [{ 'anything-but': { prefix: 'bas' } }] }, { c: S('rugby') }, true],
  ['anything-but prefix, excluded', { c: [{ 'anything-but': { prefix: 'bas' } }] }, { c: S('baseball') }, false],
  ['anything-but suffix', { c: [{ 'anything-but': { suffix: 'ball' } }] }, { c: S('rugby') }, true],
  ['anything-but suffix, excluded', { c: [{ 'anything-but': { suffix: 'ball' } }] }, { c: S('football') }, false],
  // numeric ranges and equality
  ['numeric =', { p: [{ numeric: ['=', 301.5] }] }, { p: N('301.50') }, true],
  ['numeric = no', { p: [{ numeric: ['=', 301.5] }] }, { p: N('301.51') }, false],
  ['numeric < 0', { p: [{ numeric: ['<', 0] }] }, { p: N('-1') }, true],
  ['numeric < 0 with 0', { p: [{ numeric: ['<', 0] }] }, { p: N('0') }, false],
  ['numeric range, inside', { p: [{ numeric: ['>', 0, '<=', 150] }] }, { p: N('150') }, true],
  ['numeric range, lower bound excluded', { p: [{ numeric: ['>', 0, '<=', 150] }] }, { p: N('0') }, false],
  ['numeric range, above', { p: [{ numeric: ['>', 0, '<=', 150] }] }, { p: N('150.0001') }, false],
  ['numeric >= inclusive', { p: [{ numeric: ['>=', 10] }] }, { p: N('10') }, true],
  ['numeric compares numbers, not text (9 < 10)', { p: [{ numeric: ['<', 10] }] }, { p: N('9') }, true],
  ['numeric does not match a String', { p: [{ numeric: ['>', 0] }] }, { p: S('5') }, false],
  ['numeric in String.Array', { p: [{ numeric: ['>', 10] }] }, { p: A([1, 20]) }, true],
  ['numeric, not a number', { p: [{ numeric: ['>', 0] }] }, { p: N('abc') }, false],
  // exists
  ['exists true', { s: [{ exists: true }] }, { s: S('fans') }, true],
  ['exists true, absent', { s: [{ exists: true }] }, { c: S('x') }, false],
  ['exists false, absent', { s: [{ exists: false }] }, { c: S('x') }, true],
  ['exists false, present', { s: [{ exists: false }] }, { s: S('fans') }, false],
  ['exists false needs at least one attribute', { s: [{ exists: false }] }, {}, false],
  ['Binary attributes are ignored', { s: [{ exists: true }] }, { s: B() }, false],
  // cidr
  ['cidr v4', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: S('10.0.0.255') }, true],
  ['cidr v4, outside', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: S('10.0.1.0') }, false],
  ['cidr v6', { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] }, { ip: S('2001:db8:1234:1a00::1') }, true],
  ['cidr v6, outside', { ip: [{ cidr: '2001:db8:1234:1a00::/64' }] }, { ip: S('2001:db8:1234:1a01::1') }, false],
  ['cidr, not an ip', { ip: [{ cidr: '10.0.0.0/8' }] }, { ip: S('ten') }, false],
  // AND, OR, $or
  ['AND of keys', { a: ['1'], b: ['2'] }, { a: S('1'), b: S('2') }, true],
  ['AND of keys, one fails', { a: ['1'], b: ['2'] }, { a: S('1'), b: S('3') }, false],
  ['OR within a key', { a: ['1', { prefix: 'x' }] }, { a: S('xyz') }, true],
  ['$or, first branch', { s: ['a'], $or: [{ n: [1] }, { t: ['x'] }] }, { s: S('a'), n: N('1') }, true],
  ['$or, second branch', { s: ['a'], $or: [{ n: [1] }, { t: ['x'] }] }, { s: S('a'), t: S('x') }, true],
  ['$or, no branch', { s: ['a'], $or: [{ n: [1] }, { t: ['x'] }] }, { s: S('a'), t: S('y') }, false],
  ['$or, but the AND part fails', { s: ['a'], $or: [{ n: [1] }, { t: ['x'] }] }, { s: S('b'), n: N('1') }, false],
  ['empty policy matches anything', {}, {}, true],
];

/** [description, policy, body, expected] */
const BODY_CASES: [string, object, unknown, boolean][] = [
  ['top-level exact', { c: ['rugby'] }, { c: 'rugby' }, true],
  ['nested key', { a: { b: { c: ['x'] } } }, { a: { b: { c: 'x' } } }, true],
  ['nested key, other value', { a: { b: { c: ['x'] } } }, { a: { b: { c: 'y' } } }, false],
  ['nested key, missing level', { a: { b: ['x'] } }, { a: 'x' }, false],
  ['array of scalars: any element', { c: ['rugby'] }, { c: ['tennis', 'rugby'] }, true],
  ['array of objects', { a: { b: ['x'] } }, { a: [{ b: 'y' }, { b: 'x' }] }, true],
  ['nested arrays', { a: { b: ['x'] } }, { a: [[{ b: ['q', ['x']] }]] }, true],
  ['numbers as numbers', { p: [100] }, { p: 1e2 }, true],
  ['number does not match string', { p: [100] }, { p: '100' }, false],
  ['string does not match number', { p: ['100'] }, { p: 100 }, false],
  ['true and null', { t: [true], n: [null] }, { t: true, n: null }, true],
  ['false is not true', { t: [true] }, { t: false }, false],
  ['numeric range', { p: [{ numeric: ['>=', 10, '<', 20] }] }, { p: 19.999 }, true],
  ['exists on a leaf', { a: { b: [{ exists: true }] } }, { a: { b: 0 } }, true],
  ['exists only looks at leaves', { a: [{ exists: true }] }, { a: { b: 1 } }, false],
  ['exists false, absent nested key', { a: { b: [{ exists: false }] } }, { a: { c: 1 } }, true],
  ['anything-but, missing key', { c: [{ 'anything-but': ['x'] }] }, { d: 'y' }, false],
  ['anything-but on array', { c: [{ 'anything-but': ['x'] }] }, { c: ['x', 'y'] }, true],
  ['prefix nested', { a: { b: [{ prefix: 'pre' }] } }, { a: { b: 'prefix' } }, true],
  ['$or nested', { a: { $or: [{ b: ['1'] }, { c: ['2'] }] } }, { a: { c: '2' } }, true],
  ['a non-JSON body matches no keyed policy', { c: [{ exists: false }] }, 'not json', false],
  ['a JSON array body matches no keyed policy', { c: ['x'] }, '["x"]', false],
];

describe('filter policy matching: message attributes', () => {
  for (const [title, policy, message, expected] of ATTRIBUTE_CASES) {
    it(`${expected ? 'matches' : 'does not match'}: ${title}`, () => assert.equal(attrs(policy, message), expected));
  }
});

describe('filter policy matching: message body', () => {
  for (const [title, policy, message, expected] of BODY_CASES) {
    it(`${expected ? 'matches' : 'does not match'}: ${title}`, () => assert.equal(body(policy, message), expected));
  }
});

const AT = (line: number, column: number) => `\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${line}, column: ${column}]`;
const SUB = 'Invalid parameter: Attributes Reason: FilterPolicy: ';

/** [policy text, expected message for Subscribe under MessageAttributes scope] */
const VALIDATION_CASES: [string, string][] = [
  ['{"key":[["value"]]}', `${SUB}Match value must be String, number, true, false, or null${AT(1, 10)}`],
  ['{"key":[{"wrong-operator":true}]}', `${SUB}Unrecognized match type wrong-operator${AT(1, 31)}`],
  ['{"key":[{"suffix":"value","prefix":"value2"}]}', `${SUB}Only one key allowed in match expression${AT(1, 37)}`],
  ['{"key":[]}', `${SUB}Empty arrays are not allowed${AT(1, 10)}`],
  ['{"key":[{"suffix":100}]}', `${SUB}suffix match pattern must be a string${AT(1, 22)}`],
  ['{"key":[{"suffix":null}]}', `${SUB}suffix match pattern must be a string${AT(1, 23)}`],
  ['{"key":[{"suffix":[]}]}', `${SUB}suffix match pattern must be a string${AT(1, 20)}`],
  ['{"key":{"suffix":"value"}}', `${SUB}"suffix" must be an object or an array${AT(1, 19)}`],
  ['{"key":{"suffix":["value"]}}', 'Invalid parameter: Attributes Reason: Filter policy scope MessageAttributes does not support nested filter policy'],
  ['{"key":[{"cidr":["bad-filter"]}]}', `${SUB}prefix match pattern must be a string${AT(1, 18)}`],
  ['{"key":[{"cidr":"bad-filter"}]}', `${SUB}Malformed CIDR, one '/' required`],
  ['{"key":[{"cidr":"bad-filter/32"}]}', `${SUB}Nonstandard IP address: bad-filter`],
  ['{"key":[{"cidr":"10.0.0.0/abc"}]}', `${SUB}Malformed CIDR, mask bits must be an integer`],
  ['{"key":[{"cidr":"xx.11.xx/24"}]}', `${SUB}Nonstandard IP address: xx.11.xx`],
  ['{"key":[{"numeric":[]}]}', `${SUB}Invalid member in numeric match: ]${AT(1, 22)}`],
  ['{"key":[{"numeric":["operator"]}]}', `${SUB}Unrecognized numeric range operator: operator${AT(1, 32)}`],
  ['{"key":[{"numeric":[1,"<="]}]}', `${SUB}Invalid member in numeric match: 1${AT(1, 22)}`],
  ['{"key":[{"numeric":["=","000"]}]}', `${SUB}Value of equals must be numeric${AT(1, 26)}`],
  ['{"key":[{"numeric":[">="]}]}', `${SUB}Value of >= must be numeric${AT(1, 26)}`],
  ['{"key":[{"numeric":["<",100,">",10]}]}', `${SUB}Too many elements in numeric expression${AT(1, 30)}`],
  ['{"key":[{"numeric":[">=",1,">",2]}]}', `${SUB}Bad numeric range operator: >${AT(1, 31)}`],
  ['{"key":[{"numeric":[">",3,"<",1]}]}', `${SUB}Bottom must be less than top${AT(1, 33)}`],
  ['{"key":[{"numeric":[">",20,"<="]}]}', `${SUB}Value of <= must be numeric${AT(1, 33)}`],
  ['{"key":[{"numeric":[">",20,30]}]}', `${SUB}Bad value in numeric range: 30${AT(1, 30)}`],
  ['{"key":[{"numeric":[">",20,"test"]}]}', `${SUB}Bad numeric range operator: test${AT(1, 34)}`],
  ['{"key":[{"numeric":[">","20","<","30"]}]}', `${SUB}Value of > must be numeric${AT(1, 26)}`],
  ['{"key":[{"numeric":[">",20,"<","30"]}]}', `${SUB}Value of < must be numeric${AT(1, 33)}`],
  ['{"key":[{"numeric":[">",20,"<",30,"<",50]}]}', `${SUB}Too many terms in numeric range expression${AT(1, 36)}`],
  ['{"key":[{"exists":null}]}', `${SUB}exists match pattern must be either true or false.${AT(1, 23)}`],
  ['{"key":[{"exists":"no"}]}', `${SUB}exists match pattern must be either true or false.${AT(1, 20)}`],
  ['{"key":[{"anything-but":{"wrong-operator":null}}]}', `${SUB}Unsupported anything-but pattern: wrong-operator${AT(1, 47)}`],
  ['{"key":[{"anything-but":{"exists":false}}]}', `${SUB}Unsupported anything-but pattern: exists${AT(1, 40)}`],
  ['{"key":[{"anything-but":{"prefix":false}}]}', `${SUB}prefix match pattern must be a string${AT(1, 40)}`],
  ['{"key_a":"value_one"}', `${SUB}"key_a" must be an object or an array${AT(1, 11)}`],
  ['{"key":\n  ["a",\n   []]}', `${SUB}Match value must be String, number, true, false, or null${AT(3, 5)}`],
  ['invalid-json', `${SUB}failed to parse JSON. Unrecognized token 'invalid': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')${AT(1, 8)}`],
  ['{invalidjson}', `${SUB}failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name${AT(1, 2)}`],
  [JSON.stringify({ key: Array.from({ length: 151 }, (_, i) => `v${i}`) }), `${SUB}Filter policy is too complex`],
  [JSON.stringify({ k1: Array.from({ length: 100 }, (_, i) => i), k2: Array.from({ length: 51 }, (_, i) => i) }), `${SUB}Filter policy is too complex`],
  [JSON.stringify({ k1: [1], k2: [2], k3: [3], k4: [4], k5: [5], k6: [6] }), `${SUB}Filter policy can not have more than 5 keys`],
  [
    JSON.stringify({ source: ['a', 'b', 'c', 'd'], $or: [{ metricName: [1, 2, 3, 4, 5, 6] }, { metricType: [1, 2, 3, 4], $or: [{ metricId: [1, 2, 3, 4] }, { spaceId: [1, 2, 3, 4] }] }] }),
    `${SUB}Filter policy is too complex`,
  ],
];

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ServiceError, `expected a ServiceError, got ${e}`);
    assert.equal(e.shape, 'InvalidParameterException');
    return e.message;
  }
  return '(accepted)';
}

describe('filter policy validation (AWS messages and JSON positions)', () => {
  for (const [policy, expected] of VALIDATION_CASES) {
    it(`rejects ${policy.slice(0, 60)}`, () => assert.equal(messageOf(() => validateFilterPolicy(policy, 'MessageAttributes', 'subscribe')), expected));
  }

  it('SetSubscriptionAttributes words it without "Attributes Reason:"', () => {
    assert.equal(messageOf(() => validateFilterPolicy('{"key_a":"value_one"}', 'MessageBody', 'set')), `Invalid parameter: FilterPolicy: "key_a" must be an object or an array${AT(1, 11)}`);
    assert.equal(messageOf(() => validateFilterPolicy('{"a":{"b":["x"]}}', 'MessageAttributes', 'set')), 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy');
  });

  it('accepts the limits exactly: 150 combinations ($or summed, nested keys weighted by depth), 5 keys', () => {
    const at150 = { source: ['a', 'b', 'c'], $or: [{ metricName: [1, 2, 3, 4, 5, 6] }, { metricType: [1, 2, 3, 4], $or: [{ metricId: [1, 2, 3, 4] }, { spaceId: [1, 2, 3, 4, 5, 6, 7] }] }] };
    assert.equal(messageOf(() => validateFilterPolicy(JSON.stringify(at150), 'MessageAttributes', 'subscribe')), '(accepted)');
    // nested: 4 values at depth 3 times 3 values at depth 2 = 4*3*3*2 = 72
    const nested = { a: { b: { c: [1, 2, 3, 4] } }, d: { e: [1, 2, 3] } };
    assert.equal(messageOf(() => validateFilterPolicy(JSON.stringify(nested), 'MessageBody', 'subscribe')), '(accepted)');
    // (3*4*2) + (3*4*6) + (2*4*2) + (2*4*6) = 160
    const orNested = { $or: [{ m: [1, 2, 3] }, { n: [1, 2] }], detail: { scope: [1, 2], $or: [{ source: [1] }, { type: [1, 2, 3] }] } };
    assert.equal(messageOf(() => validateFilterPolicy(JSON.stringify(orNested), 'MessageBody', 'subscribe')), `${SUB}Filter policy is too complex`);
    assert.equal(messageOf(() => validateFilterPolicy(JSON.stringify({ k1: [1], k2: [2], k3: [3], k4: [4], k5: [5] }), 'MessageAttributes', 'set')), '(accepted)');
  });

  it('FilterPolicies compiles each (scope, text) once and keeps at most its limit', () => {
    const policies = new FilterPolicies(2);
    const a = policies.get('{"a":["1"]}', 'MessageAttributes');
    assert.equal(policies.get('{"a":["1"]}', 'MessageAttributes'), a);
    assert.notEqual(policies.get('{"a":["1"]}', 'MessageBody'), a);
    policies.get('{"b":["1"]}', 'MessageAttributes');
    assert.notEqual(policies.get('{"a":["1"]}', 'MessageAttributes'), a, 'the oldest entry was dropped');
  });
});
