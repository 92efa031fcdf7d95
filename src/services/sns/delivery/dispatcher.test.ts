/**
 * The dispatcher over a real (in-memory SQLite) outbox with scripted protocol handlers and a
 * manual clock: retries follow AWS's schedule, client errors go to the dead-letter queue at once,
 * a stuck endpoint holds back nobody else, and a FIFO group is delivered in order.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../runtime/clock.js';
import { sequentialIds } from '../../../runtime/ids.js';
import { openSqliteEngine } from '../../../storage/sqlite/engine.js';
import type { Engine } from '../../../storage/engine.js';
import type { SnsDeps } from '../context.js';
import { FilterPolicies } from '../domain/filter-policy/index.js';
import { Signer } from '../signer.js';
import { Dispatcher } from './dispatcher.js';
import type { DeliveryJob, DeliveryResult } from './job.js';
import { managedEndpointRetryDelay } from './retry.js';
import { NO_SNS_OBSERVER } from './observer.js';

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('SNS delivery dispatcher', () => {
  let engine: Engine;
  let clock: ManualClock;
  let deps: SnsDeps;
  let topicId: number;
  let n = 0;
  const dispatchers: Dispatcher[] = [];

  before(async () => {
    engine = await openSqliteEngine({ inMemory: true });
    clock = new ManualClock();
    deps = {
      store: engine.sns, clock, ids: sequentialIds(), log: () => {}, filters: new FilterPolicies(),
      signer: new Signer(engine.sns, clock, () => 'https://x'), wake: () => {},
      deliverToQueues: async () => { throw new Error('not used by the dispatcher'); },
      observer: NO_SNS_OBSERVER,
    };
    const t = await engine.sns.createTopic({ arn: 'arn:aws:sns:us-east-1:000000000000:t', accountId: '000000000000', region: 'us-east-1', name: 't', attributes: {}, tags: {}, dataProtectionPolicy: null, createdAt: clock.now() });
    topicId = t.topic.id;
  });
  after(async () => {
    for (const d of dispatchers) await d.stop();
    await engine.close();
  });

  function start(handler: (job: DeliveryJob) => Promise<DeliveryResult>, deadLetter: (job: DeliveryJob) => Promise<DeliveryResult> = async () => ({ ok: true })) {
    const d = new Dispatcher(deps, { test: handler }, deadLetter, { pollMs: 1_000, concurrency: 8 });
    dispatchers.push(d);
    d.start();
    return d;
  }

  async function publish(subscriptions: string[], target: object = {}, groupKey: (sub: string) => string | null = () => null): Promise<string> {
    const messageId = `m${++n}`;
    const payload = JSON.stringify({ messageId, topicArn: 'arn:aws:sns:us-east-1:000000000000:t', message: messageId });
    const deliveries = subscriptions.map((s) => ({ subscriptionArn: s, target: JSON.stringify({ protocol: 'test', endpoint: s, raw: false, ...target }), groupKey: groupKey(s) }));
    await engine.sns.publish(topicId, [{ messageId, dedupKey: null, payload, deliveries }], clock.now(), 300_000);
    return messageId;
  }

  const states = async (messageId: string) => (await engine.sns.deliveriesOf(messageId)).map((d) => [d.state, d.attempts]);

  it('AWS-managed endpoint policy: 3 immediate retries, 2 at 1 s, 10 backing off to 20 s, then 20 s', () => {
    const delays = Array.from({ length: 16 }, (_, i) => managedEndpointRetryDelay(i + 1));
    assert.deepEqual(delays.slice(0, 5), [0, 0, 0, 1_000, 1_000]);
    assert.equal(delays[5], 1_000);
    assert.equal(delays[14], 20_000);
    assert.ok(delays.slice(5, 15).every((d, i, a) => i === 0 || d! >= a[i - 1]!));
    assert.equal(managedEndpointRetryDelay(100_015), 20_000);
    assert.equal(managedEndpointRetryDelay(100_016), undefined);
  });

  it('retries a server-side failure on schedule until it succeeds', async () => {
    let calls = 0;
    const d = start(async () => (++calls <= 4 ? { ok: false, permanent: false, error: 'busy' } : { ok: true }));
    const id = await publish(['s']);
    await settle();
    assert.equal(calls, 4, 'the first attempt and 3 immediate retries');
    assert.deepEqual(await states(id), [['pending', 4]]);
    clock.advance(1_000);
    await settle();
    assert.deepEqual(await states(id), [['delivered', 5]]);
    await d.stop();
  });

  it('a client-side error goes to the dead-letter queue at once; without one the delivery fails', async () => {
    const dead: string[] = [];
    const d = start(
      async () => ({ ok: false, permanent: true, error: 'QueueDoesNotExist: gone' }),
      async (job) => {
        dead.push(job.delivery.subscriptionArn);
        return { ok: true };
      },
    );
    const withDlq = await publish(['a'], { deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' });
    const without = await publish(['b']);
    await settle();
    assert.deepEqual(dead, ['a']);
    assert.deepEqual(await states(withDlq), [['dead-lettered', 1]]);
    assert.deepEqual(await states(without), [['failed', 1]]);
    await d.stop();
  });

  it('a stuck endpoint holds back nobody else', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const delivered: string[] = [];
    const d = start(async (job) => {
      if (job.delivery.subscriptionArn === 'slow') await stuck;
      delivered.push(job.delivery.subscriptionArn);
      return { ok: true };
    });
    await publish(['slow', 'fast1', 'fast2']);
    await publish(['fast3']);
    await settle();
    assert.deepEqual(delivered.sort(), ['fast1', 'fast2', 'fast3']);
    release();
    await settle();
    assert.ok(delivered.includes('slow'));
    await d.stop();
  });

  it('delivers a FIFO group in order even when its head needs retries', async () => {
    const order: string[] = [];
    let failHead = true;
    const d = start(async (job) => {
      if (failHead && job.publication.messageId === first) {
        failHead = false;
        return { ok: false, permanent: false, error: 'once' };
      }
      order.push(job.publication.messageId);
      return { ok: true };
    });
    const group = () => 'sub|g';
    const first = await publish(['sub'], {}, group);
    const rest = [await publish(['sub'], {}, group), await publish(['sub'], {}, group)];
    await settle();
    await settle();
    assert.deepEqual(order, [first, ...rest]);
    await d.stop();
  });
});
