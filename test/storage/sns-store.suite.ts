/**
 * Conformance suite for the SNS store port (src/services/sns/store.ts), run against every engine
 * (sns-store.sqlite.test.ts, sns-store.postgres.test.ts). Engine-neutral: no SQL. `open` is
 * called once per suite; each test works in its own random account, so tests never see each
 * other's topics. Time is always an argument. The outbox is shared by the whole store (a claim
 * takes any due delivery), so outbox tests keep what they claim of their own messages and hand
 * the rest back at once (see `claimMine`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import type { ClaimedDelivery, NewPublication, NewSubscription, NewTopic, SnsStore, TopicRecord } from '../../src/services/sns/store.js';

export interface OpenedSnsStore {
  store: SnsStore;
  close(): Promise<void>;
}

const T0 = 1_700_000_000_000;
const WINDOW = 5 * 60_000;
const LEASE = 30_000;

const account = () => String(randomInt(100_000_000_000, 999_999_999_999));

function newTopic(acct: string, name = `t-${randomUUID().slice(0, 8)}`, over: Partial<NewTopic> = {}): NewTopic {
  return { arn: `arn:aws:sns:us-east-1:${acct}:${name}`, accountId: acct, region: 'us-east-1', name, attributes: {}, tags: {}, dataProtectionPolicy: null, createdAt: T0, ...over };
}

function newSub(topic: TopicRecord, endpoint: string, over: Partial<NewSubscription> = {}): NewSubscription {
  return {
    arn: `${topic.arn}:${randomUUID()}`, topicId: topic.id, topicArn: topic.arn, owner: topic.accountId, region: topic.region,
    protocol: 'sqs', endpoint, attributes: {}, pendingConfirmation: false, confirmationWasAuthenticated: true, token: null, createdAt: T0, ...over,
  };
}

function publication(subs: string[], over: Partial<NewPublication> = {}, groupKey: string | null = null): NewPublication {
  const messageId = randomUUID();
  return {
    messageId, dedupKey: null, payload: JSON.stringify({ body: messageId }),
    deliveries: subs.map((s) => ({ subscriptionArn: s, target: JSON.stringify({ endpoint: s }), groupKey })), ...over,
  };
}

export function snsStoreSuite(name: string, open: () => Promise<OpenedSnsStore>): void {
  describe(`SnsStore conformance: ${name}`, () => {
    let opened: OpenedSnsStore;
    let store: SnsStore;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(() => opened.close());

    /** Claims (at `now`) until the given messages' deliveries show up; others' deliveries are released. */
    async function claimMine(messageIds: string[], now: number, max = 100): Promise<ClaimedDelivery[]> {
      const claimed = await store.claimDeliveries(now, max, LEASE);
      const mine = claimed.filter((c) => messageIds.includes(c.messageId));
      for (const c of claimed) if (!messageIds.includes(c.messageId)) await store.retryDelivery(c.id, c.attempts, now, 'not mine');
      return mine;
    }

    describe('topics', () => {
      it('creates once: a second create returns the existing topic with created=false', async () => {
        const acct = account();
        const a = await store.createTopic(newTopic(acct, 'same', { attributes: { DisplayName: 'one' }, tags: { k: 'v' } }));
        const b = await store.createTopic(newTopic(acct, 'same', { attributes: { DisplayName: 'two' } }));
        assert.equal(a.created, true);
        assert.equal(b.created, false);
        assert.equal(b.topic.id, a.topic.id);
        assert.deepEqual(b.topic.attributes, { DisplayName: 'one' });
        assert.deepEqual(b.topic.tags, { k: 'v' });
        assert.deepEqual(await store.getTopic(a.topic.arn), a.topic);
        assert.equal(await store.getTopic(`${a.topic.arn}-nope`), undefined);
      });

      it('lists the topics of one account and region, by id, in pages', async () => {
        const acct = account();
        const made: TopicRecord[] = [];
        for (let i = 0; i < 5; i++) made.push((await store.createTopic(newTopic(acct, `p${i}`))).topic);
        await store.createTopic(newTopic(acct, 'elsewhere', { region: 'eu-west-1', arn: `arn:aws:sns:eu-west-1:${acct}:elsewhere` }));
        const first = await store.listTopics(acct, 'us-east-1', 0, 3);
        const rest = await store.listTopics(acct, 'us-east-1', first[first.length - 1]!.id, 3);
        assert.deepEqual([...first, ...rest].map((t) => t.name), ['p0', 'p1', 'p2', 'p3', 'p4']);
      });

      it('merges and removes attributes, merges tags up to a quota, removes tags, stores the data protection policy', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'attrs', { attributes: { A: '1', B: '2' } }));
        await store.setTopicAttributes(topic.id, { B: null, C: '3' });
        assert.equal(await store.tagTopic(topic.id, { x: '1', y: '2' }, 3), true);
        assert.equal(await store.tagTopic(topic.id, { z: '3', w: '4' }, 3), false);
        assert.equal(await store.tagTopic(topic.id, { x: 'again' }, 3), true);
        assert.equal(await store.tagTopic(987_654_321, { x: '1' }, 3), true, 'no such topic: nothing to refuse');
        await store.untagTopic(topic.id, ['y', 'nope']);
        await store.setDataProtectionPolicy(topic.id, '{"Name":"p"}');
        const t = (await store.getTopic(topic.arn))!;
        assert.deepEqual(t.attributes, { A: '1', C: '3' });
        assert.deepEqual(t.tags, { x: 'again' });
        assert.equal(t.dataProtectionPolicy, '{"Name":"p"}');
      });

      it('deleting a topic deletes its subscriptions', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'gone'));
        const { subscription } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:q'));
        await store.deleteTopic(topic.id);
        assert.equal(await store.getTopic(topic.arn), undefined);
        assert.equal(await store.getSubscription(subscription.arn), undefined);
        await assert.rejects(store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:q2')));
      });
    });

    describe('subscriptions', () => {
      it('subscribes an endpoint once per (topic, protocol, endpoint)', async () => {
        const { topic } = await store.createTopic(newTopic(account()));
        const a = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:q', { attributes: { RawMessageDelivery: 'true' } }));
        const b = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:q'));
        const c = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:q', { protocol: 'lambda' }));
        assert.deepEqual([a.created, b.created, c.created], [true, false, true]);
        assert.equal(b.subscription.arn, a.subscription.arn);
        assert.deepEqual(b.subscription.attributes, { RawMessageDelivery: 'true' });
        assert.deepEqual(await store.getSubscription(a.subscription.arn), a.subscription);
      });

      it('confirms a pending subscription found by its token (idempotent), counts confirmed and pending', async () => {
        const { topic } = await store.createTopic(newTopic(account()));
        const token = randomUUID().replace(/-/g, '');
        const pending = await store.createSubscription(newSub(topic, 'http://h/x', { protocol: 'http', pendingConfirmation: true, confirmationWasAuthenticated: false, token }));
        await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:q'));
        assert.deepEqual(await store.countSubscriptions(topic.id), { confirmed: 1, pending: 1 });
        assert.deepEqual((await store.confirmedSubscriptions(topic.id)).map((s) => s.protocol), ['sqs']);
        assert.equal(await store.getSubscriptionByToken(`${topic.arn}x`, token), undefined);
        const found = await store.getSubscriptionByToken(topic.arn, token);
        assert.equal(found?.arn, pending.subscription.arn);
        const confirmed = await store.confirmSubscription(found!.id, true);
        assert.equal(confirmed?.pendingConfirmation, false);
        assert.equal(confirmed?.confirmationWasAuthenticated, true);
        assert.equal((await store.confirmSubscription(found!.id, false))?.confirmationWasAuthenticated, true);
        assert.deepEqual(await store.countSubscriptions(topic.id), { confirmed: 2, pending: 0 });
        assert.deepEqual((await store.confirmedSubscriptions(topic.id)).map((s) => s.protocol).sort(), ['http', 'sqs']);
      });

      it('sets and removes attributes; deletes (once) and counts the deletion on its topic', async () => {
        const { topic } = await store.createTopic(newTopic(account()));
        const { subscription } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:q', { attributes: { A: '1' } }));
        await store.setSubscriptionAttributes(subscription.id, { A: null, FilterPolicy: '{}' });
        assert.deepEqual((await store.getSubscription(subscription.arn))!.attributes, { FilterPolicy: '{}' });
        assert.deepEqual((await store.confirmedSubscriptions(topic.id))[0]!.attributes, { FilterPolicy: '{}' });
        assert.equal(await store.deleteSubscription(subscription.id), true);
        assert.equal(await store.deleteSubscription(subscription.id), false);
        assert.equal((await store.getTopic(topic.arn))!.subscriptionsDeleted, 1);
        assert.deepEqual(await store.confirmedSubscriptions(topic.id), []);
      });

      it('lists by owner and region, and by topic, in id order with paging', async () => {
        const acct = account();
        const { topic } = await store.createTopic(newTopic(acct));
        const { topic: other } = await store.createTopic(newTopic(acct));
        const arns: string[] = [];
        for (let i = 0; i < 4; i++) arns.push((await store.createSubscription(newSub(i % 2 ? other : topic, `arn:aws:sqs:us-east-1:1:q${i}`))).subscription.arn);
        const page1 = await store.listSubscriptions(acct, 'us-east-1', 0, 3);
        const page2 = await store.listSubscriptions(acct, 'us-east-1', page1[2]!.id, 3);
        assert.deepEqual([...page1, ...page2].map((s) => s.arn), arns);
        assert.deepEqual((await store.listSubscriptionsByTopic(topic.id, 0, 10)).map((s) => s.arn), [arns[0], arns[2]]);
        assert.deepEqual(await store.listSubscriptions(acct, 'eu-west-1', 0, 10), []);
      });
    });

    describe('outbox', () => {
      it('records a message and one delivery per subscription atomically; a claim leases them once', async () => {
        const { topic } = await store.createTopic(newTopic(account()));
        const woke: number[] = [];
        const off = store.onDeliveriesAvailable(() => woke.push(1));
        const m = publication(['s1', 's2']);
        const [r] = await store.publish(topic.id, [m], T0, WINDOW);
        off();
        assert.equal(r!.messageId, m.messageId);
        assert.equal(r!.duplicate, false);
        assert.ok(woke.length >= 1, 'a publish wakes the dispatcher');
        const claimed = await claimMine([m.messageId], T0);
        assert.deepEqual(claimed.map((c) => [c.subscriptionArn, c.attempts, c.payload, c.messageSeq]).sort(), [
          ['s1', 1, m.payload, r!.seq],
          ['s2', 1, m.payload, r!.seq],
        ]);
        assert.deepEqual(await claimMine([m.messageId], T0 + 1), [], 'leased deliveries are not claimed again');
        const again = await claimMine([m.messageId], T0 + LEASE + 1);
        assert.equal(again.length, 2, 'an expired lease makes the delivery claimable');
        assert.ok(again.every((c) => c.attempts === 2));
      });

      it('defer hands a claim back untried: claimable again later with its attempt taken back', async () => {
        const { topic } = await store.createTopic(newTopic(account()));
        const m = publication(['d']);
        await store.publish(topic.id, [m], T0, WINDOW);
        const [c] = await claimMine([m.messageId], T0);
        assert.equal(c!.attempts, 1);
        assert.equal(await store.deferDelivery(c!.id, c!.attempts + 1, T0 + 1_000), false, 'stale claim');
        assert.equal(await store.deferDelivery(c!.id, c!.attempts, T0 + 1_000), true);
        assert.deepEqual(await claimMine([m.messageId], T0 + 999), []);
        const [again] = await claimMine([m.messageId], T0 + 1_000);
        assert.equal(again!.attempts, 1, 'the deferred claim did not count');
        assert.equal(await store.completeDelivery(again!.id, again!.attempts, 'delivered', null, T0 + 1_000), true);
      });

      it('complete and retry act only for the current claim; final deliveries are never claimed again', async () => {
        const { topic } = await store.createTopic(newTopic(account()));
        const m = publication(['a', 'b']);
        await store.publish(topic.id, [m], T0, WINDOW);
        const [a, b] = (await claimMine([m.messageId], T0)).sort((x, y) => x.subscriptionArn.localeCompare(y.subscriptionArn));
        assert.equal(await store.completeDelivery(a!.id, a!.attempts + 1, 'delivered', null, T0), false, 'stale attempts');
        assert.equal(await store.completeDelivery(a!.id, a!.attempts, 'delivered', null, T0), true);
        assert.equal(await store.completeDelivery(a!.id, a!.attempts, 'failed', 'x', T0), false, 'already final');
        assert.equal(await store.retryDelivery(b!.id, b!.attempts, T0 + 10_000, 'boom'), true);
        assert.deepEqual(await claimMine([m.messageId], T0 + 9_999), []);
        const [b2] = await claimMine([m.messageId], T0 + 10_000);
        assert.equal(b2?.subscriptionArn, 'b');
        assert.equal(b2?.attempts, 2);
        assert.equal(await store.retryDelivery(b!.id, b!.attempts, T0, 'late'), false, 'a superseded claim cannot retry');
        assert.equal(await store.completeDelivery(b2!.id, b2!.attempts, 'dead-lettered', 'QueueDoesNotExist', T0 + 10_000), true);
        const status = await store.deliveriesOf(m.messageId);
        assert.deepEqual(status.map((s) => [s.subscriptionArn, s.state, s.attempts, s.lastError]), [
          ['a', 'delivered', 1, null],
          ['b', 'dead-lettered', 2, 'QueueDoesNotExist'],
        ]);
        assert.deepEqual(await claimMine([m.messageId], T0 + 10 * LEASE), []);
      });

      it('FIFO groups: a delivery waits for the earlier pending delivery of its group; other groups go on', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'g.fifo'));
        // Group keys are per subscription and group; the topic ARN makes them unique to this test.
        const g1a = publication(['s'], { dedupKey: 'd1' }, `${topic.arn}|g1`);
        const g1b = publication(['s'], { dedupKey: 'd2' }, `${topic.arn}|g1`);
        const g2 = publication(['s'], { dedupKey: 'd3' }, `${topic.arn}|g2`);
        const results = await store.publish(topic.id, [g1a, g1b, g2], T0, WINDOW);
        assert.ok(results[0]!.seq < results[1]!.seq && results[1]!.seq < results[2]!.seq, 'seqs follow input order');
        const ids = [g1a, g1b, g2].map((m) => m.messageId);
        const first = await claimMine(ids, T0);
        assert.deepEqual(first.map((c) => c.messageId).sort(), [g1a.messageId, g2.messageId].sort());
        const head = first.find((c) => c.messageId === g1a.messageId)!;
        await store.retryDelivery(head.id, head.attempts, T0 + 5_000, 'later');
        assert.deepEqual(await claimMine(ids, T0 + 1), [], 'the group waits for its retried head');
        const [retried] = await claimMine(ids, T0 + 5_000);
        assert.equal(retried?.messageId, g1a.messageId);
        await store.completeDelivery(retried!.id, retried!.attempts, 'delivered', null, T0 + 5_000);
        const [next] = await claimMine(ids, T0 + 5_000);
        assert.equal(next?.messageId, g1b.messageId);
      });

      it('deduplicates by key within the window (also within one call) and not after it', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'd.fifo'));
        const m1 = publication(['s'], { dedupKey: 'same' }, `${topic.arn}|g`);
        const m2 = publication(['s'], { dedupKey: 'same' }, `${topic.arn}|g`);
        const [r1, r2] = await store.publish(topic.id, [m1, m2], T0, WINDOW);
        assert.deepEqual(r2, { messageId: m1.messageId, seq: r1!.seq, duplicate: true });
        const [r3] = await store.publish(topic.id, [publication(['s'], { dedupKey: 'same' }, `${topic.arn}|g`)], T0 + WINDOW - 1, WINDOW);
        assert.deepEqual(r3, { messageId: m1.messageId, seq: r1!.seq, duplicate: true });
        const m4 = publication(['s'], { dedupKey: 'same' }, `${topic.arn}|g`);
        const [r4] = await store.publish(topic.id, [m4], T0 + WINDOW, WINDOW);
        assert.equal(r4!.duplicate, false);
        assert.equal(r4!.messageId, m4.messageId);
        assert.ok(r4!.seq > r1!.seq);
        assert.equal((await store.deliveriesOf(m2.messageId)).length, 0, 'a duplicate records no delivery');
      });

      it('a message without deliveries still gets its seq; a publish to a missing topic stores nothing', async () => {
        const { topic } = await store.createTopic(newTopic(account()));
        const [a] = await store.publish(topic.id, [publication([])], T0, WINDOW);
        const [b] = await store.publish(topic.id, [publication([])], T0, WINDOW);
        assert.ok(b!.seq > a!.seq);
        await store.deleteTopic(topic.id);
        const m = publication(['s']);
        await assert.rejects(store.publish(topic.id, [m], T0, WINDOW));
        assert.deepEqual(await store.deliveriesOf(m.messageId), []);
      });

      it('reports the next due time, and purges finished deliveries and expired dedup entries', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'p.fifo'));
        const m = publication(['s'], { dedupKey: 'k' }, `${topic.arn}|g`);
        await store.publish(topic.id, [m], T0, WINDOW);
        const next = await store.nextDeliveryAt();
        assert.ok(next !== null && next <= T0);
        const [c] = await claimMine([m.messageId], T0);
        await store.completeDelivery(c!.id, c!.attempts, 'delivered', null, T0);
        assert.ok((await store.purge(T0 + 1, T0 + WINDOW)) >= 2);
        assert.deepEqual(await store.deliveriesOf(m.messageId), []);
        const [again] = await store.publish(topic.id, [publication([], { dedupKey: 'k' })], T0 + 1, WINDOW);
        assert.equal(again!.duplicate, false, 'the purged dedup entry no longer matches');
      });
    });

    describe('throttle slots (throttlePolicy.maxReceivesPerSecond)', () => {
      const sub = () => `arn:aws:sns:us-east-1:${account()}:t:${randomUUID()}`;

      it('spaces a subscription\'s slots 1/rate apart from now; a slot past the longest wait is reported, not taken', async () => {
        const s = sub();
        assert.deepEqual(await store.throttleSlot(s, 2, T0, 600), { at: T0, taken: true });
        assert.deepEqual(await store.throttleSlot(s, 2, T0, 600), { at: T0 + 500, taken: true });
        assert.deepEqual(await store.throttleSlot(s, 2, T0 + 100, 600), { at: T0 + 1_000, taken: false }, '900 ms away > 600');
        assert.deepEqual(await store.throttleSlot(s, 2, T0 + 100, 600), { at: T0 + 1_000, taken: false }, 'nothing was taken');
        assert.deepEqual(await store.throttleSlot(s, 2, T0 + 400, 600), { at: T0 + 1_000, taken: true });
        assert.deepEqual(await store.throttleSlot(sub(), 2, T0 + 400, 600), { at: T0 + 400, taken: true }, 'another subscription is independent');
        assert.deepEqual(await store.throttleSlot(s, 2, T0 + 9_000, 600), { at: T0 + 9_000, taken: true }, 'an idle spell saves up no burst');
      });

      it('never lets rate + 1 starts into one second (rate 3: 333.334 ms apart)', async () => {
        const s = sub();
        const at: number[] = [];
        for (let i = 0; i < 4; i++) at.push((await store.throttleSlot(s, 3, T0, 5_000)).at);
        assert.deepEqual(at.map((t) => Math.round((t - T0) * 1000)), [0, 333_334, 666_668, 1_000_002]);
      });

      it('concurrent callers get distinct slots, one spacing apart', async () => {
        const s = sub();
        const got = await Promise.all(Array.from({ length: 20 }, () => store.throttleSlot(s, 4, T0, 60_000)));
        assert.ok(got.every((g) => g.taken));
        assert.deepEqual(got.map((g) => g.at - T0).sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i * 250));
      });

      it('purge forgets the state of subscriptions whose next slot has passed, and only those', async () => {
        const [idle, busy] = [sub(), sub()];
        await store.throttleSlot(idle, 1, T0, 0);
        await store.throttleSlot(busy, 1, T0 + 4_000, 0);
        assert.ok((await store.purge(T0 - 60_000, T0 + 2_000)) >= 1);
        assert.deepEqual(await store.throttleSlot(idle, 1, T0, 0), { at: T0, taken: true }, 'forgotten: its old slot is free again');
        assert.deepEqual(await store.throttleSlot(busy, 1, T0 + 4_000, 0), { at: T0 + 5_000, taken: false }, 'kept');
      });
    });

    describe('archive and replay', () => {
      const DAY = 86_400_000;
      /** A FIFO message of group `g` archived until T0 + a day. */
      const archived = (g: string, subs: string[] = []) =>
        publication(subs, { dedupKey: randomUUID(), payload: JSON.stringify({ g }), archiveUntil: T0 + DAY }, null);
      /** Replays everything to `sub`, one delivery per message of group key `<arn>|<g>`, payload marked. */
      const everything = (sub: { arn: string }, from = 0, to: number | null = null) => ({
        policy: `{"from":${from}}`, from, to,
        select: (m: { messageId: string; payload: string; seq: number }) => ({
          subscriptionArn: sub.arn, target: '{}', groupKey: `${sub.arn}|${JSON.parse(m.payload).g}`, payload: `replayed:${m.seq}`,
        }),
      });

      it('archives what publish stores with archiveUntil (not duplicates, not others) and purges it when it expires', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'a.fifo'));
        const a = archived('g');
        const dup = { ...archived('g'), dedupKey: a.dedupKey };
        const plain = publication([], { dedupKey: randomUUID() });
        const results = await store.publish(topic.id, [a, dup, plain], T0, WINDOW);
        assert.equal(results[1]!.duplicate, true);
        const rows = await store.archivedMessages(topic.id, 0, 10);
        assert.deepEqual(rows, [{ seq: results[0]!.seq, messageId: a.messageId, publishedAt: T0, expiresAt: T0 + DAY, payload: a.payload }]);
        const b = archived('g');
        const [rb] = await store.publish(topic.id, [{ ...b, archiveUntil: T0 + 2 * DAY }], T0 + 1, WINDOW);
        assert.deepEqual((await store.archivedMessages(topic.id, results[0]!.seq, 10)).map((r) => r.seq), [rb!.seq], 'paged by seq');
        assert.ok((await store.purge(T0, T0 + DAY)) >= 1);
        assert.deepEqual((await store.archivedMessages(topic.id, 0, 10)).map((r) => r.messageId), [b.messageId], 'the expired one went');
      });

      it("purges by the topic's current retention: a changed ArchivePolicy re-dates what is archived; without one, the stored expiry", async () => {
        const policy = (days: number) => ({ ArchivePolicy: JSON.stringify({ MessageRetentionPeriod: String(days) }) });
        const { topic } = await store.createTopic(newTopic(account(), 'ret.fifo', { attributes: policy(7) }));
        const m = [archived('g'), archived('g'), archived('g')].map((x) => ({ ...x, archiveUntil: T0 + 7 * DAY }));
        const results = await store.publish(topic.id, m, T0, WINDOW);
        const left = async () => (await store.archivedMessages(topic.id, 0, 10)).map((r) => r.messageId);
        assert.deepEqual((await store.archivedMessages(topic.id, 0, 10)).map((r) => r.expiresAt), [T0 + 7 * DAY, T0 + 7 * DAY, T0 + 7 * DAY]);
        await store.setTopicAttributes(topic.id, policy(2));
        assert.equal((await store.archivedMessages(topic.id, 0, 1))[0]!.expiresAt, T0 + 2 * DAY, 'shortened: re-dated');
        await store.purge(T0, T0 + 2 * DAY - 1);
        assert.equal((await left()).length, 3, 'kept until the current retention ends');
        await store.setTopicAttributes(topic.id, { ArchivePolicy: '{"MessageRetentionPeriod":3e1}' });
        await store.purge(T0, T0 + 7 * DAY);
        assert.equal((await left()).length, 3, 'lengthened: kept past the retention it was archived under');
        await store.setTopicAttributes(topic.id, policy(1));
        await store.purge(T0, T0 + DAY);
        assert.deepEqual(await left(), [], 'shortened again: gone at once');
        const { topic: off } = await store.createTopic(newTopic(account(), 'off.fifo', { attributes: policy(1) }));
        await store.publish(off.id, [{ ...archived('g'), archiveUntil: T0 + DAY }], T0, WINDOW);
        await store.setTopicAttributes(off.id, { ArchivePolicy: null });
        await store.purge(T0, T0 + DAY - 1);
        assert.equal((await store.archivedMessages(off.id, 0, 10)).length, 1, 'archiving off: the expiry it was archived with');
        await store.purge(T0, T0 + DAY);
        assert.deepEqual(await store.archivedMessages(off.id, 0, 10), []);
        assert.ok(results.every((r) => !r.duplicate));
      });

      it('queues the window in publish order as new messages behind pending deliveries, sets the policy, and reports progress', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'r.fifo'));
        const { subscription: sub } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:r.fifo'));
        const before = archived('g1');
        await store.publish(topic.id, [before], T0 - 10, WINDOW);
        const inWindow = [archived('g1'), archived('g2'), archived('g1')];
        const results = await store.publish(topic.id, inWindow, T0, WINDOW);
        const after = archived('g2');
        await store.publish(topic.id, [after], T0 + 10, WINDOW);
        assert.equal(await store.replayProgress(sub.arn), null);
        const skipSecond = { ...everything(sub, T0, T0), select: (m: { messageId: string; payload: string; seq: number }) =>
          m.messageId === inWindow[1]!.messageId ? null : everything(sub).select(m) };
        assert.equal(await store.replay(sub.id, skipSecond, T0 + 20), 2);
        assert.equal((await store.getSubscription(sub.arn))!.attributes.ReplayPolicy, `{"from":${T0}}`);
        assert.equal(await store.replayProgress(sub.arn), 'Replaying');
        const ids = inWindow.map((m) => m.messageId);
        const first = await claimMine(ids, T0 + 20);
        assert.deepEqual(first.map((c) => c.messageId), [ids[0]], 'one group, its head first');
        assert.equal(first[0]!.payload, `replayed:${results[0]!.seq}`);
        assert.ok(first[0]!.messageSeq > results[2]!.seq, 'a fresh seq');
        await store.completeDelivery(first[0]!.id, first[0]!.attempts, 'delivered', null, T0 + 20);
        const [second] = await claimMine(ids, T0 + 20);
        assert.equal(second?.messageId, ids[2]);
        assert.equal(await store.replayProgress(sub.arn), 'Replaying');
        await store.completeDelivery(second!.id, second!.attempts, 'delivered', null, T0 + 20);
        assert.equal(await store.replayProgress(sub.arn), 'Completed');
      });

      it('a new replay supersedes the pending one and pending deliveries of its window; a failed delivery fails it; null removes it', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 's.fifo'));
        const { subscription: sub } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:s.fifo'));
        const live = archived('g', [sub.arn]);
        await store.publish(topic.id, [live], T0, WINDOW);
        assert.equal(await store.replay(sub.id, everything(sub, T0), T0 + 1), 1);
        assert.equal(await store.replay(sub.id, everything(sub, T0), T0 + 2), 1);
        const status = await store.deliveriesOf(live.messageId);
        assert.deepEqual(status.map((d) => [d.state, d.lastError]), [
          ['failed', 'superseded by a new ReplayPolicy'],
          ['failed', 'superseded by a new ReplayPolicy'],
          ['pending', null],
        ]);
        const [c] = await claimMine([live.messageId], T0 + 2);
        await store.completeDelivery(c!.id, c!.attempts, 'dead-lettered', 'QueueDoesNotExist', T0 + 2);
        assert.equal(await store.replayProgress(sub.arn), 'Failed');
        assert.equal(await store.replay(sub.id, null, T0 + 3), 0);
        assert.equal(await store.replayProgress(sub.arn), null);
        assert.equal((await store.getSubscription(sub.arn))!.attributes.ReplayPolicy, undefined);
        await store.deleteSubscription(sub.id);
        assert.equal(await store.replay(sub.id, everything(sub), T0 + 4), null, 'a missing subscription');
      });
    });

    describe('pending replays (a crash between Subscribe\'s two steps)', () => {
      const DAY = 86_400_000;
      const initial = (sub: { arn: string }, policy: string) => ({
        policy, from: T0, to: null, initial: true,
        select: (m: { payload: string }) => ({ subscriptionArn: sub.arn, target: '{}', groupKey: `${sub.arn}|g`, payload: `replayed:${m.payload}` }),
      });
      const fifo = (subs: string[]) => publication(subs, { dedupKey: randomUUID(), archiveUntil: T0 + 2 * DAY }, null);

      it('lists subscriptions with a ReplayPolicy and no replay; an initial replay is queued once, leaving out what arrived live', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'resume.fifo'));
        const { subscription: plain } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:plain.fifo'));
        const { subscription: sub } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:resume.fifo', { attributes: { ReplayPolicy: 'P' } }));
        const [early, deliveredLive, pendingLive] = [fifo([]), fifo([sub.arn]), fifo([sub.arn])];
        await store.publish(topic.id, [early, deliveredLive, pendingLive], T0, WINDOW);
        const [c] = (await claimMine([deliveredLive.messageId, pendingLive.messageId], T0)).filter((x) => x.messageId === deliveredLive.messageId);
        await store.completeDelivery(c!.id, c!.attempts, 'delivered', null, T0);
        for (const x of await claimMine([pendingLive.messageId], T0)) await store.retryDelivery(x.id, x.attempts, T0, 'later');
        const pending = async () => (await store.pendingReplays(0, 1_000)).map((s) => s.arn);
        assert.ok((await pending()).includes(sub.arn));
        assert.ok(!(await pending()).includes(plain.arn), 'no ReplayPolicy, nothing to replay');
        assert.equal(await store.replayProgress(sub.arn), null, 'Pending');
        assert.equal(await store.replay(sub.id, initial(sub, 'other'), T0 + 1), 0, 'not the stored policy: changed meanwhile');
        assert.equal(await store.replay(sub.id, initial(sub, 'P'), T0 + 1), 2, 'the window less the live-delivered message');
        assert.equal(await store.replay(sub.id, initial(sub, 'P'), T0 + 2), 0, 'queued already: nothing again');
        assert.ok(!(await pending()).includes(sub.arn));
        assert.deepEqual((await store.deliveriesOf(deliveredLive.messageId)).map((d) => d.state), ['delivered'], 'once: live');
        assert.deepEqual((await store.deliveriesOf(early.messageId)).map((d) => d.state), ['pending'], 'once: replayed');
        assert.deepEqual((await store.deliveriesOf(pendingLive.messageId)).map((d) => [d.state, d.lastError]),
          [['failed', 'superseded by a new ReplayPolicy'], ['pending', null]], 'the pending live delivery replayed instead (group order)');
        assert.equal(await store.replayProgress(sub.arn), 'Replaying');
        const again = await store.replay(sub.id, { ...initial(sub, 'P'), initial: false }, T0 + 3);
        assert.equal(again, 3, 'a replay set later (SetSubscriptionAttributes) replays everything, live-delivered or not');
      });

      it('concurrent initial replays of one subscription queue it once', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'race.fifo'));
        const { subscription: sub } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:race.fifo', { attributes: { ReplayPolicy: 'P' } }));
        const m = fifo([]);
        await store.publish(topic.id, [m], T0, WINDOW);
        const queued = await Promise.all(Array.from({ length: 5 }, () => store.replay(sub.id, initial(sub, 'P'), T0 + 1)));
        assert.deepEqual(queued.sort(), [0, 0, 0, 0, 1]);
        assert.equal((await store.deliveriesOf(m.messageId)).length, 1);
      });
    });

    describe('replay policies and live delivery', () => {
      const DAY = 86_400_000;
      const policy = (from: number, to?: number) => JSON.stringify(to === undefined ? { from } : { from, to });
      const replayAll = (sub: { arn: string }, from: number, to: number | null) => ({
        policy: policy(from, to ?? undefined), from, to,
        select: (m: { payload: string }) => ({ subscriptionArn: sub.arn, target: '{}', groupKey: `${sub.arn}|g`, payload: m.payload }),
      });
      const fifo = (subs: string[]) => publication(subs, { dedupKey: randomUUID(), archiveUntil: T0 + DAY }, null);

      it('a publish whose expected ReplayPolicies are no longer the subscriptions\' own stores nothing and rejects StaleReplayPolicies', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'stale.fifo'));
        const { subscription: a } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:a.fifo'));
        await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:p.fifo', { pendingConfirmation: true, attributes: { ReplayPolicy: 'x' } }));
        const ok = fifo([a.arn]);
        const [r] = await store.publish(topic.id, [ok], T0, WINDOW, {});
        assert.equal(r!.duplicate, false, 'no confirmed subscription has one: {} matches (unconfirmed ones do not count)');
        assert.equal(await store.replay(a.id, replayAll(a, T0 - 10, T0 - 5), T0 + 1), 0);
        const stale = fifo([a.arn]);
        await assert.rejects(store.publish(topic.id, [stale], T0 + 2, WINDOW, {}), (e: Error) => e.name === 'StaleReplayPolicies');
        assert.deepEqual(await store.deliveriesOf(stale.messageId), []);
        assert.equal((await store.archivedMessages(topic.id, 0, 10)).length, 1, 'not archived either');
        const [again] = await store.publish(topic.id, [stale], T0 + 2, WINDOW, { [a.arn]: policy(T0 - 10, T0 - 5) });
        assert.equal(again!.duplicate, false, 'the dedup key was not taken by the refused attempt');
        await assert.rejects(store.publish(topic.id, [fifo([])], T0 + 3, WINDOW, { [a.arn]: policy(T0 - 10) }), (e: Error) => e.name === 'StaleReplayPolicies');
      });

      it('a ReplayPolicy with an EndingPoint supersedes pending live deliveries of messages published after it (paused)', async () => {
        const { topic } = await store.createTopic(newTopic(account(), 'pause.fifo'));
        const { subscription: sub } = await store.createSubscription(newSub(topic, 'arn:aws:sqs:us-east-1:1:pause.fifo'));
        const before = fifo([sub.arn]);
        const inWindow = fifo([sub.arn]);
        const afterEnd = fifo([sub.arn]);
        await store.publish(topic.id, [before], T0 - 100, WINDOW);
        await store.publish(topic.id, [inWindow], T0, WINDOW);
        await store.publish(topic.id, [afterEnd], T0 + 100, WINDOW);
        assert.equal(await store.replay(sub.id, replayAll(sub, T0, T0 + 50), T0 + 200), 1);
        const states = async (m: NewPublication) => (await store.deliveriesOf(m.messageId)).map((d) => d.state);
        assert.deepEqual(await states(before), ['pending'], 'before the window: live, untouched');
        assert.deepEqual(await states(inWindow), ['failed', 'pending'], 'in the window: replayed instead');
        assert.deepEqual(await states(afterEnd), ['failed'], 'after the EndingPoint: paused');
      });
    });

    it('records would-be deliveries once per key, filtered by protocol and endpoint, oldest first', async () => {
      const phone = `+1555${randomInt(1_000_000, 9_999_999)}`;
      const rec = (key: string, protocol: string, endpoint: string) => ({
        deliveryKey: key, protocol, endpoint, messageId: key, subscriptionArn: null, topicArn: null, payload: JSON.stringify({ body: key }), recordedAt: T0,
      });
      const k = randomUUID();
      await store.recordDelivery(rec(`${k}-1`, 'sms', phone));
      await store.recordDelivery(rec(`${k}-1`, 'sms', phone)); // a retry after a crash
      await store.recordDelivery(rec(`${k}-2`, 'email', `${k}@example.com`));
      await store.recordDelivery(rec(`${k}-3`, 'sms', phone));
      const sms = await store.listRecorded({ protocol: 'sms', endpoint: phone, limit: 10 });
      assert.deepEqual(sms.map((r) => r.deliveryKey), [`${k}-1`, `${k}-3`]);
      assert.equal(sms[0]!.payload, JSON.stringify({ body: `${k}-1` }));
      assert.equal(sms[0]!.recordedAt, T0);
      const email = await store.listRecorded({ endpoint: `${k}@example.com`, limit: 10 });
      assert.deepEqual(email.map((r) => r.protocol), ['email']);
      const after1 = await store.listRecorded({ protocol: 'sms', endpoint: phone, afterId: sms[0]!.id, limit: 10 });
      assert.deepEqual(after1.map((r) => r.deliveryKey), [`${k}-3`]);
    });

    it('trims recorded deliveries to the newest ones', async () => {
      const k = randomUUID();
      for (let i = 1; i <= 4; i++) {
        await store.recordDelivery({ deliveryKey: `${k}-${i}`, protocol: 'sms', endpoint: k, messageId: k, subscriptionArn: null, topicArn: null, payload: '{}', recordedAt: T0 });
      }
      assert.ok((await store.trimRecorded(2)) >= 2);
      assert.deepEqual((await store.listRecorded({ endpoint: k, limit: 10 })).map((r) => r.deliveryKey), [`${k}-3`, `${k}-4`]);
      assert.equal(await store.trimRecorded(2), 0, 'nothing more to trim');
    });

    it('keeps documents: create once, read, update, list by kind or parent, delete with children', async () => {
      const acct = account();
      const doc = (kind: string, key: string, parent: string | null = null, data = '{}') => ({ kind, accountId: acct, region: 'us-east-1', key, parent, data, createdAt: T0 });
      const app = await store.createDocument(doc('application', 'app-1', null, '{"a":1}'));
      assert.equal(app.created, true);
      const again = await store.createDocument(doc('application', 'app-1', null, '{"a":2}'));
      assert.equal(again.created, false);
      assert.equal(again.document.data, '{"a":1}');
      await store.createDocument(doc('endpoint', 'e-1', 'app-1'));
      await store.createDocument(doc('endpoint', 'e-2', 'app-1'));
      await store.createDocument(doc('endpoint', 'e-3', 'app-2'));
      assert.deepEqual((await store.listDocuments('endpoint', acct, 'us-east-1', 'app-1', 0, 10)).map((d) => d.key), ['e-1', 'e-2']);
      const all = await store.listDocuments('endpoint', acct, 'us-east-1', null, 0, 2);
      assert.deepEqual(all.map((d) => d.key), ['e-1', 'e-2']);
      assert.deepEqual((await store.listDocuments('endpoint', acct, 'us-east-1', null, all[1]!.id, 2)).map((d) => d.key), ['e-3']);
      assert.equal(await store.updateDocument({ kind: 'application', accountId: acct, region: 'us-east-1', key: 'app-1' }, '{"a":3}'), true);
      assert.equal((await store.getDocument({ kind: 'application', accountId: acct, region: 'us-east-1', key: 'app-1' }))!.data, '{"a":3}');
      assert.equal(await store.updateDocument({ kind: 'application', accountId: acct, region: 'us-east-1', key: 'nope' }, '{}'), false);
      assert.equal(await store.deleteDocument({ kind: 'application', accountId: acct, region: 'us-east-1', key: 'app-1' }), true);
      assert.equal(await store.deleteDocument({ kind: 'application', accountId: acct, region: 'us-east-1', key: 'app-1' }), false);
      assert.deepEqual((await store.listDocuments('endpoint', acct, 'us-east-1', null, 0, 10)).map((d) => d.key), ['e-3']);
      assert.equal(await store.getDocument({ kind: 'application', accountId: acct, region: 'us-east-1', key: 'app-1' }), undefined);
    });

    it('keeps one signing key: the first stored wins', async () => {
      const first = await store.signingKey(() => ({ privateKeyPem: 'priv-1', publicKeyPem: 'pub-1', createdAt: T0 }));
      const second = await store.signingKey(() => ({ privateKeyPem: 'priv-2', publicKeyPem: 'pub-2', createdAt: T0 }));
      assert.deepEqual(second, first);
    });
  });
}
