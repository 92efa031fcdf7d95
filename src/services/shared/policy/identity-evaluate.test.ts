import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, type PolicyDocument } from './document.js';
import { decide, type Refusal } from './evaluate.js';
import { refusalMessage } from './refusal.js';
import { trustRefuses } from './trust.js';
import type { AuthorizationRequest, Principal } from './request.js';

/**
 * IAM's decision for identities with policies of their own (evaluate.ts decideWithIdentity), as a
 * table: same account (identity OR resource policy, the latter only when it names the identity),
 * across accounts (both), explicit denies anywhere, NotAction/NotResource, conditions, and the
 * session policy's intersection.
 */
const OWNER = '111111111111';
const OTHER = '222222222222';
const QUEUE = `arn:aws:sqs:us-east-1:${OWNER}:orders`;
const ALICE = `arn:aws:iam::${OWNER}:user/alice`;
const BOB = `arn:aws:iam::${OTHER}:user/bob`;
const ROLE = `arn:aws:iam::${OWNER}:role/app`;
const SESSION = `arn:aws:sts::${OWNER}:assumed-role/app/ci`;

const doc = (...statements: object[]): PolicyDocument => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const allowSend = (extra: object = {}) => ({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE, ...extra });
const denySend = (extra: object = {}) => ({ Effect: 'Deny', Action: 'sqs:SendMessage', Resource: QUEUE, ...extra });
const NONE = doc();

function user(arn: string, policies: PolicyDocument[]): Principal {
  return { kind: 'account', accountId: arn.split(':')[4]!, arn, identity: { policies } };
}
function session(policies: PolicyDocument[], sessionPolicy?: PolicyDocument): Principal {
  return { kind: 'account', accountId: OWNER, arn: SESSION, roleArn: ROLE, identity: { policies, sessionPolicies: sessionPolicy && [sessionPolicy] } };
}
function request(principal: Principal, action = 'sqs:SendMessage', context: Record<string, string> = {}): AuthorizationRequest {
  return { principal, action, resource: QUEUE, context: new Map(Object.entries(context)) };
}

interface Row {
  readonly name: string;
  readonly principal: Principal;
  readonly resource: PolicyDocument;
  readonly action?: string;
  readonly context?: Record<string, string>;
  readonly ownerOnly?: boolean;
  readonly expect: Refusal | undefined;
}

