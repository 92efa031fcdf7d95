import type Database from 'better-sqlite3';
import type { Migration } from './migrations/index.js';
import { judgeStore, ruleText, type AppliedMigration, type StoreVerdict } from '../schema-compat.js';

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, each with its
 * rule for older builds (schema-compat.ts). A file a newer Switchyard migrated is left as it is:
 * opened when every migration this build does not know declared older code safe (going back a
 * version after an upgrade), refused otherwise, naming both versions and the migration.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], now: () => number): StoreVerdict {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  // `older_nodes` came after the table itself: add it to a file made before.
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('schema_migrations') as string[];
  if (!columns.includes('older_nodes')) db.exec('ALTER TABLE schema_migrations ADD COLUMN older_nodes TEXT');
  const known = migrations.map((m) => m.version);
  const rows = readApplied(db);
  const verdict = judgeStore(rows, known, 'the database');
  if (verdict.refusal) throw new Error(verdict.refusal);
  if (verdict.storeVersion > verdict.knownVersion) return verdict;
  // Rows a build from before the rule recorded have none: write in the rule this build knows.
  const unruled = new Set(rows.filter((r) => r.olderNodes === null).map((r) => r.version));
  const rule = db.prepare('UPDATE schema_migrations SET older_nodes = ? WHERE version = ?');
  db.transaction(() => {
    for (const m of migrations) if (unruled.has(m.version) && m.olderNodes !== undefined) rule.run(ruleText(m.olderNodes), m.version);
  })();
  const applied = new Set(rows.map((m) => m.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at, older_nodes) VALUES (?, ?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, now(), ruleText(m.olderNodes));
    }).immediate();
  }
  return judgeStore(readApplied(db), known, 'the database');
}

function readApplied(db: Database.Database): AppliedMigration[] {
  const rows = db.prepare('SELECT version, name, older_nodes FROM schema_migrations').all() as { version: number; name: string; older_nodes: string | null }[];
  return rows.map((r) => ({ version: r.version, name: r.name, olderNodes: r.older_nodes }));
}
