// Role sessions (AssumeRole credentials) in resource policies: the role principal names every
// session of its role, the assumed-role principal one session, the account principal all of the
// account's; the keys AWS gives a role session (aws:PrincipalArn is the role's ARN, not the
// session's); same-account sessions act as the account unless an explicit Deny names them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './document.js';
import { decide, evaluatePolicy } from './evaluate.js';
import { authorizationRequest, conditionContext, principalOf } from './context-keys.js';
import { refusalMessage } from './refusal.js';
import type { RequestContext, SessionIdentity } from '../service.js';
import { roleId, sessionIdentity } from '../../sts/domain/identity.js';

const A = '111111111111';
const B = '222222222222';
const QUEUE = `arn:aws:sqs:us-east-1:${A}:orders`;
const ISSUED = Date.UTC(2026, 0, 2, 3, 4, 5, 600);

/** What the STS service hands the policy layer for a session of `role` (path `/` unless given). */
function roleSession(accountId: string, name: string, sessionName: string, extra: { path?: string; tags?: { Key: string; Value: string }[]; sourceIdentity?: string } = {}): SessionIdentity {
  return sessionIdentity({
    accessKeyId: 'ASIAEXAMPLE', accountId, issuedAt: ISSUED, expiresAt: ISSUED + 3_600_000,
    role: { name, path: extra.path ?? '/', sessionName }, tags: extra.tags, sourceIdentity: extra.sourceIdentity,
  });
}

function contextOf(accountId: string, session: SessionIdentity | undefined): RequestContext {
  return { requestId: 'r', accountId, region: 'us-east-1', baseUrl: 'http://x', signal: new AbortController().signal, session };
}