const rows: Row[] = [
  { name: 'same account: identity Allow alone', principal: user(ALICE, [doc(allowSend())]), resource: NONE, expect: undefined },
  { name: 'same account: nothing allows', principal: user(ALICE, []), resource: NONE, expect: 'identity' },
  { name: 'same account: identity allows another action only', principal: user(ALICE, [doc(allowSend())]), resource: NONE, action: 'sqs:ReceiveMessage', expect: 'identity' },
  { name: 'same account: resource Allow naming the user alone', principal: user(ALICE, []), resource: doc(allowSend({ Principal: { AWS: ALICE } })), expect: undefined },
  { name: 'same account: resource Allow to *', principal: user(ALICE, []), resource: doc(allowSend({ Principal: '*' })), expect: undefined },
  { name: 'same account: resource Allow naming only the account delegates to IAM', principal: user(ALICE, []), resource: doc(allowSend({ Principal: { AWS: OWNER } })), expect: 'identity' },
  { name: 'same account: explicit Deny in the identity policy beats a resource Allow', principal: user(ALICE, [doc(denySend())]), resource: doc(allowSend({ Principal: { AWS: ALICE } })), expect: 'identity-explicit' },
  { name: 'same account: explicit Deny in the resource policy beats an identity Allow', principal: user(ALICE, [doc(allowSend())]), resource: doc(denySend({ Principal: '*' })), expect: 'explicit' },
  { name: 'same account: owner-only action needs the identity policy', principal: user(ALICE, []), resource: doc(allowSend({ Principal: '*', Action: '*' })), action: 'sqs:SetQueueAttributes', ownerOnly: true, expect: 'identity' },
  { name: 'same account: owner-only action allowed by the identity policy', principal: user(ALICE, [doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' })]), resource: NONE, action: 'sqs:SetQueueAttributes', ownerOnly: true, expect: undefined },
  { name: 'cross account: identity Allow without the resource policy', principal: user(BOB, [doc(allowSend())]), resource: NONE, expect: 'implicit' },
  { name: 'cross account: resource Allow without the identity policy', principal: user(BOB, []), resource: doc(allowSend({ Principal: { AWS: OTHER } })), expect: 'identity' },
  { name: 'cross account: both allow (the resource naming the account)', principal: user(BOB, [doc(allowSend())]), resource: doc(allowSend({ Principal: { AWS: OTHER } })), expect: undefined },
  { name: 'cross account: both allow, but an identity Deny', principal: user(BOB, [doc(allowSend()), doc(denySend())]), resource: doc(allowSend({ Principal: { AWS: BOB } })), expect: 'identity-explicit' },
  { name: 'cross account: owner-only actions stay the owner\'s', principal: user(BOB, [doc({ Effect: 'Allow', Action: '*', Resource: '*' })]), resource: doc(allowSend({ Principal: '*', Action: '*' })), action: 'sqs:DeleteQueue', ownerOnly: true, expect: 'implicit' },
  { name: 'NotAction: everything but DeleteQueue', principal: user(ALICE, [doc({ Effect: 'Allow', NotAction: 'sqs:DeleteQueue', Resource: '*' })]), resource: NONE, expect: undefined },
  { name: 'NotAction excludes the action', principal: user(ALICE, [doc({ Effect: 'Allow', NotAction: 'sqs:Send*', Resource: '*' })]), resource: NONE, expect: 'identity' },
  { name: 'NotResource: every resource but this queue', principal: user(ALICE, [doc({ Effect: 'Allow', Action: 'sqs:*', NotResource: QUEUE })]), resource: NONE, expect: 'identity' },
  { name: 'NotResource elsewhere: this queue is allowed', principal: user(ALICE, [doc({ Effect: 'Allow', Action: 'sqs:*', NotResource: `arn:aws:sqs:*:*:other` })]), resource: NONE, expect: undefined },
  { name: 'a Deny with NotResource: denies all but the queue', principal: user(ALICE, [doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', NotResource: QUEUE })]), resource: NONE, expect: undefined },
  { name: 'condition met', principal: user(ALICE, [doc(allowSend({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))]), resource: NONE, context: { 'aws:securetransport': 'true' }, expect: undefined },
  { name: 'condition not met', principal: user(ALICE, [doc(allowSend({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }))]), resource: NONE, context: { 'aws:securetransport': 'false' }, expect: 'identity' },
  { name: 'conditional Deny applies', principal: user(ALICE, [doc(allowSend(), denySend({ Condition: { StringNotEquals: { 'aws:username': 'alice' } } }))]), resource: NONE, context: { 'aws:username': 'mallory' }, expect: 'identity-explicit' },
  { name: 'session: role and session policy both allow', principal: session([doc(allowSend())], doc(allowSend())), resource: NONE, expect: undefined },
  { name: 'session: the session policy does not allow', principal: session([doc(allowSend())], doc({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' })), resource: NONE, expect: 'session' },
  { name: 'session: the session policy alone grants nothing', principal: session([], doc(allowSend())), resource: NONE, expect: 'identity' },
  { name: 'session: a Deny in the session policy', principal: session([doc(allowSend())], doc(denySend())), resource: NONE, expect: 'session-explicit' },
  { name: 'session: a resource Allow naming the role is narrowed by the session policy', principal: session([], doc({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' })), resource: doc(allowSend({ Principal: { AWS: ROLE } })), expect: 'session' },
  { name: 'session: a resource Allow naming the session is not', principal: session([], doc({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' })), resource: doc(allowSend({ Principal: { AWS: SESSION } })), expect: undefined },
  { name: 'session without a session policy: the role policy', principal: session([doc(allowSend())]), resource: NONE, expect: undefined },
];

for (const row of rows) {
  test(`identity policies: ${row.name}`, () => {
    assert.equal(decide(row.resource, request(row.principal, row.action, row.context), OWNER, row.ownerOnly), row.expect);
  });
}

test('principals without identity policies keep the resource-policy-only rules', () => {
  const root: Principal = { kind: 'account', accountId: OWNER, arn: `arn:aws:iam::${OWNER}:root` };
  assert.equal(decide(NONE, request(root), OWNER), undefined);
  const other: Principal = { kind: 'account', accountId: OTHER, arn: `arn:aws:iam::${OTHER}:root` };
  assert.equal(decide(NONE, request(other), OWNER), 'implicit');
  assert.equal(decide(doc(allowSend({ Principal: { AWS: OTHER } })), request(other), OWNER), undefined);
});

test('refusals in AWS words', () => {
  const alice = user(ALICE, []);
  assert.equal(
    refusalMessage(alice, 'sqs:sendmessage', QUEUE, 'identity'),
    `User: ${ALICE} is not authorized to perform: sqs:sendmessage on resource: ${QUEUE} because no identity-based policy allows the sqs:sendmessage action`,
  );
  assert.equal(
    refusalMessage(alice, 'sqs:sendmessage', QUEUE, 'identity-explicit'),
    `User: ${ALICE} is not authorized to perform: sqs:sendmessage on resource: ${QUEUE} with an explicit deny in an identity-based policy`,
  );
  assert.match(refusalMessage(alice, 'sqs:sendmessage', QUEUE, 'session'), /because no session policy allows the sqs:sendmessage action$/);
});

test('trust policies: they must allow even in the role\'s account; naming the account needs the identity policy too', () => {
  const role = `arn:aws:iam::${OWNER}:role/app`;
  const assumeRole = (principal: Principal): AuthorizationRequest => ({ principal, action: 'sts:AssumeRole', resource: role, context: new Map() });
  const trusting = (who: object) => doc({ Effect: 'Allow', Principal: who, Action: 'sts:AssumeRole' });
  const mayAssume = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role });
  const rows: [string, PolicyDocument, Principal, boolean][] = [
    ['trust names the user: no identity policy needed', trusting({ AWS: ALICE }), user(ALICE, []), false],
    ['trust names the account: the user needs an identity Allow', trusting({ AWS: OWNER }), user(ALICE, []), true],
    ['trust names the account, identity allows', trusting({ AWS: OWNER }), user(ALICE, [mayAssume]), false],
    ['identity allows, trust is silent: refused (the trust policy must allow)', trusting({ AWS: BOB }), user(ALICE, [mayAssume]), true],
    ['the account root, trust naming its account', trusting({ AWS: `arn:aws:iam::${OWNER}:root` }), { kind: 'account', accountId: OWNER, arn: `arn:aws:iam::${OWNER}:root` }, false],
    ['another account\'s user named by the trust, without an identity Allow', trusting({ AWS: BOB }), user(BOB, []), true],
    ['another account\'s user named by the trust, with one', trusting({ AWS: BOB }), user(BOB, [mayAssume]), false],
    ['another account\'s root, trust naming only its user', trusting({ AWS: BOB }), { kind: 'account', accountId: OTHER, arn: `arn:aws:iam::${OTHER}:root` }, true],
    ['a Deny in the trust policy', doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { AWS: ALICE }, Action: 'sts:*' }), user(ALICE, [mayAssume]), true],
  ];
  for (const [name, trust, principal, refused] of rows) assert.equal(trustRefuses(trust, assumeRole(principal), OWNER), refused, name);
});

test('policy variables (Version 2012-10-17): ${aws:username} in Resource and in a condition value, with a default; literal in older documents', () => {
  const ctx = { 'aws:username': 'alice' };
  const own = (extra: object, version = '2012-10-17') =>
    parsePolicy(JSON.stringify({ Version: version, Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', ...extra }] }));
  const mine = `arn:aws:sqs:us-east-1:${OWNER}:\${aws:username}-*`;
  const queue = (name: string): AuthorizationRequest => ({ principal: user(ALICE, [own({ Resource: mine })]), action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${OWNER}:${name}`, context: new Map(Object.entries(ctx)) });
  assert.equal(decide(NONE, queue('alice-jobs'), OWNER), undefined);
  assert.equal(decide(NONE, queue('bob-jobs'), OWNER), 'identity');
  const old: AuthorizationRequest = { ...queue('alice-jobs'), principal: user(ALICE, [own({ Resource: mine }, '2008-10-17')]) };
  assert.equal(decide(NONE, old, OWNER), 'identity', 'no variables before 2012-10-17');
  const unresolved: AuthorizationRequest = { ...queue('alice-jobs'), context: new Map() };
  assert.equal(decide(NONE, unresolved, OWNER), 'identity', 'a key the request lacks: the entry matches nothing');
  const withDefault = own({ Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': "${aws:PrincipalTag/team, 'none'}-x" } } });
  const tagged: AuthorizationRequest = { principal: user(ALICE, [withDefault]), action: 'sqs:SendMessage', resource: QUEUE, context: new Map([['aws:principaltag/team', 'none-x']]) };
  assert.equal(decide(NONE, tagged, OWNER), 'identity', 'the tag is there: its value, not the default');
  const selfNamed = own({ Resource: '*', Condition: { StringEquals: { 'aws:username': '${aws:username}' } } });
  assert.equal(decide(NONE, { ...tagged, principal: user(ALICE, [selfNamed]), context: new Map(Object.entries(ctx)) }, OWNER), undefined);
});
