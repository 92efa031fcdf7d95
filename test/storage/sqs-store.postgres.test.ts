/**
 * The SQS store conformance suite against the PostgreSQL engine, plus what only a shared engine
 * has: two engines (two pools, as two nodes would have) on one schema.
 *
 * Needs a PostgreSQL server: SWITCHYARD_TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test. Each run works in its own schema, dropped at the end.
 * If the server is unreachable these tests FAIL (CI starts PostgreSQL; a silent skip would hide
 * a whole engine).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Engine } from '../../src/storage/engine.js';
import { openPostgresEngine, redact } from '../../src/storage/postgres/engine.js';
import { migrations } from '../../src/storage/postgres/migrations/index.js';
import type { ClaimRequest, FifoEnqueue, MoveTaskRecord, NewMessage, RedriveRule, StoredMessage } from '../../src/services/sqs/store.js';
import { sqsStoreSuite } from './sqs-store.suite.js';

const url = process.env.SWITCHYARD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const runId = `${process.pid}_${randomBytes(4).toString('hex')}`;
const schema = `sy_test_${runId}`;
const schemas = new Set<string>([schema]);

let reachable: Promise<void> | undefined;
/** Fails with a message saying what to do, instead of a bare ECONNREFUSED from deep inside. */
function requirePostgres(): Promise<void> {
  reachable ??= (async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
    } catch (err) {
      throw new Error(
        `PostgreSQL is not reachable at ${url} (${(err as Error).message}). These tests need it: start it ` +
          '(e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set SWITCHYARD_TEST_DATABASE_URL.',
      );
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return reachable;
}

async function open(inSchema = schema): Promise<Engine> {
  await requirePostgres();
  schemas.add(inSchema);
  return openPostgresEngine({ databaseUrl: url, schema: inSchema });
}

after(async () => {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } catch {
    // unreachable: the tests have already failed saying so
  } finally {
    await c.end().catch(() => {});
  }
});

sqsStoreSuite('postgres', async () => {
  const engine = await open();
  return { store: engine.sqs, close: () => engine.close() };
});

const T0 = 1_700_000_000_000;
const RETENTION = 4 * 86_400_000;

function message(over: Partial<NewMessage> = {}): NewMessage {
  return {
    messageId: randomUUID(),
    body: 'b',
    md5OfBody: 'm',
    messageAttributes: null,
    md5OfMessageAttributes: null,
    systemAttributes: null,
    senderId: 'S',
    sentAt: T0,
    visibleAt: T0,
    groupId: null,
    dedupId: null,
    ...over,
  };
}

