/** The audit log file: buffered appends, the one-second flush, reopening after a rotation, close. */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditLogFile } from './audit-log.js';
import { buildConfig, ConfigError, configFromEnv } from './config.js';
import type { Log } from './logger.js';

describe('AuditLogFile', () => {
  let dir: string;
  const logged: string[] = [];
  const log: Log = (_level, message) => void logged.push(message);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-audit-'));
    logged.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends lines to the file (created, mode 640) on its timer, not when they are added', async () => {
    const path = join(dir, 'audit.log');
    const file = new AuditLogFile(path, log, 50);
    // 640 at most (the umask may take more away): the log names accounts and keys.
    assert.equal(statSync(path).mode & 0o777 & ~0o640, 0);
    file.append('{"a":1}');
    file.append('{"a":2}');
    assert.equal(readFileSync(path, 'utf8'), '');
    await sleep(150);
    assert.equal(readFileSync(path, 'utf8'), '{"a":1}\n{"a":2}\n');
    await file.close();
  });

  it('appends to what the file already holds; close writes what is left, then drops later lines', async () => {
    const path = join(dir, 'audit.log');
    const first = new AuditLogFile(path, log);
    first.append('one');
    await first.close();
    const second = new AuditLogFile(path, log);
    second.append('two');
    await second.close();
    second.append('three');
    assert.equal(readFileSync(path, 'utf8'), 'one\ntwo\n');
  });

  it('a full buffer is written at once, in order', async () => {
    const path = join(dir, 'audit.log');
    const file = new AuditLogFile(path, log, 60_000);
    const line = 'x'.repeat(1000);
    for (let i = 0; i < 100; i++) file.append(`${i} ${line}`);
    await sleep(50);
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    assert.ok(lines.length >= 64, `written: ${lines.length}`);
    assert.deepEqual(lines.map((l) => Number(l.split(' ')[0])), [...lines.keys()]);
    await file.close();
    assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 100);
  });

  it('reopen (SIGHUP after logrotate renamed the file): earlier lines stay in the renamed file, later ones go to a new one', async () => {
    const path = join(dir, 'audit.log');
    const file = new AuditLogFile(path, log, 60_000);
    file.append('before');
    renameSync(path, `${path}.1`);
    await file.reopen();
    file.append('after');
    await file.close();
    assert.equal(readFileSync(`${path}.1`, 'utf8'), 'before\n');
    assert.equal(readFileSync(path, 'utf8'), 'after\n');
    assert.ok(logged.includes('audit log reopened'));
  });

  it('a path that cannot be opened stops the start with a ConfigError naming it', () => {
    const path = join(dir, 'no-such-dir', 'audit.log');
    assert.throws(() => new AuditLogFile(path, log), (e) => e instanceof ConfigError && e.message.startsWith(`cannot open the audit log ${path}:`));
  });
});

describe('audit log settings', () => {
  it('off unless a file is given; the path resolved; data events off unless switched on', () => {
    assert.equal(buildConfig({}).auditLog, undefined);
    assert.equal(buildConfig({}).auditLogDataEvents, false);
    assert.equal(buildConfig({ auditLog: 'audit.log' }).auditLog, resolve('audit.log'));
    const env = configFromEnv({ SWITCHYARD_AUDIT_LOG: '/var/log/switchyard/audit.log', SWITCHYARD_AUDIT_LOG_DATA_EVENTS: 'on' });
    assert.equal(env.auditLog, '/var/log/switchyard/audit.log');
    assert.equal(env.auditLogDataEvents, true);
    assert.equal(configFromEnv({ SWITCHYARD_AUDIT_LOG_DATA_EVENTS: 'on' }, { auditLogDataEvents: false }).auditLogDataEvents, false);
    assert.throws(() => buildConfig({ auditLogDataEvents: 'sometimes' }), (e) => e instanceof ConfigError && e.message === 'invalid audit-log-data-events setting: sometimes (true | false)');
  });
});

describe('AuditLogFile on a file that stops taking writes', () => {
  it('drops records past the bound instead of growing, and says how many once writes go through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-audit-'));
    const fifo = join(dir, 'audit.fifo');
    execFileSync('mkfifo', [fifo]);
    // A reader that reads nothing yet: the pipe (64 KiB) fills and the writes wait.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const logged: { message: string; fields?: Record<string, unknown> }[] = [];
    const file = new AuditLogFile(fifo, (_level, message, fields) => void logged.push({ message, fields }), 60_000, 100_000);
    const line = 'x'.repeat(999);
    for (let i = 0; i < 400; i++) file.append(line);
    await sleep(100);
    // 64 KiB in the pipe, a write of the rest waiting, then up to 100 kB buffered: the rest dropped.
    let read = 0;
    const buffer = Buffer.alloc(1 << 20);
    const drain = async () => {
      for (let idle = 0; idle < 20; ) {
        try {
          const n = readSync(reader, buffer);
          read += n;
          idle = n === 0 ? idle + 1 : 0;
        } catch {
          idle += 1;
          await sleep(10);
        }
      }
    };
    await drain();
    const closing = file.close();
    await drain();
    await closing;
    closeSync(reader);
    rmSync(dir, { recursive: true, force: true });
    const dropped = logged.find((l) => l.message.startsWith('audit log records dropped'));
    assert.ok(dropped, JSON.stringify(logged));
    const lines = read / 1000;
    assert.equal(lines + (dropped.fields!.records as number), 400);
    assert.ok(lines < 400 && lines >= 100, `written: ${lines}`);
  });
});
