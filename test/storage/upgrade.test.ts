/**
 * What a Switchyard does with a store a newer one has migrated (README "Upgrading"). A newer build
 * is simulated by one more migration (version 999) applied to the store first, with the rule it
 * declares for older nodes: incompatible → this build refuses to start, naming both versions and
 * the migration; compatible → it starts without migrating anything and says the store is newer.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openSqliteEngine, SQLITE_FILE_NAME } from '../../src/storage/sqlite/engine.js';
import { migrate as migrateSqlite } from '../../src/storage/sqlite/migrate.js';
import { migrations as sqliteMigrations } from '../../src/storage/sqlite/migrations/index.js';
import { openPostgresEngine } from '../../src/storage/postgres/engine.js';
import { migrate as migratePostgres } from '../../src/storage/postgres/migrate.js';
import { migrations as postgresMigrations } from '../../src/storage/postgres/migrations/index.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';

const INCOMPATIBLE = { version: 999, name: '0999-from-the-future', sql: 'CREATE TABLE from_the_future (x integer)', olderNodes: 'incompatible' } as const;
const COMPATIBLE = { ...INCOMPATIBLE, olderNodes: 'compatible' } as const;
const skipPostgres = !E2E_ENGINES.includes('postgres') && 'PostgreSQL runs are switched off (SWITCHYARD_E2E_ENGINES)';

function logged(): { lines: string[]; log: (level: string, message: string) => void } {
  const lines: string[] = [];
  return { lines, log: (level, message) => lines.push(`${level}: ${message}`) };
}

describe('an older Switchyard on a store a newer one migrated: SQLite', () => {
  const root = mkdtempSync(join(tmpdir(), 'switchyard-upgrade-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const known = Math.max(...sqliteMigrations.map((m) => m.version));
  const newerStore = (...extra: { version: number; name: string; sql: string; olderNodes: 'compatible' | 'incompatible' }[]): string => {
    const dir = mkdtempSync(join(root, 'store-'));
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    migrateSqlite(db, [...sqliteMigrations, ...extra], Date.now);
    db.close();
    return dir;
  };
  const versions = (dir: string): number[] => {
    const db = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
    } finally {
      db.close();
    }
  };

  it('an incompatible migration: refuses to open it, naming both versions and the migration; the data stays as it was', async () => {
    const dir = newerStore(INCOMPATIBLE);
    await assert.rejects(
      openSqliteEngine({ dataDir: dir }),
      new RegExp(`the database is at migration 999, newer than this Switchyard knows \\(${known}\\), and migration 999 \\(0999-from-the-future\\) is marked incompatible with older nodes: this version cannot run against it \\(it needs 999 or newer\\); upgrade Switchyard`),
    );
    assert.equal(versions(dir).at(-1), 999);
  });

  it('a compatible migration: opens it without migrating anything, says the store is newer, and serves', async () => {
    const dir = newerStore(COMPATIBLE);
    const { lines, log } = logged();
    const engine = await openSqliteEngine({ dataDir: dir, log });
    try {
      assert.deepEqual(await engine.sqs.listQueues('000000000000', '', undefined, 10), []);
      assert.equal(lines.length, 1, lines.join('\n'));
      // Compatible from the last incompatible migration on (0017 is compatible: see its comment).
      const lastIncompatible = Math.max(...sqliteMigrations.filter((m) => m.olderNodes === 'incompatible').map((m) => m.version));
      assert.match(lines[0]!, new RegExp(`^warn: SQLite database .* is at migration 999, newer than this Switchyard knows \\(${known}\\); .*compatible from ${lastIncompatible}\\)`));
    } finally {
      await engine.close();
    }
    assert.deepEqual(versions(dir), [...sqliteMigrations.map((m) => m.version), 999]);
  });

  it('a migration recorded without a rule (a build from before rules) counts as incompatible', async () => {
    const dir = newerStore(COMPATIBLE);
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    db.prepare('UPDATE schema_migrations SET older_nodes = NULL WHERE version = 999').run();
    db.close();
    await assert.rejects(openSqliteEngine({ dataDir: dir }), /migration 999 \(0999-from-the-future\) is recorded without a compatibility rule/);
  });

  it('a newer store that lacks a migration this build has is refused, not patched', async () => {
    const dir = newerStore(COMPATIBLE);
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    db.prepare('DELETE FROM schema_migrations WHERE version = 14').run();
    db.close();
    await assert.rejects(openSqliteEngine({ dataDir: dir }), /is at migration 999, .* but lacks its migration 14: it was migrated by another line of builds/);
  });

  it('rows of a store first migrated before the rules existed get their rule written in at the next start', async () => {
    const dir = newerStore();
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    db.exec('ALTER TABLE schema_migrations DROP COLUMN older_nodes'); // the table as builds before this one made it
    db.close();
    const engine = await openSqliteEngine({ dataDir: dir });
    await engine.close();
    const after = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const rows = after.prepare('SELECT version, older_nodes AS rule FROM schema_migrations ORDER BY version').all();
      assert.deepEqual(rows, sqliteMigrations.map((m) => ({ version: m.version, rule: m.olderNodes })));
    } finally {
      after.close();
    }
  });
});

describe('an older Switchyard on a store a newer one migrated: PostgreSQL', { skip: skipPostgres }, () => {
  const known = Math.max(...postgresMigrations.map((m) => m.version));
  const withSchema = async (body: (schema: string, pool: pg.Pool) => Promise<void>): Promise<void> => {
    const schema = uniqueSchema('sy_upgrade');
    const pool = new pg.Pool({ connectionString: postgresTestUrl(), max: 1 });
    try {
      await body(schema, pool);
    } finally {
      await pool.end();
      await dropSchema(schema);
    }
  };
  const versions = async (pool: pg.Pool, schema: string) =>
    (await pool.query<{ version: number; rule: string | null }>(`SELECT version, older_nodes AS rule FROM "${schema}".schema_migrations ORDER BY version`)).rows;

  it('an incompatible migration: refuses to open it, naming both versions and the migration', () =>
    withSchema(async (schema, pool) => {
      await migratePostgres(pool, schema, [...postgresMigrations, INCOMPATIBLE]);
      await assert.rejects(
        openPostgresEngine({ databaseUrl: postgresTestUrl(), schema }),
        new RegExp(`schema "${schema}" is at migration 999, newer than this Switchyard knows \\(${known}\\), and migration 999 \\(0999-from-the-future\\) is marked incompatible with older nodes: this version cannot run against it \\(it needs 999 or newer\\)`),
      );
    }));

  it('a compatible migration: opens it without migrating anything, says the store is newer, and serves', () =>
    withSchema(async (schema, pool) => {
      await migratePostgres(pool, schema, [...postgresMigrations, COMPATIBLE]);
      const before = await versions(pool, schema);
      assert.equal(before.at(-1)?.rule, 'compatible');
      const { lines, log } = logged();
      const engine = await openPostgresEngine({ databaseUrl: postgresTestUrl(), schema, log });
      try {
        assert.equal(lines.length, 1, lines.join('\n'));
        assert.match(lines[0]!, new RegExp(`^warn: PostgreSQL schema "${schema}" is at migration 999, newer than this Switchyard knows \\(${known}\\); .*compatible from 14\\)`));
        assert.deepEqual(await engine.sqs.listQueues('000000000000', '', undefined, 10), []);
      } finally {
        await engine.close();
      }
      assert.deepEqual(await versions(pool, schema), before);
    }));

  it('the store records each migration\'s rule, and compatible_from is the newest incompatible one', () =>
    withSchema(async (schema, pool) => {
      await migratePostgres(pool, schema);
      assert.deepEqual(await versions(pool, schema), postgresMigrations.map((m) => ({ version: m.version, rule: m.olderNodes })));
      const from = await pool.query(`SELECT max(version) AS v FROM "${schema}".schema_migrations WHERE older_nodes IS DISTINCT FROM 'compatible'`);
      assert.equal(from.rows[0].v, 14); // 0016 is compatible, 0014 is not (see their comments)
    }));

  it('rows of a store first migrated before the rules existed get their rule written in at the next start', () =>
    withSchema(async (schema, pool) => {
      await migratePostgres(pool, schema);
      await pool.query(`ALTER TABLE "${schema}".schema_migrations DROP COLUMN older_nodes`);
      const engine = await openPostgresEngine({ databaseUrl: postgresTestUrl(), schema });
      await engine.close();
      assert.deepEqual(await versions(pool, schema), postgresMigrations.map((m) => ({ version: m.version, rule: m.olderNodes })));
    }));

  it('a migration recorded without a rule counts as incompatible', () =>
    withSchema(async (schema, pool) => {
      await migratePostgres(pool, schema, [...postgresMigrations, COMPATIBLE]);
      await pool.query(`UPDATE "${schema}".schema_migrations SET older_nodes = NULL WHERE version = 999`);
      await assert.rejects(openPostgresEngine({ databaseUrl: postgresTestUrl(), schema }), /migration 999 \(0999-from-the-future\) is recorded without a compatibility rule/);
    }));
});
