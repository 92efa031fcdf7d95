// SIGHUP re-reads the credentials file of a real server process (runtime/credentials-reload.ts):
// a key added works at once, a key removed or a secret replaced stops working at once (the
// verifier's cached signing keys included), new limits apply, and a file with a mistake changes
// nothing and says so in the log, with the server still running. SQLite only: the keys live in the
// process, the same whatever the engine.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { spawnServer, type SpawnedServer } from '../helpers/process.js';
import { ALICE, BOB, clientConfig, type Key } from './auth-keys.js';

describe('credentials file re-read on SIGHUP: a server process', () => {
  let dir: string;
  let file: string;
  let server: SpawnedServer;
  const clients: SQSClient[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-auth-reload-'));
    file = join(dir, 'credentials.json');
    writeFileSync(file, JSON.stringify({ accessKeys: [ALICE] }));
    server = await spawnServer({ extraArgs: ['--credentials', file] });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What ListQueues signed by `key` gets: 'ok', or the error's name. */
  async function listAs(key: Key, secret = key.secretAccessKey): Promise<string> {
    const sqs = new SQSClient(clientConfig(server.url, key, secret));
    clients.push(sqs);
    try {
      await sqs.send(new ListQueuesCommand({}));
      return 'ok';
    } catch (e) {
      return (e as Error).name;
    }
  }

  /** Sends SIGHUP and waits until the log says the file was read (or not). */
  async function hangUp(expect: RegExp): Promise<void> {
    const before = server.stderr().length;
    server.child.kill('SIGHUP');
    for (let i = 0; i < 100 && !expect.test(server.stderr().slice(before)); i++) await sleep(50);
    assert.match(server.stderr().slice(before), expect);
  }

  it('keys added, removed and re-keyed, and limits, take effect at once; a broken file changes nothing', async () => {
    assert.equal(await listAs(ALICE), 'ok');
    assert.notEqual(await listAs(BOB), 'ok');
    const alice2 = { ...ALICE, secretAccessKey: 'alice/new+secret0002' };
    writeFileSync(file, JSON.stringify({ accessKeys: [alice2, BOB], limits: { [BOB.accountId]: { requestsPerSecond: 0.001, burst: 1 } } }));
    // The log level is warn: the re-read's info line is not printed, so wait on what it changed.
    server.child.kill('SIGHUP');
    for (let i = 0; i < 100 && (await listAs(alice2)) !== 'ok'; i++) await sleep(50);
    assert.equal(await listAs(alice2), 'ok', 'the new secret works');
    assert.equal(await listAs(ALICE), 'SignatureDoesNotMatch', 'the old secret no longer does (its cached signing key is not used)');
    assert.equal(await listAs(BOB), 'ok', 'a key added');
    assert.equal(await listAs(BOB), 'RequestThrottled', 'the limit added applies');

    writeFileSync(file, '{"accessKeys": [');
    await hangUp(/credentials file not re-read: the keys and limits in use stay.*not valid JSON/);
    assert.equal(await listAs(alice2), 'ok', 'the keys in use stay');
    assert.equal(server.child.exitCode, null, 'SIGHUP did not end the server');

    writeFileSync(file, JSON.stringify({ accessKeys: [BOB] }));
    server.child.kill('SIGHUP');
    for (let i = 0; i < 100 && (await listAs(alice2)) === 'ok'; i++) await sleep(50);
    assert.notEqual(await listAs(alice2), 'ok', 'a key removed');
  });
});
