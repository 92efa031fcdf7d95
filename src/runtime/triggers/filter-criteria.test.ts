/**
 * Lambda event filtering (filter-criteria.ts), table-driven: per operator a record that matches and
 * one that does not, on an SQS record's body (JSON and plain) and metadata, on Kinesis-shaped
 * records, then the refusals.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilterCriteria, FilterCriteriaError, type FilterSource } from './filter-criteria.js';

/** An SQS event record as event.ts makes it, with the body given (objects JSON-encoded). */
function sqs(body: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messageId: 'm-1',
    receiptHandle: 'r',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183', SenderId: 'AIDA', ApproximateFirstReceiveTimestamp: '1545082649185' },
    messageAttributes: { color: { stringValue: 'blue', stringListValues: [], binaryListValues: [], dataType: 'String' } },
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
    awsRegion: 'us-east-1',
    ...extra,
  };
}

const matches = (patterns: unknown[], record: Record<string, unknown>, source: FilterSource = 'sqs') =>
  compileFilterCriteria(patterns.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))), source).matches(record);

/** [description, pattern, body, expected] */
const BODY_CASES: [string, object, unknown, boolean][] = [
  ['equals', { body: { RequestCode: ['BBBB'] } }, { RequestCode: 'BBBB' }, true],
  ['equals, other value', { body: { RequestCode: ['BBBB'] } }, { RequestCode: 'AAAA' }, false],
  ['equals is case-sensitive', { body: { c: ['bbbb'] } }, { c: 'BBBB' }, false],
  ['or within a key', { body: { c: ['Credit', 'Debit'] } }, { c: 'Debit' }, true],
  ['null', { body: { UserID: [null] } }, { UserID: null }, true],
  ['null is not a missing key', { body: { UserID: [null] } }, { Other: 1 }, false],
  ['empty', { body: { LastName: [''] } }, { LastName: '' }, true],
  ['empty, not empty', { body: { LastName: [''] } }, { LastName: 'x' }, false],
  ['true', { body: { ok: [true] } }, { ok: true }, true],
  ['false is not true', { body: { ok: [true] } }, { ok: false }, false],
  ['numbers as numbers', { body: { n: [100] } }, { n: 100 }, true],
  ['a number does not match its text', { body: { n: [100] } }, { n: '100' }, false],
  ['text does not match a number', { body: { n: ['100'] } }, { n: 100 }, false],
  ['equals-ignore-case', { body: { name: [{ 'equals-ignore-case': 'alice' }] } }, { name: 'ALICE' }, true],
  ['equals-ignore-case, other', { body: { name: [{ 'equals-ignore-case': 'alice' }] } }, { name: 'alicia' }, false],
  ['prefix', { body: { region: [{ prefix: 'us-' }] } }, { region: 'us-east-1' }, true],
  ['prefix, no', { body: { region: [{ prefix: 'us-' }] } }, { region: 'eu-west-1' }, false],
  ['prefix never matches a number', { body: { n: [{ prefix: '1' }] } }, { n: 100 }, false],
  ['suffix', { body: { file: [{ suffix: '.png' }] } }, { file: 'a.png' }, true],
  ['suffix, no', { body: { file: [{ suffix: '.png' }] } }, { file: 'a.jpg' }, false],
  ['anything-but list', { body: { w: [{ 'anything-but': ['Raining'] }] } }, { w: 'Sunny' }, true],
  ['anything-but list, excluded', { body: { w: [{ 'anything-but': ['Raining'] }] } }, { w: 'Raining' }, false],
  ['anything-but single value', { body: { w: [{ 'anything-but': 'Raining' }] } }, { w: 'Snow' }, true],
  ['anything-but: a missing key does not match', { body: { w: [{ 'anything-but': ['Raining'] }] } }, { other: 'x' }, false],
  ['anything-but numbers', { body: { p: [{ 'anything-but': [100] }] } }, { p: 101 }, true],
  ['anything-but numbers, excluded', { body: { p: [{ 'anything-but': [100] }] } }, { p: 100 }, false],
  ['anything-but on an array: one allowed element is enough', { body: { w: [{ 'anything-but': ['x'] }] } }, { w: ['x', 'y'] }, true],
  ['numeric =', { body: { price: [{ numeric: ['=', 100] }] } }, { price: 100 }, true],
  ['numeric = no', { body: { price: [{ numeric: ['=', 100] }] } }, { price: 100.5 }, false],
  ['numeric range inside', { body: { t: [{ numeric: ['>', 50, '<=', 60] }] } }, { t: 60 }, true],
  ['numeric range, lower bound excluded', { body: { t: [{ numeric: ['>', 50, '<=', 60] }] } }, { t: 50 }, false],
  ['numeric compares numbers, not text (9 < 10)', { body: { t: [{ numeric: ['<', 10] }] } }, { t: 9 }, true],
  ['numeric does not match text', { body: { t: [{ numeric: ['>', 0] }] } }, { t: '5' }, false],
  ['exists', { body: { p: [{ exists: true }] } }, { p: 'x' }, true],
  ['exists, absent', { body: { p: [{ exists: true }] } }, { q: 'x' }, false],
  ['exists only looks at leaves', { body: { p: [{ exists: true }] } }, { p: { q: 1 } }, false],
  ['does not exist', { body: { p: [{ exists: false }] } }, { q: 'x' }, true],
  ['does not exist, present', { body: { p: [{ exists: false }] } }, { p: 'x' }, false],
  ['and of keys', { body: { Location: ['New York'], Day: ['Monday'] } }, { Location: 'New York', Day: 'Monday' }, true],
  ['and of keys, one fails', { body: { Location: ['New York'], Day: ['Monday'] } }, { Location: 'New York', Day: 'Friday' }, false],
  ['$or, second branch', { body: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] } }, { Location: 'Boston', Day: 'Monday' }, true],
  ['$or, no branch', { body: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] } }, { Location: 'Boston', Day: 'Friday' }, false],
  ['nested keys', { body: { a: { b: { c: ['x'] } } } }, { a: { b: { c: 'x' } } }, true],
  ['nested keys, a level missing', { body: { a: { b: ['x'] } } }, { a: 'x' }, false],
  ['array of scalars: any element', { body: { tags: ['red'] } }, { tags: ['blue', 'red'] }, true],
  ['array of objects', { body: { items: { sku: ['A1'] } } }, { items: [{ sku: 'B2' }, { sku: 'A1' }] }, true],
  ['array of objects, none', { body: { items: { sku: ['A1'] } } }, { items: [{ sku: 'B2' }] }, false],
];

