import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCredentials } from './credentials.js';
import { ConfigError } from './config.js';

/** The credentials file's users and roles (identity-config.ts, identity-policy-check.ts), checked at start. */
const A = '111111111111';
const B = '222222222222';
const allowSend = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${A}:orders` }] };
const trustB = { Statement: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:user/bob` }, Action: 'sts:AssumeRole' } };
const key = (id: string, accountId: string, extra: object = {}) => ({ accessKeyId: id, secretAccessKey: `${id}-secret`, accountId, ...extra });

function file(extra: object, keys: object[] = [key('AKIAROOT', A), key('AKIAALICE', A, { user: 'alice' })]) {
  return { accessKeys: keys, users: [{ accountId: A, name: 'alice', path: '/team/', policies: [allowSend, JSON.stringify(allowSend)] }], ...extra };
}

test('a file without users or roles: keys are roots and carry nothing', () => {
  const creds = checkCredentials({ accessKeys: [key('AKIAROOT', A)] }, 'f', true);
  assert.equal(creds.keys.get('AKIAROOT')!.iam, undefined);
  assert.deepEqual(Object.keys(creds.keys.get('AKIAROOT')!), ['accessKeyId', 'secretAccessKey', 'accountId']);
});

test('users: a key naming a user carries it (ARN with its path, AIDA id, parsed policies); a root key the directory only', () => {
  const creds = checkCredentials(file({}), 'f', true);
  const alice = creds.keys.get('AKIAALICE')!.iam!;
  assert.equal(alice.user!.arn, `arn:aws:iam::${A}:user/team/alice`);
  assert.match(alice.user!.userId, /^AIDA[A-Z2-7]{17}$/);
  assert.equal(alice.user!.policies.length, 2);
  assert.equal(alice.user!.policies[1]!.statements[0]!.action![0], 'sqs:SendMessage');
  const root = creds.keys.get('AKIAROOT')!.iam!;
  assert.equal(root.user, undefined);
  assert.equal(root.directory, alice.directory);
  assert.equal(root.directory.roles, undefined, 'no roles declared: any role may be assumed as before');
});

test('roles: by ARN, with trust policy, policies and maxSessionDuration (3600 by default)', () => {
  const roles = [
    { arn: `arn:aws:iam::${A}:role/ci/deployer`, trustPolicy: trustB, policies: [allowSend], maxSessionDuration: 7200 },
    { arn: `arn:aws:iam::${A}:role/reader`, trustPolicy: JSON.stringify(trustB), tags: { team: 'data' } },
  ];
  const directory = checkCredentials(file({ roles }), 'f', true).keys.get('AKIAROOT')!.iam!.directory;
  const deployer = directory.roles!.get(`arn:aws:iam::${A}:role/ci/deployer`)!;
  assert.deepEqual([deployer.name, deployer.path, deployer.maxSessionDuration, deployer.policies.length], ['deployer', '/ci/', 7200, 1]);
  assert.equal(directory.roles!.get(`arn:aws:iam::${A}:role/reader`)!.maxSessionDuration, 3600);
  assert.deepEqual(directory.roles!.get(`arn:aws:iam::${A}:role/reader`)!.tags, { team: 'data' });
  const empty = checkCredentials({ accessKeys: [key('AKIAROOT', A)], roles: [] }, 'f', true).keys.get('AKIAROOT')!.iam!.directory;
  assert.equal(empty.roles!.size, 0, 'roles: [] declares that no role exists');
});

