// The audit log of a real server process (the CLI, `switchyard start --audit-log <file>`): lines
// appear within the second without any request to flush them; SIGHUP after logrotate's rename
// reopens the file (earlier lines stay in the renamed file, later ones go to a new file at the
// path) and leaves the server running; SIGTERM writes out what is left.
// SQLite only: the log is written by the protocol layer, the same whatever the engine.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CreateQueueCommand, DeleteQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { spawnServer, type SpawnedServer } from '../helpers/process.js';
import { readAudit, type AuditRecord } from './audit-log-records.js';

/** The records at `path` once `count` are there (the log is written at least every second). */
async function recordsAt(path: string, count: number, timeoutMs = 5000): Promise<AuditRecord[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const records = existsSync(path) ? readAudit(path) : [];
    if (records.length >= count || Date.now() > until) return records;
    await sleep(50);
  }
}

describe('audit log: a server process', () => {
  let dir: string;
  let server: SpawnedServer;
  let sqs: SQSClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-audit-proc-'));
    server = await spawnServer({ extraArgs: ['--audit-log', join(dir, 'audit.log'), '--audit-log-data-events'] });
    sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
  });
  after(async () => {
    sqs.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes within a second, reopens the file on SIGHUP after a rename, and keeps serving', async () => {
    const path = join(dir, 'audit.log');
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'before-rotation' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a data event' }));
    assert.deepEqual((await recordsAt(path, 2)).map((r) => r.eventName), ['CreateQueue', 'SendMessage']);

    renameSync(path, `${path}.1`);
    server.child.kill('SIGHUP');
    // The reopen is told in the server's log (info: the test server runs at warn), so wait for the
    // new file instead.
    const until = Date.now() + 5000;
    while (!existsSync(path) && Date.now() < until) await sleep(20);
    assert.ok(existsSync(path), 'SIGHUP made a new file at the path');

    await sqs.send(new CreateQueueCommand({ QueueName: 'after-rotation' }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    assert.deepEqual((await recordsAt(path, 2)).map((r) => [r.eventName, r.requestParameters.queueName ?? r.requestParameters.queueUrl]), [
      ['CreateQueue', 'after-rotation'],
      ['DeleteQueue', QueueUrl],
    ]);
    assert.deepEqual(readAudit(`${path}.1`).map((r) => r.eventName), ['CreateQueue', 'SendMessage']);
    assert.equal(server.child.exitCode, null, 'SIGHUP did not stop the server');
  });

  it('SIGTERM writes out the last records before the process ends', async () => {
    const path = join(dir, 'audit.log');
    const before = readAudit(path).length;
    await sqs.send(new CreateQueueCommand({ QueueName: 'last-words' }));
    await server.stop();
    const records = readAudit(path);
    assert.equal(records.length, before + 1);
    assert.equal(records.at(-1)!.requestParameters.queueName, 'last-words');
  });
});
