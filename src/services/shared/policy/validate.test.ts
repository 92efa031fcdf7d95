import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyProblem, type PolicyProblemKind } from './validate.js';
import { parsePolicy } from './document.js';
import { defaultTopicPolicy } from '../../sns/domain/policy.js';

const ARN = 'arn:aws:sqs:us-east-1:123456789012:q';
const ok = { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: ARN };
const doc = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

test('valid but unusual policies AWS takes are accepted, and the evaluator reads every statement of them', () => {
  const valid: [string, string][] = [
    ['Principal "*"', doc(ok)],
    ['{"AWS": "*"}', doc({ ...ok, Principal: { AWS: '*' } })],
    ['account ids and root ARNs', doc({ ...ok, Principal: { AWS: ['123456789012', 'arn:aws:iam::210987654321:root'] } })],
    ['a service principal', doc({ ...ok, Principal: { Service: 'sns.amazonaws.com' } })],
    ['several principal types', doc({ ...ok, Principal: { AWS: 'arn:aws:iam::123456789012:role/r', Service: ['lambda.amazonaws.com'], Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc' } })],
    ['NotPrincipal', doc({ ...ok, Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } })],
    ['wildcard action and resource', doc({ ...ok, Action: '*', Resource: '*' })],
    ['wildcards inside names', doc({ ...ok, Action: ['sqs:*', 'SQS:Send*', 'sqs:?eceiveMessage'], Resource: 'arn:aws:sqs:*:*:q-*' })],
    ['NotAction', doc({ ...ok, Action: undefined, NotAction: 'sqs:DeleteQueue' })],
    ['NotResource', doc({ ...ok, Resource: undefined, NotResource: ARN })],
    ['no Resource (Kinesis does not require it)', doc({ ...ok, Resource: undefined })],
    ['conditions with lists, numbers and booleans', doc({ ...ok, Condition: { ArnLike: { 'aws:SourceArn': ['arn:aws:sns:*:*:a', 'arn:aws:sns:*:*:b'] }, NumericLessThan: { 'aws:EpochTime': 5 }, Bool: { 'aws:SecureTransport': false }, 'ForAnyValue:StringLike': { 'aws:TagKeys': 'a*' } } })],
    ['no Version', JSON.stringify({ Statement: [ok] })],
    ['Version 2008-10-17 and an Id', JSON.stringify({ Version: '2008-10-17', Id: 'p', Statement: [ok] })],
    ['a single statement object', JSON.stringify({ Version: '2012-10-17', Statement: ok })],
    ['Deny', doc({ ...ok, Effect: 'Deny' })],
    ['distinct Sids', doc({ ...ok, Sid: 'a' }, { ...ok, Sid: 'b' })],
    ['empty Sids, as terraform writes them', doc({ ...ok, Sid: '' }, { ...ok, Sid: '' })],
    ['the default topic policy SNS writes', defaultTopicPolicy('arn:aws:sns:us-east-1:123456789012:t', '123456789012')],
  ];
  for (const [what, text] of valid) {
    assert.equal(policyProblem(text), undefined, what);
    assert.equal(policyProblem(text, { requireResource: !what.startsWith('no Resource') }), undefined, `${what} (SNS rules)`);
    const raw = JSON.parse(text) as { Statement: unknown };
    const count = Array.isArray(raw.Statement) ? raw.Statement.length : 1;
    assert.equal(parsePolicy(text).statements.length, count, `${what}: the evaluator reads every statement`);
  }
});

test('each class of structurally broken policy is found, with its kind', () => {
  const broken: [string, string, PolicyProblemKind][] = [
    ['not JSON', '{"Statement":', 'json'],
    ['a JSON list', '[]', 'json'],
    ['a JSON string', '"x"', 'json'],
    ['an empty object', '{}', 'statement'],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'statement'],
    ['an empty Statement list', doc(), 'statement'],
    ['a Statement that is a string', JSON.stringify({ Statement: 'x' }), 'statement'],
    ['a statement that is not an object', doc('x'), 'statement'],
    ['an unknown Version', JSON.stringify({ Version: '2020-01-01', Statement: [ok] }), 'version'],
    ['a Version that is a number', JSON.stringify({ Version: 2012, Statement: [ok] }), 'version'],
    ['an Id that is not a string', JSON.stringify({ Id: 5, Statement: [ok] }), 'id'],
    ['an unknown document field', JSON.stringify({ Statement: [ok], Statements: [] }), 'field'],
    ['a misspelled Principal', doc({ Effect: 'Allow', Principle: '*', Action: 'sqs:SendMessage' }), 'field'],
    ['no Effect', doc({ ...ok, Effect: undefined }), 'effect'],
    ['Effect allow (case)', doc({ ...ok, Effect: 'allow' }), 'effect'],
    ['no Action', doc({ ...ok, Action: undefined }), 'action'],
    ['Action and NotAction', doc({ ...ok, NotAction: 'sqs:DeleteQueue' }), 'action'],
    ['an empty Action list', doc({ ...ok, Action: [] }), 'action'],
    ['an Action without a service', doc({ ...ok, Action: 'SendMessage' }), 'action'],
    ['an Action with two colons', doc({ ...ok, Action: 'sqs:Send:Message' }), 'action'],
    ['an Action that is an object (YAML "sns: Publish")', doc({ ...ok, Action: [{ sns: 'Publish' }] }), 'action'],
    ['Resource and NotResource', doc({ ...ok, NotResource: ARN }), 'resource'],
    ['an empty Resource', doc({ ...ok, Resource: '' }), 'resource'],
    ['a Resource that is a number', doc({ ...ok, Resource: 5 }), 'resource'],
    ['no Principal', doc({ ...ok, Principal: undefined }), 'principal'],
    ['Principal and NotPrincipal', doc({ ...ok, NotPrincipal: '*' }), 'principal'],
    ['a Principal that is a bare name', doc({ ...ok, Principal: 'bob' }), 'principal'],
    ['an empty Principal object', doc({ ...ok, Principal: {} }), 'principal'],
    ['an unknown principal type', doc({ ...ok, Principal: { User: 'bob' } }), 'principal'],
    ['an empty principal list', doc({ ...ok, Principal: { AWS: [] } }), 'principal'],
    ['an empty principal', doc({ ...ok, Principal: { AWS: '' } }), 'principal'],
    ['a Condition that is a list', doc({ ...ok, Condition: [] }), 'condition'],
    ['a Condition operator that is not an object', doc({ ...ok, Condition: { StringEquals: 'x' } }), 'condition'],
    ['a Condition operator without keys', doc({ ...ok, Condition: { StringEquals: {} } }), 'condition'],
    ['a Condition value that is an object', doc({ ...ok, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }), 'condition'],
    ['a Condition value that is null', doc({ ...ok, Condition: { StringEquals: { 'aws:username': null } } }), 'condition'],
    ['an empty Condition value list', doc({ ...ok, Condition: { StringEquals: { 'aws:username': [] } } }), 'condition'],
    ['a Sid that is not a string', doc({ ...ok, Sid: 5 }), 'sid'],
    ['a duplicate Sid', doc({ ...ok, Sid: 'a' }, { ...ok, Sid: 'a' }), 'sid'],
  ];
  for (const [what, text, kind] of broken) assert.equal(policyProblem(text)?.kind, kind, what);
  // SNS wants a Resource in every statement.
  assert.equal(policyProblem(doc({ ...ok, Resource: undefined }), { requireResource: true })?.kind, 'resource');
  assert.equal(policyProblem(doc({ ...ok, Resource: undefined, NotResource: ARN }), { requireResource: true }), undefined);
  // Kinesis keeps taking an empty Statement list; a missing Statement stays a problem there too.
  assert.equal(policyProblem(doc(), { allowNoStatements: true }), undefined);
  assert.equal(policyProblem('{}', { allowNoStatements: true })?.kind, 'statement');
  // The reason names the statement.
  assert.match(policyProblem(doc(ok, { ...ok, Effect: 'Maybe' }))!.reason, /^Statement 1: Effect/);
});

test('field names that are Object.prototype members are fields like any other: unknown, refused', () => {
  assert.equal(policyProblem('{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","__proto__":1}]}')?.kind, 'field');
  assert.equal(policyProblem('{"__proto__":{"Statement":[]},"Statement":[{"Effect":"Allow","Principal":"*","Action":"*"}]}')?.kind, 'field');
  assert.equal(policyProblem(doc({ ...ok, Principal: JSON.parse('{"__proto__":"x"}') }))?.kind, 'principal');
  assert.equal(policyProblem(doc({ ...ok, Condition: JSON.parse('{"StringEquals":{"__proto__":"x"}}') })), undefined);
});
