import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Durability, Engine, EngineConfig } from '../engine.js';
import { GroupCommit } from './group-commit.js';
import { Compactor, convertToIncrementalVacuum, preferIncrementalVacuum, storageUsage, WAL_SIZE_LIMIT_BYTES } from './compaction.js';
import { migrate } from './migrate.js';
import { newerStoreNotice } from '../schema-compat.js';
import { migrations } from './migrations/index.js';
import { SqliteSqsStore } from './sqs-store.js';
import { SqliteKinesisStore } from './kinesis-store.js';
import { SqliteSnsStore } from './sns-store.js';
import { SqliteTriggerCheckpoints } from './trigger-checkpoints.js';
import { applyEncryptionKey, EncryptionError, readEncryptionKeyFile, unreadableWithoutKey } from './encryption.js';

export const SQLITE_FILE_NAME = 'switchyard.db';

/**
 * What each durability level means on SQLite in WAL mode:
 * - full:   synchronous=FULL   — the WAL is fsync'd at every commit (survives power loss).
 * - normal: synchronous=NORMAL — the commit is written to the OS at every commit, fsync'd only at
 *           checkpoints (survives a killed process, not a power loss or kernel crash).
 * - off:    synchronous=OFF    — nothing is fsync'd, ever.
 */
const SYNCHRONOUS: Record<Durability, string> = { full: 'FULL', normal: 'NORMAL', off: 'OFF' };

/**
 * Opens (creating if needed) `<dataDir>/switchyard.db`, or an in-memory database, applies the
 * migrations and returns the engine.
 *
 * The file is opened with an exclusive lock held until close: the engine keeps caches that are
 * only valid while it alone writes the file, and two Switchyard processes on one data directory
 * would hand out the same message twice. A second process therefore fails to open it.
 */
export async function openSqliteEngine(config: EngineConfig): Promise<Engine> {
  const durability = config.durability ?? 'full';
  // Read before anything is created: a bad key file leaves no new, empty database behind.
  const key = config.encryptionKeyFile === undefined ? undefined : readEncryptionKeyFile(config.encryptionKeyFile, (m) => config.log?.('warn', m));
  if (key !== undefined && config.inMemory) throw new EncryptionError('--encryption-key-file with an in-memory store: nothing is kept at rest to encrypt');
  let location: string;
  if (config.inMemory) {
    location = ':memory:';
  } else {
    const dir = resolve(config.dataDir ?? 'data');
    mkdirSync(dir, { recursive: true });
    location = join(dir, SQLITE_FILE_NAME);
  }

  const db = new Database(location, { timeout: 2_000 }) // busy_timeout: only matters at open, see below;
  try {
    // The key first: every later statement reads or writes pages, which must be decrypted/encrypted.
    if (key !== undefined) applyEncryptionKey(db, key, location);
    preferIncrementalVacuum(db); // a new database gives freed pages back to the file system (compaction.ts)
    db.pragma('locking_mode = EXCLUSIVE'); // before WAL: then no shared-memory index is needed either
    if (!config.inMemory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal') throw new Error(`could not switch ${location} to WAL mode (got ${String(mode)})`);
    }
    db.pragma(`synchronous = ${SYNCHRONOUS[durability]}`);
    db.pragma('foreign_keys = OFF'); // no foreign keys in the schema; the stores keep references consistent
    db.pragma('temp_store = MEMORY');
    // 16 MiB of page cache: the messages live on disk, not in this process (holding 100,000 messages
    // grew RSS by the cache's fill, ~24 MiB with 32 MiB; bench/sqs.ts).
    db.pragma('cache_size = -16384');
    const verdict = migrate(db, migrations, Date.now); // takes the write lock, which locking_mode=EXCLUSIVE then keeps
    // Going back a version after an upgrade: allowed when the newer migrations declared it safe.
    if (verdict.storeVersion > verdict.knownVersion) config.log?.('warn', newerStoreNotice(`SQLite database ${location}`, verdict));
    if (!config.inMemory) {
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      convertToIncrementalVacuum(db, location);
    }
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') {
      throw new Error(`${location} is in use by another process (is another Switchyard running on this data directory?)`, { cause: e });
    }
    if (key === undefined && (e as { code?: string }).code === 'SQLITE_NOTADB') throw unreadableWithoutKey(location, '--encryption-key-file', e);
    throw e;
  }

  const writer = new GroupCommit(db);
  const sqs = new SqliteSqsStore(db, writer);
  const kinesis = new SqliteKinesisStore(db, writer);
  const sns = new SqliteSnsStore(db, writer);
  const compactor = config.inMemory ? undefined : new Compactor(db, writer, config.compaction);
  compactor?.start();
  let closing: Promise<void> | undefined;
  return {
    kind: 'sqlite',
    location,
    sqs,
    kinesis,
    sns,
    triggerCheckpoints: new SqliteTriggerCheckpoints(db, writer),
    // The backup runs in steps between event-loop turns; writes the engine commits meanwhile go
    // through this same connection, so SQLite carries them into the copy too: the copy is the
    // database as it stands when the last step ends.
    // Encrypted, SQLite's backup API refuses ("incompatible source and target databases": the copy
    // would be opened without the key), so the copy is a VACUUM INTO, which SQLite3MC writes
    // encrypted with the same cipher and key. It runs in one go (no transaction is open between
    // event-loop turns: the group commit runs its batches synchronously), holding requests for its
    // duration: 1.0 s for an 82 MB file on the development VM.
    async backup(file: string) {
      if (key === undefined) await db.backup(file);
      else db.prepare('VACUUM INTO ?').run(file);
    },
    usage: config.inMemory ? undefined : () => storageUsage(db, location),
    close() {
      closing ??= (async () => {
        await compactor?.stop();
        await writer.close();
        db.close();
      })();
      return closing;
    },
  };
}
