import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { applyEncryptionKey, isPlainSqlite, readEncryptionKeyFile, type EncryptionKey } from '../storage/sqlite/encryption.js';
import { basicAuthHeaders } from './basic-auth.js';

export const BACKUP_SYNOPSIS = 'backup --to <file> [--endpoint <url>] [--encryption-key-file <file>]';

export const BACKUP_HELP = `backup: asks a running Switchyard on SQLite (--endpoint, default http://127.0.0.1:4566) for a
  consistent snapshot of its database, taken while it keeps serving, and saves it as <file>
  (checked with SQLite's quick_check before it gets that name). To restore, stop the server and put
  the file in place as <data-dir>/switchyard.db (see README). On PostgreSQL use pg_dump. A server
  with --credentials wants a key of its own account: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
  are sent as HTTP Basic auth. A server with --encryption-key-file sends its snapshot encrypted with
  its key; give the same --encryption-key-file here so that the snapshot can be checked (it is
  saved encrypted, and restored by starting with that key).
`;

/** `switchyard backup`: POST /_switchyard/backup (runtime/backup.ts), saved to a file. */
export async function backupCommand(args: string[]): Promise<number> {
  let to: string;
  let endpoint: string;
  let key: EncryptionKey | undefined;
  try {
    const { values } = parseArgs({ args, options: { to: { type: 'string' }, endpoint: { type: 'string' }, 'encryption-key-file': { type: 'string' } }, strict: true });
    if (values.to === undefined) throw new Error('backup needs --to <file>');
    to = values.to;
    endpoint = (values.endpoint ?? 'http://127.0.0.1:4566').replace(/\/+$/, '');
    const keyFile = values['encryption-key-file'];
    key = keyFile === undefined ? undefined : readEncryptionKeyFile(keyFile, (m) => process.stderr.write(`switchyard backup: warning: ${m}\n`));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\nUsage: switchyard ${BACKUP_SYNOPSIS}\n\n${BACKUP_HELP}`);
    return 2;
  }
  let res: Response;
  try {
    res = await fetch(`${endpoint}/_switchyard/backup`, { method: 'POST', headers: basicAuthHeaders(process.env) });
  } catch (error) {
    process.stderr.write(`switchyard: cannot reach ${endpoint}: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}\n`);
    return 1;
  }
  if (!res.ok || res.body === null) {
    process.stderr.write(`switchyard: ${endpoint} answered ${res.status}: ${await res.text()}\n`);
    return 1;
  }
  // Written under a temporary name, checked, then renamed: <file> is a whole, sound database or nothing.
  const partial = `${to}.partial`;
  try {
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(partial));
    const expected = res.headers.get('x-switchyard-backup-bytes');
    // An encrypted server's snapshot is encrypted with its key (storage/sqlite/engine.ts): checked
    // with that key, or not saved (an unchecked file could be a truncated one).
    const encrypted = !isPlainSqlite(partial);
    if (encrypted && key === undefined) throw new Error(`the snapshot is encrypted (the server runs with --encryption-key-file): give the same key with --encryption-key-file to check it`);
    const check = new Database(partial, { readonly: true, fileMustExist: true });
    let verdict: string;
    let queues: number;
    try {
      if (encrypted) applyEncryptionKey(check, key!, partial);
      verdict = String(check.pragma('quick_check', { simple: true }));
      queues = check.prepare('SELECT count(*) FROM sqs_queues').pluck().get() as number;
    } finally {
      check.close();
    }
    if (verdict !== 'ok') throw new Error(`the snapshot failed SQLite's quick_check: ${verdict}`);
    const { size } = await stat(partial);
    if (expected !== null && Number(expected) !== size) throw new Error(`received ${size} bytes, the server sent ${expected}`);
    await rename(partial, to);
    process.stdout.write(`Backup of ${endpoint} saved to ${to} (${size} bytes, ${queues} ${queues === 1 ? 'queue' : 'queues'}${encrypted ? ', encrypted' : ''})\n`);
    return 0;
  } catch (error) {
    await rm(partial, { force: true });
    process.stderr.write(`switchyard backup: ${(error as Error).message}\n`);
    return 1;
  }
}
