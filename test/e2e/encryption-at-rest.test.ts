/**
 * Encryption at rest (`--encryption-key-file`, storage/sqlite/encryption.ts) end to end, through
 * the real CLI and the AWS SDKs: with the key, a marker sent as SQS message bodies and an SNS topic
 * name and message is in neither the database file nor its WAL (raw bytes read while the server
 * runs and after it stops), while a server without the key writes it in clear (the control); a
 * restart with the key serves every message intact (the SDK checks the MD5s); without the key, with
 * a wrong key, with a malformed key file, or with a key for a plain database the server refuses to
 * start with a message saying why; `switchyard backup` saves an encrypted snapshot that a server
 * started with the key serves; `switchyard copy` takes an encrypted store to PostgreSQL and back
 * into a new encrypted data directory; and a kill -9 under load loses no acknowledged message.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { spawnServer, type SpawnedServer } from '../helpers/process.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';
import { killRestartFixture, noRetryClientConfig, type StopFlag } from '../helpers/kill-cycle.js';
import { drainQueue } from '../helpers/sqs-drain.js';
import { runCli } from './copy-fixture.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const sqsClient = (url: string) => new SQSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const snsClient = (url: string) => new SNSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const MESSAGES = 200;

/** Writes a key file as `openssl rand -hex 32` makes one, readable by its owner only. */
function keyFile(path: string, hex = randomBytes(32).toString('hex')): string {
  writeFileSync(path, `${hex}\n`);
  chmodSync(path, 0o600);
  return path;
}

/** The database file and its WAL, as bytes (an absent WAL is empty). */
function onDisk(dataDir: string): { db: Buffer; wal: Buffer } {
  const file = join(dataDir, 'switchyard.db');
  return { db: readFileSync(file), wal: existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0) };
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Fills a server: MESSAGES bodies with the marker, an SNS topic named after it, a publication delivered to the queue. */
async function fill(url: string, marker: string): Promise<{ queueUrl: string; bodies: Set<string> }> {
  const sqs = sqsClient(url);
  const sns = snsClient(url);
  try {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'secret-queue' }))).QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const bodies = new Set<string>();
    for (let i = 0; i < MESSAGES; i += 10) {
      const entries = Array.from({ length: 10 }, (_, e) => ({ Id: `e${e}`, MessageBody: `${marker} message ${i + e}` }));
      const r = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      assert.equal(r.Failed?.length ?? 0, 0);
      for (const e of entries) bodies.add(e.MessageBody);
    }
    const topic = (await sns.send(new CreateTopicCommand({ Name: `topic-${marker}` }))).TopicArn!;
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: arn, Attributes: { RawMessageDelivery: 'true' } }));
    const published = `${marker} published`;
    await sns.send(new PublishCommand({ TopicArn: topic, Message: published }));
    bodies.add(published);
    return { queueUrl, bodies };
  } finally {
    sqs.destroy();
    sns.destroy();
  }
}

/** Receives until every expected body came (the SDK checks each body's MD5); nothing else may come. */
async function receiveAll(url: string, queueUrl: string, expected: Set<string>): Promise<void> {
  const sqs = sqsClient(url);
  try {
    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (seen.size < expected.size && Date.now() < deadline) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 300 }));
      for (const m of out.Messages ?? []) {
        assert.ok(expected.has(m.Body!), `unexpected body ${m.Body}`);
        seen.add(m.Body!);
      }
    }
    assert.equal(seen.size, expected.size, 'every message came back');
  } finally {
    sqs.destroy();
  }
}

const start = (dataDir: string, ...extra: string[]) => runCli(['start', '--port', '0', '--log-level', 'warn', '--data-dir', dataDir, ...extra], 30_000);