const refusals: [string, object, RegExp][] = [
  ['an unknown top-level field', { accessKeys: [key('K', A)], groups: [] }, /unknown field groups/],
  ['users not a list', { accessKeys: [key('K', A)], users: {} }, /users: expected a list/],
  ['a user with an unknown field', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', group: 'x' }] }, /users\[0\]\.group: unknown field/],
  ['a bad user name', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a b' }] }, /users\[0\]\.name/],
  ['a bad path', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', path: 'team' }] }, /users\[0\]\.path/],
  ['a user twice', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a' }, { accountId: A, name: 'a', path: '/x/' }] }, /users\[1\]\.name: a is declared twice/],
  ['a key naming an undeclared user', { accessKeys: [key('K', A, { user: 'bob' })], users: [] }, /accessKeys\[0\]\.user: no user bob is declared in account 111111111111/],
  ['a key naming a user of another account', { accessKeys: [key('K', B, { user: 'alice' })], users: [{ accountId: A, name: 'alice' }] }, /accessKeys\[0\]\.user: no user alice/],
  ['an identity policy with a Principal', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', policies: [{ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }] }] }, /users\[0\]\.policies\[0\]\.Statement\[0\]\.Principal: an identity policy has no Principal/],
  ['an identity policy without Resource', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', policies: [{ Statement: { Effect: 'Allow', Action: '*' } }] }] }, /Statement: expected Resource or NotResource/],
  ['a policy that is not JSON', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', policies: ['{"Statement":'] }] }, /policies\[0\]: not valid JSON/],
  ['an unknown statement field', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', policies: [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Resources: '*' } }] }] }, /Statement\.Resources: unknown field/],
  ['an Effect that is neither', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', policies: [{ Statement: { Effect: 'allow', Action: '*', Resource: '*' } }] }] }, /Effect: expected Allow or Deny/],
  ['an unknown condition operator', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', policies: [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'a' } } } }] }] }, /Condition\.StringEqualz: unknown condition operator/],
  ['a role ARN that is none', { accessKeys: [key('K', A)], roles: [{ arn: `arn:aws:iam::${A}:user/x`, trustPolicy: trustB }] }, /roles\[0\]\.arn: expected a role ARN/],
  ['a role without trust policy', { accessKeys: [key('K', A)], roles: [{ arn: `arn:aws:iam::${A}:role/x` }] }, /roles\[0\]\.trustPolicy: expected the role trust policy/],
  ['a trust policy with a Resource', { accessKeys: [key('K', A)], roles: [{ arn: `arn:aws:iam::${A}:role/x`, trustPolicy: { Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' } } }] }, /trustPolicy\.Statement\.Resource: a trust policy has no Resource/],
  ['a trust policy without Principal', { accessKeys: [key('K', A)], roles: [{ arn: `arn:aws:iam::${A}:role/x`, trustPolicy: { Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } } }] }, /expected Principal or NotPrincipal/],
  ['tags that are a list', { accessKeys: [key('K', A)], users: [{ accountId: A, name: 'a', tags: [{ Key: 'team', Value: 'ci' }] }] }, /users\[0\]\.tags: expected an object of tags/],
  ['a tag value that is no string', { accessKeys: [key('K', A)], roles: [{ arn: `arn:aws:iam::${A}:role/x`, trustPolicy: trustB, tags: { team: 1 } }] }, /roles\[0\]\.tags\.team: expected a tag value/],
  ['maxSessionDuration out of range', { accessKeys: [key('K', A)], roles: [{ arn: `arn:aws:iam::${A}:role/x`, trustPolicy: trustB, maxSessionDuration: 43201 }] }, /maxSessionDuration: expected a whole number of seconds from 3600 to 43200/],
  ['a role name twice (whatever the path)', { accessKeys: [key('K', A)], roles: [{ arn: `arn:aws:iam::${A}:role/x`, trustPolicy: trustB }, { arn: `arn:aws:iam::${A}:role/p/x`, trustPolicy: trustB }] }, /roles\[1\]\.arn: a role named x is declared twice/],
];

for (const [name, content, message] of refusals) {
  test(`refused at start: ${name}`, () => {
    assert.throws(() => checkCredentials(content, 'creds.json', true), (e: unknown) => e instanceof ConfigError && message.test(e.message) && e.message.startsWith('creds.json: '));
  });
}

test('embedded (not strict): the same object works, users and roles included', () => {
  const creds = checkCredentials(file({ roles: [] }), 'the credentials option');
  assert.equal(creds.keys.get('AKIAALICE')!.iam!.user!.name, 'alice');
});

test('managed policies: customer ones declared (by arn, or accountId + name + path) and AWS ones attached to users and roles', () => {
  const readerArn = `arn:aws:iam::${A}:policy/team/reader`;
  const creds = checkCredentials(
    file({
      policies: [
        { arn: readerArn, document: JSON.stringify(allowSend) },
        { accountId: A, name: 'sender', document: allowSend },
      ],
      users: [{ accountId: A, name: 'alice', policies: [allowSend], managedPolicies: ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess', readerArn] }],
      roles: [{ arn: `arn:aws:iam::${A}:role/app`, trustPolicy: trustB, managedPolicies: [`arn:aws:iam::${A}:policy/sender`] }],
    }),
    'f',
    true,
  );
  const alice = creds.keys.get('AKIAALICE')!.iam!;
  // Inline first, then the attached ones in their order.
  assert.deepEqual(alice.user!.policies.map((p) => p.statements[0]!.action), [['sqs:SendMessage'], ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListDeadLetterSourceQueues', 'sqs:ListQueues', 'sqs:ListMessageMoveTasks', 'sqs:ListQueueTags'], ['sqs:SendMessage']]);
  assert.equal(alice.directory.roles!.get(`arn:aws:iam::${A}:role/app`)!.policies.length, 1);
  assert.deepEqual([...alice.directory.managedPolicies!.keys()], [readerArn, `arn:aws:iam::${A}:policy/sender`]);
});

const managedRefusals: [string, object, RegExp][] = [
  ['an unknown AWS managed policy', { users: [{ accountId: A, name: 'alice', managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }] }, /f: users\[0\]\.managedPolicies\[0\]: no managed policy arn:aws:iam::aws:policy\/ReadOnlyAccess: neither declared in policies nor an AWS managed policy Switchyard knows \(AmazonSQSReadOnlyAccess, /],
  ['an undeclared customer policy', { roles: [{ arn: `arn:aws:iam::${A}:role/app`, trustPolicy: trustB, managedPolicies: [`arn:aws:iam::${A}:policy/nope`] }] }, /f: roles\[0\]\.managedPolicies\[0\]: no managed policy arn:aws:iam::111111111111:policy\/nope/],
  [
    'another account’s customer policy',
    { policies: [{ accountId: B, name: 'theirs', document: allowSend }], users: [{ accountId: A, name: 'alice', managedPolicies: [`arn:aws:iam::${B}:policy/theirs`] }] },
    /users\[0\]\.managedPolicies\[0\]: arn:aws:iam::222222222222:policy\/theirs is a customer managed policy of another account/,
  ],
  [
    'eleven attached (IAM: 10 by default)',
    { policies: Array.from({ length: 11 }, (_, i) => ({ accountId: A, name: `p${i}`, document: allowSend })), users: [{ accountId: A, name: 'alice', managedPolicies: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::${A}:policy/p${i}`) }] },
    /users\[0\]\.managedPolicies: at most 10 managed policies may be attached/,
  ],
  ['the same one twice', { users: [{ accountId: A, name: 'alice', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'] }] }, /managedPolicies\[1\]: .* is attached twice/],
  ['a policy ARN that is none', { policies: [{ arn: `arn:aws:iam::${A}:role/x`, document: allowSend }] }, /f: policies\[0\]\.arn: expected a customer managed policy ARN/],
  ['an AWS managed ARN declared as a customer one', { policies: [{ arn: 'arn:aws:iam::aws:policy/Mine', document: allowSend }] }, /policies\[0\]\.arn: expected a customer managed policy ARN/],
  ['arn and name together', { policies: [{ arn: `arn:aws:iam::${A}:policy/x`, name: 'x', document: allowSend }] }, /policies\[0\]\.name: give either arn or accountId, name and path/],
  ['a document with a Principal', { policies: [{ accountId: A, name: 'x', document: { Statement: { ...allowSend.Statement[0], Principal: '*' } } }] }, /policies\[0\]\.document\.Statement\.Principal: an identity policy has no Principal/],
  ['no document', { policies: [{ accountId: A, name: 'x' }] }, /policies\[0\]\.document: expected the policy document/],
  ['a document over 6,144 characters', { policies: [{ accountId: A, name: 'x', document: { Statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'a'.repeat(6200) } } }] }, /policies\[0\]\.document: \d+ characters: a managed policy holds at most 6144/],
  ['the same ARN twice', { policies: [{ accountId: A, name: 'x', document: allowSend }, { arn: `arn:aws:iam::${A}:policy/x`, document: allowSend }] }, /policies\[1\]: arn:aws:iam::111111111111:policy\/x is declared twice/],
  ['policies not a list', { policies: {} }, /f: policies: expected a list of customer managed policies/],
];

for (const [name, extra, message] of managedRefusals) {
  test(`managed policies refused: ${name}`, () => {
    assert.throws(() => checkCredentials(file(extra), 'f', true), (e: unknown) => e instanceof ConfigError && message.test(e.message));
  });
}
