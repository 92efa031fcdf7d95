import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionsMatch, parseOperator } from './conditions.js';

type Ctx = Record<string, string | string[]>;
const ctx = (o: Ctx) => new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
const check = (operator: string, key: string, values: string[], context: Ctx) => conditionsMatch({ [operator]: { [key]: values } }, ctx(context));

/** [operator, policy values, request value (undefined: the key is absent), expected]. */
type Row = [string, string[], string | string[] | undefined, boolean];
function table(rows: Row[]): void {
  for (const [op, values, actual, want] of rows) {
    const context: Ctx = actual === undefined ? {} : { 'aws:Key': actual };
    assert.equal(check(op, 'aws:Key', values, context), want, `${op} ${JSON.stringify(values)} vs ${JSON.stringify(actual)}`);
  }
}

test('String operators: exact, ignore-case, like; values OR-ed; negations match none; absent keys', () => {
  table([
    ['StringEquals', ['a'], 'a', true],
    ['StringEquals', ['a'], 'A', false],
    ['StringEquals', ['x', 'a'], 'a', true],
    ['StringEquals', ['a'], undefined, false],
    ['StringNotEquals', ['a'], 'a', false],
    ['StringNotEquals', ['a'], 'b', true],
    ['StringNotEquals', ['a', 'b'], 'b', false],
    ['StringNotEquals', ['a'], undefined, true],
    ['StringEqualsIgnoreCase', ['ABC'], 'abc', true],
    ['StringEqualsIgnoreCase', ['ABC'], 'abd', false],
    ['StringNotEqualsIgnoreCase', ['ABC'], 'abc', false],
    ['StringNotEqualsIgnoreCase', ['ABC'], 'x', true],
    ['StringLike', ['arn:*:topic-?'], 'arn:aws:topic-1', true],
    ['StringLike', ['arn:*:topic-?'], 'arn:aws:topic-12', false],
    ['StringLike', ['A*'], 'abc', false],
    ['StringNotLike', ['a*'], 'abc', false],
    ['StringNotLike', ['a*'], 'xbc', true],
    ['StringNotLike', ['a*'], undefined, true],
    ['StringEqualsIfExists', ['a'], undefined, true],
    ['StringEqualsIfExists', ['a'], 'b', false],
    ['StringEqualsIfExists', ['a'], 'a', true],
    ['StringNotEqualsIfExists', ['a'], 'a', false],
  ]);
});

test('Numeric operators', () => {
  table([
    ['NumericEquals', ['10'], '10', true],
    ['NumericEquals', ['10'], '10.0', true],
    ['NumericEquals', ['10'], '11', false],
    ['NumericEquals', ['10'], 'ten', false],
    ['NumericNotEquals', ['10'], '11', true],
    ['NumericNotEquals', ['10'], '10', false],
    ['NumericLessThan', ['10'], '9', true],
    ['NumericLessThan', ['10'], '10', false],
    ['NumericLessThanEquals', ['10'], '10', true],
    ['NumericGreaterThan', ['10'], '10.5', true],
    ['NumericGreaterThan', ['10'], '-3', false],
    ['NumericGreaterThanEquals', ['10'], '10', true],
    ['NumericGreaterThanEquals', ['10'], undefined, false],
    ['NumericLessThanIfExists', ['10'], undefined, true],
  ]);
});

test('Date operators: ISO 8601 and epoch seconds', () => {
  table([
    ['DateEquals', ['2026-01-01T00:00:00Z'], '2026-01-01T00:00:00Z', true],
    ['DateEquals', ['2026-01-01T00:00:00Z'], '1767225600', true],
    ['DateNotEquals', ['2026-01-01T00:00:00Z'], '2026-01-01T00:00:01Z', true],
    ['DateLessThan', ['2026-01-01T00:00:00Z'], '2025-12-31T23:59:59Z', true],
    ['DateLessThan', ['2026-01-01T00:00:00Z'], '2026-01-01T00:00:00Z', false],
    ['DateLessThanEquals', ['2026-01-01'], '2026-01-01T00:00:00Z', true],
    ['DateGreaterThan', ['2026-01-01T00:00:00Z'], '2026-06-01T00:00:00Z', true],
    ['DateGreaterThan', ['2026-01-01T00:00:00Z'], 'not a date', false],
    ['DateGreaterThanEquals', ['1767225600'], '2026-01-01T00:00:00Z', true],
  ]);
});