/** Resolves when `engine`'s listeners hear `queueId`; rejects after `timeoutMs`. */
function heard(engine: Engine, queueId: number, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no wakeup for queue ${queueId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = engine.sqs.onMessagesAvailable((id) => {
      if (id !== queueId) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('postgres: two nodes on one schema', () => {
  let a: Engine;
  let b: Engine;
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('several nodes opening a fresh schema at once migrate it once', async () => {
    const fresh = `Sy_Test_${runId}_M`;
    const engines = await Promise.all([open(fresh), open(fresh), open(fresh)]);
    try {
      const c = new pg.Client(url);
      await c.connect();
      try {
        const r = await c.query(`SELECT version FROM "${fresh}".schema_migrations ORDER BY version`);
        assert.deepEqual(r.rows.map((x) => x.version), migrations.map((m) => m.version));
      } finally {
        await c.end();
      }
      // the schema name is mixed-case on purpose: it must be quoted everywhere (search_path too)
      const { created } = await engines[1]!.sqs.createQueue({ accountId: '1', name: 'q', attributes: {}, tags: {}, createdAt: T0 });
      assert.equal(created, true);
      assert.equal((await engines[2]!.sqs.getQueue('1', 'q'))?.name, 'q');
    } finally {
      await Promise.all(engines.map((e) => e.close()));
    }
  });

  it('location is the URL without its password', () => {
    const shown = redact('postgres://app:s3cret@db.example:5432/switchyard?sslmode=require&password=s3cret');
    assert.ok(!shown.includes('s3cret'), shown);
    assert.match(shown, /^postgres:\/\/app@db\.example:5432\/switchyard\?sslmode=require/);
  });

  it('opens two engines', async () => {
    [a, b] = await Promise.all([open(), open()]);
  });

  it('concurrent claims from both nodes never return the same message', async () => {
    const { queue } = await a.sqs.createQueue({ accountId: randomUUID(), name: 'shared', attributes: {}, tags: {}, createdAt: T0 });
    const total = 300;
    for (let i = 0; i < total; i += 10) await (i % 20 ? a : b).sqs.enqueue(queue.id, Array.from({ length: 10 }, () => message()));
    const claimed: StoredMessage[] = [];
    // Each node runs 8 concurrent receivers that claim until the queue is empty.
    const receiver = async (e: Engine) => {
      for (;;) {
        const got = await e.sqs.claimVisible(queue.id, { now: T0, max: 10, visibilityTimeoutMs: 30_000, retentionMs: RETENTION });
        if (got.length === 0) return;
        claimed.push(...got);
      }
    };
    await Promise.all([...Array.from({ length: 8 }, () => receiver(a)), ...Array.from({ length: 8 }, () => receiver(b))]);
    assert.equal(new Set(claimed.map((m) => m.messageId)).size, claimed.length, 'a message was handed out twice');
    // SKIP LOCKED may make a receiver see an empty page while rows are locked by another; a
    // final sweep must find whatever that left, and every message must be accounted for once.
    const before = claimed.length;
    await receiver(a);
    assert.equal(new Set(claimed.map((m) => m.messageId)).size, total);
    assert.ok(claimed.length - before <= 10, `a final sweep found ${claimed.length - before} messages left behind`);
    for (const m of claimed) assert.equal(m.receiveCount, 1);
  });

  it("node A's enqueue and changeVisibility wake node B's listeners (LISTEN/NOTIFY)", async () => {
    const { queue } = await a.sqs.createQueue({ accountId: randomUUID(), name: 'wake', attributes: {}, tags: {}, createdAt: T0 });
    const onEnqueue = heard(b, queue.id);
    await a.sqs.enqueue(queue.id, [message()]);
    await onEnqueue;

    const [m] = await b.sqs.claimVisible(queue.id, { now: T0, max: 1, visibilityTimeoutMs: 30_000, retentionMs: RETENTION });
    assert.ok(m);
    const onVisible = heard(b, queue.id);
    assert.deepEqual(await a.sqs.changeVisibility(queue.id, [{ seq: m.seq, receiveCount: m.receiveCount, visibleAt: T0 + 1 }], T0 + 1), ['ok']);
    await onVisible;
  });

  it("node B's listener reconnects after its connection is killed", async () => {
    const { queue } = await a.sqs.createQueue({ accountId: randomUUID(), name: 'reconnect', attributes: {}, tags: {}, createdAt: T0 });
    const admin = new pg.Client(url);
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [`switchyard-listen ${schema}`.slice(0, 63)],
      );
      assert.ok(killed.rowCount! >= 2, 'both nodes have a listening connection');
    } finally {
      await admin.end();
    }
    // Notifications sent while no one listens are lost by design; keep sending until one lands.
    const woke = heard(b, queue.id, 10_000);
    let done = false;
    void woke.finally(() => (done = true)).catch(() => {});
    while (!done) {
      await a.sqs.enqueue(queue.id, [message()]);
      await new Promise((r) => setTimeout(r, 100));
    }
    await woke;
  });
});

/**
 * FIFO, deduplication and redrive across nodes: the rules of ARCHITECTURE §4 that the conformance
 * suite can only exercise within one engine. Engines `a` and `b` have their own pools, as two
 * Switchyard processes would.
 */
describe('postgres: FIFO and redrive across two nodes', () => {
  let a: Engine;
  let b: Engine;
  after(async () => {
    await a?.close();
    await b?.close();
  });
  const WINDOW = 5 * 60_000;
  const fifo = (now = T0): FifoEnqueue => ({ now, windowMs: WINDOW, scope: 'queue' });
  const ref = (m: StoredMessage) => ({ seq: m.seq, receiveCount: m.receiveCount });
  const fifoClaim = (e: Engine, queueId: number, over: Partial<ClaimRequest> = {}) =>
    e.sqs.claimVisible(queueId, { now: T0, max: 10, visibilityTimeoutMs: 60_000, retentionMs: RETENTION, ordering: 'fifo', ...over });
  const newQueue = async (name: string) =>
    (await a.sqs.createQueue({ accountId: randomUUID(), name, attributes: {}, tags: {}, createdAt: T0 })).queue;

  it('opens two engines', async () => {
    [a, b] = await Promise.all([open(), open()]);
  });

  it('claims from both nodes, while both nodes send, keep each group in order and never hand out two of a group at once', async () => {
    const q = await newQueue('groups.fifo');
    const groups = Array.from({ length: 12 }, (_, i) => `g${i}`);
    const perProducer = 25;
    // Producers: on each node, per group, one sender sending its messages one after another,
    // concurrently with the other node's sender of the same group and with the receivers.
    const sent = new Map<string, { producer: string; n: number; seq: number }>();
    let sending = true;
    const producer = async (e: Engine, node: string, g: string) => {
      for (let n = 0; n < perProducer; n++) {
        const m = message({ groupId: g, dedupId: randomUUID(), body: `${node}/${g}/${n}` });
        const [r] = await e.sqs.enqueue(q.id, [m], fifo());
        assert.equal(r?.duplicate, false);
        sent.set(m.messageId, { producer: `${node}/${g}`, n, seq: r!.seq });
      }
    };
    const held = new Map<string, number>();
    const delivered = new Map<string, StoredMessage[]>(groups.map((g) => [g, []]));
    let receiverId = 0;
    const receiver = async (e: Engine) => {
      const me = ++receiverId;
      for (let idle = 0; idle < 50; ) {
        const got = await fifoClaim(e, q.id, { max: 1 + (me % 10) });
        if (got.length === 0) {
          if (!sending) idle++;
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        idle = 0;
        for (const m of got) {
          const holder = held.get(m.groupId!);
          assert.ok(holder === undefined || holder === me, `group ${m.groupId} in flight to receivers ${holder} and ${me} at once`);
          held.set(m.groupId!, me);
          delivered.get(m.groupId!)!.push(m);
        }
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        // Released before the delete is sent: no claim can get the group before the delete commits.
        for (const m of got) held.delete(m.groupId!);
        assert.deepEqual(await e.sqs.deleteMessages(q.id, got.map(ref)), got.map(() => 'ok'));
      }
    };
    const producers = Promise.all(groups.flatMap((g) => [producer(a, 'a', g), producer(b, 'b', g)])).finally(() => (sending = false));
    await Promise.all([producers, ...Array.from({ length: 6 }, () => receiver(a)), ...Array.from({ length: 6 }, () => receiver(b))]);

    assert.equal(sent.size, groups.length * 2 * perProducer);
    const seen = new Set<string>();
    for (const g of groups) {
      const list = delivered.get(g)!;
      for (let i = 1; i < list.length; i++) assert.ok(list[i]!.seq > list[i - 1]!.seq, `group ${g}: seq ${list[i]!.seq} after ${list[i - 1]!.seq}`);
      const byProducer = new Map<string, number>();
      for (const m of list) {
        assert.ok(!seen.has(m.messageId), `${m.messageId} delivered twice`);
        seen.add(m.messageId);
        const s = sent.get(m.messageId)!;
        assert.equal(m.seq, s.seq);
        assert.equal(s.n, (byProducer.get(s.producer) ?? -1) + 1, `producer ${s.producer}: its messages in send order`);
        byProducer.set(s.producer, s.n);
        assert.equal(m.receiveCount, 1);
      }
    }
    assert.equal(seen.size, sent.size, 'every message delivered');
  });

  it('duplicate FIFO sends racing from both nodes store each dedup id once', async () => {
    const q = await newQueue('dedup.fifo');
    const ids = Array.from({ length: 40 }, (_, i) => `dedup-${i}`);
    // Each dedup id is sent 3 times from each node at once, in different groups (scope queue)
    // and inside batches that also carry other ids, in a different order on each node.
    const send = (e: Engine, order: string[], copy: number) =>
      e.sqs.enqueue(q.id, order.map((d) => message({ groupId: `g${(d.length + copy) % 3}`, dedupId: d })), fifo(T0 + copy));
    const chunks = (list: string[]) => Array.from({ length: Math.ceil(list.length / 10) }, (_, i) => list.slice(i * 10, i * 10 + 10));
    const reversed = [...ids].reverse();
    const calls: Promise<{ order: string[]; results: Awaited<ReturnType<Engine['sqs']['enqueue']>> }>[] = [];
    for (let copy = 0; copy < 3; copy++) {
      for (const chunk of chunks(ids)) calls.push(send(a, chunk, copy).then((results) => ({ order: chunk, results })));
      for (const chunk of chunks(reversed)) calls.push(send(b, chunk, copy).then((results) => ({ order: chunk, results })));
    }
    const byId = new Map<string, { messageId: string; seq: number; duplicate: boolean }[]>();
    for (const { order, results } of await Promise.all(calls)) {
      order.forEach((d, i) => byId.set(d, [...(byId.get(d) ?? []), results[i]!]));
    }
    for (const d of ids) {
      const rs = byId.get(d)!;
      assert.equal(rs.length, 6);
      assert.equal(rs.filter((r) => !r.duplicate).length, 1, `${d} stored once`);
      assert.equal(new Set(rs.map((r) => r.messageId)).size, 1, `${d}: every answer names the original`);
      assert.equal(new Set(rs.map((r) => r.seq)).size, 1);
    }
    assert.deepEqual(await b.sqs.countMessages(q.id, T0 + 3, RETENTION), { visible: ids.length, inFlight: 0, delayed: 0 });
  });

  for (const ordering of ['standard', 'fifo'] as const) {
    it(`redrive by claims on both nodes moves each message exactly once (${ordering})`, async () => {
      const source = await newQueue(ordering === 'fifo' ? 'src.fifo' : 'src');
      const dlq = await newQueue(ordering === 'fifo' ? 'dlq.fifo' : 'dlq');
      const rule: RedriveRule = { deadLetterQueueId: dlq.id, maxReceiveCount: 1, sourceArn: `arn:aws:sqs:us-east-1:1:${source.name}` };
      const total = 120;
      const poison = Array.from({ length: total }, (_, i) => message({ groupId: `g${i % 7}`, dedupId: randomUUID() }));
      await a.sqs.enqueue(source.id, poison, ordering === 'fifo' ? fifo() : undefined);
      // One receive each (standard ordering, so that group locks do not stop the drain), visible
      // again at T1: every message is then due for the DLQ …
      const T1 = T0 + 1_000;
      for (let n = 0; n < total; ) {
        const got = await a.sqs.claimVisible(source.id, { now: T0, max: 10, visibilityTimeoutMs: T1 - T0, retentionMs: RETENTION });
        assert.ok(got.length > 0);
        n += got.length;
      }
      // … except these, sent afterwards, which the claims must return.
      const fresh = Array.from({ length: 30 }, (_, i) => message({ groupId: `g${i % 7}`, dedupId: randomUUID() }));
      await b.sqs.enqueue(source.id, fresh, ordering === 'fifo' ? fifo(T0 + 1) : undefined);
      assert.deepEqual(await a.sqs.countMessages(source.id, T1, RETENTION), { visible: total + fresh.length, inFlight: 0, delayed: 0 });

      const returned: StoredMessage[] = [];
      const receiver = async (e: Engine) => {
        for (;;) {
          const got = await e.sqs.claimVisible(source.id, { now: T1, max: 10, visibilityTimeoutMs: 60_000, retentionMs: RETENTION, ordering, redrive: rule });
          if (got.length === 0) return;
          returned.push(...got);
          // FIFO: the group stays locked until its messages are deleted
          await e.sqs.deleteMessages(source.id, got.map(ref));
        }
      };
      await Promise.all([...Array.from({ length: 5 }, () => receiver(a)), ...Array.from({ length: 5 }, () => receiver(b))]);
      await receiver(a); // a final sweep (SKIP LOCKED lets a standard claim come back empty while rows are held)

      assert.deepEqual(returned.map((m) => m.messageId).sort(), fresh.map((m) => m.messageId).sort(), 'each fresh message returned once');
      assert.deepEqual(await a.sqs.countMessages(source.id, T1, RETENTION), { visible: 0, inFlight: 0, delayed: 0 });
      assert.deepEqual(await b.sqs.countMessages(dlq.id, T1, RETENTION), { visible: total, inFlight: 0, delayed: 0 });
      const dead: StoredMessage[] = [];
      for (;;) {
        const got = await b.sqs.claimVisible(dlq.id, { now: T1, max: 10, visibilityTimeoutMs: 60_000, retentionMs: RETENTION });
        if (got.length === 0) break;
        dead.push(...got);
      }
      assert.deepEqual(dead.map((m) => m.messageId).sort(), poison.map((m) => m.messageId).sort(), 'each poison message in the DLQ once');
      for (const m of dead) {
        assert.equal(m.deadLetterSourceArn, rule.sourceArn);
        assert.equal(m.receiveCount, 2);
      }
    });
  }

  it('a blocked group with a backlog longer than the walk does not hide the groups behind it', async () => {
    const q = await newQueue('deep.fifo');
    // 250 messages of one group (more than the claim's seq-order walk looks at), then another group
    for (let i = 0; i < 250; i += 10) await a.sqs.enqueue(q.id, Array.from({ length: 10 }, () => message({ groupId: 'deep', dedupId: randomUUID() })), fifo());
    const late = Array.from({ length: 3 }, () => message({ groupId: 'late', dedupId: randomUUID() }));
    await b.sqs.enqueue(q.id, late, fifo());
    const [head] = await fifoClaim(a, q.id, { max: 1 });
    assert.equal(head?.groupId, 'deep');
    assert.deepEqual((await fifoClaim(b, q.id)).map((m) => m.messageId), late.map((m) => m.messageId));
    assert.deepEqual(await fifoClaim(a, q.id), []);
    await a.sqs.deleteMessages(q.id, [ref(head!)]);
    const next = await fifoClaim(b, q.id);
    assert.equal(next.length, 10);
    assert.ok(next.every((m) => m.groupId === 'deep' && m.seq > head!.seq));
  });

  it('a delayed message holds back the later messages of its group, not other groups', async () => {
    const q = await newQueue('delayed.fifo');
    const m1 = message({ groupId: 'g', dedupId: randomUUID(), visibleAt: T0 + 1_000 });
    const m2 = message({ groupId: 'g', dedupId: randomUUID() });
    const m3 = message({ groupId: 'h', dedupId: randomUUID() });
    await a.sqs.enqueue(q.id, [m1, m2, m3], fifo());
    assert.deepEqual((await fifoClaim(b, q.id)).map((m) => m.messageId), [m3.messageId]);
    assert.deepEqual((await fifoClaim(b, q.id, { now: T0 + 1_000 })).map((m) => m.messageId), [m1.messageId, m2.messageId]);
  });

  it('later sends prune expired deduplication rows', async () => {
    const q = await newQueue('prune.fifo');
    await a.sqs.enqueue(q.id, Array.from({ length: 30 }, (_, i) => message({ groupId: 'g', dedupId: `d${i}` })), fifo(T0));
    const rows = async () => {
      const c = new pg.Client(url);
      await c.connect();
      try {
        return (await c.query(`SELECT count(*)::int AS n FROM "${schema}".sqs_dedup WHERE queue_id = $1`, [q.id])).rows[0].n as number;
      } finally {
        await c.end();
      }
    };
    assert.equal(await rows(), 30);
    // d0 is expired and replaced (not pruned twice in one statement); up to 20 others go
    const [r] = await b.sqs.enqueue(q.id, [message({ groupId: 'g', dedupId: 'd0' })], fifo(T0 + WINDOW));
    assert.equal(r?.duplicate, false);
    assert.equal(await rows(), 10);
  });

  it('moveMessages from both nodes at once moves each message once', async () => {
    const from = await newQueue('move-from');
    const to = await newQueue('move-to');
    const sent = Array.from({ length: 200 }, (_, i) => message({ sentAt: T0 + i }));
    for (let i = 0; i < sent.length; i += 50) await a.sqs.enqueue(from.id, sent.slice(i, i + 50));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).sqs.moveMessages(from.id, to.id, () => undefined, 30, T0 + 1_000, RETENTION)),
    );
    const moved = results.reduce((n, r) => n + r.moved, 0);
    assert.ok(results.every((r) => r.failed === 0));
    assert.equal(moved, 200);
    const got: StoredMessage[] = [];
    for (;;) {
      const page = await b.sqs.claimVisible(to.id, { now: T0 + 1_000, max: 10, visibilityTimeoutMs: 60_000, retentionMs: RETENTION });
      if (page.length === 0) break;
      got.push(...page);
    }
    assert.deepEqual(got.map((m) => m.messageId).sort(), sent.map((m) => m.messageId).sort());
  });
});