/** [description, pattern, plain (non-JSON) body or JSON body text, expected]: SQS's table of body formats. */
const FORMAT_CASES: [string, object, string, boolean][] = [
  ['plain body, plain rule', { body: ['hello'] }, 'hello', true],
  ['plain body, plain prefix', { body: [{ prefix: 'hel' }] }, 'hello world', true],
  ['plain body, plain rule, other text', { body: ['hello'] }, 'goodbye', false],
  ['plain body, JSON pattern: dropped', { body: { a: [{ exists: false }] } }, 'not json', false],
  ['JSON body, plain rule: dropped', { body: [{ prefix: '{' }] }, '{"a":1}', false],
  ['JSON body, plain anything-but: dropped', { body: [{ 'anything-but': ['x'] }] }, '{"a":1}', false],
  ['a scalar JSON body counts as plain text (unverified)', { body: ['123'] }, '123', true],
  ['plain body, no body pattern: the metadata decide', { messageId: ['m-1'] }, 'not json', true],
  ['JSON body, no body pattern: the metadata decide', { messageId: ['m-1'] }, '{"a":1}', true],
];

describe('Lambda event filtering: SQS body as JSON', () => {
  for (const [what, pattern, body, expected] of BODY_CASES) {
    it(`${what} → ${expected ? 'match' : 'no match'}`, () => assert.equal(matches([pattern], sqs(body)), expected));
  }
});

describe('Lambda event filtering: SQS body formats', () => {
  for (const [what, pattern, body, expected] of FORMAT_CASES) {
    it(`${what} → ${expected ? 'match' : 'no match'}`, () => assert.equal(matches([pattern], sqs(body)), expected));
  }
});

describe('Lambda event filtering: metadata, several filters', () => {
  it('matches the record’s other fields: attributes, messageAttributes, eventSourceARN', () => {
    assert.equal(matches([{ messageAttributes: { color: { stringValue: ['blue'] } } }], sqs('x')), true);
    assert.equal(matches([{ messageAttributes: { color: { stringValue: ['red'] } } }], sqs('x')), false);
    assert.equal(matches([{ messageAttributes: { size: { stringValue: [{ exists: false }] } } }], sqs('x')), true);
    assert.equal(matches([{ attributes: { ApproximateReceiveCount: ['1'] } }], sqs('x')), true);
    assert.equal(matches([{ eventSourceARN: [{ suffix: ':q' }] }], sqs('x')), true);
  });

  it('metadata and body together must both match', () => {
    const pattern = { messageAttributes: { color: { stringValue: ['blue'] } }, body: { kind: ['order'] } };
    assert.equal(matches([pattern], sqs({ kind: 'order' })), true);
    assert.equal(matches([pattern], sqs({ kind: 'refund' })), false);
    assert.equal(matches([pattern], sqs('order')), false);
  });

  it('several filters: a record matching any of them goes through', () => {
    const filters = [{ body: { kind: ['order'] } }, { body: ['ping'] }, { messageId: ['other'] }];
    assert.equal(matches(filters, sqs({ kind: 'order' })), true);
    assert.equal(matches(filters, sqs('ping')), true);
    assert.equal(matches(filters, sqs({ kind: 'refund' })), false);
    assert.equal(matches(filters, sqs('pong')), false);
  });

  it('$or across the body and the metadata', () => {
    const pattern = { $or: [{ body: { kind: ['order'] } }, { messageAttributes: { color: { stringValue: ['blue'] } } }] };
    assert.equal(matches([pattern], sqs('plain')), true, 'the metadata branch matches whatever the body');
    assert.equal(matches([pattern], sqs('plain', { messageAttributes: {} })), false);
    assert.equal(matches([pattern], sqs({ kind: 'order' }, { messageAttributes: {} })), true);
  });

  it('an empty pattern matches every record (unverified)', () => {
    assert.equal(matches([{}], sqs('anything')), true);
  });
});

