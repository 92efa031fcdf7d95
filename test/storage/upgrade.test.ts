/**
 * What an older Switchyard does with a store a newer one has migrated (README "Upgrading"): it
 * refuses to start, naming both versions, rather than run against tables it does not know. A
 * newer build is simulated by one more migration (version 999) applied to the store first.
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

const FUTURE = { version: 999, name: '0999-from-the-future', sql: 'CREATE TABLE from_the_future (x integer)' };

describe('an older Switchyard on a store a newer one migrated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-upgrade-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('SQLite: refuses to open it, naming both versions; the data stays as it was', async () => {
    const db = new Database(join(dir, SQLITE_FILE_NAME));
    migrateSqlite(db, [...sqliteMigrations, FUTURE], Date.now);
    db.close();
    const known = Math.max(...sqliteMigrations.map((m) => m.version));
    await assert.rejects(openSqliteEngine({ dataDir: dir }), new RegExp(`schema version 999, newer than this Switchyard knows \\(${known}\\); upgrade Switchyard`));
    const after = new Database(join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      assert.equal(after.prepare('SELECT max(version) FROM schema_migrations').pluck().get(), 999);
    } finally {
      after.close();
    }
  });

  it('PostgreSQL: refuses to open it, naming both versions', { skip: !E2E_ENGINES.includes('postgres') && 'PostgreSQL runs are switched off (SWITCHYARD_E2E_ENGINES)' }, async () => {
    const schema = uniqueSchema('sy_upgrade');
    const pool = new pg.Pool({ connectionString: postgresTestUrl(), max: 1 });
    try {
      await migratePostgres(pool, schema, [...postgresMigrations, FUTURE]);
      const known = Math.max(...postgresMigrations.map((m) => m.version));
      await assert.rejects(
        openPostgresEngine({ databaseUrl: postgresTestUrl(), schema }),
        new RegExp(`schema "${schema}" is at migration 999, newer than this Switchyard knows \\(${known}\\)`),
      );
    } finally {
      await pool.end();
      await dropSchema(schema);
    }
  });
});
