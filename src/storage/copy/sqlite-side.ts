import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { preferIncrementalVacuum } from '../sqlite/compaction.js';
import { applyEncryptionKey, readEncryptionKeyFile, unreadableWithoutKey } from '../sqlite/encryption.js';
import { migrate } from '../sqlite/migrate.js';
import { migrations } from '../sqlite/migrations/index.js';
import { SQLITE_FILE_NAME } from '../sqlite/engine.js';
import type { CopySide } from './side.js';
import { defaultSelect, tableOn, type SequenceMap, type TableMap } from './tables.js';
import { fromSqlite, toSqlite, type Value } from './values.js';

/**
 * A SQLite data directory as a copy's source or target. It is opened as the engine opens it
 * (exclusive lock, WAL, migrations applied), then `BEGIN IMMEDIATE` holds the write lock for the
 * whole copy: a server running on the directory makes the open fail, and none can start until
 * the copy is over. The source reads inside that transaction (one snapshot) and rolls it back;
 * the target writes inside it and commits at the end.
 */
export function openSqliteSide(dataDir: string, role: 'source' | 'target', encryptionKeyFile?: string): CopySide {
  const dir = resolve(dataDir);
  const file = join(dir, SQLITE_FILE_NAME);
  // An encrypted store is opened with its key (sqlite/encryption.ts); a new target given a key is made encrypted.
  const key = encryptionKeyFile === undefined ? undefined : readEncryptionKeyFile(encryptionKeyFile, (m) => process.stderr.write(`warning: ${m}\n`));
  if (role === 'source' && !existsSync(file)) throw new Error(`${file} does not exist (no Switchyard data in ${dir})`);
  if (role === 'target') mkdirSync(dir, { recursive: true });
  const db = new Database(file, { timeout: 1_000 });
  try {
    if (key !== undefined) applyEncryptionKey(db, key, file);
    // A new target is made as the engine makes a new database: with incremental auto-vacuum, which
    // SQLite can only set before the first table (a large copied store could not be converted later).
    if (role === 'target') preferIncrementalVacuum(db);
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db, migrations, Date.now);
    db.prepare('BEGIN IMMEDIATE').run();
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') {
      throw new Error(`${file} is in use (stop the Switchyard running on ${dir} first)`, { cause: e });
    }
    if (key === undefined && (e as { code?: string }).code === 'SQLITE_NOTADB') throw unreadableWithoutKey(file, `--${role === 'source' ? 'from' : 'to'}-encryption-key-file`, e);
    throw e;
  }
  let open = true;
  const inserts = new Map<string, Database.Statement>();
  const scalar = (sql: string, ...params: unknown[]): bigint =>
    BigInt((db.prepare(sql).pluck().safeIntegers(true).get(...params) as bigint | number | null) ?? 0);

  return {
    engine: 'sqlite',
    label: file,
    async schema() {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
      return new Map(tables.map((t) => [t, (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[])]));
    },
    async countSource(t) {
      const select = t.sqlite?.select ?? defaultSelect(t);
      return {
        held: Number(scalar(`SELECT count(*) FROM ${tableOn(t, 'sqlite')}`)),
        selected: Number(scalar(`SELECT count(*) FROM (${select})`)),
      };
    },
    async *read(t) {
      const stmt = db.prepare(t.sqlite?.select ?? defaultSelect(t)).raw(true).safeIntegers(true);
      const page = t.pageRows ?? 1000;
      let rows: Value[][] = [];
      // iterate() steps the statement row by row: memory holds one page, whatever the table's size.
      for (const raw of stmt.iterate() as IterableIterator<unknown[]>) {
        rows.push(t.columns.map(([, kind], i) => fromSqlite(kind, raw[i])));
        if (rows.length === page) {
          yield rows;
          rows = [];
        }
      }
      if (rows.length > 0) yield rows;
    },
    async occupied(tables) {
      return tables.filter((t) => !t.serverMade && scalar(`SELECT count(*) FROM (SELECT 1 FROM ${tableOn(t, 'sqlite')} LIMIT 1)`) > 0n).map((t) => t.name);
    },
    async clear(t) {
      db.prepare(`DELETE FROM ${tableOn(t, 'sqlite')}`).run();
    },
    async write(t, rows, ctx) {
      let stmt = inserts.get(t.name);
      if (stmt === undefined) {
        const ins = t.sqlite?.insert;
        const columns = ins?.columns ?? t.columns.map(([c]) => c);
        const values = ins?.values ?? columns.map(() => '?');
        stmt = db.prepare(`INSERT INTO ${tableOn(t, 'sqlite')} (${columns.join(', ')}) VALUES (${values.join(', ')}) ${ins?.tail ?? ''}`);
        inserts.set(t.name, stmt);
      }
      for (const row of rows) {
        const params = t.sqlite?.write ? t.sqlite.write(row, ctx) : row.map((v, i) => toSqlite(t.columns[i]![1], v));
        stmt.run(...params);
      }
    },
    async count(t) {
      return Number(scalar(`SELECT count(*) FROM ${tableOn(t, 'sqlite')}`));
    },
    async highWater(s) {
      const max = scalar(`SELECT max(${s.column}) FROM ${s.table}`);
      const mark = marked(s);
      return mark > max ? mark : max;
    },
    async raiseHighWater(s, value) {
      if (value <= marked(s)) return;
      if (s.sqlite === 'engine_counters') {
        db.prepare("UPDATE engine_counters SET value = ? WHERE name = 'sqs_message_seq'").run(value);
      } else if (s.sqlite === 'autoincrement') {
        const changed = db.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ?').run(value, s.table).changes;
        if (changed === 0) db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(s.table, value);
      }
      // 'rowid': SQLite hands out max + 1; the rows copied already set it.
    },
    async commit() {
      db.prepare('COMMIT').run();
    },
    async close() {
      if (!open) return;
      open = false;
      if (db.inTransaction) db.prepare('ROLLBACK').run();
      db.close();
    },
  };

  /** The high-water mark the counter itself keeps (0 where none is kept). */
  function marked(s: SequenceMap): bigint {
    if (s.sqlite === 'engine_counters') return scalar("SELECT value FROM engine_counters WHERE name = 'sqs_message_seq'");
    if (s.sqlite === 'autoincrement') return scalar('SELECT seq FROM sqlite_sequence WHERE name = ?', s.table);
    return 0n;
  }
}
