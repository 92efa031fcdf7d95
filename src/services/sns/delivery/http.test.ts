/**
 * The HTTP/S protocol handler alone: outcomes (2xx delivered, other statuses and refused
 * connections retried), throttlePolicy pacing on a manual clock, and the per-subscription cap on
 * POSTs in flight that keeps one slow endpoint from taking every dispatcher slot.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../../runtime/clock.js';
import type { Publication } from '../domain/publication.js';
import { MemoryThrottle } from '../throttle.js';
import { httpDelivery, type ThrottleSlots } from './http.js';
import type { DeliveryJob } from './job.js';

/** The in-memory slots (SQLite's), counting the calls: only throttled subscriptions ask. */
function memorySlots(): ThrottleSlots & { calls: number } {
  const t = new MemoryThrottle();
  const f = Object.assign(async (...a: Parameters<ThrottleSlots>) => (f.calls++, t.take(...a)), { calls: 0 });
  return f;
}

const sign = async () => ({ SignatureVersion: '1' as const, Signature: 'sig', SigningCertURL: 'https://x/SimpleNotificationService-0.pem' });

describe('SNS HTTP delivery handler', () => {
  let server: http.Server;
  let base: string;
  const arrived: string[] = [];
  const held: http.ServerResponse[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      arrived.push(req.url!);
      req.resume();
      if (req.url!.startsWith('/hold')) held.push(res);
      else res.writeHead(req.url === '/fail' ? 500 : 204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const r of held) r.end();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  let n = 0;
  function job(path: string, sub = path, policy?: object): DeliveryJob {
    const publication: Publication = { topicArn: 'arn:aws:sns:us-east-1:000000000000:t', messageId: `m${++n}`, timestamp: 0, message: 'hi', fifo: false, signatureVersion: '1', baseUrl: 'http://sy' };
    return {
      delivery: { id: n, attempts: 1, subscriptionArn: sub, target: '', groupKey: null, messageSeq: n, messageId: publication.messageId, payload: '' },
      publication,
      target: { protocol: 'http', endpoint: `${base}${path}`, raw: false, effectiveDeliveryPolicy: policy ? JSON.stringify(policy) : undefined },
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('2xx is delivered; another status or a refused connection is retried (not permanent)', async () => {
    const slots = memorySlots();
    const h = httpDelivery(sign, new ManualClock(), slots);
    assert.deepEqual(await h.deliver(job('/ok')), { ok: true });
    const failed = await h.deliver(job('/fail'));
    assert.equal(failed.ok, false);
    assert.equal(!failed.ok && failed.permanent, false);
    assert.match(!failed.ok ? failed.error : '', /HTTP 500/);
    const refused = await h.deliver({ ...job('/x'), target: { protocol: 'http', endpoint: 'http://127.0.0.1:1/', raw: false } });
    assert.equal(refused.ok, false);
    assert.equal(slots.calls, 0, 'no throttlePolicy: the store is not asked for a slot');
  });

  it('paces a subscription at maxReceivesPerSecond on the clock; a wait past the cap is handed back untried until a slot is near', async () => {
    const clock = new ManualClock();
    const h = httpDelivery(sign, clock, memorySlots(), { maxPacingWaitMs: 600 });
    const policy = { throttlePolicy: { maxReceivesPerSecond: 2 } };
    const before = arrived.length;
    const first = h.deliver(job('/ok?p1', 'paced', policy));
    const second = h.deliver(job('/ok?p2', 'paced', policy));
    const third = await h.deliver(job('/ok?p3', 'paced', policy));
    assert.equal(third.ok === false && third.deferred, true, 'a 1 s wait exceeds the 600 ms cap');
    assert.equal(third.ok === false && third.retryInMs, 400, 'back when its slot (1 s) is within the cap');
    assert.deepEqual(await first, { ok: true });
    await settle();
    assert.deepEqual(arrived.slice(before), ['/ok?p1']);
    clock.advance(500);
    assert.deepEqual(await second, { ok: true });
    assert.deepEqual(arrived.slice(before), ['/ok?p1', '/ok?p2']);
  });

  it('caps the POSTs in flight to one subscription; other subscriptions are not held back', async () => {
    const h = httpDelivery(sign, new ManualClock(), memorySlots(), { maxInFlightPerSubscription: 2 });
    const slow = [h.deliver(job('/hold1', 'slow')), h.deliver(job('/hold2', 'slow'))];
    await settle();
    const third = await h.deliver(job('/hold3', 'slow'));
    assert.equal(third.ok === false && third.deferred, true);
    assert.deepEqual(await h.deliver(job('/ok?other', 'other')), { ok: true });
    for (const r of held.splice(0)) r.writeHead(200).end();
    assert.deepEqual(await Promise.all(slow), [{ ok: true }, { ok: true }]);
    assert.deepEqual(await h.deliver(job('/ok?after', 'slow')), { ok: true }, 'free again');
  });
});
