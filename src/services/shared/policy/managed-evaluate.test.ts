// Managed policies in IAM's decision: a user's attached managed policies add to its inline ones
// (any Allow, any Deny wins); AWS's AmazonSQSReadOnlyAccess allows reading and never sending; a
// role session's session policies are its inline Policy and its PolicyArns together, resolved at
// each request against the current file (a managed policy removed since allows nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AWS_MANAGED_POLICIES } from './aws-managed.js';
import { authorizationRequest } from './context-keys.js';
import { parsePolicy, type PolicyDocument } from './document.js';
import { decide } from './evaluate.js';
import type { IamDirectory, IamRole, IamSessionFields } from './identity.js';
import type { RequestContext, SessionIdentity } from '../service.js';

const A = '111111111111';
const QUEUE = `arn:aws:sqs:us-east-1:${A}:orders`;
const ALICE = `arn:aws:iam::${A}:user/alice`;
const SQS_READ = 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess';
const CUSTOM = `arn:aws:iam::${A}:policy/purger`;
const doc = (...statements: object[]): PolicyDocument => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const NONE = doc();
const sqsRead = AWS_MANAGED_POLICIES.get(SQS_READ)!;

const asUser = (policies: readonly PolicyDocument[], action: string) =>
  decide(NONE, { principal: { kind: 'account', accountId: A, arn: ALICE, identity: { policies } }, action, resource: QUEUE, context: new Map() }, A);

test('the AWS managed policies are all there, by arn:aws:iam::aws:policy/<Name>', () => {
  const names = [...AWS_MANAGED_POLICIES.keys()].map((arn) => arn.replace('arn:aws:iam::aws:policy/', ''));
  assert.deepEqual(names.sort(), ['AdministratorAccess', 'AmazonKinesisFullAccess', 'AmazonKinesisReadOnlyAccess', 'AmazonSNSFullAccess', 'AmazonSNSReadOnlyAccess', 'AmazonSQSFullAccess', 'AmazonSQSReadOnlyAccess']);
});

test('AmazonSQSReadOnlyAccess: ListQueues and GetQueueAttributes yes, SendMessage, ReceiveMessage and DeleteQueue no', () => {
  for (const action of ['sqs:ListQueues', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags']) assert.equal(asUser([sqsRead], action), undefined, action);
  for (const action of ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteQueue']) assert.equal(asUser([sqsRead], action), 'identity', action);
});

test('the read-only and full-access policies of SNS and Kinesis, and AdministratorAccess', () => {
  const policy = (name: string) => [AWS_MANAGED_POLICIES.get(`arn:aws:iam::aws:policy/${name}`)!];
  assert.equal(asUser(policy('AmazonSNSReadOnlyAccess'), 'sns:ListTopics'), undefined);
  assert.equal(asUser(policy('AmazonSNSReadOnlyAccess'), 'sns:Publish'), 'identity');
  assert.equal(asUser(policy('AmazonSNSFullAccess'), 'sns:Publish'), undefined);
  assert.equal(asUser(policy('AmazonKinesisReadOnlyAccess'), 'kinesis:GetRecords'), undefined);
  assert.equal(asUser(policy('AmazonKinesisReadOnlyAccess'), 'kinesis:PutRecord'), 'identity');
  assert.equal(asUser(policy('AmazonKinesisFullAccess'), 'kinesis:PutRecord'), undefined);
  assert.equal(asUser(policy('AmazonSQSFullAccess'), 'sqs:SendMessage'), undefined);
  assert.equal(asUser(policy('AdministratorAccess'), 'kinesis:DeleteStream'), undefined);
  assert.equal(asUser(policy('AmazonSQSFullAccess'), 'sns:Publish'), 'identity');
});

test('managed and inline together: the union of their Allows, and a Deny in either wins', () => {
  const inlineSend = doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE });
  assert.equal(asUser([inlineSend, sqsRead], 'sqs:SendMessage'), undefined);
  assert.equal(asUser([inlineSend, sqsRead], 'sqs:GetQueueAttributes'), undefined);
  assert.equal(asUser([inlineSend, sqsRead], 'sqs:PurgeQueue'), 'identity');
  const inlineDeny = doc({ Effect: 'Deny', Action: 'sqs:List*', Resource: '*' });
  assert.equal(asUser([inlineDeny, sqsRead], 'sqs:ListQueues'), 'identity-explicit');
});

// A role session, as the request context carries it (sts/domain/identity.ts sessionIdentity).
const full = doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' });
const app: IamRole = { accountId: A, name: 'app', path: '/', arn: `arn:aws:iam::${A}:role/app`, trustPolicy: NONE, policies: [full], maxSessionDuration: 3600 };
const purge = doc({ Effect: 'Allow', Action: 'sqs:PurgeQueue', Resource: '*' });

function asSession(fields: IamSessionFields, action: string, managedPolicies: ReadonlyMap<string, PolicyDocument> = new Map([[CUSTOM, purge]])) {
  const directory: IamDirectory = { users: new Map(), roles: new Map([[app.arn, app]]), managedPolicies };
  const session: SessionIdentity & IamSessionFields = {
    accountId: A,
    issuedAt: 0,
    role: { roleArn: app.arn, sessionArn: `arn:aws:sts::${A}:assumed-role/app/s`, userId: 'AROAEXAMPLE:s' },
    ...fields,
  };
  const ctx = { requestId: 'r', accountId: A, region: 'us-east-1', baseUrl: 'http://x', signal: new AbortController().signal, session, iam: { directory } } as RequestContext;
  const req = authorizationRequest(ctx, action, QUEUE, 1000);
  return decide(NONE, req, A);
}

test('a session with PolicyArns: narrowed to the managed policies (AmazonSQSReadOnlyAccess reads, does not send)', () => {
  assert.equal(asSession({ policyArns: [SQS_READ] }, 'sqs:GetQueueAttributes'), undefined);
  assert.equal(asSession({ policyArns: [SQS_READ] }, 'sqs:SendMessage'), 'session');
  assert.equal(asSession({}, 'sqs:SendMessage'), undefined, 'without session policies, the role policy');
});

test('Policy and PolicyArns together are one set: allowed when one of them allows, denied by a Deny in any', () => {
  const inlineSend = JSON.stringify({ Statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE } });
  const both = { policy: inlineSend, policyArns: [SQS_READ, CUSTOM] };
  assert.equal(asSession(both, 'sqs:SendMessage'), undefined, 'the inline one');
  assert.equal(asSession(both, 'sqs:ListQueues'), undefined, 'the AWS managed one');
  assert.equal(asSession(both, 'sqs:PurgeQueue'), undefined, 'the customer managed one');
  assert.equal(asSession(both, 'sqs:DeleteQueue'), 'session', 'none of them');
  const denyList = JSON.stringify({ Statement: { Effect: 'Deny', Action: 'sqs:ListQueues', Resource: '*' } });
  assert.equal(asSession({ policy: denyList, policyArns: [SQS_READ] }, 'sqs:ListQueues'), 'session-explicit');
});

test('PolicyArns are resolved at each request: a customer policy removed from the file since allows nothing', () => {
  assert.equal(asSession({ policyArns: [CUSTOM] }, 'sqs:PurgeQueue'), undefined);
  assert.equal(asSession({ policyArns: [CUSTOM] }, 'sqs:PurgeQueue', new Map()), 'session');
  // What AssumeRole stores as the inline policy of a PolicyArns-only session changes nothing.
  assert.equal(asSession({ policy: '{"Version":"2012-10-17","Statement":[]}', policyArns: [SQS_READ] }, 'sqs:ListQueues'), undefined);
});
