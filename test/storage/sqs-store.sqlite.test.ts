import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteEngine, SQLITE_FILE_NAME } from '../../src/storage/sqlite/engine.js';
import { migrate } from '../../src/storage/sqlite/migrate.js';
import { migrations } from '../../src/storage/sqlite/migrations/index.js';
import { openEngine } from '../../src/storage/open.js';
import type { MoveTaskRecord, NewMessage } from '../../src/services/sqs/store.js';
import { newMessage, T0 } from './fixtures/new-message.js';
import { sqsStoreSuite } from './sqs-store.suite.js';

const root = mkdtempSync(join(tmpdir(), 'switchyard-sqlite-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `d${++dirs}`);

sqsStoreSuite('sqlite (memory)', async () => {
  const engine = await openSqliteEngine({ inMemory: true });
  return { store: engine.sqs, close: () => engine.close() };
});

sqsStoreSuite('sqlite (file, durability full)', async () => {
  const engine = await openSqliteEngine({ dataDir: freshDir(), durability: 'full' });
  return { store: engine.sqs, close: () => engine.close() };
});

const message = (n: number): NewMessage => newMessage(`id-${n}`, `body ${n}`);
const claimAll = { now: T0, max: 10, visibilityTimeoutMs: 30_000, retentionMs: 86_400_000 };
const WINDOW = 5 * 60_000;
function fifoMessage(n: number, groupId: string, dedupId: string): NewMessage {
  return { ...message(n), groupId, dedupId };
}
/** Rows of a table in a closed engine's file. */
function rowCount(dataDir: string, table: string): number {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('sqlite engine', () => {
  it('creates the data directory and switchyard.db; reports its location', async () => {
    const dir = join(freshDir(), 'nested', 'deeper');
    const engine = await openSqliteEngine({ dataDir: dir });
    try {
      assert.equal(engine.kind, 'sqlite');
      assert.equal(engine.location, join(dir, 'switchyard.db'));
      assert.ok(existsSync(engine.location));
    } finally {
      await engine.close();
    }
  });

  it('openEngine picks SQLite without a postgres URL', async () => {
    const engine = await openEngine({ inMemory: true });
    try {
      assert.equal(engine.kind, 'sqlite');
      assert.equal(engine.location, ':memory:');
    } finally {
      await engine.close();
    }
    await assert.rejects(openEngine({ databaseUrl: 'mysql://x/y' }), /unsupported database URL/);
  });

  it('keeps data and seqs across close and reopen (migrations are not re-applied)', async () => {
    const dataDir = freshDir();
    const first = await openSqliteEngine({ dataDir, durability: 'normal' });
    const { queue } = await first.sqs.createQueue({ accountId: '000000000000', name: 'keep', attributes: { A: '1' }, tags: {}, createdAt: T0 });
    await first.sqs.enqueue(queue.id, [message(1), message(2)]);
    const [newest] = await first.sqs.claimVisible(queue.id, { ...claimAll, max: 1, now: T0 + 1 });
    // delete the message with the highest seq, so that the stored max(seq) goes down
    const all = [newest!, ...(await first.sqs.claimVisible(queue.id, { ...claimAll, now: T0 + 1 }))];
    const top = all.reduce((a, b) => (a.seq > b.seq ? a : b));
    assert.deepEqual(await first.sqs.deleteMessages(queue.id, [{ seq: top.seq, receiveCount: top.receiveCount }]), ['ok']);
    await first.close();

    const second = await openSqliteEngine({ dataDir, durability: 'normal' });
    try {
      const q = await second.sqs.getQueue('000000000000', 'keep');
      assert.equal(q?.id, queue.id);
      assert.deepEqual(await second.sqs.countMessages(queue.id, T0 + 1, 86_400_000), { visible: 0, inFlight: 1, delayed: 0 });
      await second.sqs.enqueue(queue.id, [message(3)]);
      const [m3] = await second.sqs.claimVisible(queue.id, claimAll);
      assert.equal(m3?.messageId, 'id-3');
      assert.ok(m3!.seq > top.seq, `seq ${m3!.seq} reused after restart (deleted top was ${top.seq})`);
    } finally {
      await second.close();
    }
  });

  it('FIFO deduplication survives close and reopen', async () => {
    const dataDir = freshDir();
    const first = await openSqliteEngine({ dataDir, durability: 'normal' });
    const { queue } = await first.sqs.createQueue({ accountId: '000000000000', name: 'dedup.fifo', attributes: {}, tags: {}, createdAt: T0 });
    const [original] = await first.sqs.enqueue(queue.id, [fifoMessage(1, 'g', 'D')], { now: T0, windowMs: WINDOW, scope: 'queue' });
    await first.close();

    const second = await openSqliteEngine({ dataDir, durability: 'normal' });
    try {
      assert.deepEqual(await second.sqs.enqueue(queue.id, [fifoMessage(2, 'other-group', 'D')], { now: T0 + WINDOW - 1, windowMs: WINDOW, scope: 'queue' }), [
        { messageId: 'id-1', seq: original!.seq, duplicate: true },
      ]);
      const [later] = await second.sqs.enqueue(queue.id, [fifoMessage(3, 'g', 'D')], { now: T0 + WINDOW, windowMs: WINDOW, scope: 'queue' });
      assert.equal(later!.duplicate, false);
      assert.ok(later!.seq > original!.seq);
    } finally {
      await second.close();
    }
  });

  it('upgrades a database made by migration 0001 only: its messages stay claimable, with no dead-letter source', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    const old = new Database(join(dataDir, SQLITE_FILE_NAME));
    migrate(old, migrations.filter((m) => m.version === 1), () => T0);
    old.prepare(`INSERT INTO sqs_queues (account_id, name, attributes, tags, created_at, modified_at) VALUES ('000000000000', 'old', '{}', '{}', ?, ?)`).run(T0, T0);
    old.prepare(
      `INSERT INTO sqs_messages (seq, queue_id, visible_at, sent_at, message_id, md5_of_body, sender_id, body, group_id, dedup_id)
       VALUES (7, 1, ?, ?, 'old-standard', 'md5', 'sender', 'b1', NULL, NULL), (8, 1, ?, ?, 'old-grouped', 'md5', 'sender', 'b2', 'g', 'd')`,
    ).run(T0, T0, T0, T0);
    old.close();

    const engine = await openSqliteEngine({ dataDir });
    try {
      const q = await engine.sqs.getQueue('000000000000', 'old');
      assert.ok(q);
      const got = await engine.sqs.claimVisible(q.id, { ...claimAll, max: 1 });
      assert.deepEqual(got.map((m) => [m.messageId, m.deadLetterSourceArn]), [['old-standard', null]]);
      // the grouped row made before 0002 is in the new group index: a FIFO claim finds it
      const fifo = await engine.sqs.claimVisible(q.id, { ...claimAll, ordering: 'fifo' });
      assert.deepEqual(fifo.map((m) => m.messageId), ['old-grouped']);
      const [fresh] = await engine.sqs.enqueue(q.id, [message(9)]);
      assert.ok(fresh!.seq > 8);
    } finally {
      await engine.close();
    }
  });

  it('prunes deduplication and receive-attempt rows older than the window', async () => {
    const dataDir = freshDir();
    const engine = await openSqliteEngine({ dataDir, durability: 'normal' });
    const { queue } = await engine.sqs.createQueue({ accountId: '000000000000', name: 'prune.fifo', attributes: {}, tags: {}, createdAt: T0 });
    const fifo = (now: number) => ({ now, windowMs: WINDOW, scope: 'queue' as const });
    const claim = (now: number, id: string) =>
      engine.sqs.claimVisible(queue.id, { ...claimAll, now, max: 1, visibilityTimeoutMs: 0, ordering: 'fifo', attempt: { id, windowMs: WINDOW } });
    await engine.sqs.enqueue(queue.id, [fifoMessage(1, 'a', 'D1'), fifoMessage(2, 'b', 'D2'), fifoMessage(3, 'c', 'D3')], fifo(T0));
    assert.equal((await claim(T0, 'A1')).length, 1);
    assert.equal((await claim(T0 + 1, 'A2')).length, 1);
    const later = T0 + WINDOW + 5_000;
    await engine.sqs.enqueue(queue.id, [fifoMessage(4, 'a', 'D4')], fifo(later));
    assert.equal((await claim(later, 'A3')).length, 1);
    await engine.close();
    assert.equal(rowCount(dataDir, 'sqs_fifo_dedup'), 1);
    assert.equal(rowCount(dataDir, 'sqs_receive_attempts'), 1);
  });

  it('takeMoveStep: a step held when the process stopped is free again at the next open (no other process can hold it)', async () => {
    const dir = freshDir();
    const task: MoveTaskRecord = {
      taskHandle: 'h', sourceArn: 'arn:aws:sqs:us-east-1:1:dlq', sourceQueueId: 1, destinationArn: null, maxPerSecond: null,
      status: 'RUNNING', moved: 2, toMove: 7, failureReason: null, startedAt: T0,
    };
    const first = await openSqliteEngine({ dataDir: dir });
    try {
      assert.equal(await first.sqs.createMoveTask(task), true);
      assert.deepEqual(await first.sqs.takeMoveStep('h', T0, 10_000), task);
      assert.equal(await first.sqs.takeMoveStep('h', T0 + 1, 10_000), undefined, 'held');
    } finally {
      await first.close(); // as if killed mid-step: the lease is still in the file
    }
    const again = await openSqliteEngine({ dataDir: dir });
    try {
      assert.deepEqual(await again.sqs.takeMoveStep('h', T0 + 2, 10_000), task);
    } finally {
      await again.close();
    }
  });

  it('refuses a second process-level open of the same file while the first is open', async () => {
    const dataDir = freshDir();
    const first = await openSqliteEngine({ dataDir });
    try {
      // A second handle in the same process stands in for a second process: SQLite locks per handle.
      await assert.rejects(openSqliteEngine({ dataDir }), /in use by another process/);
    } finally {
      await first.close();
    }
  });

  it('an acknowledged enqueue survives kill -9 (durability normal and full)', async () => {
    for (const durability of ['normal', 'full'] as const) {
      const dataDir = freshDir();
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/sqlite-kill-child.ts', import.meta.url)), dataDir, durability], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      const acked = await new Promise<number>((resolve, reject) => {
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          const m = /acked (\d+)\n/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`child exited (${code}) before acknowledging: ${out}`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const engine = await openSqliteEngine({ dataDir, durability });
      try {
        const q = await engine.sqs.getQueue('000000000000', 'durable');
        assert.ok(q, 'queue lost');
        const counts = await engine.sqs.countMessages(q.id, T0, 86_400_000);
        assert.ok(counts.visible >= acked, `${durability}: ${acked} messages acknowledged, ${counts.visible} found after kill -9`);
      } finally {
        await engine.close();
      }
    }
  });
});
