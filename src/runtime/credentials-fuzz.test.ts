import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, deeplyNested, mutate, pick, preview, randomJson, randomString, rngFrom, setOwn, timed, type Rng } from '../../test/helpers/json-fuzz.js';
import { A, B, KEYS, RESOURCES, VALUES, policyOf } from '../../test/helpers/iam-policy-fuzz.js';
import { checkCredentials, type Credentials } from './credentials.js';
import { ConfigError } from './config.js';
import { decide, evaluatePolicy, parsePolicy, trustRefuses, type AuthorizationRequest } from '../services/shared/policy/index.js';
import type { IamRole, IamUser } from '../services/shared/policy/identity.js';

/**
 * Property tests of the credentials file's users and roles (checkCredentials, identity-config.ts,
 * identity-policy-check.ts): whatever the file holds, reading it ends in a ConfigError naming a
 * place or in an accepted file, quickly, never another exception; and every policy it accepts is
 * evaluated against random requests without throwing (a policy accepted at start must never turn
 * into a 500 at request time). Seeded (SWITCHYARD_FUZZ_SEED), a few hundred cases each.
 */
const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);

const FIELD_NAMES = [
  'accessKeys', 'users', 'roles', 'limits', 'accessKeyId', 'secretAccessKey', 'accountId', 'user', 'name', 'path', 'policies', 'tags', 'arn',
  'trustPolicy', 'maxSessionDuration', 'Version', 'Id', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource',
  'Principal', 'NotPrincipal', 'Condition', 'AWS', 'Service', 'StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'NumericLessThan',
  'DateGreaterThan', 'IpAddress', 'Null', 'BoolIfExists', 'ArnLike', 'constructor', '__proto__', 'aws:username', 'aws:PrincipalTag/team',
];
/** A file checkCredentials must accept: users and roles with random (valid) policies and tags. */
function validFile(rng: Rng): Record<string, unknown> {
  const users = Array.from({ length: between(rng, 1, 3) }, (_, i) => ({
    accountId: pick(rng, [A, B]),
    name: `${pick(rng, ['alice', 'bob', 'c.i+x=y,z@w_-'])}${i}`,
    ...(rng() < 0.5 && { path: pick(rng, ['/', '/team/', '/a/b-c/']) }),
    policies: Array.from({ length: between(rng, 0, 3) }, () => policyOf(rng, 'identity')),
    ...(rng() < 0.5 && { tags: { team: pick(rng, ['ci', 'ops', '', 'Ünï 😀'.slice(0, 4)]), 'a:b/c': 'x' } }),
  }));
  const roles = Array.from({ length: between(rng, 0, 2) }, (_, i) => ({
    arn: `arn:aws:iam::${pick(rng, [A, B])}:role/${pick(rng, ['', 'ci/'])}r${i}`,
    trustPolicy: policyOf(rng, 'trust'),
    ...(rng() < 0.5 && { policies: [policyOf(rng, 'identity')] }),
    ...(rng() < 0.5 && { maxSessionDuration: pick(rng, [3600, 7200, 43_200]) }),
  }));
  const accessKeys = [
    { accessKeyId: 'AKIAROOT', secretAccessKey: 's', accountId: A },
    ...users.map((u, i) => ({ accessKeyId: `AKIAUSER${i}`, secretAccessKey: 's', accountId: u.accountId, user: u.name })),
  ];
  return { accessKeys, users, ...(roles.length > 0 && { roles }) };
}

/** checkCredentials' outcome; anything but a ConfigError (or taking long) fails the case. */
function check(root: unknown, label: string): Credentials | undefined {
  let result: Credentials | undefined;
  const ms = timed(() => {
    try {
      result = checkCredentials(root, 'credentials.json', true);
    } catch (error) {
      if (!(error instanceof ConfigError)) assert.fail(`${label}: ${(error as Error).constructor.name}: ${(error as Error).message}\n${preview(root)}`);
      assert.match(error.message, /^credentials\.json: /, `${label}: the message names the file`);
    }
  });
  assert.ok(ms < 1500, `${label}: took ${ms.toFixed(0)} ms\n${preview(root)}`);
  return result;
}

