import type pg from 'pg';
import { migrations, type Migration } from './migrations/index.js';
import { quoteIdent } from './sql.js';

/**
 * Brings `schema` up to the newest migration. Several nodes may start at once: the whole run
 * holds a session advisory lock keyed by the schema, so exactly one node creates the schema
 * and applies each pending migration (each in its own transaction, recorded in
 * `schema_migrations`); the others wait, then find nothing to do. The lock is released with
 * the session if the process dies mid-way.
 */
export async function migrate(pool: pg.Pool, schema: string, list: readonly Migration[] = migrations): Promise<void> {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`postgres migrations: expected version ${i + 1}, found ${m.version} (${m.name})`);
  });
  const s = quoteIdent(schema);
  const lockKey = `switchyard.migrate.${schema}`;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      // CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege: look first, so that a
      // role without it can run on a schema its administrator made.
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
           version     integer PRIMARY KEY,
           name        text NOT NULL,
           applied_at  timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const applied = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${s}.schema_migrations`);
      const current = applied.rows[0]?.v ?? 0;
      if (current > list.length) {
        throw new Error(
          `PostgreSQL schema "${schema}" is at migration ${current}, newer than this Switchyard knows (${list.length}); ` +
            'upgrade Switchyard (migrations are forward-only)',
        );
      }
      for (const m of list.slice(current)) {
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${s}`);
          await client.query(m.sql);
          await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw new Error(`PostgreSQL migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