const policy = (...statements: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const allow = (principal: object | string, extra: object = {}) => ({ Effect: 'Allow', Principal: principal, Action: 'sqs:ReceiveMessage', Resource: QUEUE, ...extra });
const request = (ctx: RequestContext) => authorizationRequest(ctx, 'sqs:ReceiveMessage', QUEUE, ISSUED + 1000);

test('sessionIdentity: role ARN with its path, assumed-role ARN without it, user id AROA…:session; GetSessionToken is the account', () => {
  const s = roleSession(B, 'reader', 'ci', { path: '/team/' });
  assert.deepEqual(s.role, {
    roleArn: `arn:aws:iam::${B}:role/team/reader`,
    sessionArn: `arn:aws:sts::${B}:assumed-role/reader/ci`,
    userId: `${roleId(B, 'reader')}:ci`,
  });
  assert.match(s.role!.userId, /^AROA[A-Z2-7]{17}:ci$/);
  const plain = sessionIdentity({ accessKeyId: 'ASIAEXAMPLE', accountId: B, issuedAt: ISSUED, expiresAt: ISSUED + 1 });
  assert.deepEqual(plain, { accountId: B, issuedAt: ISSUED });
});

test('the principal of a role session: the session ARN (what refusals name) and its role', () => {
  const ctx = contextOf(B, roleSession(B, 'reader', 'ci'));
  assert.deepEqual(principalOf(ctx), { kind: 'account', accountId: B, arn: `arn:aws:sts::${B}:assumed-role/reader/ci`, roleArn: `arn:aws:iam::${B}:role/reader` });
  assert.equal(
    refusalMessage(principalOf(ctx), 'sqs:receivemessage', QUEUE, 'implicit'),
    `User: arn:aws:sts::${B}:assumed-role/reader/ci is not authorized to perform: sqs:receivemessage on resource: ${QUEUE} because no resource-based policy allows the sqs:receivemessage action`,
  );
  // GetSessionToken credentials, and no session at all: the account root.
  for (const session of [sessionIdentity({ accessKeyId: 'ASIAEXAMPLE', accountId: B, issuedAt: ISSUED, expiresAt: ISSUED + 1 }), undefined]) {
    assert.deepEqual(principalOf(contextOf(B, session)), { kind: 'account', accountId: B, arn: `arn:aws:iam::${B}:root` });
  }
});

test('Principal forms against role sessions of another account', () => {
  const reader = request(contextOf(B, roleSession(B, 'reader', 'ci')));
  const writer = request(contextOf(B, roleSession(B, 'writer', 'ci')));
  const pathed = request(contextOf(B, roleSession(B, 'reader', 'ci', { path: '/team/' })));
  const root = request(contextOf(B, undefined));
  const rows: [object | string, typeof reader, 'implicit' | undefined][] = [
    // The role names every session of the role, and nothing else of its account.
    [{ AWS: `arn:aws:iam::${B}:role/reader` }, reader, undefined],
    [{ AWS: `arn:aws:iam::${B}:role/reader` }, writer, 'implicit'],
    [{ AWS: `arn:aws:iam::${B}:role/reader` }, root, 'implicit'],
    // The role ARN includes its path.
    [{ AWS: `arn:aws:iam::${B}:role/reader` }, pathed, 'implicit'],
    [{ AWS: `arn:aws:iam::${B}:role/team/reader` }, pathed, undefined],
    // The session principal names that session only.
    [{ AWS: `arn:aws:sts::${B}:assumed-role/reader/ci` }, reader, undefined],
    [{ AWS: `arn:aws:sts::${B}:assumed-role/reader/other` }, reader, 'implicit'],
    [{ AWS: `arn:aws:sts::${B}:assumed-role/reader/ci` }, root, 'implicit'],
    // The account names all of its identities (with no IAM here, that grant is enough for a role).
    [{ AWS: B }, reader, undefined],
    [{ AWS: `arn:aws:iam::${B}:root` }, pathed, undefined],
    [{ AWS: `arn:aws:iam::${A}:root` }, reader, 'implicit'],
    ['*', reader, undefined],
    [{ AWS: '*' }, writer, undefined],
    // No pattern matching in principals.
    [{ AWS: `arn:aws:iam::${B}:role/*` }, reader, 'implicit'],
    // Same role name in another account.
    [{ AWS: `arn:aws:iam::333333333333:role/reader` }, reader, 'implicit'],
  ];
  for (const [principal, req, want] of rows) assert.equal(decide(policy(allow(principal)), req, A), want, JSON.stringify([principal, req.principal]));
});

test('NotPrincipal: a Deny to everyone but the role spares its sessions only', () => {
  const denyOthers = policy(allow('*'), { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${B}:role/reader` }, Action: 'sqs:*', Resource: QUEUE });
  assert.equal(decide(denyOthers, request(contextOf(B, roleSession(B, 'reader', 'ci'))), A), undefined);
  assert.equal(decide(denyOthers, request(contextOf(B, roleSession(B, 'writer', 'ci'))), A), 'explicit');
  assert.equal(decide(denyOthers, request(contextOf(B, undefined)), A), 'explicit');
});

test('same account: a role session acts as the account, even owner-only, unless an explicit Deny names its role or itself', () => {
  const session = request(contextOf(A, roleSession(A, 'ops', 'alice')));
  assert.equal(decide(policy(), session, A, true), undefined);
  const denyRole = policy({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:role/ops` }, Action: 'sqs:*', Resource: QUEUE });
  assert.equal(decide(denyRole, session, A), 'explicit');
  assert.equal(decide(denyRole, request(contextOf(A, roleSession(A, 'dev', 'alice'))), A), undefined);
  assert.equal(decide(denyRole, request(contextOf(A, undefined)), A), undefined);
  const denySession = policy({ Effect: 'Deny', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/ops/alice` }, Action: 'sqs:*', Resource: QUEUE });
  assert.equal(decide(denySession, session, A), 'explicit');
  assert.equal(decide(denySession, request(contextOf(A, roleSession(A, 'ops', 'bob'))), A), undefined);
  const denyByArn = policy({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: QUEUE, Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/ops` } } });
  assert.equal(decide(denyByArn, session, A), 'explicit');
  assert.equal(decide(denyByArn, request(contextOf(A, undefined)), A), undefined);
});