/** Random requests against every accepted user's and role's policies: decisions, never exceptions. */
function evaluateAll(creds: Credentials, rng: Rng, label: string): void {
  const directory = [...creds.keys.values()].find((k) => k.iam)?.iam?.directory;
  const users: IamUser[] = [...(directory?.users.values() ?? [])];
  const roles: IamRole[] = [...(directory?.roles?.values() ?? [])];
  for (let i = 0; i < 4; i++) {
    const context = new Map<string, string | readonly string[]>();
    for (const key of KEYS) if (rng() < 0.6) context.set(key.toLowerCase(), rng() < 0.2 ? [pick(rng, VALUES), pick(rng, VALUES)] : pick(rng, VALUES));
    const action = pick(rng, ['sqs:SendMessage', 'sns:Publish', 'kinesis:PutRecord', 'sts:AssumeRole', 'sqs:ListQueues']);
    const resource = pick(rng, [...RESOURCES, randomString(rng)]);
    for (const user of users) {
      const req: AuthorizationRequest = { principal: { kind: 'account', accountId: user.accountId, arn: user.arn, identity: { policies: user.policies } }, action, resource, context };
      assert.doesNotThrow(() => decide({ statements: [] }, req, user.accountId), `${label}: ${user.arn} on ${action} ${resource}`);
    }
    for (const role of roles) {
      const req: AuthorizationRequest = {
        principal: { kind: 'account', accountId: B, arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/s`, roleArn: role.arn, identity: { policies: role.policies } },
        action,
        resource,
        context,
      };
      assert.doesNotThrow(() => decide({ statements: [] }, req, role.accountId), `${label}: session of ${role.arn}`);
      assert.doesNotThrow(() => trustRefuses(role.trustPolicy, { ...req, action: 'sts:AssumeRole', resource: role.arn }, role.accountId), `${label}: trust of ${role.arn}`);
    }
  }
}

test('valid files with random users, roles and policies are accepted, and their policies evaluate random requests without throwing (300 files)', () => {
  const rng = rngFrom(SEED);
  for (let i = 0; i < 300; i++) {
    const root = validFile(rng);
    const creds = check(root, `seed ${SEED} valid #${i}`);
    assert.ok(creds, `seed ${SEED} valid #${i} was refused\n${preview(root)}`);
    evaluateAll(creds, rng, `seed ${SEED} valid #${i}`);
  }
});

test('mutations of valid files: a ConfigError naming the place, or accepted and evaluating without throwing (600 files)', () => {
  const rng = rngFrom(SEED + 1);
  let refused = 0;
  for (let i = 0; i < 600; i++) {
    const root = mutate(rng, validFile(rng), FIELD_NAMES);
    const creds = check(root, `seed ${SEED + 1} mutation #${i}`);
    if (creds) evaluateAll(creds, rng, `seed ${SEED + 1} mutation #${i}`);
    else refused++;
  }
  assert.ok(refused > 300, `most mutations are mistakes the checker names (${refused} of 600)`);
});

test('random JSON values as the file, its users, roles and policies: ConfigError or accepted, never another exception (600 values)', () => {
  const rng = rngFrom(SEED + 2);
  for (let i = 0; i < 600; i++) {
    const base = validFile(rng);
    const value = randomJson(rng, 4, FIELD_NAMES);
    const where = i % 4;
    const root = where === 0 ? value : base;
    if (where === 1) setOwn(root as object, 'users', value);
    if (where === 2) (base.users as Record<string, unknown>[])[0]!.policies = [value];
    if (where === 3) setOwn(root as object, 'roles', [{ arn: `arn:aws:iam::${A}:role/r`, trustPolicy: value }]);
    const creds = check(root, `seed ${SEED + 2} value #${i}`);
    if (creds) evaluateAll(creds, rng, `seed ${SEED + 2} value #${i}`);
  }
});

/** A valid file whose first user's first policy has `statement` (merged into an Allow on sqs:*). */
function withStatement(statement: Record<string, unknown>): unknown {
  const s = { Effect: 'Allow', Action: 'sqs:*', Resource: '*', ...statement };
  return { accessKeys: [{ accessKeyId: 'AKIAALICE', secretAccessKey: 's', accountId: A, user: 'alice' }], users: [{ accountId: A, name: 'alice', policies: [{ Version: '2012-10-17', Statement: [s] }] }] };
}

test('values no policy may hold are refused with their place: condition values that are not strings, numbers or booleans, Sid and Id that are not strings, anything nested deeply', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['an object as a condition value', { Condition: { StringNotEquals: { 'aws:username': { a: 1 } } } }, /Condition\.StringNotEquals\.aws:username/],
    ['null as a condition value', { Condition: { StringEquals: { 'aws:username': null } } }, /Condition\.StringEquals\.aws:username/],
    ['an empty list as a condition value', { Condition: { StringNotLike: { 'aws:username': [] } } }, /Condition\.StringNotLike\.aws:username/],
    ['a list holding a list', { Condition: { StringEquals: { 'aws:username': ['a', ['b']] } } }, /Condition\.StringEquals\.aws:username/],
    ['a deeply nested condition value', { Condition: { StringEquals: { 'aws:username': deeplyNested(50_000, 'array') } } }, /Condition\.StringEquals\.aws:username/],
    ['a deeply nested Sid', { Sid: deeplyNested(50_000, 'object') }, /Statement\[0\]\.Sid/],
    ['an object as Sid', { Sid: {} }, /Statement\[0\]\.Sid/],
  ];
  for (const [what, statement, place] of cases) {
    assert.throws(() => checkCredentials(withStatement(statement), 'f', true), (e: Error) => e instanceof ConfigError && place.test(e.message), what);
  }
  const deepId = { accessKeys: [{ accessKeyId: 'K', secretAccessKey: 's', accountId: A }], users: [{ accountId: A, name: 'u', policies: [{ Id: deeplyNested(50_000, 'object'), Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }] }] };
  assert.throws(() => checkCredentials(deepId, 'f', true), (e: Error) => e instanceof ConfigError && /policies\[0\]\.Id/.test(e.message), 'a deeply nested Id');
});

test('condition operators named like Object.prototype members (constructor, __proto__) are refused in the file and match nothing in a stored policy', () => {
  for (const operator of ['constructor', 'constructorIfExists', 'ForAnyValue:constructor', '__proto__', 'hasOwnProperty']) {
    const condition = {};
    setOwn(condition, operator, { 'aws:username': 'alice' });
    assert.throws(() => checkCredentials(withStatement({ Condition: condition }), 'f', true), (e: Error) => e instanceof ConfigError && /unknown condition operator/.test(e.message), operator);
    // The same in a stored resource policy (SetQueueAttributes checks a policy's grammar, not its condition
    // operators' names, and a policy stored before that check may hold anything): a statement that matches nothing.
    const stored = parsePolicy(JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: condition } }));
    const req: AuthorizationRequest = { principal: { kind: 'account', accountId: B, arn: `arn:aws:iam::${B}:root` }, action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q`, context: new Map([['aws:username', 'alice']]) };
    assert.equal(evaluatePolicy(stored, req), 'None', operator);
  }
});
