/**
 * `switchyard backup` end to end: the real CLI asks a real server process (SQLite) for a snapshot
 * while producers keep sending; every message acknowledged before the backup started is in it,
 * nothing in it was never acknowledged, and a server started on the restored file serves it. On
 * PostgreSQL the endpoint says to use pg_dump.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateQueueCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { spawnServer, type SpawnedServer } from '../helpers/process.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';
import { E2E_ENGINES, startTestServer } from '../helpers/server.js';
import { runCli } from './copy-fixture.js';

const PREFILL = 4_000;
const PRODUCERS = 8;

const sqsClient = (url: string) => new SQSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });

/** Every message of a queue, by the peek endpoint (nothing is received). */
async function peekIds(url: string, queueUrl: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after = 0;
  for (let page = 0; page < 1000; page++) {
    const res = await fetch(`${url}/_switchyard/sqs/messages?limit=1000&after=${after}&QueueUrl=${encodeURIComponent(queueUrl)}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { messages: { message: { MessageId: string } }[]; next: number | null };
    for (const m of body.messages) ids.add(m.message.MessageId);
    if (body.next === null) return ids;
    after = body.next;
  }
  throw new Error('too many pages');
}

describe('switchyard backup [sqlite]: a consistent snapshot under concurrent sends', () => {
  const work = mkdtempSync(join(tmpdir(), 'switchyard-backup-'));
  let server: SpawnedServer;
  let restored: SpawnedServer | undefined;
  let sqs: SQSClient;

  before(async () => {
    // What a server that died while sending a snapshot leaves behind: removed at the next start.
    mkdirSync(join(work, 'data', '.switchyard-backup-left'), { recursive: true });
    writeFileSync(join(work, 'data', '.switchyard-backup-left', 'switchyard.db'), 'half a snapshot');
    server = await spawnServer({ dataDir: join(work, 'data') });
    sqs = sqsClient(server.url);
  });
  after(async () => {
    sqs.destroy();
    await server.stop();
    await restored?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('holds every message acknowledged before it started; the file opens as a data directory', async () => {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'load' }))).QueueUrl!;
    // A database of some megabytes, so that the backup takes many steps with sends between them.
    const acked = new Set<string>();
    const filler = 'f'.repeat(4096);
    for (let i = 0; i < PREFILL; i += 100) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, b) => {
          const r = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: Array.from({ length: 10 }, (_, e) => ({ Id: `e${e}`, MessageBody: `${filler} ${i + b * 10 + e}` })) }));
          assert.equal(r.Failed?.length ?? 0, 0);
          for (const s of r.Successful ?? []) acked.add(s.MessageId!);
        }),
      );
    }
    // Producers that keep sending, one message at a time, until told to stop.
    let stop = false;
    let during = 0;
    let backupRunning = false;
    const producers = Array.from({ length: PRODUCERS }, async (_, p) => {
      for (let n = 0; !stop; n++) {
        const r = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `live ${p}-${n}` }));
        acked.add(r.MessageId!);
        if (backupRunning) during++;
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const ackedBefore = new Set(acked);
    backupRunning = true;
    const file = join(work, 'snapshot.db');
    const started = Date.now();
    const cli = await runCli(['backup', '--to', file, '--endpoint', server.url]);
    const ms = Date.now() - started;
    backupRunning = false;
    stop = true;
    await Promise.all(producers);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, new RegExp(`^Backup of ${server.url} saved to ${file} \\(\\d+ bytes, 1 queue\\)`));
    assert.ok(during > 0, 'no send was acknowledged while the backup ran');
    // The server removed its temporary copy (and the one left over from before); the CLI left no partial file.
    assert.deepEqual(readdirSync(join(work, 'data')).filter((f) => f.startsWith('.switchyard-backup-')), []);
    assert.equal(existsSync(`${file}.partial`), false);

    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();

    // Restore: the file put in place as <data-dir>/switchyard.db.
    const restoredDir = join(work, 'restored');
    rmSync(restoredDir, { recursive: true, force: true });
    mkdirSync(restoredDir);
    copyFileSync(file, join(restoredDir, 'switchyard.db'));
    restored = await spawnServer({ dataDir: restoredDir });
    const inBackup = await peekIds(restored.url, queueUrl.replace(server.url, restored.url));
    const missing = [...ackedBefore].filter((id) => !inBackup.has(id));
    assert.deepEqual(missing, [], `${missing.length} messages acknowledged before the backup started are not in it`);
    const unknown = [...inBackup].filter((id) => !acked.has(id));
    assert.deepEqual(unknown, [], 'the backup holds messages that were never acknowledged');
    // A snapshot of some moment during the backup: more than before it, at most all there were.
    assert.ok(inBackup.size >= ackedBefore.size && inBackup.size <= acked.size);
    process.stdout.write(
      `# backup: ${statSync(file).size} bytes in ${ms} ms (CLI included); ${during} sends acknowledged meanwhile; ` +
        `${ackedBefore.size} messages before, ${inBackup.size} in the backup, ${acked.size} at the end\n`,
    );
  });

  it('answers 405 to anything but POST; the CLI reports an unreachable server', async () => {
    const res = await fetch(`${server.url}/_switchyard/backup`);
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
    assert.deepEqual(await res.json(), { error: 'MethodNotAllowed', message: 'use POST /_switchyard/backup' });
    const r = await runCli(['backup', '--to', join(work, 'never.db'), '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^switchyard: cannot reach http:\/\/127\.0\.0\.1:9: /);
    assert.equal(existsSync(join(work, 'never.db')), false);
    const usage = await runCli(['backup']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /backup needs --to <file>/);
  });
});

