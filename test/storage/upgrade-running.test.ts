/**
 * A node that is running while a newer one migrates the store under it (README "Upgrading",
 * storage/postgres/schema-watch.ts). The running node is this build's real engine; the newer node
 * is simulated by applying this build's migrations plus more (version 999, 1000) with their rules.
 * A compatible one: the node logs once that the store is newer and goes on serving. An
 * incompatible one: within one check it logs why, stops using the database and calls onFatal.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresEngine } from '../../src/storage/postgres/engine.js';
import { migrate } from '../../src/storage/postgres/migrate.js';
import { migrations } from '../../src/storage/postgres/migrations/index.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';

const COMPATIBLE = { version: 999, name: '0999-new-table', sql: 'CREATE TABLE newer_feature (x integer)', olderNodes: 'compatible' } as const;
const INCOMPATIBLE = { version: 1000, name: '1000-drop-a-column', sql: 'ALTER TABLE sqs_queues DROP COLUMN last_purge_at', olderNodes: 'incompatible' } as const;
const ACCOUNT = '000000000000';

async function until(what: string, test: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a running node while a newer one migrates the store (PostgreSQL)', { skip: !E2E_ENGINES.includes('postgres') && 'PostgreSQL runs are switched off (SWITCHYARD_E2E_ENGINES)' }, () => {
  it('goes on after a compatible migration, and stops using the database after an incompatible one', async () => {
    const schema = uniqueSchema('sy_rolling');
    const newer = new pg.Pool({ connectionString: postgresTestUrl(), max: 1 });
    const lines: string[] = [];
    const fatal: Error[] = [];
    const engine = await openPostgresEngine({
      databaseUrl: postgresTestUrl(),
      schema,
      schemaCheckMs: 50,
      log: (level, message) => lines.push(`${level}: ${message}`),
      onFatal: (error) => fatal.push(error),
    });
    try {
      const known = Math.max(...migrations.map((m) => m.version));
      assert.equal(lines.length, 0);

      await migrate(newer, schema, [...migrations, COMPATIBLE]);
      await until('the newer store to be noticed', () => lines.length > 0);
      assert.match(lines[0]!, new RegExp(`^warn: PostgreSQL schema "${schema}" is at migration 999, newer than this Switchyard knows \\(${known}\\)`));
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(lines.length, 1, 'said once, not at every check');
      assert.equal(fatal.length, 0);
      assert.equal((await engine.sqs.createQueue({ accountId: ACCOUNT, name: 'served', attributes: {}, tags: {}, createdAt: Date.now() })).created, true);
      assert.deepEqual((await engine.sqs.listQueues(ACCOUNT, '', undefined, 10)).map((q) => q.name), ['served']);

      await migrate(newer, schema, [...migrations, COMPATIBLE, INCOMPATIBLE]);
      await until('the incompatible migration to be noticed', () => fatal.length > 0);
      assert.equal(fatal.length, 1);
      assert.match(
        fatal[0]!.message,
        new RegExp(`^a newer Switchyard migrated the store while this node ran: PostgreSQL schema "${schema}" is at migration 1000, newer than this Switchyard knows \\(${known}\\), and migration 1000 \\(1000-drop-a-column\\) is marked incompatible with older nodes`),
      );
      assert.match(lines.at(-1)!, /^error: a newer Switchyard migrated the store .* this node stops using the database$/);
      await assert.rejects(engine.sqs.listQueues(ACCOUNT, '', undefined, 10), /pool/i);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(fatal.length, 1, 'told once');
    } finally {
      await engine.close();
      await newer.end();
      await dropSchema(schema);
    }
  });

  it('a node opened on a store whose newer migration is compatible watches it too', async () => {
    const schema = uniqueSchema('sy_rolling');
    const newer = new pg.Pool({ connectionString: postgresTestUrl(), max: 1 });
    const fatal: Error[] = [];
    try {
      await migrate(newer, schema, [...migrations, COMPATIBLE]);
      const engine = await openPostgresEngine({ databaseUrl: postgresTestUrl(), schema, schemaCheckMs: 50, onFatal: (e) => fatal.push(e) });
      try {
        await migrate(newer, schema, [...migrations, COMPATIBLE, INCOMPATIBLE]);
        await until('the incompatible migration to be noticed', () => fatal.length > 0);
        assert.match(fatal[0]!.message, /migration 1000 \(1000-drop-a-column\) is marked incompatible/);
      } finally {
        await engine.close();
      }
    } finally {
      await newer.end();
      await dropSchema(schema);
    }
  });
});
