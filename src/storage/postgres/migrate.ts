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
  // Versions are unique; gaps are allowed (numbers are reserved per service and may land in any
  // order), and each version not yet recorded is applied, in version order.
  const ordered = [...list].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (i > 0 && ordered[i - 1]!.version === m.version) throw new Error(`postgres migrations: version ${m.version} appears twice`);
  });
  const known = ordered.length === 0 ? 0 : ordered[ordered.length - 1]!.version;
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
      const rows = await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`);
      const applied = new Set(rows.rows.map((r) => r.version));
      const current = Math.max(0, ...applied);
      if (current > known) {
        throw new Error(
          `PostgreSQL schema "${schema}" is at migration ${current}, newer than this Switchyard knows (${known}); ` +
            'upgrade Switchyard (migrations are forward-only)',
        );
      }
      for (const m of ordered.filter((x) => !applied.has(x.version))) {
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
