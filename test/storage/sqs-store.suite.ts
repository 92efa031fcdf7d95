/**
 * Conformance suite for the SQS store port (src/services/sqs/store.ts). Every engine runs it:
 *
 *   sqsStoreSuite('sqlite (memory)', async () => { const e = await openSqliteEngine({ inMemory: true });
 *                                                   return { store: e.sqs, close: () => e.close() }; });
 *
 * Engine-neutral on purpose: no SQL, no engine internals. `open` is called once per suite (not per
 * test); each test works in its own random account, so tests never see each other's queues and a
 * reused database does not disturb a run. Time is always passed as an argument (fixed numbers,
 * never sleeps); the only real waiting is for `onMessagesAvailable`, which may be asynchronous on
 * shared engines (LISTEN/NOTIFY), bounded by a timeout.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import type {
  ClaimRequest,
  NewMessage,
  QueueRecord,
  ReceiptRef,
  SqsStore,
  StoredMessage,
} from '../../src/services/sqs/store.js';

export interface OpenedSqsStore {
  store: SqsStore;
  close(): Promise<void>;
}

/** A fixed "now" (2023-11-14T22:13:20Z); every test computes its times from it. */
const T0 = 1_700_000_000_000;
/** Four days, the AWS default MessageRetentionPeriod. */
const RETENTION = 4 * 86_400_000;
const VIS = 30_000;
/** How long to wait for a wake-up before declaring it missing. */
const WAKE_TIMEOUT_MS = 5_000;

function randomAccount(): string {
  return String(randomInt(100_000_000_000, 999_999_999_999));
}

let messageCounter = 0;
function newMessage(over: Partial<NewMessage> = {}): NewMessage {
  const n = ++messageCounter;
  const sentAt = over.sentAt ?? T0;
  return {
    messageId: randomUUID(),
    body: `body ${n}`,
    md5OfBody: `md5-of-body-${n}`,
    messageAttributes: null,
    md5OfMessageAttributes: null,
    systemAttributes: null,
    senderId: 'AIDAEXAMPLESENDER',
    sentAt,
    visibleAt: sentAt,
    groupId: null,
    dedupId: null,
    ...over,
  };
}

function messages(count: number, over: Partial<NewMessage> = {}): NewMessage[] {
  return Array.from({ length: count }, () => newMessage(over));
}

/** The NewMessage part of a stored message, for byte-for-byte comparison. */
function newPart(m: StoredMessage): NewMessage {
  return {
    messageId: m.messageId,
    body: m.body,
    md5OfBody: m.md5OfBody,
    messageAttributes: m.messageAttributes,
    md5OfMessageAttributes: m.md5OfMessageAttributes,
    systemAttributes: m.systemAttributes,
    senderId: m.senderId,
    sentAt: m.sentAt,
    visibleAt: m.visibleAt,
    groupId: m.groupId,
    dedupId: m.dedupId,
  };
}

function ref(m: StoredMessage): ReceiptRef {
  return { seq: m.seq, receiveCount: m.receiveCount };
}

function ids(ms: readonly StoredMessage[]): string[] {
  return ms.map((m) => m.messageId);
}

