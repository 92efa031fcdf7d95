import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './document.js';
import { decide, evaluatePolicy } from './evaluate.js';
import { conditionContext, principalOf } from './context-keys.js';
import type { AuthorizationRequest, Principal } from './request.js';
import type { RequestContext } from '../service.js';

const OWNER = '111111111111';
const OTHER = '222222222222';
const QUEUE = `arn:aws:sqs:us-east-1:${OWNER}:orders`;
const TOPIC = `arn:aws:sns:us-east-1:${OWNER}:events`;
const account = (id: string, arn = `arn:aws:iam::${id}:root`): Principal => ({ kind: 'account', accountId: id, arn });
const sns: Principal = { kind: 'service', service: 'sns.amazonaws.com' };

function request(principal: Principal, action = 'sqs:SendMessage', context: Record<string, string> = {}): AuthorizationRequest {
  return { principal, action, resource: QUEUE, context: new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v])) };
}
const policy = (...statements: object[]) => parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const allow = (extra: object) => ({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE, ...extra });

test('Principal forms: *, account id, root ARN, other IAM ARNs, services', () => {
  const rows: [object, Principal, boolean][] = [
    [{ Principal: '*' }, account(OTHER), true],
    [{ Principal: '*' }, sns, true],
    [{ Principal: { AWS: '*' } }, account(OTHER), true],
    [{ Principal: { AWS: '*' } }, sns, true],
    [{ Principal: { AWS: OTHER } }, account(OTHER), true],
    [{ Principal: { AWS: OTHER } }, account('333333333333'), false],
    [{ Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }, account(OTHER), true],
    [{ Principal: { AWS: [`arn:aws:iam::333333333333:root`, OTHER] } }, account(OTHER), true],
    [{ Principal: { AWS: `arn:aws:iam::${OTHER}:user/alice` } }, account(OTHER), false],
    [{ Principal: { AWS: `arn:aws:iam::${OTHER}:user/alice` } }, account(OTHER, `arn:aws:iam::${OTHER}:user/alice`), true],
    [{ Principal: { AWS: `arn:aws:iam::${OTHER}:root` } }, account(OTHER, `arn:aws:iam::${OTHER}:user/alice`), true],
    [{ Principal: { AWS: 'arn:aws:iam::2222*:root' } }, account(OTHER), false],
    [{ Principal: { Service: 'sns.amazonaws.com' } }, sns, true],
    [{ Principal: { Service: ['events.amazonaws.com', 'sns.amazonaws.com'] } }, sns, true],
    [{ Principal: { Service: 'sns.amazonaws.com' } }, account(OTHER), false],
    [{ Principal: { Service: 'events.amazonaws.com' } }, sns, false],
    [{ Principal: { Federated: 'cognito-identity.amazonaws.com' } }, account(OTHER), false],
    [{ NotPrincipal: { AWS: OTHER } }, account(OTHER), false],
    [{ NotPrincipal: { AWS: OTHER } }, account('333333333333'), true],
    [{}, account(OTHER), false],
  ];
  for (const [extra, who, want] of rows) assert.equal(evaluatePolicy(policy(allow(extra)), request(who)) === 'Allow', want, JSON.stringify([extra, who]));
});