test('Bool, BinaryEquals, Null', () => {
  table([
    ['Bool', ['true'], 'true', true],
    ['Bool', ['true'], 'false', false],
    ['Bool', ['false'], 'false', true],
    ['Bool', ['TRUE'], 'true', true],
    ['Bool', ['false'], undefined, false],
    ['BoolIfExists', ['false'], undefined, true],
    ['BinaryEquals', ['QmluYXJ5'], 'QmluYXJ5', true],
    ['BinaryEquals', ['QmluYXJ5'], 'QmluYXJ6', false],
    ['Null', ['true'], undefined, true],
    ['Null', ['true'], 'x', false],
    ['Null', ['false'], 'x', true],
    ['Null', ['false'], undefined, false],
  ]);
});

test('IpAddress / NotIpAddress: IPv4 and IPv6 CIDR blocks and bare addresses', () => {
  table([
    ['IpAddress', ['203.0.113.0/24'], '203.0.113.7', true],
    ['IpAddress', ['203.0.113.0/24'], '203.0.114.7', false],
    ['IpAddress', ['10.0.0.0/8', '127.0.0.0/8'], '127.0.0.1', true],
    ['IpAddress', ['127.0.0.1'], '127.0.0.1', true],
    ['IpAddress', ['0.0.0.0/0'], '192.168.1.1', true],
    ['IpAddress', ['2001:db8::/32'], '2001:db8::1', true],
    ['IpAddress', ['2001:db8::/32'], '2001:db9::1', false],
    ['IpAddress', ['203.0.113.0/33'], '203.0.113.7', false],
    ['IpAddress', ['not-an-ip/8'], '203.0.113.7', false],
    ['IpAddress', ['203.0.113.0/24'], undefined, false],
    ['NotIpAddress', ['203.0.113.0/24'], '198.51.100.1', true],
    ['NotIpAddress', ['203.0.113.0/24'], '203.0.113.1', false],
    ['NotIpAddress', ['203.0.113.0/24'], undefined, true],
  ]);
});

test('Arn operators: per-part wildcards; ArnEquals and ArnLike alike', () => {
  const topic = 'arn:aws:sns:us-east-1:111111111111:orders';
  table([
    ['ArnEquals', [topic], topic, true],
    ['ArnEquals', [topic], `${topic}-2`, false],
    ['ArnLike', ['arn:aws:sns:*:111111111111:*'], topic, true],
    ['ArnLike', ['arn:aws:sns:*:222222222222:*'], topic, false],
    ['ArnEquals', ['arn:aws:sns:us-east-1:111111111111:ord*'], topic, true],
    ['ArnNotEquals', [topic], topic, false],
    ['ArnNotLike', ['arn:aws:sns:*:*:other'], topic, true],
    ['ArnNotLike', ['arn:aws:sns:*:*:other'], undefined, true],
    ['ArnLike', [topic], undefined, false],
    ['ArnLikeIfExists', [topic], undefined, true],
  ]);
});

test('ForAnyValue / ForAllValues on multi-valued keys', () => {
  table([
    ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'b'], true],
    ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'y'], false],
    ['ForAnyValue:StringEquals', ['a'], undefined, false],
    ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b'], true],
    ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'c'], false],
    ['ForAllValues:StringEquals', ['a'], undefined, true],
    ['ForAllValues:StringLike', ['team-*'], ['team-a', 'team-b'], true],
    ['ForAnyValue:StringNotEquals', ['a'], ['a', 'b'], true],
    ['ForAnyValue:StringNotEquals', ['a'], ['a'], false],
    ['ForAllValues:StringNotEquals', ['a'], ['b', 'c'], true],
    ['ForAllValues:StringNotEquals', ['a'], ['a', 'c'], false],
  ]);
});

test('operators and keys are AND-ed; key names are case-insensitive; unknown operators never match', () => {
  const c = ctx({ 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:t', 'aws:SourceAccount': '111111111111' });
  assert.equal(conditionsMatch({ ArnEquals: { 'AWS:SOURCEARN': ['arn:aws:sns:us-east-1:111111111111:t'] }, StringEquals: { 'aws:sourceaccount': ['111111111111'] } }, c), true);
  assert.equal(conditionsMatch({ ArnEquals: { 'aws:SourceArn': ['arn:aws:sns:us-east-1:111111111111:t'] }, StringEquals: { 'aws:SourceAccount': ['222222222222'] } }, c), false);
  assert.equal(conditionsMatch({ StringEquals: { 'aws:SourceAccount': ['111111111111'], 'aws:SourceArn': ['x'] } }, c), false);
  assert.equal(conditionsMatch({ StringEqualz: { 'aws:SourceAccount': ['111111111111'] } }, c), false);
  assert.equal(conditionsMatch({}, c), true);
  assert.equal(parseOperator('ForAnyValue:Null'), undefined);
  assert.equal(parseOperator('stringequalsifexists')?.ifExists, true);
});
