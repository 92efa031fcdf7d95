import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import type { ServerConfig } from '../../src/runtime/config.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Plumbing of the audit log e2e suites (test/e2e/audit-log*.test.ts). */
export type AuditRecord = Record<string, any>;

/** The records of an audit log file, one JSON object per line. */
export function readAudit(path: string): AuditRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
}

/** The error a request was refused with (fails if it succeeded). */
export async function refusal(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('the request succeeded');
}

export interface AuditFixture {
  /** This test's log file (in a temp dir of its own). */
  readonly path: string;
  /** A SQLite server logging to `path`, with more settings; closed after the test. */
  start(settings?: Partial<Record<keyof ServerConfig, string>>): Promise<TestServer>;
  /** A server started otherwise (with `auditLog: path`), closed after the test. */
  adopt(server: TestServer): TestServer;
  /** Closes the server (which writes out what the log holds) and reads the records. */
  records(): Promise<AuditRecord[]>;
}

/** Registers, in the calling suite, a fresh log file and server per test. */
export function auditFixture(): AuditFixture {
  let dir = '';
  let server: TestServer | undefined;
  const fixture: AuditFixture = {
    get path() {
      return join(dir, 'audit.log');
    },
    async start(settings = {}) {
      return (server = await startTestServer('sqlite', {}, { auditLog: fixture.path, ...settings }));
    },
    adopt: (s) => (server = s),
    async records() {
      await server!.close();
      server = undefined;
      return readAudit(fixture.path);
    },
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-audit-e2e-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  return fixture;
}
