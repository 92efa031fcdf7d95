/** The non-AWS routes in front of the protocol handler: the signing certificate, recorded deliveries, everything else passed on. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WireRequest } from '../protocol/wire.js';
import { ServiceError } from '../services/shared/errors.js';
import type { SnsService } from '../services/sns/index.js';
import type { SqsService } from '../services/sqs/index.js';
import { snsModel } from '../services/sns/model.js';
import { sqsModel } from '../services/sqs/model.js';
import { withAdminRoutes } from './admin-routes.js';
import { iamUser } from '../services/shared/policy/identity.js';

const ID = 'a'.repeat(32);
const sns = {
  model: snsModel,
  handlers: {},
  certificatePem: async (id: string) => (id === ID ? '-----BEGIN CERTIFICATE-----\n' : undefined),
  recorded: async (f: { protocol?: string; endpoint?: string; afterId?: number; limit: number }) => {
    if (f.protocol === 'boom') throw new Error('db down');
    return [{ id: 1, deliveryKey: 'k', protocol: f.protocol ?? 'sms', endpoint: f.endpoint ?? '+1', messageId: 'm', subscriptionArn: null, topicArn: null, payload: '{"message":"hi"}', recordedAt: 0 }];
  },
} as unknown as SnsService;

const peeks: [string | undefined, number, number][] = [];
const listed: string[] = [];
const sqs = {
  // Just enough of a service for the console's API: the real model, one handler.
  model: sqsModel,
  handlers: {
    ListQueues: async (input: { QueueNamePrefix?: string }, ctx: { accountId: string; region: string }) => {
      listed.push(`${ctx.accountId} ${ctx.region} ${input.QueueNamePrefix}`);
      return { QueueUrls: ['http://localhost/111111111111/q'] };
    },
  },
  inputErrors: { invalidType: (path: string) => new ServiceError('InvalidParameterValue', `bad ${path}`) },
  peek: async (queueUrl: string | undefined, after: number, limit: number) => {
    peeks.push([queueUrl, after, limit]);
    if (queueUrl === undefined) throw new ServiceError('MissingParameter', 'The request must contain the parameter QueueUrl.');
    if (queueUrl.endsWith('/gone')) throw new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.');
    return [{ seq: 7, state: 'inFlight', visibleAt: 0, message: { MessageId: 'm', Body: 'b', MD5OfBody: 'd' } }];
  },
} as unknown as SqsService;

const req = (method: string, target: string): WireRequest => {
  const [path, query = ''] = target.split('?');
  return { method, path: path!, query, headers: {}, body: Buffer.alloc(0), requestId: 'r', scheme: 'http', httpVersion: '1.1', signal: new AbortController().signal };
};

describe('admin routes', () => {
  const passed: string[] = [];
  const handler = withAdminRoutes(async (r) => {
    passed.push(`${r.method} ${r.path}`);
    return { status: 200, headers: {}, body: 'aws' };
  }, { sns, sqs });

  it('serves the certificate under its id (any prefix), 404 under another', async () => {
    const ok = await handler(req('GET', `/certs/SimpleNotificationService-${ID}.pem`));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-type'], 'application/x-pem-file');
    assert.equal((await handler(req('GET', `/SimpleNotificationService-${'b'.repeat(32)}.pem`))).status, 404);
  });

  it('lists recorded deliveries as JSON; bad paging is a 400; a failure is a 500 without details', async () => {
    const r = await handler(req('GET', '/_switchyard/sns/recorded?protocol=sms&endpoint=%2B1555'));
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(String(r.body)).recorded[0], {
      id: 1, protocol: 'sms', endpoint: '+1555', messageId: 'm', subscriptionArn: null, topicArn: null, recordedAt: '1970-01-01T00:00:00.000Z', payload: { message: 'hi' },
    });
    assert.equal((await handler(req('GET', '/_switchyard/sns/recorded?limit=x'))).status, 400);
    const failed = await handler(req('GET', '/_switchyard/sns/recorded?protocol=boom'));
    assert.equal(failed.status, 500);
    assert.doesNotMatch(String(failed.body), /db down/);
  });

  it('peeks at a queue as JSON; paging is checked; no queue is the SQS error, with 400 or 404', async () => {
    const url = encodeURIComponent('http://localhost/000000000000/q');
    const r = await handler(req('GET', `/_switchyard/sqs/messages?QueueUrl=${url}&after=3&limit=1`));
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(String(r.body)), {
      messages: [{ seq: 7, state: 'inFlight', visibleAt: '1970-01-01T00:00:00.000Z', message: { MessageId: 'm', Body: 'b', MD5OfBody: 'd' } }],
      next: 7,
    });
    assert.deepEqual(peeks.at(-1), ['http://localhost/000000000000/q', 3, 1]);
    assert.equal(JSON.parse(String((await handler(req('GET', `/_switchyard/sqs/messages?QueueUrl=${url}`))).body)).next, null, 'fewer than the limit: the last page');
    assert.deepEqual(peeks.at(-1), ['http://localhost/000000000000/q', 0, 100]);
    for (const bad of ['limit=0', 'limit=1001', 'limit=x', 'after=-1', 'after=1.5']) {
      assert.equal((await handler(req('GET', `/_switchyard/sqs/messages?QueueUrl=${url}&${bad}`))).status, 400, bad);
    }
    const missing = await handler(req('GET', '/_switchyard/sqs/messages'));
    assert.equal(missing.status, 400);
    assert.equal(JSON.parse(String(missing.body)).error, 'MissingParameter');
    assert.equal((await handler(req('GET', `/_switchyard/sqs/messages?QueueUrl=${encodeURIComponent('http://localhost/000000000000/gone')}`))).status, 404);
  });

  it('hands /_switchyard/console and below to the console, any method; acting as the configured account', async () => {
    const consoled = withAdminRoutes(async () => ({ status: 599, headers: {}, body: 'aws' }), { sns, sqs }, () => {}, { accountId: '111111111111', region: 'eu-west-1' });
    const page = await consoled(req('GET', '/_switchyard/console'));
    assert.equal(page.status, 200);
    assert.match(page.headers['content-security-policy']!, /default-src 'none'/);
    const call = (body: string) => consoled({ ...req('POST', '/_switchyard/console/api/sqs/ListQueues'), headers: { 'content-type': 'application/json', 'x-switchyard-console': '1' }, body: Buffer.from(body) });
    const ok = await call('{"QueueNamePrefix":"q"}');
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(String(ok.body)), { QueueUrls: ['http://localhost/111111111111/q'] });
    assert.deepEqual(listed, ['111111111111 eu-west-1 q']);
    const bad = await call('{"QueueNamePrefix":1}');
    assert.deepEqual([bad.status, JSON.parse(String(bad.body))], [400, { error: { code: 'InvalidParameterValue', message: 'bad QueueNamePrefix' } }]);
    assert.equal((await consoled(req('DELETE', '/_switchyard/console/nothing'))).status, 405);
    assert.equal((await consoled(req('GET', '/_switchyard/consoles'))).status, 599, 'only the console path and below');
  });

  it('passes everything else to the protocol handler', async () => {
    await handler(req('POST', `/SimpleNotificationService-${ID}.pem`));
    await handler(req('GET', '/?Action=ConfirmSubscription'));
    assert.deepEqual(passed, [`POST /SimpleNotificationService-${ID}.pem`, 'GET /']);
  });
});

describe('admin routes for an IAM user\'s key (--credentials declaring users)', () => {
  const directory = { users: new Map() };
  const user = iamUser('111111111111', 'sender', '/', []);
  const keys = new Map([
    ['AKIAROOT', { accessKeyId: 'AKIAROOT', secretAccessKey: 'root-secret', accountId: '111111111111', iam: { directory } }],
    ['AKIAUSER', { accessKeyId: 'AKIAUSER', secretAccessKey: 'user-secret', accountId: '111111111111', iam: { directory, user } }],
  ]);
  const signedIn = (id: string, secret: string, target: string): WireRequest => {
    const r = req('GET', target);
    return { ...r, headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` } };
  };
  const routes = withAdminRoutes(async () => ({ status: 200, headers: {}, body: 'aws' }), { sns, sqs }, () => {}, { accountId: '000000000000', region: 'us-east-1', accessKeys: keys });

  it('keeps the recorded deliveries for account roots', async () => {
    const refused = await routes(signedIn('AKIAUSER', 'user-secret', '/_switchyard/sns/recorded'));
    assert.equal(refused.status, 403);
    assert.deepEqual(JSON.parse(String(refused.body)), { error: { code: 'AccessDenied', message: `User: ${user.arn} is not authorized to use /_switchyard/sns/recorded: it is for account root keys only, not IAM users` } });
    assert.equal((await routes(signedIn('AKIAROOT', 'root-secret', '/_switchyard/sns/recorded'))).status, 200);
  });
});