describe('switchyard backup [postgres]: the endpoint names pg_dump', { skip: E2E_ENGINES.includes('postgres') ? false : 'SWITCHYARD_E2E_ENGINES leaves PostgreSQL out' }, () => {
  const schema = uniqueSchema('sy_backup');
  let server: SpawnedServer;
  before(async () => {
    server = await spawnServer({ databaseUrl: postgresTestUrl(), databaseSchema: schema });
  });
  after(async () => {
    await server.stop();
    await dropSchema(schema);
  });

  it('answers 501 BackupNotSupported; the CLI fails with that message and writes nothing', async () => {
    const res = await fetch(`${server.url}/_switchyard/backup`, { method: 'POST' });
    assert.equal(res.status, 501);
    const body = (await res.json()) as { error: string; message: string };
    assert.equal(body.error, 'BackupNotSupported');
    assert.match(body.message, /pg_dump --format=custom --schema=<schema> <url>/);
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-backup-pg-'));
    try {
      const r = await runCli(['backup', '--to', join(dir, 'x.db'), '--endpoint', server.url]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /answered 501: .*BackupNotSupported.*pg_dump/);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('switchyard backup [sqlite] with --credentials: only the server account\'s keys', () => {
  const work = mkdtempSync(join(tmpdir(), 'switchyard-backup-auth-'));
  const operator = { accessKeyId: 'AKIAOPERATOR00000001', secretAccessKey: 'operator-secret', accountId: '000000000000' };
  const tenant = { accessKeyId: 'AKIATENANT000000001', secretAccessKey: 'tenant-secret', accountId: '111122223333' };
  let server: SpawnedServer;
  before(async () => {
    const keys = join(work, 'keys.json');
    writeFileSync(keys, JSON.stringify({ accessKeys: [operator, tenant] }));
    server = await spawnServer({ dataDir: join(work, 'data'), extraArgs: ['--credentials', keys] });
  });
  after(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const basic = (k: { accessKeyId: string; secretAccessKey: string }) => ({ authorization: `Basic ${Buffer.from(`${k.accessKeyId}:${k.secretAccessKey}`).toString('base64')}` });

  it('401 without a key, 403 with another account\'s; the CLI signs in with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY', async () => {
    const none = await fetch(`${server.url}/_switchyard/backup`, { method: 'POST' });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Basic /);
    const wrong = await fetch(`${server.url}/_switchyard/backup`, { method: 'POST', headers: basic({ ...operator, secretAccessKey: 'guess' }) });
    assert.equal(wrong.status, 401);
    const other = await fetch(`${server.url}/_switchyard/backup`, { method: 'POST', headers: basic(tenant) });
    assert.equal(other.status, 403);
    assert.deepEqual(await other.json(), { error: 'AccessDenied', message: "a backup holds every account's data: sign in with a key of the server's account 000000000000" });
    const file = join(work, 'b.db');
    const denied = await runCli(['backup', '--to', file, '--endpoint', server.url], 60_000, { AWS_ACCESS_KEY_ID: tenant.accessKeyId, AWS_SECRET_ACCESS_KEY: tenant.secretAccessKey });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /answered 403: .*AccessDenied/);
    assert.equal(existsSync(file), false);
    const ok = await runCli(['backup', '--to', file, '--endpoint', server.url], 60_000, { AWS_ACCESS_KEY_ID: operator.accessKeyId, AWS_SECRET_ACCESS_KEY: operator.secretAccessKey });
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(statSync(file).size > 0);
  });
});

describe('switchyard backup [sqlite, --in-memory]', () => {
  it('snapshots an in-memory store too; the file opens as a data directory', async () => {
    const server = await startTestServer('sqlite', {}, { inMemory: 'true' });
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-backup-mem-'));
    const sqs = sqsClient(server.url);
    try {
      const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'in-memory' }))).QueueUrl!;
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'kept' }));
      const r = await runCli(['backup', '--to', join(dir, 'mem.db'), '--endpoint', server.url]);
      assert.equal(r.code, 0, r.stderr);
      mkdirSync(join(dir, 'data'));
      copyFileSync(join(dir, 'mem.db'), join(dir, 'data', 'switchyard.db'));
      const restored = await spawnServer({ dataDir: join(dir, 'data') });
      try {
        assert.deepEqual([...(await peekIds(restored.url, queueUrl.replace(server.url, restored.url)))], [sent.MessageId]);
      } finally {
        await restored.stop();
      }
    } finally {
      sqs.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
