/** The non-AWS routes in front of the protocol handler: the signing certificate, recorded deliveries, everything else passed on. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WireRequest } from '../protocol/wire.js';
import type { SnsService } from '../services/sns/index.js';
import { withAdminRoutes } from './admin-routes.js';

const ID = 'a'.repeat(32);
const sns = {
  certificatePem: async (id: string) => (id === ID ? '-----BEGIN CERTIFICATE-----\n' : undefined),
  recorded: async (f: { protocol?: string; endpoint?: string; afterId?: number; limit: number }) => {
    if (f.protocol === 'boom') throw new Error('db down');
    return [{ id: 1, deliveryKey: 'k', protocol: f.protocol ?? 'sms', endpoint: f.endpoint ?? '+1', messageId: 'm', subscriptionArn: null, topicArn: null, payload: '{"message":"hi"}', recordedAt: 0 }];
  },
} as unknown as SnsService;

const req = (method: string, target: string): WireRequest => {
  const [path, query = ''] = target.split('?');
  return { method, path: path!, query, headers: {}, body: Buffer.alloc(0), requestId: 'r', scheme: 'http', httpVersion: '1.1', signal: new AbortController().signal };
};

describe('admin routes', () => {
  const passed: string[] = [];
  const handler = withAdminRoutes(async (r) => {
    passed.push(`${r.method} ${r.path}`);
    return { status: 200, headers: {}, body: 'aws' };
  }, { sns });

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

  it('passes everything else to the protocol handler', async () => {
    await handler(req('POST', `/SimpleNotificationService-${ID}.pem`));
    await handler(req('GET', '/?Action=ConfirmSubscription'));
    assert.deepEqual(passed, [`POST /SimpleNotificationService-${ID}.pem`, 'GET /']);
  });
});