/**
 * Message move tasks. No conformance suite covers them yet: these pin the port's doc comments on
 * this engine, and "one active task per source queue" across two nodes.
 */
describe('postgres: message move tasks', () => {
  let a: Engine;
  let b: Engine;
  after(async () => {
    await a?.close();
    await b?.close();
  });
  const task = (over: Partial<MoveTaskRecord> = {}): MoveTaskRecord => ({
    taskHandle: randomUUID(),
    sourceArn: 'arn:aws:sqs:us-east-1:1:dlq',
    sourceQueueId: 1,
    destinationArn: null,
    maxPerSecond: null,
    status: 'RUNNING',
    moved: 0,
    toMove: 7,
    failureReason: null,
    startedAt: T0,
    ...over,
  });

  it('opens two engines', async () => {
    [a, b] = await Promise.all([open(), open()]);
  });

  it('getQueueById', async () => {
    const { queue } = await a.sqs.createQueue({ accountId: randomUUID(), name: 'by-id', attributes: { A: '1' }, tags: {}, createdAt: T0 });
    assert.deepEqual(await b.sqs.getQueueById(queue.id), queue);
    await a.sqs.deleteQueue(queue.id, T0);
    assert.equal(await b.sqs.getQueueById(queue.id), undefined);
  });

  it('one active task per source queue, also when two nodes start one at once', async () => {
    const source = 1_000_000 + Math.floor(Math.random() * 1_000_000);
    const started = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).sqs.createMoveTask(task({ sourceQueueId: source }))));
    assert.equal(started.filter(Boolean).length, 1);
    const [active] = await a.sqs.listMoveTasks(source, 10);
    assert.ok(active);
    assert.equal(await b.sqs.createMoveTask(task({ sourceQueueId: source })), false, 'still RUNNING');
    await b.sqs.updateMoveTask(active.taskHandle, { status: 'CANCELLING' }, T0 + 1);
    assert.equal(await a.sqs.createMoveTask(task({ sourceQueueId: source })), false, 'CANCELLING is active too');
    await a.sqs.updateMoveTask(active.taskHandle, { status: 'CANCELLED', moved: 3 }, T0 + 2);
    const next = task({ sourceQueueId: source, startedAt: T0 + 3, destinationArn: 'arn:aws:sqs:us-east-1:1:x', maxPerSecond: 5 });
    assert.equal(await b.sqs.createMoveTask(next), true);
    assert.deepEqual(await a.sqs.getMoveTask(next.taskHandle), next);
    assert.deepEqual(
      (await a.sqs.listMoveTasks(source, 10)).map((t) => [t.taskHandle, t.status, t.moved]),
      [
        [next.taskHandle, 'RUNNING', 0],
        [active.taskHandle, 'CANCELLED', 3],
      ],
    );
    assert.equal((await a.sqs.listMoveTasks(source, 1)).length, 1);
    assert.ok((await b.sqs.activeMoveTasks()).some((t) => t.taskHandle === next.taskHandle));
    assert.ok(!(await b.sqs.activeMoveTasks()).some((t) => t.taskHandle === active.taskHandle));
  });

  it('a finished task keeps its final status and reason; progress and fields given are applied otherwise', async () => {
    const t = task({ sourceQueueId: 3_000_000 + Math.floor(Math.random() * 1_000_000) });
    assert.equal(await a.sqs.createMoveTask(t), true);
    await a.sqs.updateMoveTask(t.taskHandle, { moved: 5 }, T0 + 1);
    assert.deepEqual(await b.sqs.getMoveTask(t.taskHandle), { ...t, moved: 5 });
    await b.sqs.updateMoveTask(t.taskHandle, { status: 'FAILED', failureReason: 'AWS.SimpleQueueService.NonExistentQueue', moved: 6 }, T0 + 2);
    await a.sqs.updateMoveTask(t.taskHandle, { status: 'COMPLETED', failureReason: 'other', moved: 7 }, T0 + 3);
    assert.deepEqual(await a.sqs.getMoveTask(t.taskHandle), {
      ...t,
      status: 'FAILED',
      failureReason: 'AWS.SimpleQueueService.NonExistentQueue',
      moved: 7,
    });
    assert.equal(await a.sqs.getMoveTask('no such handle'), undefined);
  });

  it('takeMoveStep: one node of several takes each step; the next is due at the time the step set, or when its lease ran out', async () => {
    const t = task({ sourceQueueId: 4_000_000 + Math.floor(Math.random() * 1_000_000) });
    assert.equal(await a.sqs.createMoveTask(t), true);
    const first = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).sqs.takeMoveStep(t.taskHandle, T0, 10_000)));
    assert.equal(first.filter(Boolean).length, 1, 'a new task: one taker');
    assert.deepEqual(first.find(Boolean), t);
    assert.equal(await b.sqs.takeMoveStep(t.taskHandle, T0 + 9_999, 10_000), undefined, 'held by the taker');
    await a.sqs.updateMoveTask(t.taskHandle, { moved: 4, nextStepAt: T0 + 1_000 }, T0 + 50);
    assert.equal(await b.sqs.takeMoveStep(t.taskHandle, T0 + 999, 10_000), undefined, 'not due before a second after the step began');
    assert.deepEqual(await b.sqs.takeMoveStep(t.taskHandle, T0 + 1_000, 10_000), { ...t, moved: 4 });
    // b dies mid-step: the step is free again when its lease runs out
    assert.equal(await a.sqs.takeMoveStep(t.taskHandle, T0 + 10_999, 10_000), undefined);
    assert.ok(await a.sqs.takeMoveStep(t.taskHandle, T0 + 11_000, 10_000));
    await a.sqs.updateMoveTask(t.taskHandle, { status: 'COMPLETED' }, T0 + 11_001);
    assert.equal(await b.sqs.takeMoveStep(t.taskHandle, T0 + 99_000, 10_000), undefined, 'an ended task has no step');
  });
});
