import { createReadStream, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { WireHandler, WireRequest, WireResponse } from '../protocol/wire.js';
import type { Engine } from '../storage/engine.js';
import { basicAuthAccount } from './credentials-basic.js';
import type { AccessKeys } from './credentials.js';
import type { Log } from './logger.js';

/**
 * POST /_switchyard/backup: a consistent snapshot of the SQLite database, taken by the running
 * server (which holds the file's lock, so nothing else can read it) with SQLite's online backup
 * API, and streamed back as the response body (`switchyard backup --to <file>` saves it).
 *
 * The snapshot is written to a temporary file first, beside the database (the same file system
 * has room for a copy of it; the system's temp dir for an in-memory store), and removed once sent
 * or if the client goes away. Requests keep being served meanwhile. On PostgreSQL the answer is a
 * 501 naming pg_dump, the tool for that engine.
 */
export const BACKUP_PATH = '/_switchyard/backup';
const STAGING_PREFIX = '.switchyard-backup-';

/**
 * Serves BACKUP_PATH in front of `handler`. `authorize`, when given, answers a request that may
 * not take a backup (the snapshot holds every account's data) and returns undefined for one that may.
 */
export function withBackupRoute(handler: WireHandler, engine: Engine, log: Log, authorize?: (req: WireRequest) => WireResponse | undefined): WireHandler {
  const staging = engine.location === ':memory:' ? tmpdir() : dirname(engine.location);
  // Snapshots staged by a server that died while sending them: this process holds the data
  // directory's lock, so any found there now are nobody's.
  if (engine.backup !== undefined && staging !== tmpdir()) {
    for (const name of readdirSync(staging)) if (name.startsWith(STAGING_PREFIX)) rmSync(join(staging, name), { recursive: true, force: true });
  }
  return async (req) => {
    if (req.path !== BACKUP_PATH) return handler(req);
    const refused = authorize?.(req);
    if (refused !== undefined) return refused;
    if (req.method !== 'POST') return json(405, { error: 'MethodNotAllowed', message: `use POST ${BACKUP_PATH}` }, { allow: 'POST' });
    if (engine.backup === undefined) {
      return json(501, {
        error: 'BackupNotSupported',
        message: 'this server runs on PostgreSQL: back up its schema with pg_dump (pg_dump --format=custom --schema=<schema> <url>) and restore with pg_restore',
      });
    }
    const started = Date.now();
    const dir = await mkdtemp(join(staging, STAGING_PREFIX));
    const file = join(dir, 'switchyard.db');
    try {
      await engine.backup(file);
      const { size } = await stat(file);
      log('info', 'backup taken', { requestId: req.requestId, bytes: size, ms: Date.now() - started });
      return {
        status: 200,
        headers: {
          'content-type': 'application/vnd.sqlite3',
          'x-switchyard-backup-bytes': String(size),
          'content-disposition': `attachment; filename="switchyard-${new Date(started).toISOString().replace(/[:.]/g, '-')}.db"`,
          'cache-control': 'no-store',
        },
        body: sendThenRemove(file, dir),
      };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      log('error', 'backup failed', { requestId: req.requestId, error: String(error) });
      return json(500, { error: 'BackupFailed', message: `the backup failed: ${(error as Error).message}` });
    }
  };
}

/**
 * With access keys (`--credentials`): a backup holds every account's data, so it takes HTTP Basic
 * auth (credentials-basic.ts) with a key of the server's own account (`--account-id`), the
 * operator's; a key of another account is refused with 403.
 */
export function operatorOnly(keys: AccessKeys, accountId: string): (req: WireRequest) => WireResponse | undefined {
  return (req) => {
    const who = basicAuthAccount(req, keys);
    if (typeof who !== 'string') return who;
    if (who === accountId) return undefined;
    return json(403, { error: 'AccessDenied', message: `a backup holds every account's data: sign in with a key of the server's account ${accountId}` });
  };
}

/** The file's bytes; the temporary directory goes when they are sent, or when the sending stops. */
async function* sendThenRemove(file: string, dir: string): AsyncIterable<Uint8Array> {
  try {
    yield* createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): WireResponse {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}