test('condition keys of a role session, as AWS documents them', () => {
  const s = roleSession(B, 'reader', 'ci', { path: '/team/', tags: [{ Key: 'Team', Value: 'payments' }], sourceIdentity: 'alice' });
  const keys = conditionContext(contextOf(B, s), ISSUED + 1000);
  assert.equal(keys.get('aws:principalarn'), `arn:aws:iam::${B}:role/team/reader`);
  assert.equal(keys.get('aws:principaltype'), 'AssumedRole');
  assert.equal(keys.get('aws:userid'), `${roleId(B, 'reader')}:ci`);
  assert.equal(keys.get('aws:username'), undefined);
  assert.equal(keys.get('aws:principalaccount'), B);
  assert.equal(keys.get('aws:principalisawsservice'), 'false');
  assert.equal(keys.get('aws:principaltag/team'), 'payments');
  assert.equal(keys.get('aws:sourceidentity'), 'alice');
  assert.equal(keys.get('aws:tokenissuetime'), '2026-01-02T03:04:05Z');
  assert.equal(keys.get('aws:multifactorauthpresent'), 'false');
  // GetSessionToken credentials: the account's keys, plus those of temporary credentials.
  const plain = conditionContext(contextOf(B, sessionIdentity({ accessKeyId: 'ASIAEXAMPLE', accountId: B, issuedAt: ISSUED, expiresAt: ISSUED + 1 })), ISSUED);
  assert.deepEqual([plain.get('aws:principalarn'), plain.get('aws:principaltype'), plain.get('aws:userid')], [`arn:aws:iam::${B}:root`, 'Account', B]);
  assert.equal(plain.get('aws:tokenissuetime'), '2026-01-02T03:04:05Z');
  assert.equal(plain.get('aws:sourceidentity'), undefined);
  // Long-term keys: no MFA key and no issue time at all (BoolIfExists passes).
  const longTerm = conditionContext(contextOf(B, undefined), ISSUED);
  assert.equal(longTerm.get('aws:multifactorauthpresent'), undefined);
  assert.equal(longTerm.get('aws:tokenissuetime'), undefined);
});

test('policies on those keys: aws:PrincipalArn, aws:userid with a wildcard, aws:PrincipalTag, MFA', () => {
  const ci = request(contextOf(B, roleSession(B, 'reader', 'ci', { tags: [{ Key: 'team', Value: 'payments' }] })));
  const nightly = request(contextOf(B, roleSession(B, 'reader', 'nightly')));
  const byArn = policy(allow('*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${B}:role/read*` } } }));
  assert.equal(evaluatePolicy(byArn, ci), 'Allow');
  assert.equal(evaluatePolicy(byArn, request(contextOf(B, undefined))), 'None');
  const bySession = policy(allow({ AWS: B }, { Condition: { StringLike: { 'aws:userid': `${roleId(B, 'reader')}:ci` } } }));
  assert.equal(evaluatePolicy(bySession, ci), 'Allow');
  assert.equal(evaluatePolicy(bySession, nightly), 'None');
  const anySessionOf = policy(allow({ AWS: B }, { Condition: { StringLike: { 'aws:userid': `${roleId(B, 'reader')}:*` } } }));
  assert.equal(evaluatePolicy(anySessionOf, nightly), 'Allow');
  const byTag = policy(allow('*', { Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'payments' } } }));
  assert.equal(evaluatePolicy(byTag, ci), 'Allow');
  assert.equal(evaluatePolicy(byTag, nightly), 'None');
  const denyNoMfa = policy(allow('*'), { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: QUEUE, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } });
  assert.equal(evaluatePolicy(denyNoMfa, ci), 'Deny');
});
