import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteEngine, SQLITE_FILE_NAME } from '../../src/storage/sqlite/engine.js';
import { migrate } from '../../src/storage/sqlite/migrate.js';
import { migrations } from '../../src/storage/sqlite/migrations/index.js';
import { WAL_SIZE_LIMIT_BYTES } from '../../src/storage/sqlite/compaction.js';
import type { Engine } from '../../src/storage/engine.js';
import { newMessage, T0 } from './fixtures/new-message.js';

const root = mkdtempSync(join(tmpdir(), 'switchyard-compaction-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `d${++dirs}`);

const BODY = 'x'.repeat(4_000);
const message = (n: number) => newMessage(`id-${n}`, `${n} ${BODY}`);

/** Two queues: `keep` with `kept` messages, `drain` with `drained` (~4 KB each). */
async function fill(engine: Engine, kept: number, drained: number): Promise<{ keep: number; drain: number }> {
  const queue = async (name: string) => (await engine.sqs.createQueue({ accountId: '000000000000', name, attributes: {}, tags: {}, createdAt: T0 })).queue.id;
  const keep = await queue('keep');
  const drain = await queue('drain');
  for (let i = 0; i < kept; i += 500) await engine.sqs.enqueue(keep, Array.from({ length: Math.min(500, kept - i) }, (_, j) => message(i + j)));
  for (let i = 0; i < drained; i += 500) await engine.sqs.enqueue(drain, Array.from({ length: Math.min(500, drained - i) }, (_, j) => message(kept + i + j)));
  return { keep, drain };
}

const fileBytes = (dir: string): number => statSync(join(dir, SQLITE_FILE_NAME)).size;
const pragma = (dir: string, name: string): unknown => {
  const db = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
};

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every message of `keep` with its own body, in order of id. */
async function keptBodies(engine: Engine, keep: number, n: number): Promise<void> {
  const seen = new Set<string>();
  for (let round = 0; round < n; round++) {
    const got = await engine.sqs.claimVisible(keep, { now: T0, max: 10, visibilityTimeoutMs: 30_000, retentionMs: 86_400_000 });
    if (got.length === 0) break;
    for (const m of got) {
      assert.equal(m.body, `${m.messageId.slice(3)} ${BODY}`);
      seen.add(m.messageId);
    }
  }
  assert.equal(seen.size, n);
}

describe('sqlite compaction: freed space goes back to the file system', () => {
  it('a new database has incremental auto-vacuum', async () => {
    const dir = freshDir();
    const engine = await openSqliteEngine({ dataDir: dir });
    await engine.close();
    assert.equal(pragma(dir, 'auto_vacuum'), 2);
  });

  it('after a backlog is drained the file shrinks to about what is left, and what is left is intact', async () => {
    const dir = freshDir();
    const engine = await openSqliteEngine({ dataDir: dir, durability: 'normal', compaction: { intervalMs: 100, minSlackBytes: 1024 * 1024 } });
    try {
      const { keep, drain } = await fill(engine, 500, 10_000); // ~2 MB kept, ~40 MB drained
      const full = fileBytes(dir);
      assert.ok(full > 40e6, `the backlog is on disk (${full} bytes)`);
      assert.equal(await engine.sqs.purgeQueue(drain, T0 + 1, 60_000), true);
      await until('the file is below 10 MB', () => fileBytes(dir) < 10e6);
      // journal_size_limit: the WAL is cut back at checkpoints too, never left at its largest
      assert.ok(statSync(join(dir, `${SQLITE_FILE_NAME}-wal`)).size <= WAL_SIZE_LIMIT_BYTES);
      await keptBodies(engine, keep, 500);
    } finally {
      await engine.close();
    }
    assert.equal(pragma(dir, 'integrity_check'), 'ok');
  });

  it('a database made before incremental auto-vacuum is converted at start (small enough to rewrite)', async () => {
    const dir = freshDir();
    const engine = await openSqliteEngine({ dataDir: dir });
    await engine.close();
    // Re-create it as older builds did: no auto-vacuum.
    rmSync(join(dir, SQLITE_FILE_NAME));
    const old = new Database(join(dir, SQLITE_FILE_NAME));
    old.pragma('journal_mode = WAL');
    migrate(old, migrations, Date.now);
    old.close();
    assert.equal(pragma(dir, 'auto_vacuum'), 0);
    const again = await openSqliteEngine({ dataDir: dir });
    await again.close();
    assert.equal(pragma(dir, 'auto_vacuum'), 2);
  });

  it('a process killed (SIGKILL) while compacting loses nothing it committed', async () => {
    const dir = freshDir();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/compaction-child.ts', import.meta.url)), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await until('the child is compacting', () => out.includes('compacting'), 60_000);
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const engine = await openSqliteEngine({ dataDir: dir });
    try {
      const keep = (await engine.sqs.getQueue('000000000000', 'keep'))!.id;
      await keptBodies(engine, keep, 500);
    } finally {
      await engine.close();
    }
    assert.equal(pragma(dir, 'integrity_check'), 'ok');
  });
});
