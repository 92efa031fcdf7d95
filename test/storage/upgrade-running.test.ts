/**
 * A node that is running while a newer one migrates the store under it (README "Upgrading",
 * storage/postgres/schema-watch.ts and schema-nodes.ts). The running node is this build's real
 * engine; the newer node is simulated by applying this build's migrations plus more (version 999,
 * 1000) with their rules. A compatible one: the node logs once that the store is newer and goes
 * on serving. An incompatible one is refused while the node is seen running; applied anyway (a
 * node the newer one could not see), the node logs why within one check, stops using the
 * database and calls onFatal.
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

/** What a newer node would do if it did not see the running one: the migration and its row, by hand. */
async function applyUnseen(pool: pg.Pool, schema: string, m: typeof INCOMPATIBLE): Promise<void> {
  await pool.query(`BEGIN; SET LOCAL search_path TO "${schema}"; ${m.sql}; INSERT INTO schema_migrations (version, name, older_nodes) VALUES (${m.version}, '${m.name}', '${m.olderNodes}'); COMMIT`);
}

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

      await assert.rejects(
        migrate(newer, schema, [...migrations, COMPATIBLE, INCOMPATIBLE]),
        new RegExp(`^Error: migration 1000 \\(1000-drop-a-column\\) is incompatible with older nodes, and 1 node running older code is using this schema \\(.* pid ${process.pid} #\\w+, knows up to ${known}, seen \\d+ s ago\\): stop it, then start this node again`),
      );
      assert.equal(fatal.length, 0);

      await applyUnseen(newer, schema, INCOMPATIBLE);
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

  it('a node opened on a newer store holds back an incompatible migration until it closes; a node gone silent does not', async () => {
    const schema = uniqueSchema('sy_rolling');
    const newer = new pg.Pool({ connectionString: postgresTestUrl(), max: 1 });
    try {
      await migrate(newer, schema, [...migrations, COMPATIBLE]);
      const engine = await openPostgresEngine({ databaseUrl: postgresTestUrl(), schema, schemaCheckMs: 50 });
      try {
        await assert.rejects(migrate(newer, schema, [...migrations, COMPATIBLE, INCOMPATIBLE]), /is incompatible with older nodes, and 1 node running older code/);
      } finally {
        await engine.close();
      }
      // A node that died without closing: its row stays, but counts only while recent.
      await newer.query(`INSERT INTO "${schema}".schema_nodes VALUES ('killed', 16, now() - interval '20 seconds')`);
      await migrate(newer, schema, [...migrations, COMPATIBLE, INCOMPATIBLE]);
      const r = await newer.query(`SELECT max(version) AS v FROM "${schema}".schema_migrations`);
      assert.equal(r.rows[0].v, 1000);
    } finally {
      await newer.end();
      await dropSchema(schema);
    }
  });

  it('expand/contract: a contract step compatible from this build\'s version is applied under it; one from a later version waits', async () => {
    const schema = uniqueSchema('sy_rolling');
    const newer = new pg.Pool({ connectionString: postgresTestUrl(), max: 1 });
    const known = Math.max(...migrations.map((m) => m.version));
    const fatal: Error[] = [];
    try {
      const engine = await openPostgresEngine({ databaseUrl: postgresTestUrl(), schema, schemaCheckMs: 50, onFatal: (e) => fatal.push(e) });
      try {
        // The contract step drops what only a newer version used (here the table 999 made).
        const contract = { version: 1000, name: '1000-contract', sql: 'DROP TABLE newer_feature' };
        const contractLater = { ...contract, olderNodes: { from: 999 } } as const;
        await assert.rejects(migrate(newer, schema, [...migrations, COMPATIBLE, contractLater]), /migration 1000 \(1000-contract\) is incompatible with nodes older than 999, and 1 node running older code/);
        const contractNow = { ...contract, olderNodes: { from: known } } as const;
        const verdict = await migrate(newer, schema, [...migrations, COMPATIBLE, contractNow]);
        assert.deepEqual(verdict, { storeVersion: 1000, knownVersion: 1000, compatibleFrom: known });
        const r = await newer.query(`SELECT older_nodes FROM "${schema}".schema_migrations WHERE version = 1000`);
        assert.equal(r.rows[0].older_nodes, `from ${known}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(fatal.length, 0, 'this build knows the expand step: it goes on');
        assert.deepEqual(await engine.sqs.listQueues(ACCOUNT, '', undefined, 10), []);
      } finally {
        await engine.close();
      }
    } finally {
      await newer.end();
      await dropSchema(schema);
    }
  });
});
