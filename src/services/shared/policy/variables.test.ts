import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './document.js';
import { evaluatePolicy } from './evaluate.js';
import { expandVariables } from './variables.js';
import { wildcardMatch } from './wildcard.js';
import type { AuthorizationRequest } from './request.js';

/**
 * `${*}`, `${?}` and `${$}` are IAM's way to write the characters themselves (IAM User Guide, "IAM
 * policy elements: Variables and tags", special characters): in a Resource or a StringLike / ArnLike
 * value a `${*}` is a `*` that matches only a `*`, not a wildcard; in StringEquals it is the `*`.
 */
const ACCOUNT = '111111111111';
const request = (resource: string, context: Record<string, string> = {}): AuthorizationRequest => ({
  principal: { kind: 'account', accountId: '222222222222', arn: 'arn:aws:iam::222222222222:root' },
  action: 'sqs:SendMessage',
  resource,
  context: new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v])),
});
const decision = (statement: object, req: AuthorizationRequest) =>
  evaluatePolicy(parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', ...statement }] })), req);

test('${*} and ${?} in a Resource match only the characters themselves', () => {
  const queue = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
  assert.equal(decision({ Resource: queue('jobs-${*}') }, request(queue('jobs-*'))), 'Allow');
  assert.equal(decision({ Resource: queue('jobs-${*}') }, request(queue('jobs-eu'))), 'None', 'not a wildcard');
  assert.equal(decision({ Resource: queue('jobs-${?}') }, request(queue('jobs-?'))), 'Allow');
  assert.equal(decision({ Resource: queue('jobs-${?}') }, request(queue('jobs-x'))), 'None', 'not a wildcard');
  assert.equal(decision({ Resource: queue('jobs-*') }, request(queue('jobs-eu'))), 'Allow', 'a written * still is one');
});

test('in conditions: a literal character for the wildcard operators, the character itself for the others', () => {
  const q = `arn:aws:sqs:us-east-1:${ACCOUNT}:q`;
  const on = (condition: object, agent: string) => decision({ Resource: q, Condition: condition }, request(q, { 'aws:UserAgent': agent }));
  assert.equal(on({ StringLike: { 'aws:UserAgent': 'ci-${*}' } }, 'ci-*'), 'Allow');
  assert.equal(on({ StringLike: { 'aws:UserAgent': 'ci-${*}' } }, 'ci-runner'), 'None');
  assert.equal(on({ StringNotLike: { 'aws:UserAgent': 'ci-${*}' } }, 'ci-runner'), 'Allow');
  assert.equal(on({ StringEquals: { 'aws:UserAgent': 'ci-${*}' } }, 'ci-*'), 'Allow');
  assert.equal(on({ StringEquals: { 'aws:UserAgent': 'cost-${$}' } }, 'cost-$'), 'Allow');
});

test('the marks are only for patterns', () => {
  const context = new Map<string, string>();
  assert.equal(expandVariables('a${*}b${?}c${$}', context), 'a*b?c$');
  const pattern = expandVariables('a${*}b', context, true)!;
  assert.ok(wildcardMatch(pattern, 'a*b'));
  assert.ok(!wildcardMatch(pattern, 'axb'));
  assert.ok(!wildcardMatch(pattern, pattern), 'a value holding the mark itself is not a *');
});
