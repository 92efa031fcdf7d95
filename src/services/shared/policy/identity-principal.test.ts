// Who a request is when the credentials file declares users and roles (ctx.iam): a user's key is
// the user with its policies and keys (aws:PrincipalType User, aws:username, aws:userid AIDA…); a
// GetSessionToken session of a user is that user (the token names it), one of a user removed since
// has no policies; a session of a declared role carries the role's policies and its session
// policy; an undeclared role's session and a root key carry none. GetCallerIdentity agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './document.js';
import { authorizationRequest } from './context-keys.js';
import { iamUser, type IamCaller, type IamRole } from './identity.js';
import type { RequestContext, SessionIdentity } from '../service.js';
import { callerIdentity, sessionIdentity } from '../../sts/domain/identity.js';
import type { Session } from '../../sts/domain/session-token.js';

const A = '111111111111';
const QUEUE = `arn:aws:sqs:us-east-1:${A}:orders`;
const allowSend = parsePolicy(JSON.stringify({ Statement: { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE } }));
const alice = iamUser(A, 'alice', '/team/', [allowSend], { team: 'ci', Level: 'junior' });
const app: IamRole = { accountId: A, name: 'app', path: '/', arn: `arn:aws:iam::${A}:role/app`, trustPolicy: parsePolicy(''), policies: [allowSend], maxSessionDuration: 3600, tags: { team: 'data', env: 'test' } };
const directory = { users: new Map([[alice.arn, alice]]), roles: new Map([[app.arn, app]]) };

function ctx(iam: IamCaller | undefined, session?: SessionIdentity): RequestContext & { iam?: IamCaller } {
  return { requestId: 'r', accountId: A, region: 'us-east-1', baseUrl: 'http://x', signal: new AbortController().signal, session, iam };
}
const session = (fields: Partial<Session>): Session => ({ accessKeyId: 'ASIAEXAMPLE', accountId: A, issuedAt: 0, expiresAt: 1, ...fields });
const request = (c: RequestContext) => authorizationRequest(c, 'sqs:SendMessage', QUEUE, 1000);

test("a user's key: the user, its policies and keys", () => {
  const req = request(ctx({ directory, user: alice }));
  assert.equal(req.principal.kind === 'account' && req.principal.arn, `arn:aws:iam::${A}:user/team/alice`);
  assert.equal(req.principal.kind === 'account' && req.principal.identity?.policies[0], allowSend);
  assert.equal(req.context.get('aws:principaltype'), 'User');
  assert.equal(req.context.get('aws:username'), 'alice');
  assert.match(String(req.context.get('aws:userid')), /^AIDA[A-Z2-7]{17}$/);
  assert.equal(req.context.get('aws:principaltag/team'), 'ci');
  assert.equal(req.context.get('aws:principaltag/level'), 'junior');
});

test('a GetSessionToken session of a user is the user; of one removed since, a user with no policies', () => {
  const s = session({ user: { name: 'alice', path: '/team/' } });
  const req = request(ctx({ directory }, sessionIdentity(s)));
  assert.equal(req.principal.kind === 'account' && req.principal.arn, alice.arn);
  assert.equal(req.principal.kind === 'account' && req.principal.identity?.policies.length, 1);
  assert.deepEqual(callerIdentity(A, s), { UserId: alice.userId, Account: A, Arn: alice.arn });
  const gone = request(ctx({ directory }, sessionIdentity(session({ user: { name: 'mallory', path: '/' } }))));
  assert.equal(gone.principal.kind === 'account' && gone.principal.identity?.policies.length, 0);
  // An old token (no user) is its account's root.
  const old = request(ctx({ directory }, sessionIdentity(session({})))).principal;
  assert.equal(old.kind === 'account' && old.arn, `arn:aws:iam::${A}:root`);
});

test("a declared role's session carries the role's policies and its session policy; an undeclared role's none", () => {
  const declared = request(ctx({ directory }, sessionIdentity(session({ role: { name: 'app', path: '/', sessionName: 's' }, policy: '{"Statement":[]}' }))));
  assert.ok(declared.principal.kind === 'account' && declared.principal.identity?.sessionPolicies?.length === 1);
  assert.equal(declared.principal.kind === 'account' && declared.principal.identity?.policies.length, 1);
  // The role's tags, under the session's own of the same key.
  const tagged = request(ctx({ directory }, sessionIdentity(session({ role: { name: 'app', path: '/', sessionName: 's' }, tags: [{ Key: 'Team', Value: 'ops' }] }))));
  assert.deepEqual([tagged.context.get('aws:principaltag/team'), tagged.context.get('aws:principaltag/env')], ['ops', 'test']);
  const undeclared = request(ctx({ directory }, sessionIdentity(session({ role: { name: 'other', path: '/', sessionName: 's' } }))));
  assert.equal(undeclared.principal.kind === 'account' && undeclared.principal.identity, undefined);
  const root = request(ctx(undefined)).principal;
  assert.equal(root.kind === 'account' && root.identity, undefined);
});