test('Action / NotAction (case-insensitive, wildcards) and Resource / NotResource', () => {
  const p = { Principal: '*' };
  const rows: [object, string, boolean][] = [
    [{ Action: 'SQS:SendMessage' }, 'sqs:SendMessage', true],
    [{ Action: 'sqs:sendmessage' }, 'sqs:SendMessage', true],
    [{ Action: 'sqs:*' }, 'sqs:ReceiveMessage', true],
    [{ Action: 'SQS:Send*' }, 'sqs:SendMessage', true],
    [{ Action: '*' }, 'sqs:SendMessage', true],
    [{ Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'] }, 'sqs:SendMessage', false],
    [{ Action: 'sns:Publish' }, 'sqs:SendMessage', false],
    [{ Action: 'SendMessage' }, 'sqs:SendMessage', false],
    [{ Action: undefined, NotAction: 'sqs:ReceiveMessage' }, 'sqs:SendMessage', true],
    [{ Action: undefined, NotAction: 'sqs:Send*' }, 'sqs:SendMessage', false],
    [{ Resource: 'arn:aws:sqs:*:*:orders' }, 'sqs:SendMessage', true],
    [{ Resource: 'arn:aws:sqs:*:*:other' }, 'sqs:SendMessage', false],
    [{ Resource: undefined }, 'sqs:SendMessage', true],
    [{ Resource: undefined, NotResource: QUEUE }, 'sqs:SendMessage', false],
    [{ Resource: undefined, NotResource: 'arn:aws:sqs:*:*:other' }, 'sqs:SendMessage', true],
  ];
  for (const [extra, action, want] of rows) assert.equal(evaluatePolicy(policy(allow({ ...p, ...extra })), request(account(OTHER), action)) === 'Allow', want, JSON.stringify(extra));
});

test('decide: explicit Deny wins; the owner needs no Allow; others need one; owner-only actions', () => {
  const allowOther = allow({ Principal: { AWS: OTHER } });
  const denyAll = { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: QUEUE };
  const rows: [ReturnType<typeof policy>, Principal, string | undefined, boolean?][] = [
    [policy(), account(OWNER), undefined],
    [policy(), account(OTHER), 'implicit'],
    [policy(), sns, 'implicit'],
    [policy(allowOther), account(OTHER), undefined],
    [policy(allowOther, denyAll), account(OTHER), 'explicit'],
    [policy(denyAll, allowOther), account(OTHER), 'explicit'],
    [policy(denyAll), account(OWNER), 'explicit'],
    [policy(allowOther), account(OTHER), 'implicit', true],
    [policy(denyAll), account(OWNER), 'explicit', true],
    [policy(), account(OWNER), undefined, true],
    [parsePolicy('not json'), account(OTHER), 'implicit'],
    [parsePolicy(''), account(OWNER), undefined],
    [parsePolicy(JSON.stringify({ Statement: allowOther })), account(OTHER), undefined],
    [parsePolicy(JSON.stringify({ Statement: [{ ...allowOther, Effect: 'allow' }] })), account(OTHER), 'implicit'],
    [parsePolicy(JSON.stringify({ Statement: [{ ...allowOther, Condition: 'x' }] })), account(OTHER), 'implicit'],
  ];
  for (const [p, who, want, ownerOnly] of rows) assert.equal(decide(p, request(who), OWNER, ownerOnly), want, JSON.stringify([p, who, ownerOnly]));
});

test('the SNS → SQS policy AWS documents: sns.amazonaws.com with aws:SourceArn (and the older AWS:* form)', () => {
  const ctx: RequestContext = {
    requestId: 'r',
    accountId: OWNER,
    region: 'us-east-1',
    baseUrl: 'https://sqs.us-east-1.amazonaws.com',
    signal: new AbortController().signal,
    servicePrincipal: { service: 'sns.amazonaws.com', sourceArn: TOPIC, sourceAccount: OWNER },
  };
  const req = { principal: principalOf(ctx), action: 'sqs:SendMessage', resource: QUEUE, context: conditionContext(ctx, Date.UTC(2026, 0, 1)) };
  const documented = policy(allow({ Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } } }));
  assert.equal(decide(documented, req, OWNER), undefined);
  const otherTopic = policy(allow({ Principal: { Service: 'sns.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': `${TOPIC}-2` } } }));
  assert.equal(decide(otherTopic, req, OWNER), 'implicit');
  const legacy = policy(allow({ Principal: { AWS: '*' }, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${OWNER}:*` } } }));
  assert.equal(decide(legacy, req, OWNER), undefined);
  const byAccount = policy(allow({ Principal: { Service: 'sns.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': OWNER } } }));
  assert.equal(decide(byAccount, req, OWNER), undefined);
  // Same account, but the service is not the account: no policy, no delivery.
  assert.equal(decide(policy(), req, OWNER), 'implicit');
});

test('conditionContext: what an account caller carries (principal keys, transport, address, time)', () => {
  const ctx: RequestContext = {
    requestId: 'r', accountId: OTHER, region: 'us-east-1', baseUrl: 'http://x', signal: new AbortController().signal,
    secureTransport: false, sourceIp: '127.0.0.1',
  };
  const keys = conditionContext(ctx, Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  assert.equal(keys.get('aws:principalaccount'), OTHER);
  assert.equal(keys.get('aws:principalarn'), `arn:aws:iam::${OTHER}:root`);
  assert.equal(keys.get('aws:principaltype'), 'Account');
  assert.equal(keys.get('aws:userid'), OTHER);
  assert.equal(keys.get('aws:securetransport'), 'false');
  assert.equal(keys.get('aws:sourceip'), '127.0.0.1');
  assert.equal(keys.get('aws:currenttime'), '2026-01-02T03:04:05Z');
  assert.equal(keys.get('aws:epochtime'), String(Math.floor(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000)));
  assert.equal(keys.get('aws:sourcearn'), undefined);
  const denyPlain = policy({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: QUEUE, Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  const req = { principal: principalOf(ctx), action: 'sqs:SendMessage', resource: QUEUE, context: keys };
  assert.equal(evaluatePolicy(denyPlain, req), 'Deny');
  const onlyAfter = policy(allow({ Principal: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } } }));
  assert.equal(evaluatePolicy(onlyAfter, req), 'None');
  const fromLoopback = policy(allow({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } }));
  assert.equal(evaluatePolicy(fromLoopback, req), 'Allow');
});
