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
  FifoEnqueue,
  NewMessage,
  QueueRecord,
  ReceiptRef,
  RedriveRule,
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
/** The FIFO deduplication (and receive attempt) window, 5 minutes as on AWS. */
const WINDOW = 5 * 60_000;
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

/** A FIFO message: a group and a dedup id (a fresh one unless given). */
function fifoMessage(groupId: string, dedupId: string = randomUUID(), over: Partial<NewMessage> = {}): NewMessage {
  return newMessage({ groupId, dedupId, ...over });
}

/** FIFO enqueue rules at `now`, with the 5-minute window. */
function fifo(now = T0, scope: FifoEnqueue['scope'] = 'queue'): FifoEnqueue {
  return { now, windowMs: WINDOW, scope };
}

function arnOf(accountId: string, name: string): string {
  return `arn:aws:sqs:us-east-1:${accountId}:${name}`;
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
    function fifoClaim(queueId: number, over: Partial<ClaimRequest> = {}): Promise<StoredMessage[]> {
      return claim(queueId, { ordering: 'fifo', ...over });
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
        assert.equal(await store.tagQueue(q.id, { env: 'prod', owner: 'me' }, 50), true);
        assert.deepEqual({ ...(await store.getQueue(a, 'tags'))!.tags }, { env: 'prod', team: 'x', owner: 'me' });
        await store.untagQueue(q.id, ['team', 'missing']);
        assert.deepEqual({ ...(await store.getQueue(a, 'tags'))!.tags }, { env: 'prod', owner: 'me' });
        await store.untagQueue(q.id, []);
        assert.deepEqual({ ...(await store.getQueue(a, 'tags'))!.tags }, { env: 'prod', owner: 'me' });
        // attributes are untouched by tagging
        assert.deepEqual({ ...(await store.getQueue(a, 'tags'))!.attributes }, {});
      });

      it('tagQueue refuses a merge past maxTags, also when many race (nothing changed)', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'tag-limit', { tags: { a: '1' } });
        assert.equal(await store.tagQueue(q.id, { b: '2', c: '3' }, 2), false);
        assert.equal(await store.tagQueue(q.id, { a: '9', b: '2' }, 2), true); // a replaced, b added: 2 keys
        assert.deepEqual({ ...(await store.getQueue(a, 'tag-limit'))!.tags }, { a: '9', b: '2' });
        const q2 = await queueIn(a, 'tag-race');
        const results = await Promise.all(Array.from({ length: 60 }, (_, i) => store.tagQueue(q2.id, { [`k${i}`]: 'v' }, 50)));
        assert.equal(results.filter(Boolean).length, 50);
        assert.equal(Object.keys((await store.getQueue(a, 'tag-race'))!.tags).length, 50);
        assert.equal(await store.tagQueue(987_654_321, { x: 'y' }, 50), true); // no such queue: nothing to refuse
      });

      it('changes are visible through listQueues too', async () => {
        const a = randomAccount();
        const q = await queueIn(a, 'listed');
        await store.setQueueAttributes(q.id, { VisibilityTimeout: '60' }, T0 + 1);
        await store.tagQueue(q.id, { t: '1' }, 50);
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
          assert.equal(m.deadLetterSourceArn, null);
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

    describe('queueStats', () => {
      it('counts as countMessages and finds the oldest message short of the poison receive count, per queue in input order', async () => {
        const q1 = await freshQueue();
        const q2 = await freshQueue();
        const empty = await freshQueue();
        await store.enqueue(q1.id, [newMessage({ sentAt: T0 - 9_000 })]); // received 3 times: a poison pill, left out of the age
        for (let i = 0; i < 3; i++) assert.equal((await claim(q1.id, { now: T0 + i, max: 1, visibilityTimeoutMs: 0 })).length, 1);
        await store.enqueue(q1.id, [newMessage({ sentAt: T0 - 5_000 }), newMessage({ sentAt: T0 - 1_000, visibleAt: T0 + 60_000 })]); // the second delayed
        await store.enqueue(q2.id, [newMessage({ sentAt: T0 - 2_000 })]);
        await claim(q2.id, { now: T0, max: 1, visibilityTimeoutMs: 30_000 }); // in flight: still the oldest
        const queries = [
          { queueId: q2.id, retentionMs: RETENTION, poisonReceives: 3 },
          { queueId: empty.id, retentionMs: RETENTION, poisonReceives: 3 },
          { queueId: q1.id, retentionMs: RETENTION, poisonReceives: 3 },
          { queueId: q1.id, retentionMs: RETENTION, poisonReceives: null },
          { queueId: q1.id, retentionMs: 7_000, poisonReceives: null }, // the oldest has expired
          { queueId: 987_654_321, retentionMs: RETENTION, poisonReceives: null },
        ];
        assert.deepEqual(await store.queueStats(queries, T0 + 10), [
          { queueId: q2.id, visible: 0, inFlight: 1, delayed: 0, oldestSentAt: T0 - 2_000 },
          { queueId: empty.id, visible: 0, inFlight: 0, delayed: 0, oldestSentAt: null },
          { queueId: q1.id, visible: 2, inFlight: 0, delayed: 1, oldestSentAt: T0 - 5_000 },
          { queueId: q1.id, visible: 2, inFlight: 0, delayed: 1, oldestSentAt: T0 - 9_000 },
          { queueId: q1.id, visible: 1, inFlight: 0, delayed: 1, oldestSentAt: T0 - 5_000 },
          { queueId: 987_654_321, visible: 0, inFlight: 0, delayed: 0, oldestSentAt: null },
        ]);
        assert.deepEqual(await store.queueStats([], T0), []);
      });
    });

    describe('peekMessages', () => {
      it('returns the messages as stored, in seq order, and changes nothing', async () => {
        const q = await freshQueue();
        const other = await freshQueue();
        await store.enqueue(other.id, messages(2));
        await store.enqueue(q.id, [newMessage(), newMessage(), newMessage(), newMessage({ visibleAt: T0 + 5_000 }), newMessage({ sentAt: T0 - 10_000 })]);
        const taken = await claim(q.id, { now: T0 + 1_000, max: 2, visibilityTimeoutMs: 2_000 });
        const before = await counts(q.id, T0 + 1_000);
        const peeked = await store.peekMessages(q.id, T0 - RETENTION, 0, 100);
        assert.equal(peeked.length, 5);
        assert.deepEqual(peeked.map((m) => m.seq), [...peeked.map((m) => m.seq)].sort((a, b) => a - b));
        const bySeq = new Map(peeked.map((m) => [m.seq, m]));
        for (const t of taken) {
          assert.equal(bySeq.get(t.seq)!.receiveCount, 1);
          assert.equal(bySeq.get(t.seq)!.visibleAt, T0 + 3_000);
          assert.equal(bySeq.get(t.seq)!.firstReceiveAt, T0 + 1_000);
        }
        assert.equal(peeked.filter((m) => m.receiveCount === 0).length, 3);
        assert.ok(peeked.some((m) => m.visibleAt === T0 + 5_000), 'the delayed message, still delayed');
        assert.deepEqual(await store.peekMessages(q.id, T0 - RETENTION, 0, 100), peeked, 'a second peek sees the same');
        assert.deepEqual(await counts(q.id, T0 + 1_000), before, 'nothing was received or made visible');
      });

      it('pages by seq, stops at the limit and leaves out expired messages', async () => {
        const q = await freshQueue();
        await store.enqueue(q.id, [newMessage({ sentAt: T0 - 60_000 }), ...messages(4)]);
        const all = await store.peekMessages(q.id, T0 - RETENTION, 0, 100);
        assert.equal(all.length, 5);
        const page1 = await store.peekMessages(q.id, T0 - RETENTION, 0, 2);
        const page2 = await store.peekMessages(q.id, T0 - RETENTION, page1[1]!.seq, 2);
        const page3 = await store.peekMessages(q.id, T0 - RETENTION, page2[1]!.seq, 2);
        assert.deepEqual([...page1, ...page2, ...page3], all);
        // A cutoff after the oldest message's send time leaves it out.
        assert.equal((await store.peekMessages(q.id, T0 - 30_000, 0, 100)).length, 4);
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

    // ─────────────────────── FIFO, redrive and moves ───────────────────────

    describe('enqueue results', () => {
      it('reports each message with its id and seq, in input order (standard queue)', async () => {
        const q = await freshQueue();
        const batch = messages(5);
        const results = await store.enqueue(q.id, batch);
        assert.equal(results.length, 5);
        results.forEach((r, i) => {
          assert.equal(r.messageId, batch[i]!.messageId);
          assert.equal(r.duplicate, false);
          assert.ok(Number.isSafeInteger(r.seq) && r.seq > 0);
          if (i > 0) assert.ok(r.seq > results[i - 1]!.seq, 'seq increases in input order');
        });
        const claimed = await claim(q.id);
        assert.deepEqual(
          new Map(claimed.map((m) => [m.messageId, m.seq])),
          new Map(results.map((r) => [r.messageId, r.seq])),
          'the reported seq is the stored one',
        );
        for (const m of claimed) assert.equal(m.deadLetterSourceArn, null);
        assert.deepEqual(await store.enqueue(q.id, []), []);
      });

      it('rejects when the queue does not exist', async () => {
        const q = await freshQueue();
        await store.deleteQueue(q.id, T0);
        await assert.rejects(store.enqueue(q.id, [newMessage()]));
        await assert.rejects(store.enqueue(q.id, [fifoMessage('g')], fifo()));
      });
    });

    describe('FIFO deduplication (enqueue with fifo)', () => {
      it('a dedupId accepted less than windowMs ago is a duplicate: not stored, reported as the original', async () => {
        const q = await freshQueue('d.fifo');
        const original = fifoMessage('g', 'D');
        const [r0] = await store.enqueue(q.id, [original], fifo(T0));
        assert.ok(r0);
        assert.deepEqual(r0, { messageId: original.messageId, seq: r0.seq, duplicate: false });

        const copy = fifoMessage('g', 'D', { body: 'another body', sentAt: T0 + WINDOW - 1 });
        assert.deepEqual(await store.enqueue(q.id, [copy], fifo(T0 + WINDOW - 1)), [
          { messageId: original.messageId, seq: r0.seq, duplicate: true },
        ]);
        assert.deepEqual(await counts(q.id, T0 + WINDOW - 1), { visible: 1, inFlight: 0, delayed: 0 });

        // the window runs from the original's acceptance; a duplicate does not extend it
        const later = fifoMessage('g', 'D', { sentAt: T0 + WINDOW });
        const [r2] = await store.enqueue(q.id, [later], fifo(T0 + WINDOW));
        assert.ok(r2);
        assert.equal(r2.duplicate, false);
        assert.equal(r2.messageId, later.messageId);
        assert.ok(r2.seq > r0.seq);
        // …and the message stored after the window opens a window of its own
        assert.deepEqual(await store.enqueue(q.id, [fifoMessage('g', 'D', { sentAt: T0 + WINDOW + 1 })], fifo(T0 + WINDOW + 1)), [
          { messageId: later.messageId, seq: r2.seq, duplicate: true },
        ]);
        const got = await fifoClaim(q.id, { now: T0 + WINDOW + 1 });
        assert.deepEqual(ids(got), [original.messageId, later.messageId]);
        assert.equal(got[0]!.body, original.body);
      });

      it('scope queue: the same dedupId in another group is a duplicate; scope messageGroup: only in the same group', async () => {
        const a = randomAccount();
        const perQueue = await queueIn(a, 'scope-q.fifo');
        const first = fifoMessage('g1', 'D');
        const [r1] = await store.enqueue(perQueue.id, [first], fifo(T0, 'queue'));
        assert.deepEqual(await store.enqueue(perQueue.id, [fifoMessage('g2', 'D')], fifo(T0 + 1, 'queue')), [
          { messageId: first.messageId, seq: r1!.seq, duplicate: true },
        ]);
        assert.deepEqual(await counts(perQueue.id, T0 + 1), { visible: 1, inFlight: 0, delayed: 0 });

        const perGroup = await queueIn(a, 'scope-g.fifo');
        const g1 = fifoMessage('g1', 'D');
        const g2 = fifoMessage('g2', 'D');
        const [s1] = await store.enqueue(perGroup.id, [g1], fifo(T0, 'messageGroup'));
        const [s2] = await store.enqueue(perGroup.id, [g2], fifo(T0 + 1, 'messageGroup'));
        assert.equal(s1!.duplicate, false);
        assert.deepEqual(s2, { messageId: g2.messageId, seq: s2!.seq, duplicate: false });
        assert.deepEqual(await store.enqueue(perGroup.id, [fifoMessage('g1', 'D'), fifoMessage('g2', 'D')], fifo(T0 + 2, 'messageGroup')), [
          { messageId: g1.messageId, seq: s1!.seq, duplicate: true },
          { messageId: g2.messageId, seq: s2!.seq, duplicate: true },
        ]);
        assert.deepEqual(await counts(perGroup.id, T0 + 2), { visible: 2, inFlight: 0, delayed: 0 });
      });

      it('is per queue', async () => {
        const a = randomAccount();
        const q1 = await queueIn(a, 'p1.fifo');
        const q2 = await queueIn(a, 'p2.fifo');
        const [r1] = await store.enqueue(q1.id, [fifoMessage('g', 'D')], fifo());
        const m = fifoMessage('g', 'D');
        const [r2] = await store.enqueue(q2.id, [m], fifo(T0 + 1));
        assert.deepEqual(r2, { messageId: m.messageId, seq: r2!.seq, duplicate: false });
        assert.notEqual(r2!.seq, r1!.seq);
      });

      it('a later entry of one call can be a duplicate of an earlier one; stored entries get increasing seqs in input order', async () => {
        const q = await freshQueue('batch.fifo');
        const [old] = await store.enqueue(q.id, [fifoMessage('g', 'OLD')], fifo(T0));
        const a = fifoMessage('g', 'X');
        const b = fifoMessage('g', 'Y');
        const results = await store.enqueue(
          q.id,
          [a, fifoMessage('g', 'OLD'), b, fifoMessage('g', 'X'), fifoMessage('h', 'X'), fifoMessage('h', 'Z')],
          fifo(T0 + 1, 'queue'),
        );
        assert.deepEqual(
          results.map((r) => [r.messageId, r.duplicate]),
          [
            [a.messageId, false],
            [old!.messageId, true],
            [b.messageId, false],
            [a.messageId, true],
            [a.messageId, true], // scope queue: another group, same dedupId
            [results[5]!.messageId, false],
          ],
        );
        assert.equal(results[1]!.seq, old!.seq);
        assert.equal(results[3]!.seq, results[0]!.seq);
        assert.equal(results[4]!.seq, results[0]!.seq);
        const stored = [results[0]!, results[2]!, results[5]!];
        assert.ok(stored[0]!.seq > old!.seq);
        assert.ok(stored[1]!.seq > stored[0]!.seq && stored[2]!.seq > stored[1]!.seq, 'seqs increase in input order');
        assert.deepEqual(await counts(q.id, T0 + 1), { visible: 4, inFlight: 0, delayed: 0 });
      });

      it('survives the delete and the purge of the original', async () => {
        const q = await freshQueue('survive.fifo');
        const o1 = fifoMessage('g1', 'D1');
        const [r1] = await store.enqueue(q.id, [o1], fifo(T0));
        const [m1] = await fifoClaim(q.id, { now: T0 });
        assert.equal(m1?.messageId, o1.messageId);
        assert.deepEqual(await store.deleteMessages(q.id, [ref(m1!)]), ['ok']);
        const o2 = fifoMessage('g2', 'D2');
        const [r2] = await store.enqueue(q.id, [o2], fifo(T0));
        assert.equal(await store.purgeQueue(q.id, T0 + 1, 0), true);
        assert.deepEqual(await counts(q.id, T0 + 2), { visible: 0, inFlight: 0, delayed: 0 });
        assert.deepEqual(await store.enqueue(q.id, [fifoMessage('g1', 'D1'), fifoMessage('g2', 'D2')], fifo(T0 + 2)), [
          { messageId: o1.messageId, seq: r1!.seq, duplicate: true },
          { messageId: o2.messageId, seq: r2!.seq, duplicate: true },
        ]);
        assert.deepEqual(await counts(q.id, T0 + 2), { visible: 0, inFlight: 0, delayed: 0 });
      });

      it('concurrent enqueues of one dedupId store it once', async () => {
        const q = await freshQueue('race.fifo');
        const results = (await Promise.all(Array.from({ length: 8 }, (_, i) => store.enqueue(q.id, [fifoMessage('g', 'C')], fifo(T0 + i))))).map((r) => r[0]!);
        assert.equal(results.filter((r) => !r.duplicate).length, 1);
        assert.equal(new Set(results.map((r) => r.messageId)).size, 1);
        assert.equal(new Set(results.map((r) => r.seq)).size, 1);
        assert.deepEqual(await counts(q.id, T0 + 8), { visible: 1, inFlight: 0, delayed: 0 });
      });
    });

    describe('FIFO claims (ordering fifo)', () => {
      it('hands out a group in seq order, several in one claim; nothing while one is in flight; the next after a delete', async () => {
        const q = await freshQueue('order.fifo');
        const sent = Array.from({ length: 5 }, () => fifoMessage('g'));
        await store.enqueue(q.id, sent, fifo());
        const first = await fifoClaim(q.id, { max: 3 });
        assert.deepEqual(ids(first), sent.slice(0, 3).map((m) => m.messageId));
        for (const m of first) assert.equal(m.receiveCount, 1);
        assert.deepEqual(await fifoClaim(q.id, { now: T0 + 1 }), [], 'the group is in flight');
        assert.deepEqual(await store.deleteMessages(q.id, [ref(first[0]!), ref(first[1]!)]), ['ok', 'ok']);
        assert.deepEqual(await fifoClaim(q.id, { now: T0 + 2 }), [], 'still in flight: the third message');
        assert.deepEqual(await store.deleteMessages(q.id, [ref(first[2]!)]), ['ok']);
        assert.deepEqual(ids(await fifoClaim(q.id, { now: T0 + 3 })), sent.slice(3).map((m) => m.messageId));
      });

      it('a group with a message in flight yields nothing, also when that message is not its first', async () => {
        const q = await freshQueue('blocked.fifo');
        const [a1, a2, a3] = [fifoMessage('g'), fifoMessage('g'), fifoMessage('g')];
        await store.enqueue(q.id, [a1!, a2!, a3!], fifo());
        const got = await fifoClaim(q.id, { max: 2 });
        assert.deepEqual(ids(got), [a1!.messageId, a2!.messageId]);
        // a1 becomes visible again; a2 stays in flight
        assert.deepEqual(await store.changeVisibility(q.id, [{ ...ref(got[0]!), visibleAt: T0 + 1 }], T0 + 1), ['ok']);
        assert.deepEqual(await counts(q.id, T0 + 1), { visible: 2, inFlight: 1, delayed: 0 });
        assert.deepEqual(await fifoClaim(q.id, { now: T0 + 1 }), []);
        assert.deepEqual(await store.deleteMessages(q.id, [ref(got[1]!)]), ['ok']);
        const again = await fifoClaim(q.id, { now: T0 + 2 });
        assert.deepEqual(ids(again), [a1!.messageId, a3!.messageId]);
        assert.deepEqual(again.map((m) => m.receiveCount), [2, 1]);
      });

      it('other groups keep flowing while one is blocked', async () => {
        const q = await freshQueue('flow.fifo');
        const groups = ['ga', 'gb', 'gc'];
        const sent = new Map<string, string[]>(groups.map((g) => [g, []]));
        const batch: NewMessage[] = [];
        for (let i = 0; i < 3; i++) {
          for (const g of groups) {
            const m = fifoMessage(g);
            batch.push(m);
            sent.get(g)!.push(m.messageId);
          }
        }
        await store.enqueue(q.id, batch, fifo());
        const [head] = await fifoClaim(q.id, { max: 1 });
        assert.ok(head);
        const blocked = head.groupId!;
        assert.equal(head.messageId, sent.get(blocked)![0], 'a claim starts at the head of a group');
        // everything else, claimed in as many calls as it takes, arrives in per-group order
        const rest: StoredMessage[] = [];
        for (let i = 0; i < 10; i++) {
          const got = await fifoClaim(q.id, { now: T0 + 1 + i });
          if (got.length === 0) break;
          rest.push(...got);
        }
        for (const g of groups) {
          const delivered = ids(rest.filter((m) => m.groupId === g));
          assert.deepEqual(delivered, g === blocked ? [] : sent.get(g), `group ${g}`);
        }
        assert.deepEqual(await store.deleteMessages(q.id, [ref(head)]), ['ok']);
        assert.deepEqual(ids(await fifoClaim(q.id, { now: T0 + 20 })), sent.get(blocked)!.slice(1));
      });

      it('when the in-flight message becomes visible again it comes again, first', async () => {
        const q = await freshQueue('again.fifo');
        const sent = [fifoMessage('g'), fifoMessage('g'), fifoMessage('g')];
        await store.enqueue(q.id, sent, fifo());
        const [m1] = await fifoClaim(q.id, { max: 1, visibilityTimeoutMs: 1_000 });
        assert.equal(m1?.messageId, sent[0]!.messageId);
        assert.deepEqual(await fifoClaim(q.id, { now: T0 + 999 }), []);
        const got = await fifoClaim(q.id, { now: T0 + 1_000 });
        assert.deepEqual(ids(got), ids([m1!]).concat(sent.slice(1).map((m) => m.messageId)));
        assert.deepEqual(got.map((m) => m.receiveCount), [2, 1, 1]);
      });

      it('expired messages neither block their group nor are returned', async () => {
        const q = await freshQueue('expiry.fifo');
        const retentionMs = 60_000;
        const old = fifoMessage('g', undefined, { sentAt: T0 - retentionMs });
        await store.enqueue(q.id, [old], fifo(T0 - retentionMs));
        const [inflight] = await fifoClaim(q.id, { now: T0 - 1, retentionMs }); // in flight until T0-1+VIS
        assert.equal(inflight?.messageId, old.messageId);
        const young = fifoMessage('g');
        await store.enqueue(q.id, [young], fifo(T0));
        assert.deepEqual(ids(await fifoClaim(q.id, { now: T0, retentionMs })), [young.messageId]);
      });

      it('20 concurrent claims over 10 groups × 10 messages: one claim per group at a time, each group in order', async () => {
        const q = await freshQueue('concurrent.fifo');
        const groups = Array.from({ length: 10 }, (_, g) => `group-${g}`);
        const sent = new Map<string, string[]>(groups.map((g) => [g, []]));
        for (let i = 0; i < 10; i++) {
          const batch = groups.map((g) => fifoMessage(g));
          batch.forEach((m) => sent.get(m.groupId!)!.push(m.messageId));
          await store.enqueue(q.id, batch, fifo());
        }
        const delivered = new Map<string, string[]>(groups.map((g) => [g, []]));
        let total = 0;
        for (let round = 0; round < 100 && total < 100; round++) {
          const now = T0 + round;
          const results = await Promise.all(Array.from({ length: 20 }, (_, i) => fifoClaim(q.id, { now, max: 1 + (i % 3) })));
          const holder = new Map<string, number>();
          results.forEach((got, i) => {
            for (const m of got) {
              const g = m.groupId!;
              const other = holder.get(g);
              assert.ok(other === undefined || other === i, `group ${g} handed to claims ${other} and ${i} at once`);
              holder.set(g, i);
              delivered.get(g)!.push(m.messageId);
              assert.equal(m.receiveCount, 1);
            }
          });
          const claimed = results.flat();
          total += claimed.length;
          if (claimed.length > 0) assert.deepEqual(await store.deleteMessages(q.id, claimed.map(ref)), claimed.map(() => 'ok'));
        }
        for (const g of groups) assert.deepEqual(delivered.get(g), sent.get(g), `group ${g} delivered in order, each once`);
      });
    });

    describe('receive attempts (ClaimRequest.attempt)', () => {
      const attempt = (id: string) => ({ id, windowMs: WINDOW });

      it('a repeated id within the window returns the same messages unchanged', async () => {
        const q = await freshQueue('attempt.fifo');
        const sent = Array.from({ length: 4 }, () => fifoMessage('g'));
        await store.enqueue(q.id, sent, fifo());
        const first = await fifoClaim(q.id, { max: 2, attempt: attempt('A') });
        assert.deepEqual(ids(first), sent.slice(0, 2).map((m) => m.messageId));
        const again = await fifoClaim(q.id, { now: T0 + 1_000, max: 2, attempt: attempt('A') });
        assert.deepEqual(again, first);
        assert.deepEqual(await counts(q.id, T0 + 1_000), { visible: 2, inFlight: 2, delayed: 0 });
        // another id is another claim (the group is in flight)
        assert.deepEqual(await fifoClaim(q.id, { now: T0 + 1_000, attempt: attempt('B') }), []);
        // the same id on another queue is unrelated
        const other = await freshQueue('attempt-other.fifo');
        const m = fifoMessage('g');
        await store.enqueue(other.id, [m], fifo());
        assert.deepEqual(ids(await fifoClaim(other.id, { now: T0 + 1_000, attempt: attempt('A') })), [m.messageId]);
      });

      it('after a delete of one of them it claims afresh, and the id then names the new claim', async () => {
        const q = await freshQueue('attempt-del.fifo');
        const sent = Array.from({ length: 3 }, () => fifoMessage('g'));
        await store.enqueue(q.id, sent, fifo());
        const first = await fifoClaim(q.id, { max: 2, attempt: attempt('A') });
        assert.equal(first.length, 2);
        assert.deepEqual(await store.deleteMessages(q.id, [ref(first[0]!)]), ['ok']);
        const h = fifoMessage('h');
        await store.enqueue(q.id, [h], fifo(T0 + 1));
        const fresh = await fifoClaim(q.id, { now: T0 + 1, max: 2, attempt: attempt('A') });
        assert.deepEqual(ids(fresh), [h.messageId], 'group g is still in flight (its second message)');
        assert.deepEqual(await fifoClaim(q.id, { now: T0 + 2, max: 2, attempt: attempt('A') }), fresh);
      });

      it('after a visibility change that makes them visible it claims afresh', async () => {
        const q = await freshQueue('attempt-vis.fifo');
        const sent = Array.from({ length: 3 }, () => fifoMessage('g'));
        await store.enqueue(q.id, sent, fifo());
        const first = await fifoClaim(q.id, { max: 2, attempt: attempt('A') });
        assert.equal(first.length, 2);
        assert.deepEqual(await store.changeVisibility(q.id, first.map((m) => ({ ...ref(m), visibleAt: T0 + 5 })), T0 + 5), ['ok', 'ok']);
        const fresh = await fifoClaim(q.id, { now: T0 + 5, max: 2, attempt: attempt('A') });
        assert.deepEqual(ids(fresh), ids(first));
        assert.deepEqual(fresh.map((m) => m.receiveCount), [2, 2]);
      });

      it('after the window it claims afresh', async () => {
        const q = await freshQueue('attempt-window.fifo');
        const sent = [fifoMessage('g'), fifoMessage('g')];
        await store.enqueue(q.id, sent, fifo());
        const vis = 2 * WINDOW; // still in flight when the window ends
        const first = await fifoClaim(q.id, { max: 1, visibilityTimeoutMs: vis, attempt: attempt('A') });
        assert.deepEqual(ids(first), [sent[0]!.messageId]);
        const h = fifoMessage('h');
        await store.enqueue(q.id, [h], fifo(T0 + 1));
        assert.deepEqual(await fifoClaim(q.id, { now: T0 + WINDOW - 1, max: 1, visibilityTimeoutMs: vis, attempt: attempt('A') }), first);
        assert.deepEqual(ids(await fifoClaim(q.id, { now: T0 + WINDOW, max: 1, visibilityTimeoutMs: vis, attempt: attempt('A') })), [h.messageId]);
      });

      it('a claim that found nothing does not pin an empty answer (long polls repeat the id)', async () => {
        const q = await freshQueue('attempt-empty.fifo');
        assert.deepEqual(await fifoClaim(q.id, { attempt: attempt('A') }), []);
        const m = fifoMessage('g');
        await store.enqueue(q.id, [m], fifo(T0 + 1));
        assert.deepEqual(ids(await fifoClaim(q.id, { now: T0 + 1, attempt: attempt('A') })), [m.messageId]);
      });
    });

    describe('redrive (ClaimRequest.redrive)', () => {
      async function withDeadLetter(name = 'src') {
        const a = randomAccount();
        const source = await queueIn(a, name);
        const dlq = await queueIn(a, `${name}-dlq`);
        const rule: RedriveRule = { deadLetterQueueId: dlq.id, maxReceiveCount: 2, sourceArn: arnOf(a, name) };
        return { a, source, dlq, rule };
      }

      it('moves a visible message received maxReceiveCount times to the DLQ, visible at once, instead of returning it', async () => {
        const { source, dlq, rule } = await withDeadLetter();
        const poison = newMessage({
          sentAt: T0 - 1_000,
          messageAttributes: '{"k":{"DataType":"String","StringValue":"v"}}',
          md5OfMessageAttributes: '0123456789abcdef0123456789abcdef',
          systemAttributes: '{"AWSTraceHeader":{"DataType":"String","StringValue":"Root=1"}}',
        });
        await store.enqueue(source.id, [poison]);
        const [r1] = await claim(source.id, { now: T0, visibilityTimeoutMs: 0, redrive: rule });
        const [r2] = await claim(source.id, { now: T0 + 1, visibilityTimeoutMs: 0, redrive: rule });
        assert.equal(r1?.receiveCount, 1);
        assert.equal(r2?.receiveCount, 2, 'below maxReceiveCount a message is returned as usual');
        const other = newMessage({ sentAt: T0 + 2 });
        await store.enqueue(source.id, [other]);

        const got = await claim(source.id, { now: T0 + 3, redrive: rule });
        assert.deepEqual(ids(got), [other.messageId], 'the claim goes on and returns the other message');
        assert.equal(got[0]!.deadLetterSourceArn, null);
        assert.deepEqual(await counts(source.id, T0 + 3), { visible: 0, inFlight: 1, delayed: 0 });
        assert.deepEqual(await store.deleteMessages(source.id, [ref(r2!)]), ['gone'], 'the source receipt names nothing any more');
        assert.deepEqual(await counts(dlq.id, T0 + 3), { visible: 1, inFlight: 0, delayed: 0 });

        const [dead] = await claim(dlq.id, { now: T0 + 3 });
        assert.ok(dead);
        assert.deepEqual(newPart(dead), { ...poison, visibleAt: T0 + 3 + VIS });
        assert.equal(dead.deadLetterSourceArn, rule.sourceArn);
        assert.equal(dead.receiveCount, 3, 'the receive count is kept (2) and this receive adds one');
      });

      it('tells onMoved, once committed, of every message it moved (standard, fair and FIFO claims), and nothing else', async () => {
        for (const [name, grouped] of [['told', undefined], ['told-fair', 'tenant'], ['told.fifo', 'g']] as const) {
          const { source, rule } = await withDeadLetter(name);
          const told: StoredMessage[][] = [];
          const watched: RedriveRule = { ...rule, onMoved: (messages) => told.push([...messages]) };
          const fifoQueue = name.endsWith('.fifo');
          const poison = grouped === undefined ? newMessage({ body: 'poison' }) : { ...(fifoQueue ? fifoMessage(grouped) : newMessage({ groupId: grouped })), body: 'poison' };
          await store.enqueue(source.id, [poison], fifoQueue ? fifo() : undefined);
          const take = (now: number) =>
            fifoQueue ? fifoClaim(source.id, { now, visibilityTimeoutMs: 0, redrive: watched }) : claim(source.id, { now, visibilityTimeoutMs: 0, redrive: watched });
          await take(T0);
          await take(T0 + 1);
          assert.equal(told.length, 0, `${name}: nothing moved yet`);
          assert.deepEqual(await take(T0 + 2), []);
          assert.equal(told.length, 1, `${name}: told once`);
          assert.deepEqual(told[0]!.map((m) => [m.messageId, m.body, m.groupId]), [[poison.messageId, 'poison', poison.groupId]]);
        }
      });

      it('under FIFO ordering the group goes on with its next message', async () => {
        const { source, dlq, rule } = await withDeadLetter('src.fifo');
        const [p, n] = [fifoMessage('g'), fifoMessage('g')];
        await store.enqueue(source.id, [p!, n!], fifo());
        await fifoClaim(source.id, { max: 1, visibilityTimeoutMs: 0, redrive: rule });
        await fifoClaim(source.id, { now: T0 + 1, max: 1, visibilityTimeoutMs: 0, redrive: rule });
        assert.deepEqual(ids(await fifoClaim(source.id, { now: T0 + 2, redrive: rule })), [n!.messageId]);
        const [dead] = await claim(dlq.id, { now: T0 + 2 });
        assert.equal(dead?.messageId, p!.messageId);
        assert.equal(dead?.groupId, 'g');
        assert.equal(dead?.deadLetterSourceArn, rule.sourceArn);
      });

      it('each message moves exactly once under 10 concurrent claims', async () => {
        const { source, dlq, rule } = await withDeadLetter();
        const sent = messages(20);
        await store.enqueue(source.id, sent);
        assert.equal((await drain(source.id, T0, 1_000)).length, 20);
        assert.equal((await drain(source.id, T0 + 1_000, 1_000)).length, 20); // every message now has receiveCount 2
        const results = await Promise.all(Array.from({ length: 10 }, () => claim(source.id, { now: T0 + 2_000, redrive: rule })));
        assert.deepEqual(results.flat(), []);
        assert.deepEqual(await counts(source.id, T0 + 2_000), { visible: 0, inFlight: 0, delayed: 0 });
        assert.deepEqual(await counts(dlq.id, T0 + 2_000), { visible: 20, inFlight: 0, delayed: 0 });
        const dead = await drain(dlq.id, T0 + 2_000);
        assert.equal(dead.length, 20);
        assert.deepEqual(new Set(ids(dead)), new Set(sent.map((m) => m.messageId)));
      });

      it('wakes waiters on the dead-letter queue', async () => {
        const { source, dlq, rule } = await withDeadLetter();
        await store.enqueue(source.id, [newMessage()]);
        await claim(source.id, { visibilityTimeoutMs: 0 });
        await claim(source.id, { now: T0 + 1, visibilityTimeoutMs: 0 });
        const woke = wakeOf(dlq.id);
        assert.deepEqual(await claim(source.id, { now: T0 + 2, redrive: rule }), []);
        await woke;
      });
    });

    describe('moveMessages', () => {
      /** Puts `sent` into `dlq` by redrive from `source` (maxReceiveCount 1); returns the source ARN. */
      async function deadLetter(source: QueueRecord, dlq: QueueRecord, sent: NewMessage[]): Promise<string> {
        const rule: RedriveRule = { deadLetterQueueId: dlq.id, maxReceiveCount: 1, sourceArn: arnOf(source.accountId, source.name) };
        await store.enqueue(source.id, sent);
        assert.equal((await claim(source.id, { now: T0, visibilityTimeoutMs: 0 })).length, sent.length); // receiveCount 1, visible again
        assert.deepEqual(await claim(source.id, { now: T0 + 1, redrive: rule }), []);
        return rule.sourceArn;
      }

      it('moves to a given queue: visible at once, receive count 0, no source ARN, same id, body, attributes and sentAt', async () => {
        const a = randomAccount();
        const [source, dlq, target] = [await queueIn(a, 'mv-src'), await queueIn(a, 'mv-dlq'), await queueIn(a, 'mv-target')];
        const sent = [newMessage({ messageAttributes: '{"x":1}', md5OfMessageAttributes: 'm', systemAttributes: '{"s":2}' }), newMessage(), newMessage()];
        await deadLetter(source, dlq, sent);
        assert.deepEqual(await store.moveMessages(dlq.id, target.id, () => undefined, 10, T0 + 10, RETENTION), { moved: 3, failed: 0 });
        assert.deepEqual(await counts(dlq.id, T0 + 10), { visible: 0, inFlight: 0, delayed: 0 });
        assert.deepEqual(await counts(target.id, T0 + 10), { visible: 3, inFlight: 0, delayed: 0 });
        const got = await claim(target.id, { now: T0 + 10 });
        assert.deepEqual(new Set(ids(got)), new Set(sent.map((m) => m.messageId)));
        for (const m of got) {
          const o = sent.find((s) => s.messageId === m.messageId)!;
          assert.deepEqual(newPart(m), { ...o, visibleAt: T0 + 10 + VIS });
          assert.equal(m.receiveCount, 1, 'moved with receive count 0');
          assert.equal(m.deadLetterSourceArn, null);
        }
      });

      it('back to each message\'s source; unresolvable ones stay and count as failed', async () => {
        const a = randomAccount();
        const [s1, s2, s3, dlq] = [await queueIn(a, 's1'), await queueIn(a, 's2'), await queueIn(a, 's3'), await queueIn(a, 'back-dlq')];
        const [m1, m2, m3, m4] = [newMessage(), newMessage(), newMessage(), newMessage()];
        const arn1 = await deadLetter(s1, dlq, [m1!]);
        const arn2 = await deadLetter(s2, dlq, [m2!]);
        const arn3 = await deadLetter(s3, dlq, [m3!]);
        await store.enqueue(dlq.id, [m4!]); // never redriven: no source
        const resolve = (arn: string) => (arn === arn1 ? s1.id : arn === arn2 ? s2.id : undefined);
        assert.deepEqual(await store.moveMessages(dlq.id, null, resolve, 10, T0 + 10, RETENTION), { moved: 2, failed: 2 });
        const [back1] = await claim(s1.id, { now: T0 + 10 });
        assert.equal(back1?.messageId, m1!.messageId);
        assert.equal(back1?.receiveCount, 1);
        assert.equal(back1?.deadLetterSourceArn, null);
        assert.deepEqual(ids(await claim(s2.id, { now: T0 + 10 })), [m2!.messageId]);
        const left = await claim(dlq.id, { now: T0 + 10 });
        assert.deepEqual(new Set(ids(left)), new Set([m3!.messageId, m4!.messageId]));
        assert.equal(left.find((m) => m.messageId === m3!.messageId)?.deadLetterSourceArn, arn3);
      });

      it('moves at most `limit`, oldest first, and skips expired messages', async () => {
        const a = randomAccount();
        const [dlq, target] = [await queueIn(a, 'lim-dlq'), await queueIn(a, 'lim-target')];
        const sent = Array.from({ length: 5 }, (_, i) => newMessage({ sentAt: T0 + i }));
        await store.enqueue(dlq.id, sent);
        const expired = newMessage({ sentAt: T0 - 60_000 });
        await store.enqueue(dlq.id, [expired]);
        const now = T0 + 10;
        assert.deepEqual(await store.moveMessages(dlq.id, target.id, () => undefined, 2, now, 60_000), { moved: 2, failed: 0 });
        assert.deepEqual(ids(await claim(target.id, { now })), sent.slice(0, 2).map((m) => m.messageId));
        assert.deepEqual(await store.moveMessages(dlq.id, target.id, () => undefined, 10, now, 60_000), { moved: 3, failed: 0 });
        assert.deepEqual(await store.moveMessages(dlq.id, target.id, () => undefined, 10, now, 60_000), { moved: 0, failed: 0 });
        assert.deepEqual(ids(await claim(dlq.id, { now: T0 + 10, retentionMs: RETENTION })), [expired.messageId], 'the expired message stayed');
      });

      it('wakes waiters on the destination', async () => {
        const a = randomAccount();
        const [dlq, target] = [await queueIn(a, 'wake-dlq'), await queueIn(a, 'wake-target')];
        await store.enqueue(dlq.id, [newMessage()]);
        const woke = wakeOf(target.id);
        assert.deepEqual(await store.moveMessages(dlq.id, target.id, () => undefined, 10, T0, RETENTION), { moved: 1, failed: 0 });
        await woke;
      });
    });

    describe('fair queues (standard claims while grouped messages are present)', () => {
      /** Enqueues `count` messages of `groupId` in batches of 10. */
      async function flood(queueId: number, count: number, over: Partial<NewMessage> = {}): Promise<NewMessage[]> {
        const sent: NewMessage[] = [];
        for (let i = 0; i < count; i += 10) {
          const batch = messages(Math.min(10, count - i), over);
          await store.enqueue(queueId, batch);
          sent.push(...batch);
        }
        return sent;
      }
      const tally = (ms: readonly StoredMessage[]) => {
        const t: Record<string, number> = {};
        for (const m of ms) t[m.groupId ?? 'none'] = (t[m.groupId ?? 'none'] ?? 0) + 1;
        return t;
      };

      it('noisy neighbour: a quiet group is in the next claim behind 1,000 of a busy group; everything is delivered once', async () => {
        const q = await freshQueue();
        const a = await flood(q.id, 1_000, { groupId: 'A' });
        const [b] = await flood(q.id, 1, { groupId: 'B', sentAt: T0 + 1 });
        const first = await claim(q.id, { now: T0 + 1 });
        assert.equal(first.length, 10);
        assert.ok(ids(first).includes(b!.messageId), "B's message is in the next claim");
        const rest = await drain(q.id, T0 + 1);
        const all = [...first, ...rest];
        assert.equal(new Set(ids(all)).size, all.length, 'no message twice');
        assert.deepEqual(ids(all).sort(), [...a, b!].map((m) => m.messageId).sort());
        for (const m of all) assert.equal(m.receiveCount, 1);
      });

      it('round robin: one message per tenant per round, ungrouped messages each a tenant of their own', async () => {
        const q = await freshQueue();
        await flood(q.id, 20, { groupId: 'A' });
        await flood(q.id, 3, { groupId: 'B' });
        await flood(q.id, 3, { groupId: 'C' });
        await flood(q.id, 2);
        const got = await claim(q.id);
        // rounds: A B C u1 u2 | A B C | A B (tenants by oldest message)
        assert.deepEqual(tally(got), { A: 3, B: 3, C: 2, none: 2 });
        assert.deepEqual(
          got.map((m) => m.groupId ?? 'none'),
          ['A', 'B', 'C', 'none', 'none', 'A', 'B', 'C', 'A', 'B'],
        );
      });

      it('a group with ≥ 30 and > 10% of the in-flight messages comes after the quiet ones', async () => {
        const q = await freshQueue();
        await flood(q.id, 40, { groupId: 'A' });
        for (let i = 0; i < 4; i++) assert.equal((await claim(q.id)).length, 10); // A: 40 in flight
        await flood(q.id, 20, { groupId: 'A' }); // older than B's
        const b = await flood(q.id, 5, { groupId: 'B' });
        const got = await claim(q.id, { max: 5 });
        assert.deepEqual(ids(got).sort(), b.map((m) => m.messageId).sort(), 'the quiet group first');
        // with no quiet messages waiting the noisy group is served as usual
        assert.deepEqual(tally(await claim(q.id)), { A: 10 });
      });

      it('below the thresholds a busy group is not deprioritised (29 in flight)', async () => {
        const q = await freshQueue();
        await flood(q.id, 29, { groupId: 'A' });
        await drain(q.id); // 29 in flight
        await flood(q.id, 5, { groupId: 'A' });
        await flood(q.id, 5, { groupId: 'B' });
        assert.deepEqual(tally(await claim(q.id, { max: 2 })), { A: 1, B: 1 });
        // now 30 of A's 31 in flight: noisy
        assert.deepEqual(tally(await claim(q.id, { max: 4 })), { B: 4 });
      });

      it('delayed, in-flight and expired grouped messages are not claimed', async () => {
        const q = await freshQueue();
        const [old] = await flood(q.id, 1, { groupId: 'A', sentAt: T0 - RETENTION });
        const [delayed] = await flood(q.id, 1, { groupId: 'B', visibleAt: T0 + 1_000 });
        const [ready] = await flood(q.id, 1, { groupId: 'B' });
        assert.ok(old && delayed && ready);
        assert.deepEqual(ids(await claim(q.id)), [ready.messageId]);
        assert.deepEqual(await claim(q.id), []);
        assert.deepEqual(ids(await claim(q.id, { now: T0 + 1_000 })), [delayed.messageId]);
      });

      it('concurrent claims never return a message twice; all are delivered', async () => {
        const q = await freshQueue();
        const sent = [...(await flood(q.id, 200, { groupId: 'A' })), ...(await flood(q.id, 50, { groupId: 'B' })), ...(await flood(q.id, 50))];
        const got: StoredMessage[] = [];
        const receiver = async () => {
          for (;;) {
            const page = await claim(q.id);
            if (page.length === 0) return;
            got.push(...page);
          }
        };
        await Promise.all(Array.from({ length: 8 }, receiver));
        await receiver(); // a final sweep (engines may skip rows another claim holds)
        assert.equal(new Set(ids(got)).size, got.length, 'a message was handed out twice');
        assert.deepEqual(ids(got).sort(), sent.map((m) => m.messageId).sort());
      });

      it('redrive applies: messages received maxReceiveCount times go to the dead-letter queue, others are returned', async () => {
        const account = randomAccount();
        const q = await queueIn(account, 'fair-src');
        const dlq = await queueIn(account, 'fair-dlq');
        const rule: RedriveRule = { deadLetterQueueId: dlq.id, maxReceiveCount: 1, sourceArn: arnOf(account, 'fair-src') };
        const poison = await flood(q.id, 15, { groupId: 'A' });
        assert.equal((await drain(q.id, T0, 1_000)).length, 15);
        const fresh = await flood(q.id, 3, { groupId: 'B', sentAt: T0 + 1 });
        const got = await claim(q.id, { now: T0 + 1_000, redrive: rule });
        assert.deepEqual(ids(got).sort(), fresh.map((m) => m.messageId).sort());
        assert.deepEqual(await counts(q.id, T0 + 1_000), { visible: 0, inFlight: 3, delayed: 0 });
        const dead = await drain(dlq.id, T0 + 1_000);
        assert.deepEqual(ids(dead).sort(), poison.map((m) => m.messageId).sort());
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