export function sqsStoreSuite(engineName: string, open: () => Promise<OpenedSqsStore>): void {
  describe(`SqsStore conformance: ${engineName}`, () => {
    let opened: OpenedSqsStore;
    let store: SqsStore;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened?.close();
    });

    async function queueIn(accountId: string, name = 'q', over: { attributes?: Record<string, string>; tags?: Record<string, string>; createdAt?: number } = {}): Promise<QueueRecord> {
      const { queue } = await store.createQueue({
        accountId,
        name,
        attributes: over.attributes ?? {},
        tags: over.tags ?? {},
        createdAt: over.createdAt ?? T0,
      });
      return queue;
    }
    /** A queue in a fresh account. */
    async function freshQueue(name = 'q'): Promise<QueueRecord> {
      return queueIn(randomAccount(), name);
    }
    function claim(queueId: number, over: Partial<ClaimRequest> = {}): Promise<StoredMessage[]> {
      return store.claimVisible(queueId, { now: T0, max: 10, visibilityTimeoutMs: VIS, retentionMs: RETENTION, ...over });
    }
    /** Claims everything visible at `now` (loops until a claim comes back empty). */
    async function drain(queueId: number, now = T0, visibilityTimeoutMs = VIS): Promise<StoredMessage[]> {
      const out: StoredMessage[] = [];
      for (;;) {
        const got = await claim(queueId, { now, visibilityTimeoutMs });
        if (got.length === 0) return out;
        out.push(...got);
      }
    }
    function counts(queueId: number, now = T0, retentionMs = RETENTION) {
      return store.countMessages(queueId, now, retentionMs);
    }
    /** Resolves when a listener sees `queueId`; rejects after WAKE_TIMEOUT_MS. */
    function wakeOf(queueId: number): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`onMessagesAvailable(${queueId}) did not fire within ${WAKE_TIMEOUT_MS} ms`));
        }, WAKE_TIMEOUT_MS);
        const unsubscribe = store.onMessagesAvailable((id) => {
          if (id !== queueId) return;
          clearTimeout(timer);
          unsubscribe();
          resolve();
        });
      });
    }

    // ───────────────────────────── queues ─────────────────────────────

    describe('createQueue / getQueue', () => {
      it('creates a queue and returns the full record', async () => {
        const accountId = randomAccount();
        const res = await store.createQueue({
          accountId,
          name: 'orders',
          attributes: { VisibilityTimeout: '45', Policy: '{"Version":"2012-10-17","Statement":[]}' },
          tags: { team: 'billing', 'cost-centre': 'ä€😀' },
          createdAt: T0,
        });
        assert.equal(res.created, true);
        const q = res.queue;
        assert.equal(typeof q.id, 'number');
        assert.ok(Number.isSafeInteger(q.id));
        assert.equal(q.accountId, accountId);
        assert.equal(q.name, 'orders');
        assert.deepEqual({ ...q.attributes }, { VisibilityTimeout: '45', Policy: '{"Version":"2012-10-17","Statement":[]}' });
        assert.deepEqual({ ...q.tags }, { team: 'billing', 'cost-centre': 'ä€😀' });
        assert.equal(q.createdAt, T0);
        assert.equal(typeof q.createdAt, 'number');
        assert.equal(q.modifiedAt, T0);
        assert.equal(typeof q.modifiedAt, 'number');

        const got = await store.getQueue(accountId, 'orders');
        assert.ok(got);
        assert.equal(got.id, q.id);
        assert.deepEqual({ ...got, attributes: { ...got.attributes }, tags: { ...got.tags } }, {
          ...q,
          attributes: { ...q.attributes },
          tags: { ...q.tags },
        });
      });

      it('returns the existing record with created=false, unchanged', async () => {
        const accountId = randomAccount();
        const first = await store.createQueue({ accountId, name: 'dup', attributes: { DelaySeconds: '5' }, tags: { a: '1' }, createdAt: T0 });
        const second = await store.createQueue({ accountId, name: 'dup', attributes: { DelaySeconds: '9' }, tags: { b: '2' }, createdAt: T0 + 1000 });
        assert.equal(first.created, true);
        assert.equal(second.created, false);
        assert.equal(second.queue.id, first.queue.id);
        assert.deepEqual({ ...second.queue.attributes }, { DelaySeconds: '5' });
        assert.deepEqual({ ...second.queue.tags }, { a: '1' });
        assert.equal(second.queue.createdAt, T0);
      });

      it('concurrent creates of one name create exactly one queue', async () => {
        const accountId = randomAccount();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.createQueue({ accountId, name: 'race', attributes: { n: String(i) }, tags: {}, createdAt: T0 + i })),
        );
        assert.equal(results.filter((r) => r.created).length, 1);
        assert.equal(new Set(results.map((r) => r.queue.id)).size, 1);
        const winner = results.find((r) => r.created)!;
        for (const r of results) assert.deepEqual({ ...r.queue.attributes }, { ...winner.queue.attributes });
      });

      it('getQueue returns undefined for an unknown name', async () => {
        assert.equal(await store.getQueue(randomAccount(), 'nope'), undefined);
      });

      it('isolates accounts: the same name in two accounts is two queues', async () => {
        const a = randomAccount();
        const b = randomAccount();
        const qa = await queueIn(a, 'shared', { attributes: { x: 'a' } });
        assert.equal(await store.getQueue(b, 'shared'), undefined);
        const qb = await queueIn(b, 'shared', { attributes: { x: 'b' } });
        assert.notEqual(qa.id, qb.id);
        assert.equal((await store.getQueue(a, 'shared'))?.attributes.x, 'a');
        assert.equal((await store.getQueue(b, 'shared'))?.attributes.x, 'b');
      });

      it('names are case-sensitive', async () => {
        const a = randomAccount();
        const lower = await queueIn(a, 'jobs');
        assert.equal(await store.getQueue(a, 'Jobs'), undefined);
        const upper = await queueIn(a, 'Jobs');
        assert.notEqual(lower.id, upper.id);
      });
    });

    describe('listQueues', () => {
      // Names use the whole SQS alphabet (letters of both cases, digits, '-', '_') so that an
      // engine using LIKE (where '_' is a wildcard and ASCII matching may ignore case) or a
      // locale collation (which orders '-', '_' and case differently) fails here.
      const names = ['alpha', 'alpha-1', 'alpha_2', 'alphaX', 'Alpha', 'beta', 'b_ta', 'bXta', 'gamma.fifo', 'zeta', '0zero'];

      async function accountWithQueues(): Promise<string> {
        const a = randomAccount();
        for (const n of names) await queueIn(a, n);
        return a;
      }
      const sorted = [...names].sort(); // code-unit (= byte, for ASCII) order

      it('lists all queues of the account ordered by name (binary order)', async () => {
        const a = await accountWithQueues();
        const list = await store.listQueues(a, '', undefined, 1000);
        assert.deepEqual(list.map((q) => q.name), sorted);
        for (const q of list) assert.equal(q.accountId, a);
      });

      it('filters by a case-sensitive, literal prefix', async () => {
        const a = await accountWithQueues();
        assert.deepEqual((await store.listQueues(a, 'alpha', undefined, 1000)).map((q) => q.name), ['alpha', 'alpha-1', 'alphaX', 'alpha_2']);
        assert.deepEqual((await store.listQueues(a, 'Alpha', undefined, 1000)).map((q) => q.name), ['Alpha']);
        assert.deepEqual((await store.listQueues(a, 'b_', undefined, 1000)).map((q) => q.name), ['b_ta']);
        assert.deepEqual((await store.listQueues(a, 'alpha_', undefined, 1000)).map((q) => q.name), ['alpha_2']);
        assert.deepEqual((await store.listQueues(a, 'gamma.fifo', undefined, 1000)).map((q) => q.name), ['gamma.fifo']);
        assert.deepEqual(await store.listQueues(a, 'omega', undefined, 1000), []);
        assert.deepEqual(await store.listQueues(a, '%', undefined, 1000), []);
      });

      it('pages with afterName and limit', async () => {
        const a = await accountWithQueues();
        const seen: string[] = [];
        let after: string | undefined;
        for (let page = 0; page < 20; page++) {
          const got = await store.listQueues(a, '', after, 3);
          assert.ok(got.length <= 3);
          if (got.length === 0) break;
          seen.push(...got.map((q) => q.name));
          after = got[got.length - 1]!.name;
        }
        assert.deepEqual(seen, sorted);
        // afterName is exclusive, and need not be an existing name
        assert.deepEqual((await store.listQueues(a, 'alpha', 'alpha-1', 10)).map((q) => q.name), ['alphaX', 'alpha_2']);
        assert.deepEqual((await store.listQueues(a, 'alpha', 'alpha-0', 1)).map((q) => q.name), ['alpha-1']);
        assert.deepEqual((await store.listQueues(a, '', 'zeta', 10)).map((q) => q.name), []);
      });

      it('never lists another account\'s queues', async () => {
        const a = await accountWithQueues();
        const b = randomAccount();
        await queueIn(b, 'alpha-b-only');
        assert.deepEqual((await store.listQueues(a, 'alpha', undefined, 1000)).map((q) => q.name), ['alpha', 'alpha-1', 'alphaX', 'alpha_2']);
        assert.deepEqual((await store.listQueues(b, '', undefined, 1000)).map((q) => q.name), ['alpha-b-only']);
        assert.deepEqual(await store.listQueues(randomAccount(), '', undefined, 1000), []);
      });

      it('returns full records (attributes and tags)', async () => {
        const a = randomAccount();
        await queueIn(a, 'full', { attributes: { DelaySeconds: '3' }, tags: { k: 'v' } });
        const [q] = await store.listQueues(a, '', undefined, 10);
        assert.ok(q);
        assert.deepEqual({ ...q.attributes }, { DelaySeconds: '3' });
        assert.deepEqual({ ...q.tags }, { k: 'v' });
      });
    });

    describe('setQueueAttributes / tags', () => {
      it('merges attributes, stores "" as "", sets modifiedAt, keeps createdAt', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'attrs', { attributes: { A: '1', B: '2' } });
        await store.setQueueAttributes(q.id, { B: '3', C: '', D: 'ünïcødé "quoted" \n line' }, T0 + 5_000);
        const got = await store.getQueue(a, 'attrs');
        assert.ok(got);
        assert.deepEqual({ ...got.attributes }, { A: '1', B: '3', C: '', D: 'ünïcødé "quoted" \n line' });
        assert.equal(got.modifiedAt, T0 + 5_000);
        assert.equal(got.createdAt, T0);
        await store.setQueueAttributes(q.id, {}, T0 + 6_000);
        const again = await store.getQueue(a, 'attrs');
        assert.deepEqual({ ...again!.attributes }, { A: '1', B: '3', C: '', D: 'ünïcødé "quoted" \n line' });
      });

      it('tagQueue merges tags, untagQueue removes keys (unknown keys ignored)', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'tags', { tags: { env: 'dev', team: 'x' } });
        await store.tagQueue(q.id, { env: 'prod', owner: 'me' });
        assert.deepEqual({ ...(await store.getQueue(a, 'tags'))!.tags }, { env: 'prod', team: 'x', owner: 'me' });
        await store.untagQueue(q.id, ['team', 'missing']);
        assert.deepEqual({ ...(await store.getQueue(a, 'tags'))!.tags }, { env: 'prod', owner: 'me' });
        await store.untagQueue(q.id, []);
        assert.deepEqual({ ...(await store.getQueue(a, 'tags'))!.tags }, { env: 'prod', owner: 'me' });
        // attributes are untouched by tagging
        assert.deepEqual({ ...(await store.getQueue(a, 'tags'))!.attributes }, {});
      });

      it('changes are visible through listQueues too', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'listed');
        await store.setQueueAttributes(q.id, { VisibilityTimeout: '60' }, T0 + 1);
        await store.tagQueue(q.id, { t: '1' });
        const [l] = await store.listQueues(a, '', undefined, 10);
        assert.equal(l!.attributes.VisibilityTimeout, '60');
        assert.equal(l!.tags.t, '1');
        assert.equal(l!.modifiedAt, T0 + 1);
      });
    });

    describe('deleteQueue / deletedSince', () => {
      it('removes the queue and all its messages; old receipts are gone', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'doomed');
        const other = await queueIn(a, 'survivor');
        await store.enqueue(q.id, messages(5));
        await store.enqueue(other.id, messages(2));
        const [inflight] = await claim(q.id, { max: 1 });
        assert.ok(inflight);

        await store.deleteQueue(q.id, T0 + 10_000);
        assert.equal(await store.getQueue(a, 'doomed'), undefined);
        assert.deepEqual((await store.listQueues(a, '', undefined, 10)).map((x) => x.name), ['survivor']);
        assert.deepEqual(await counts(q.id), { visible: 0, inFlight: 0, delayed: 0 });
        assert.deepEqual(await claim(q.id), []);
        assert.deepEqual(await store.deleteMessages(q.id, [ref(inflight)]), ['gone']);
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(inflight), visibleAt: T0 }], T0), ['gone']);
        assert.deepEqual(await counts(other.id), { visible: 2, inFlight: 0, delayed: 0 });

        // a re-created queue of that name starts empty and has a new id
        const again = await queueIn(a, 'doomed', { createdAt: T0 + 20_000 });
        assert.notEqual(again.id, q.id);
        assert.deepEqual(await counts(again.id), { visible: 0, inFlight: 0, delayed: 0 });
        assert.equal(again.createdAt, T0 + 20_000);
      });

      it('deletedSince is true for deletions at or after `since`, per account and name', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'gone-q');
        assert.equal(await store.deletedSince(a, 'gone-q', 0), false);
        await store.deleteQueue(q.id, T0 + 5_000);
        assert.equal(await store.deletedSince(a, 'gone-q', T0), true);
        assert.equal(await store.deletedSince(a, 'gone-q', T0 + 5_000), true);
        assert.equal(await store.deletedSince(a, 'gone-q', T0 + 5_001), false);
        assert.equal(await store.deletedSince(a, 'other', T0), false);
        assert.equal(await store.deletedSince(a, 'Gone-q', T0), false);
        assert.equal(await store.deletedSince(randomAccount(), 'gone-q', T0), false);

        // a second deletion of a re-created queue is remembered too
        const q2 = await queueIn(a, 'gone-q', { createdAt: T0 + 6_000 });
        await store.deleteQueue(q2.id, T0 + 9_000);
        assert.equal(await store.deletedSince(a, 'gone-q', T0 + 5_001), true);
        assert.equal(await store.deletedSince(a, 'gone-q', T0 + 9_000), true);
        assert.equal(await store.deletedSince(a, 'gone-q', T0 + 9_001), false);
      });
    });

    describe('purgeQueue', () => {
      it('deletes every message sent at or before now (any state), keeps later ones', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, messages(3, { sentAt: T0 }));
        await store.enqueue(q.id, [newMessage({ sentAt: T0 + 100, visibleAt: T0 + 60_000 })]); // delayed
        const later = newMessage({ sentAt: T0 + 1_001 });
        await store.enqueue(q.id, [later]);
        const [inflight] = await claim(q.id, { now: T0 + 200, max: 1 });
        assert.ok(inflight);

        assert.equal(await store.purgeQueue(q.id, T0 + 1_000, 60_000), true);
        const left = await drain(q.id, T0 + 120_000);
        assert.deepEqual(ids(left), [later.messageId]);
        assert.deepEqual(await store.deleteMessages(q.id, [ref(inflight)]), ['gone']);
      });

      it('refuses (and deletes nothing) within the cooldown of the previous purge', async () => {
        const q = await freshQueue();
        const cooldown = 60_000;
        assert.equal(await store.purgeQueue(q.id, T0, cooldown), true); // first purge of an empty queue
        await store.enqueue(q.id, messages(2, { sentAt: T0 + 10 }));
        assert.equal(await store.purgeQueue(q.id, T0 + cooldown - 1, cooldown), false);
        assert.deepEqual(await counts(q.id, T0 + 20), { visible: 2, inFlight: 0, delayed: 0 });
        // a refused purge does not restart the cooldown
        assert.equal(await store.purgeQueue(q.id, T0 + cooldown, cooldown), true);
        assert.deepEqual(await counts(q.id, T0 + cooldown), { visible: 0, inFlight: 0, delayed: 0 });
        assert.equal(await store.purgeQueue(q.id, T0 + cooldown + 1, cooldown), false);
      });

      it('cooldowns are per queue', async () => {
        const a = randomAccount();
        const q1 = await queueIn(a, 'p1');
        const q2 = await queueIn(a, 'p2');
        assert.equal(await store.purgeQueue(q1.id, T0, 60_000), true);
        await store.enqueue(q2.id, messages(1));
        assert.equal(await store.purgeQueue(q2.id, T0 + 1, 60_000), true);
        assert.deepEqual(await counts(q2.id, T0 + 1), { visible: 0, inFlight: 0, delayed: 0 });
      });
    });

    // ──────────────────────────── messages ────────────────────────────

    describe('enqueue', () => {
      it('stores every field byte for byte', async () => {
        const q = await freshQueue();
        const big = 'x'.repeat(256 * 1024 - 3) + '€'; // 256 KiB of UTF-8
        const originals: NewMessage[] = [
          newMessage({
            body: 'héllo wörld 😀 \t\r\n <xml attr="1">&amp;</xml> 中文',
            md5OfBody: '0123456789abcdef0123456789abcdef',
            messageAttributes: '{"color":{"DataType":"String","StringValue":"blue ✓"},"bin":{"DataType":"Binary","BinaryValue":"AAEC/w=="}}',
            md5OfMessageAttributes: 'fedcba9876543210fedcba9876543210',
            systemAttributes: '{"AWSTraceHeader":{"DataType":"String","StringValue":"Root=1-5759e988-bd862e3fe1be46a994272793"}}',
            senderId: 'AIDAIENQZJOLO23YVJ4VO',
            groupId: 'group-ü',
            dedupId: 'dedup-1',
          }),
          newMessage({ body: big }),
          newMessage({ body: ' ', md5OfBody: '', messageAttributes: '', md5OfMessageAttributes: '', systemAttributes: '' }),
        ];
        await store.enqueue(q.id, originals);
        const got = await claim(q.id);
        assert.equal(got.length, 3);
        const byId = new Map(got.map((m) => [m.messageId, m]));
        for (const o of originals) {
          const m = byId.get(o.messageId);
          assert.ok(m, `message ${o.messageId} missing`);
          assert.deepEqual(newPart(m), { ...o, visibleAt: T0 + VIS });
          assert.equal(typeof m.seq, 'number');
          assert.ok(Number.isSafeInteger(m.seq) && m.seq > 0);
          assert.equal(typeof m.sentAt, 'number');
          assert.equal(typeof m.visibleAt, 'number');
        }
      });

      it('keeps epoch-millisecond precision for far timestamps', async () => {
        const q = await freshQueue();
        const far = 4_102_444_800_123; // 2100-01-01T00:00:00.123Z
        await store.enqueue(q.id, [newMessage({ sentAt: far, visibleAt: far + 1 })]);
        const [m] = await claim(q.id, { now: far + 1 });
        assert.ok(m);
        assert.equal(m.sentAt, far);
        assert.equal(m.firstReceiveAt, far + 1);
        assert.equal(m.visibleAt, far + 1 + VIS);
      });

      it('gives a batch increasing, unique seqs in input order', async () => {
        const q = await freshQueue();
        const batch = messages(10);
        await store.enqueue(q.id, batch);
        const got = await claim(q.id);
        const seqById = new Map(got.map((m) => [m.messageId, m.seq]));
        const seqs = batch.map((m) => seqById.get(m.messageId)!);
        assert.equal(new Set(seqs).size, 10);
        for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, 'seq increases in input order');
      });

      it('an empty batch is a no-op', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, []);
        assert.deepEqual(await counts(q.id), { visible: 0, inFlight: 0, delayed: 0 });
      });

      it('is atomic: a batch with an invalid message stores nothing', async () => {
        const q = await freshQueue();
        const bad = [newMessage(), newMessage(), newMessage({ body: null as unknown as string })];
        await assert.rejects(store.enqueue(q.id, bad));
        assert.deepEqual(await counts(q.id), { visible: 0, inFlight: 0, delayed: 0 });
        assert.deepEqual(await claim(q.id), []);
      });

      it('a failing call does not affect concurrent calls', async () => {
        const a = randomAccount();
        const q1 = await queueIn(a, 'good');
        const q2 = await queueIn(a, 'bad');
        const good1 = messages(3);
        const good2 = messages(2);
        const results = await Promise.allSettled([
          store.enqueue(q1.id, good1),
          store.enqueue(q2.id, [newMessage(), newMessage({ messageId: null as unknown as string })]),
          store.enqueue(q1.id, good2),
          store.createQueue({ accountId: a, name: 'made-meanwhile', attributes: {}, tags: {}, createdAt: T0 }),
        ]);
        assert.equal(results[0].status, 'fulfilled');
        assert.equal(results[1].status, 'rejected');
        assert.equal(results[2].status, 'fulfilled');
        assert.equal(results[3].status, 'fulfilled');
        assert.deepEqual(new Set(ids(await drain(q1.id))), new Set([...good1, ...good2].map((m) => m.messageId)));
        assert.deepEqual(await counts(q2.id), { visible: 0, inFlight: 0, delayed: 0 });
        assert.ok(await store.getQueue(a, 'made-meanwhile'));
      });

      it('many concurrent enqueues all land', async () => {
        const a = randomAccount();
        const qs = [await queueIn(a, 'c1'), await queueIn(a, 'c2'), await queueIn(a, 'c3')];
        const sent = new Map<number, string[]>(qs.map((q) => [q.id, []]));
        await Promise.all(
          Array.from({ length: 60 }, (_, i) => {
            const q = qs[i % 3]!;
            const batch = messages(1 + (i % 4));
            sent.get(q.id)!.push(...batch.map((m) => m.messageId));
            return store.enqueue(q.id, batch);
          }),
        );
        for (const q of qs) {
          const got = await drain(q.id);
          assert.equal(got.length, sent.get(q.id)!.length);
          assert.deepEqual(new Set(ids(got)), new Set(sent.get(q.id)));
        }
      });
    });

    describe('claimVisible', () => {
      it('returns an empty list for an empty queue', async () => {
        const q = await freshQueue();
        assert.deepEqual(await claim(q.id), []);
      });

      it('claims oldest visibleAt first, at most `max`', async () => {
        const q = await freshQueue();
        // enqueue in an order that differs from visibleAt order
        const order = [5, 2, 9, 0, 7, 1, 8, 3, 6, 4];
        const batch = order.map((k) => newMessage({ sentAt: T0 - 100, visibleAt: T0 - 100 + k, body: `k${k}` }));
        await store.enqueue(q.id, batch);
        const first = await claim(q.id, { max: 3 });
        assert.deepEqual(first.map((m) => m.body), ['k0', 'k1', 'k2']);
        const second = await claim(q.id, { max: 4 });
        assert.deepEqual(second.map((m) => m.body), ['k3', 'k4', 'k5', 'k6']);
        const rest = await claim(q.id, { max: 10 });
        assert.deepEqual(rest.map((m) => m.body), ['k7', 'k8', 'k9']);
        assert.deepEqual(await claim(q.id), []);
      });

      it('max = 1 and max = 10', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, messages(12));
        assert.equal((await claim(q.id, { max: 1 })).length, 1);
        assert.equal((await claim(q.id, { max: 10 })).length, 10);
        assert.equal((await claim(q.id, { max: 10 })).length, 1);
      });

      it('sets receiveCount, firstReceiveAt and visibleAt = now + visibility', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, [newMessage({ sentAt: T0 - 10 })]);
        const [m1] = await claim(q.id, { now: T0, visibilityTimeoutMs: 1_000 });
        assert.ok(m1);
        assert.equal(m1.receiveCount, 1);
        assert.equal(m1.firstReceiveAt, T0);
        assert.equal(m1.visibleAt, T0 + 1_000);
        assert.equal(m1.sentAt, T0 - 10);

        // in flight: not claimable until its visibleAt
        assert.deepEqual(await claim(q.id, { now: T0 + 999 }), []);
        const [m2] = await claim(q.id, { now: T0 + 1_000, visibilityTimeoutMs: 5_000 });
        assert.ok(m2);
        assert.equal(m2.seq, m1.seq);
        assert.equal(m2.receiveCount, 2);
        assert.equal(m2.firstReceiveAt, T0, 'firstReceiveAt is kept from the first receive');
        assert.equal(m2.visibleAt, T0 + 6_000);
      });

      it('never claims delayed messages before their visibleAt', async () => {
        const q = await freshQueue();
        const delayed = newMessage({ sentAt: T0, visibleAt: T0 + 10_000 });
        const now = newMessage({ sentAt: T0 });
        await store.enqueue(q.id, [delayed, now]);
        assert.deepEqual(ids(await claim(q.id, { now: T0 })), [now.messageId]);
        assert.deepEqual(await claim(q.id, { now: T0 + 9_999 }), []);
        const got = await claim(q.id, { now: T0 + 10_000 });
        assert.deepEqual(ids(got), [delayed.messageId]);
        assert.equal(got[0]!.receiveCount, 1);
        assert.equal(got[0]!.firstReceiveAt, T0 + 10_000);
      });

      it('never claims expired messages (sentAt <= now - retention)', async () => {
        const q = await freshQueue();
        const retentionMs = 60_000;
        const old = newMessage({ sentAt: T0 - retentionMs }); // expired exactly at T0
        const young = newMessage({ sentAt: T0 - retentionMs + 1 });
        await store.enqueue(q.id, [old, young]);
        const got = await claim(q.id, { now: T0, retentionMs, visibilityTimeoutMs: 0 });
        assert.deepEqual(ids(got), [young.messageId]);
        // a second later the young one has expired too
        assert.deepEqual(await claim(q.id, { now: T0 + 1, retentionMs }), []);
        // with a longer retention the same messages are claimable (expiry is computed, not stored)
        assert.equal((await claim(q.id, { now: T0 + 1, retentionMs: RETENTION })).length, 2);
      });

      it('visibility 0 makes a claimed message claimable again at once', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, [newMessage()]);
        const [a] = await claim(q.id, { visibilityTimeoutMs: 0 });
        assert.ok(a);
        assert.equal(a.visibleAt, T0);
        assert.deepEqual(await counts(q.id), { visible: 1, inFlight: 0, delayed: 0 });
        const [b] = await claim(q.id, { visibilityTimeoutMs: 0 });
        assert.ok(b);
        assert.equal(b.seq, a.seq);
        assert.equal(b.receiveCount, 2);
      });

      it('only claims from the given queue', async () => {
        const a = randomAccount();
        const q1 = await queueIn(a, 'one');
        const q2 = await queueIn(a, 'two');
        const m1 = messages(3);
        await store.enqueue(q1.id, m1);
        await store.enqueue(q2.id, messages(3));
        assert.deepEqual(new Set(ids(await claim(q1.id))), new Set(m1.map((m) => m.messageId)));
        assert.deepEqual(await claim(q1.id), []);
        assert.equal((await claim(q2.id)).length, 3);
      });

      it('concurrent claims never return the same message', async () => {
        const q = await freshQueue();
        const all = messages(100);
        for (let i = 0; i < all.length; i += 10) await store.enqueue(q.id, all.slice(i, i + 10));
        const results = await Promise.all(Array.from({ length: 20 }, () => claim(q.id, { max: 10 })));
        const claimed = results.flat();
        for (const r of results) assert.ok(r.length <= 10);
        assert.equal(new Set(ids(claimed)).size, claimed.length, 'a message was claimed twice');
        for (const m of claimed) assert.equal(m.receiveCount, 1);
        // whatever concurrency left unclaimed is still there, exactly once
        const rest = await drain(q.id);
        const everything = [...ids(claimed), ...ids(rest)];
        assert.equal(everything.length, 100);
        assert.deepEqual(new Set(everything), new Set(all.map((m) => m.messageId)));
      });

      it('concurrent claims, deletes and visibility changes stay consistent', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, messages(60));
        const first = await claim(q.id, { max: 10 });
        const second = await claim(q.id, { max: 10 });
        const ops = await Promise.all([
          store.deleteMessages(q.id, first.map(ref)),
          store.changeVisibility(q.id, second.map((m) => ({ ...ref(m), visibleAt: T0 })), T0),
          claim(q.id, { max: 10 }),
          claim(q.id, { max: 10 }),
          claim(q.id, { max: 10 }),
        ]);
        assert.deepEqual(ops[0], Array(10).fill('ok'));
        assert.deepEqual(ops[1], Array(10).fill('ok'));
        const claimedNow = [...ops[2], ...ops[3], ...ops[4]];
        assert.equal(new Set(ids(claimedNow)).size, claimedNow.length);
        for (const m of claimedNow) assert.ok(!first.some((f) => f.seq === m.seq), 'a deleted message was claimed');
        const c = await counts(q.id);
        assert.equal(c.visible + c.inFlight + c.delayed, 50);
      });
    });

    describe('nextVisibleAt', () => {
      it('is the earliest future visibleAt among unexpired messages, else null', async () => {
        const q = await freshQueue();
        assert.equal(await store.nextVisibleAt(q.id, T0, RETENTION), null);
        await store.enqueue(q.id, [newMessage()]); // visible now
        assert.equal(await store.nextVisibleAt(q.id, T0, RETENTION), null);
        await store.enqueue(q.id, [newMessage({ visibleAt: T0 + 50_000 })]); // delayed
        assert.equal(await store.nextVisibleAt(q.id, T0, RETENTION), T0 + 50_000);
        await claim(q.id, { max: 1, visibilityTimeoutMs: 20_000 }); // in flight until T0+20s
        assert.equal(await store.nextVisibleAt(q.id, T0, RETENTION), T0 + 20_000);
        assert.equal(await store.nextVisibleAt(q.id, T0 + 20_000, RETENTION), T0 + 50_000); // strictly greater than now
        assert.equal(await store.nextVisibleAt(q.id, T0 + 50_000, RETENTION), null);
      });

      it('ignores expired messages and other queues', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'nv');
        const other = await queueIn(a, 'nv-other');
        await store.enqueue(other.id, [newMessage({ visibleAt: T0 + 1_000 })]);
        // sent long ago with a long delay: expired at T0 under a 60 s retention
        await store.enqueue(q.id, [newMessage({ sentAt: T0 - 60_000, visibleAt: T0 + 5_000 })]);
        assert.equal(await store.nextVisibleAt(q.id, T0, 60_000), null);
        assert.equal(await store.nextVisibleAt(q.id, T0, RETENTION), T0 + 5_000);
      });
    });

    describe('deleteMessages', () => {
      it('deletes by current receipt; outcomes ok/stale/gone in input order', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'del');
        const other = await queueIn(a, 'del-other');
        await store.enqueue(q.id, messages(3));
        await store.enqueue(other.id, messages(1));
        const [x, y, z] = await claim(q.id, { visibilityTimeoutMs: 1_000 });
        assert.ok(x && y && z);
        const [foreign] = await claim(other.id);
        assert.ok(foreign);
        // y is made visible early and received again: its first receipt becomes stale
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(y), visibleAt: T0 + 500 }], T0), ['ok']);
        const [y2] = await claim(q.id, { now: T0 + 500, max: 10, visibilityTimeoutMs: 1_000 });
        assert.ok(y2);
        assert.equal(y2.seq, y.seq);
        assert.equal(y2.receiveCount, 2);

        const outcomes = await store.deleteMessages(q.id, [
          ref(x), // current receipt; its visibility timeout has passed by now, but it was not received again → ok
          ref(y), // stale
          { seq: z.seq + 1_000_000_000, receiveCount: 1 }, // never existed
          ref(foreign), // belongs to another queue
          ref(z), // current, in flight → ok
        ]);
        assert.deepEqual(outcomes, ['ok', 'stale', 'gone', 'gone', 'ok']);
        // the stale delete left y alone; the foreign message is untouched
        assert.deepEqual(await counts(q.id, T0 + 600), { visible: 0, inFlight: 1, delayed: 0 });
        assert.deepEqual(await store.deleteMessages(other.id, [ref(foreign)]), ['ok']);
        // deleted messages are gone for good
        assert.deepEqual(await store.deleteMessages(q.id, [ref(x), ref(y2)]), ['gone', 'ok']);
        assert.deepEqual(await store.deleteMessages(q.id, [ref(y2)]), ['gone']);
      });

      it('applies refs in order: the same ref twice is ok then gone', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, messages(2));
        const [m1, m2] = await claim(q.id);
        assert.ok(m1 && m2);
        assert.deepEqual(await store.deleteMessages(q.id, [ref(m1), ref(m1), ref(m2)]), ['ok', 'gone', 'ok']);
        assert.deepEqual(await counts(q.id), { visible: 0, inFlight: 0, delayed: 0 });
      });

      it('deleted messages are never claimed or counted', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, messages(4));
        const got = await claim(q.id, { max: 2, visibilityTimeoutMs: 0 });
        assert.deepEqual(await store.deleteMessages(q.id, got.map(ref)), ['ok', 'ok']);
        assert.deepEqual(await counts(q.id), { visible: 2, inFlight: 0, delayed: 0 });
        const rest = await drain(q.id);
        assert.equal(rest.length, 2);
        for (const m of rest) assert.ok(!got.some((g) => g.seq === m.seq));
      });

      it('an empty list gives an empty result', async () => {
        const q = await freshQueue();
        assert.deepEqual(await store.deleteMessages(q.id, []), []);
      });
    });

    describe('changeVisibility', () => {
      it('outcomes ok/stale/not-inflight/gone in input order', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, messages(4));
        const [a, b, c, d] = await claim(q.id, { visibilityTimeoutMs: 10_000 });
        assert.ok(a && b && c && d);
        // c: made visible at T0+1 and received again at T0+2 → its first receipt is stale
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(c), visibleAt: T0 + 1 }], T0 + 1), ['ok']);
        const [c2] = await claim(q.id, { now: T0 + 2, max: 1 }); // c is the only visible message
        assert.equal(c2!.seq, c.seq);
        assert.equal(c2!.receiveCount, 2);
        const outcomes = await store.changeVisibility(
          q.id,
          [
            { ...ref(a), visibleAt: T0 + 60_000 }, // ok: extend
            { ...ref(c), visibleAt: T0 + 60_000 }, // stale
            { seq: d.seq + 1_000_000_000, receiveCount: 1, visibleAt: T0 }, // gone
            { ...ref(b), visibleAt: T0 + 3 }, // ok: shorten to now
          ],
          T0 + 3,
        );
        assert.deepEqual(outcomes, ['ok', 'stale', 'gone', 'ok']);
        // b is visible since T0+3 (visibleAt <= now) → its current receipt is not in flight any more
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(b), visibleAt: T0 + 100 }], T0 + 3), ['not-inflight']);
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(b), visibleAt: T0 + 100 }], T0 + 4), ['not-inflight']);
        // the stale change left c2 alone (in flight until T0+2+VIS); a waits until T0+60s
        assert.equal(await store.nextVisibleAt(q.id, T0 + 3, RETENTION), T0 + 10_000); // d
        assert.equal(await store.nextVisibleAt(q.id, T0 + 10_000, RETENTION), T0 + 2 + VIS); // c2
        assert.equal(await store.nextVisibleAt(q.id, T0 + 2 + VIS, RETENTION), T0 + 60_000); // a
        const late = await claim(q.id, { now: T0 + 59_999 });
        assert.ok(!late.some((m) => m.seq === a.seq), 'a was claimed before its new visibleAt');
        assert.deepEqual(ids(await claim(q.id, { now: T0 + 60_000 })), [a.messageId]);
      });

      it('not-inflight when the receipt is current but the visibility timeout has passed', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, [newMessage()]);
        const [m] = await claim(q.id, { visibilityTimeoutMs: 1_000 });
        assert.ok(m);
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(m), visibleAt: T0 + 5_000 }], T0 + 999), ['ok']);
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(m), visibleAt: T0 + 9_000 }], T0 + 5_000), ['not-inflight']);
        // not-inflight changes nothing
        assert.deepEqual(await counts(q.id, T0 + 5_000), { visible: 1, inFlight: 0, delayed: 0 });
        // stale beats not-inflight
        assert.deepEqual(await store.changeVisibility(q.id, [{ seq: m.seq, receiveCount: 7, visibleAt: T0 + 9_000 }], T0 + 5_000), ['stale']);
      });

      it('setting visibleAt = now makes the message claimable at once; later makes it wait', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, messages(2));
        const [x, y] = await claim(q.id, { visibilityTimeoutMs: 30_000 });
        assert.ok(x && y);
        assert.deepEqual(
          await store.changeVisibility(q.id, [{ ...ref(x), visibleAt: T0 + 10 }, { ...ref(y), visibleAt: T0 + 5_000 }], T0 + 10),
          ['ok', 'ok'],
        );
        assert.deepEqual(await counts(q.id, T0 + 10), { visible: 1, inFlight: 1, delayed: 0 });
        const again = await claim(q.id, { now: T0 + 10 });
        assert.deepEqual(ids(again), [x.messageId]);
        assert.equal(again[0]!.receiveCount, 2);
        assert.deepEqual(ids(await claim(q.id, { now: T0 + 5_000 })), [y.messageId]);
      });

      it('does not touch messages of other queues', async () => {
        const a = randomAccount();
        const q1 = await queueIn(a, 'cv1');
        const q2 = await queueIn(a, 'cv2');
        await store.enqueue(q2.id, [newMessage()]);
        const [m] = await claim(q2.id);
        assert.ok(m);
        assert.deepEqual(await store.changeVisibility(q1.id, [{ ...ref(m), visibleAt: T0 }], T0), ['gone']);
        assert.deepEqual(await counts(q2.id), { visible: 0, inFlight: 1, delayed: 0 });
      });

      it('an empty list gives an empty result', async () => {
        const q = await freshQueue();
        assert.deepEqual(await store.changeVisibility(q.id, [], T0), []);
      });
    });

    describe('countMessages', () => {
      it('counts visible, in-flight and delayed at several moments', async () => {
        const q = await freshQueue();
        const zero = { visible: 0, inFlight: 0, delayed: 0 };
        assert.deepEqual(await counts(q.id), zero);
        await store.enqueue(q.id, [
          newMessage({ sentAt: T0 }),
          newMessage({ sentAt: T0 }),
          newMessage({ sentAt: T0 }),
          newMessage({ sentAt: T0, visibleAt: T0 + 5_000 }),
          newMessage({ sentAt: T0, visibleAt: T0 + 8_000 }),
        ]);
        assert.deepEqual(await counts(q.id, T0), { visible: 3, inFlight: 0, delayed: 2 });
        await claim(q.id, { now: T0 + 1_000, max: 2, visibilityTimeoutMs: 2_000 }); // in flight until T0+3s
        assert.deepEqual(await counts(q.id, T0 + 1_000), { visible: 1, inFlight: 2, delayed: 2 });
        assert.deepEqual(await counts(q.id, T0 + 2_999), { visible: 1, inFlight: 2, delayed: 2 });
        assert.deepEqual(await counts(q.id, T0 + 3_000), { visible: 3, inFlight: 0, delayed: 2 });
        assert.deepEqual(await counts(q.id, T0 + 5_000), { visible: 4, inFlight: 0, delayed: 1 });
        assert.deepEqual(await counts(q.id, T0 + 8_000), { visible: 5, inFlight: 0, delayed: 0 });
        // expired messages count nowhere
        assert.deepEqual(await counts(q.id, T0 + 8_000, 8_000), zero);
        assert.deepEqual(await counts(q.id, T0 + 7_999, 8_000), { visible: 4, inFlight: 0, delayed: 1 });
      });

      it('counts only its own queue', async () => {
        const a = randomAccount();
        const q1 = await queueIn(a, 'n1');
        const q2 = await queueIn(a, 'n2');
        await store.enqueue(q1.id, messages(2));
        await store.enqueue(q2.id, messages(5));
        assert.deepEqual(await counts(q1.id), { visible: 2, inFlight: 0, delayed: 0 });
        assert.deepEqual(await counts(q2.id), { visible: 5, inFlight: 0, delayed: 0 });
      });
    });

    describe('queuesAfter', () => {
      it('pages through the queues of every account by id', async () => {
        const made = [await queueIn(randomAccount(), 'all-a'), await queueIn(randomAccount(), 'all-b'), await queueIn(randomAccount(), 'all-c')];
        const seen: number[] = [];
        let after = made[0]!.id - 1;
        for (;;) {
          const page = await store.queuesAfter(after, 2);
          assert.ok(page.length <= 2);
          if (page.length === 0) break;
          seen.push(...page.map((q) => q.id));
          after = page[page.length - 1]!.id;
        }
        for (const q of made) assert.ok(seen.includes(q.id));
        assert.deepEqual(seen, [...seen].sort((x, y) => x - y));
      });
    });

    describe('trimExpired', () => {
      it('removes messages sent at or before the cutoff, in any state, and returns how many', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'trim');
        const other = await queueIn(a, 'trim-other');
        await store.enqueue(q.id, [newMessage({ sentAt: T0 - 3_000 }), newMessage({ sentAt: T0 - 2_000, visibleAt: T0 + 50_000 })]);
        await store.enqueue(q.id, [newMessage({ sentAt: T0 - 1_000 })]);
        const keep = newMessage({ sentAt: T0 - 999 });
        await store.enqueue(q.id, [keep]);
        await store.enqueue(other.id, [newMessage({ sentAt: T0 - 5_000 })]);
        const [inflight] = await claim(q.id, { now: T0, max: 1 }); // the oldest, sent at T0-3s
        assert.ok(inflight);

        assert.equal(await store.trimExpired(q.id, T0 - 1_000), 3);
        assert.equal(await store.trimExpired(q.id, T0 - 1_000), 0);
        assert.deepEqual(await store.deleteMessages(q.id, [ref(inflight)]), ['gone']);
        assert.deepEqual(ids(await drain(q.id, T0 + 100_000)), [keep.messageId]);
        assert.deepEqual(await counts(other.id), { visible: 1, inFlight: 0, delayed: 0 });
      });

      it('returns 0 for an empty queue', async () => {
        const q = await freshQueue();
        assert.equal(await store.trimExpired(q.id, T0), 0);
      });
    });

    describe('seq', () => {
      it('is never reused after delete, purge, trim or queue deletion', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'seq');
        const seen: number[] = [];
        async function sendOneAndClaim(): Promise<StoredMessage> {
          await store.enqueue(q.id, [newMessage()]);
          const [m] = await claim(q.id, { max: 1 });
          assert.ok(m);
          for (const s of seen) assert.ok(m.seq > s, `seq ${m.seq} is not above earlier seq ${s}`);
          seen.push(m.seq);
          return m;
        }
        // the newest message of the database is deleted each time: an engine that hands out
        // max(seq)+1 would reuse its seq
        const m1 = await sendOneAndClaim();
        assert.deepEqual(await store.deleteMessages(q.id, [ref(m1)]), ['ok']);
        const m2 = await sendOneAndClaim();
        assert.deepEqual(await store.deleteMessages(q.id, [ref(m1)]), ['gone'], 'an old receipt never names a new message');
        assert.equal(await store.trimExpired(q.id, T0), 1);
        void m2;
        await sendOneAndClaim();
        assert.equal(await store.purgeQueue(q.id, T0, 0), true);
        await sendOneAndClaim();
        await store.deleteQueue(q.id, T0);
        const q2 = await queueIn(a, 'seq');
        await store.enqueue(q2.id, [newMessage()]);
        const [last] = await claim(q2.id, { max: 1 });
        for (const s of seen) assert.ok(last!.seq > s);
      });

      it('is unique across queues', async () => {
        const a = randomAccount();
        const q1 = await queueIn(a, 's1');
        const q2 = await queueIn(a, 's2');
        await Promise.all([store.enqueue(q1.id, messages(10)), store.enqueue(q2.id, messages(10))]);
        const all = [...(await claim(q1.id)), ...(await claim(q2.id))];
        assert.equal(new Set(all.map((m) => m.seq)).size, 20);
      });
    });

    describe('onMessagesAvailable', () => {
      it('fires with the queue id after enqueue, once the messages are committed', async () => {
        const q = await freshQueue();
        let seenByListener: Promise<StoredMessage[]> | undefined;
        const unsubscribe = store.onMessagesAvailable((id) => {
          if (id === q.id && !seenByListener) seenByListener = claim(q.id);
        });
        const woke = wakeOf(q.id);
        await store.enqueue(q.id, messages(2));
        await woke;
        unsubscribe();
        assert.ok(seenByListener);
        assert.equal((await seenByListener).length, 2, 'a listener must be able to claim what woke it');
      });

      it('fires when changeVisibility makes a message visible at once', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, [newMessage()]);
        const [m] = await claim(q.id);
        assert.ok(m);
        const woke = wakeOf(q.id);
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(m), visibleAt: T0 + 1 }], T0 + 1), ['ok']);
        await woke;
      });

      it('unsubscribe stops the calls; other listeners keep theirs', async () => {
        const q = await freshQueue();
        let removedCalls = 0;
        const unsubscribe = store.onMessagesAvailable((id) => {
          if (id === q.id) removedCalls++;
        });
        unsubscribe();
        unsubscribe(); // idempotent
        const woke = wakeOf(q.id);
        await store.enqueue(q.id, [newMessage()]);
        await woke;
        assert.equal(removedCalls, 0);
      });

      it('a throwing listener does not break the writer or other listeners', async () => {
        const q = await freshQueue();
        const unsubscribe = store.onMessagesAvailable(() => {
          throw new Error('listener bug');
        });
        try {
          const woke = wakeOf(q.id);
          await store.enqueue(q.id, [newMessage()]);
          await woke;
          assert.deepEqual(await counts(q.id), { visible: 1, inFlight: 0, delayed: 0 });
        } finally {
          unsubscribe();
        }
      });
    });
  });
}