describe('encryption at rest [sqlite]', () => {
  const work = mkdtempSync(join(tmpdir(), 'switchyard-encryption-'));
  const marker = `ENCMARK${randomBytes(6).toString('hex')}`;
  const key = keyFile(join(work, 'key.hex'));
  const otherKey = keyFile(join(work, 'other.hex'));
  const dataDir = join(work, 'data');
  const keyArgs = ['--encryption-key-file', key];
  let server: SpawnedServer | undefined;
  let filled: { queueUrl: string; bodies: Set<string> };

  after(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('with the key, the marker is in neither the database file nor its WAL; without it, it is in clear (control)', async () => {
    server = await spawnServer({ dataDir, extraArgs: keyArgs });
    filled = await fill(server.url, marker);
    // While it runs: the writes are in the WAL (not checkpointed yet), which must be encrypted too.
    const running = onDisk(dataDir);
    assert.ok(running.wal.length > 0, 'the writes are in the WAL');
    assert.ok(!running.db.subarray(0, 16).equals(PLAIN_HEADER), 'the file does not start as a plain SQLite database');
    assert.equal(running.wal.includes(marker), false, 'the marker is not in the WAL');
    assert.equal(running.db.includes(marker), false, 'the marker is not in the database file');
    await server.stop();
    server = undefined;
    const stopped = onDisk(dataDir); // after the last checkpoint
    assert.ok(stopped.db.length > 0);
    assert.equal(stopped.db.includes(marker), false);
    assert.equal(stopped.wal.includes(marker), false);

    // The control: the same writes without the key are readable in the file or its WAL.
    const plainDir = join(work, 'plain');
    const plain = await spawnServer({ dataDir: plainDir });
    try {
      await fill(plain.url, marker);
      const bytes = onDisk(plainDir);
      assert.ok(bytes.db.subarray(0, 16).equals(PLAIN_HEADER));
      assert.ok(bytes.db.includes(marker) || bytes.wal.includes(marker), 'without the key the marker is in clear');
    } finally {
      await plain.stop();
    }
  });

  it('restarted with the key, it serves every message intact', async () => {
    server = await spawnServer({ dataDir, extraArgs: keyArgs });
    await receiveAll(server.url, filled.queueUrl, filled.bodies);
    await server.stop();
    server = undefined;
  });

  it('refuses to start without the key, with a wrong key, with a malformed key file, and with a key for a plain database', async () => {
    const noKey = await start(dataDir);
    assert.equal(noKey.code, 2, noKey.stderr);
    assert.match(noKey.stderr, /switchyard\.db is encrypted \(or not a SQLite database\) and no --encryption-key-file was given to open it/);

    const wrong = await start(dataDir, '--encryption-key-file', otherKey);
    assert.equal(wrong.code, 2, wrong.stderr);
    assert.ok(wrong.stderr.includes(`switchyard.db is encrypted and the key in ${otherKey} does not open it`), wrong.stderr);
    assert.equal(wrong.stderr.includes(readFileSync(otherKey, 'utf8').trim()), false, 'the key is never printed');

    for (const [name, content] of [
      ['short.hex', 'abcd\n'],
      ['not-hex.hex', `${'z'.repeat(64)}\n`],
      ['passphrase.txt', 'correct horse battery staple\n'],
      ['empty.hex', ''],
    ] as const) {
      const bad = join(work, name);
      writeFileSync(bad, content);
      chmodSync(bad, 0o600);
      const r = await start(dataDir, '--encryption-key-file', bad);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(`the encryption key file ${bad} must hold a 256-bit key as 64 hex characters (make one with: openssl rand -hex 32)`), r.stderr);
    }
    const missing = await start(dataDir, '--encryption-key-file', join(work, 'absent.hex'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the encryption key file .*absent\.hex/);

    const plainWithKey = await start(join(work, 'plain'), ...keyArgs);
    assert.equal(plainWithKey.code, 2, plainWithKey.stderr);
    assert.match(plainWithKey.stderr, /plain\/switchyard\.db is a plain \(unencrypted\) SQLite database/);
    // Nothing was changed by the refusals: the data still opens with its key.
    assert.ok(statSync(join(dataDir, 'switchyard.db')).size > 0);
  });

  it('switchyard backup saves an encrypted snapshot; a server started on it with the key serves it', async () => {
    server = await spawnServer({ dataDir, extraArgs: keyArgs });
    const sqs = sqsClient(server.url);
    const extra = `${marker} after the restart`;
    await sqs.send(new SendMessageCommand({ QueueUrl: filled.queueUrl, MessageBody: extra }));
    sqs.destroy();
    const file = join(work, 'backup.db');
    // Without the key the snapshot cannot be checked, and is not saved.
    const unchecked = await runCli(['backup', '--to', file, '--endpoint', server.url]);
    assert.equal(unchecked.code, 1, unchecked.stderr);
    assert.match(unchecked.stderr, /the snapshot is encrypted .* give the same key with --encryption-key-file/);
    assert.equal(existsSync(file), false);
    const r = await runCli(['backup', '--to', file, '--endpoint', server.url, ...keyArgs]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 queue, encrypted\)/);
    const bytes = readFileSync(file);
    assert.ok(!bytes.subarray(0, 16).equals(PLAIN_HEADER));
    assert.equal(bytes.includes(marker), false, 'the backup is encrypted');

    const restoredDir = join(work, 'restored');
    mkdirSync(restoredDir);
    copyFileSync(file, join(restoredDir, 'switchyard.db'));
    const refused = await start(restoredDir);
    assert.equal(refused.code, 2);
    const restored = await spawnServer({ dataDir: restoredDir, extraArgs: keyArgs });
    try {
      // The messages received before (their visibility timeout has not run out) are in flight in the copy too.
      await receiveAll(restored.url, filled.queueUrl, new Set([extra]));
    } finally {
      await restored.stop();
    }
    await server.stop();
    server = undefined;
  });

  it('switchyard copy: encrypted SQLite to PostgreSQL and back into a new encrypted data directory', { skip: E2E_ENGINES.includes('postgres') ? false : 'SWITCHYARD_E2E_ENGINES leaves PostgreSQL out' }, async () => {
    const schema = uniqueSchema('sy_enc');
    const back = join(work, 'back');
    try {
      const noKey = await runCli(['copy', '--from', dataDir, '--to', postgresTestUrl(), '--to-schema', schema]);
      assert.equal(noKey.code, 1, noKey.stderr);
      assert.match(noKey.stderr, /is encrypted \(or not a SQLite database\) and no --from-encryption-key-file was given/);
      const misplaced = await runCli(['copy', '--from', dataDir, '--to', postgresTestUrl(), '--to-schema', schema, '--to-encryption-key-file', key]);
      assert.equal(misplaced.code, 2);
      assert.match(misplaced.stderr, /--to-encryption-key-file is a SQLite store's key, and --to is a postgres:\/\/ URL/);

      const there = await runCli(['copy', '--from', dataDir, '--from-encryption-key-file', key, '--to', postgresTestUrl(), '--to-schema', schema]);
      assert.equal(there.code, 0, there.stderr);
      const again = await runCli(['copy', '--from', postgresTestUrl(), '--from-schema', schema, '--to', back, '--to-encryption-key-file', otherKey]);
      assert.equal(again.code, 0, again.stderr);
      const bytes = onDisk(back);
      assert.equal(bytes.db.includes(marker) || bytes.wal.includes(marker), false, 'the new data directory is encrypted');
      assert.equal((await start(back, ...keyArgs)).code, 2, 'it opens with its own key only');
      const copied = await spawnServer({ dataDir: back, extraArgs: ['--encryption-key-file', otherKey] });
      try {
        const sqs = sqsClient(copied.url);
        const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: filled.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
        sqs.destroy();
        const total = Number(attrs.Attributes!.ApproximateNumberOfMessages) + Number(attrs.Attributes!.ApproximateNumberOfMessagesNotVisible);
        assert.equal(total, filled.bodies.size + 1, 'every message was copied');
      } finally {
        await copied.stop();
      }
    } finally {
      await dropSchema(schema);
    }
  });
});

describe('encryption at rest [sqlite]: kill -9 under load loses no acknowledged message', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'switchyard-encryption-key-'));
  const key = keyFile(join(keyDir, 'key.hex'));
  after(() => rmSync(keyDir, { recursive: true, force: true }));
  const fx = killRestartFixture('sqlite', { schemaPrefix: 'unused', dirPrefix: 'switchyard-encryption-kill-', extraArgs: ['--encryption-key-file', key], client: (url) => new SQSClient(noRetryClientConfig(url)) });
  let queueUrl: string;
  before(async () => {
    const c = fx.client();
    queueUrl = (await c.send(new CreateQueueCommand({ QueueName: 'load' }))).QueueUrl!;
  });

  for (let cycle = 1; cycle <= 2; cycle++) {
    it(`cycle ${cycle}: every acknowledged send is there after the restart with the key`, async (t) => {
      const sqs = fx.client();
      const acked = new Set<string>();
      const load = (stop: StopFlag) =>
        Promise.all(
          Array.from({ length: 6 }, async (_, p) => {
            for (let n = 0; !stop.now; n++) {
              const body = `c${cycle}-p${p}-${n}-${randomBytes(4).toString('hex')}`;
              try {
                await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
                acked.add(body);
              } catch {
                return; // the kill: this send may or may not have committed
              }
            }
          }),
        );
      await fx.killDuring(load, 150 + Math.floor(Math.random() * 400), () => acked.size > 0);
      assert.ok(acked.size > 0, 'something was acknowledged before the kill');
      t.diagnostic(`${acked.size} sends acknowledged before the kill`);
      const seen = new Set<string>();
      await drainQueue(fx.client(), queueUrl, { quietMs: 2_000, maxMs: 30_000, visibilityTimeout: 300, onMessages: (ms) => ms.forEach((m) => seen.add(m.Body!)) });
      const lost = [...acked].filter((b) => !seen.has(b));
      assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged messages were lost`);
      const bytes = onDisk(fx.options.dataDir!);
      assert.equal(bytes.db.includes(`c${cycle}-p`) || bytes.wal.includes(`c${cycle}-p`), false, 'the data is encrypted after the restart');
    });
  }
});
