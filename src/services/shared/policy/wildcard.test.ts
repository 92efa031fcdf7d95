import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arnMatch, wildcardMatch } from './wildcard.js';

test('wildcardMatch: * and ? as IAM reads them', () => {
  const cases: [string, string, boolean, boolean?][] = [
    ['*', '', true],
    ['*', 'anything', true],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a*c', 'ac', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['*c*', 'xxcxx', true],
    ['**', 'x', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
    ['sqs:Send*', 'sqs:SendMessage', true],
    ['SQS:send*', 'sqs:SendMessage', false],
    ['SQS:send*', 'sqs:SendMessage', true, true],
    ['sqs:*', 'sns:Publish', false, true],
    ['?', '', false],
    ['*'.repeat(40) + 'x', 'a'.repeat(60), false],
  ];
  for (const [p, v, want, ci] of cases) assert.equal(wildcardMatch(p, v, ci ?? false), want, `${p} ~ ${v}`);
});

test('arnMatch: wildcards stay within their ARN part; the resource part may hold colons', () => {
  const cases: [string, string, boolean][] = [
    ['*', 'arn:aws:sqs:us-east-1:111111111111:q', true],
    ['arn:aws:sqs:us-east-1:111111111111:q', 'arn:aws:sqs:us-east-1:111111111111:q', true],
    ['arn:aws:sqs:*:111111111111:q', 'arn:aws:sqs:eu-west-1:111111111111:q', true],
    ['arn:aws:sqs:*:*:*', 'arn:aws:sqs:eu-west-1:111111111111:q', true],
    ['arn:aws:sqs:*', 'arn:aws:sqs:eu-west-1:111111111111:q', false],
    ['arn:aws:sns:*:111111111111:t', 'arn:aws:sqs:us-east-1:111111111111:t', false],
    ['arn:aws:sqs:us-east-1:111111111111:q*', 'arn:aws:sqs:us-east-1:111111111111:queue-1', true],
    ['arn:aws:sqs:us-east-1:111111111111:Q', 'arn:aws:sqs:us-east-1:111111111111:q', false],
    ['arn:aws:kinesis:us-east-1:111111111111:stream/s/consumer/*', 'arn:aws:kinesis:us-east-1:111111111111:stream/s/consumer/c:1700000000', true],
    ['arn:aws:kinesis:us-east-1:111111111111:stream/*', 'arn:aws:kinesis:us-east-1:111111111111:stream/s', true],
    ['arn:aws:sns:us-east-1:11111111111?:t', 'arn:aws:sns:us-east-1:111111111112:t', true],
  ];
  for (const [p, a, want] of cases) assert.equal(arnMatch(p, a), want, `${p} ~ ${a}`);
});