describe('Lambda event filtering: Kinesis records (data decoded to text)', () => {
  const kinesis = (data: string, partitionKey = '1') => ({ kinesisSchemaVersion: '1.0', partitionKey, sequenceNumber: '4959', data, approximateArrivalTimestamp: 1545084650.987 });
  it("AWS's example: partitionKey and a data property", () => {
    const pattern = { partitionKey: ['1'], data: { Location: ['Los Angeles'] } };
    assert.equal(matches([pattern], kinesis('{"Location":"Los Angeles"}'), 'kinesis'), true);
    assert.equal(matches([pattern], kinesis('{"Location":"Los Angeles"}', '2'), 'kinesis'), false);
    assert.equal(matches([pattern], kinesis('{"Location":"Seattle"}'), 'kinesis'), false);
  });
  it('data that is not JSON matches no pattern on the data; metadata-only patterns still apply', () => {
    assert.equal(matches([{ data: { a: [{ exists: false }] } }], kinesis('plain text'), 'kinesis'), false);
    assert.equal(matches([{ partitionKey: ['1'] }], kinesis('plain text'), 'kinesis'), true);
  });
  it('data given already parsed is used as it is', () => {
    assert.equal(matches([{ data: { t: [{ numeric: ['>', 50] }] } }], { partitionKey: '1', data: { t: 51 } }, 'kinesis'), true);
  });
});

describe('Lambda event filtering: refusals (InvalidParameterValueException)', () => {
  const refuses = (patterns: string[], message: RegExp, source: FilterSource = 'sqs', filter?: number) =>
    assert.throws(
      () => compileFilterCriteria(patterns, source),
      (e: unknown) => e instanceof FilterCriteriaError && message.test(e.message) && e.filter === filter,
      String(message),
    );

  it('more than 5 filters, a pattern over 4096 characters', () => {
    refuses(Array.from({ length: 6 }, () => '{"a":["x"]}'), /^at most 5 filters per event source mapping \(Lambda's default quota\), not 6$/);
    refuses(['{"a":["x"]}', `{"a":["${'x'.repeat(4090)}"]}`], /^the pattern is 4100 characters; at most 4096 \(Filter\.Pattern\)$/, 'sqs', 1);
  });

  it('a pattern that does not parse, with the parser’s reason', () => {
    refuses(['{"a": ["x"'], /^Invalid filter pattern definition\. failed to parse JSON\./, 'sqs', 0);
    refuses(['["a"]'], /^Invalid filter pattern definition\. The pattern must be a JSON object$/, 'sqs', 0);
    refuses(['{"a": "x"}'], /^Invalid filter pattern definition\. "a" must be an object or an array \(line 1, column 8\)$/, 'sqs', 0);
    refuses(['{"a": []}'], /^Invalid filter pattern definition\. Empty arrays are not allowed/, 'sqs', 0);
    refuses(['{"a": [{"wildcard": "x*"}]}'], /^Invalid filter pattern definition\. Unrecognized match type wildcard/, 'sqs', 0);
    refuses(['{"a": [{"numeric": [">", "x"]}]}'], /^Invalid filter pattern definition\. Value of > must be numeric/, 'sqs', 0);
    refuses([''], /^Invalid filter pattern definition\./, 'sqs', 0);
  });

  it('Kinesis: rules on the data as a string are refused (the data pattern must be JSON)', () => {
    refuses(['{"data": ["x"]}'], /^Invalid filter pattern definition\. The filter pattern for "data" must be in a valid JSON format/, 'kinesis', 0);
    assert.equal(matches([{ data: ['x'] }], sqs('x', { data: 'x' })), true, 'SQS has no data key: "data" is a metadata field there');
  });
});
