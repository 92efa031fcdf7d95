import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteEngine } from '../../src/storage/sqlite/engine.js';
import { openEngine } from '../../src/storage/open.js';
import type { NewMessage } from '../../src/services/sqs/store.js';
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

const T0 = 1_700_000_000_000;
function message(n: number): NewMessage {
  return {
    messageId: `id-${n}`,
    body: `body ${n}`,
    md5OfBody: 'md5',
    messageAttributes: null,
    md5OfMessageAttributes: null,
    systemAttributes: null,
    senderId: 'sender',
    sentAt: T0,
    visibleAt: T0,
    groupId: null,
    dedupId: null,
  };
}
const claimAll = { now: T0, max: 10, visibilityTimeoutMs: 30_000, retentionMs: 86_400_000 };

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
