import type pg from 'pg';
import { migrations, type Migration } from './migrations/index.js';
import { quoteIdent } from './sql.js';
import { judgeStore, needs, ruleText, type AppliedMigration, type StoreVerdict } from '../schema-compat.js';
import { createNodesTable, liveNodesBelow } from './schema-nodes.js';

/**
 * Brings `schema` up to the newest migration. Several nodes may start at once: the whole run
 * holds a session advisory lock keyed by the schema, so exactly one node creates the schema
 * and applies each pending migration (each in its own transaction, recorded in
 * `schema_migrations` with its rule for older nodes, see schema-compat.ts); the others wait,
 * then find nothing to do. The lock is released with the session if the process dies mid-way.
 *
 * A store a newer Switchyard migrated is left as it is: this code runs against it when every
 * migration it does not know declared older nodes safe, and is refused otherwise (the error names
 * both versions and the migration). The verdict says which happened, for the caller to log.
 * An incompatible migration is not applied while nodes whose code predates it are seen running
 * (schema-nodes.ts): the error names them.
 */
export async function migrate(pool: pg.Pool, schema: string, list: readonly Migration[] = migrations): Promise<StoreVerdict> {
  // Versions are unique; gaps are allowed (numbers are reserved per service and may land in any
  // order), and each version not yet recorded is applied, in version order.
  const ordered = [...list].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (i > 0 && ordered[i - 1]!.version === m.version) throw new Error(`postgres migrations: version ${m.version} appears twice`);
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
      await addOlderNodesColumn(client, schema);
      await createNodesTable(client, s);
      const applied = await readApplied(client, s);
      const verdict = judgeStore(applied, ordered.map((m) => m.version), `PostgreSQL schema "${schema}"`);
      if (verdict.refusal) throw new Error(verdict.refusal);
      // A newer store: an older node migrates nothing, not even a gap of its own (judgeStore
      // refused that), and leaves the rows the newer node wrote as they are.
      if (verdict.storeVersion > verdict.knownVersion) return verdict;
      await recordRules(client, s, applied, ordered);
      const done = new Set(applied.map((m) => m.version));
      const pending = ordered.filter((x) => !done.has(x.version));
      await refuseWhileOlderNodesRun(client, s, pending);
      for (const m of pending) {
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${s}`);
          await client.query(m.sql);
          await client.query(`INSERT INTO ${s}.schema_migrations (version, name, older_nodes) VALUES ($1, $2, $3)`, [m.version, m.name, ruleText(m.olderNodes)]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw new Error(`PostgreSQL migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
        }
      }
      return judgeStore(await readApplied(client, s), ordered.map((m) => m.version), `PostgreSQL schema "${schema}"`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** `schema_migrations` rows with their rule, for schema-compat.ts (also read by schema-watch.ts). */
export async function readApplied(client: pg.ClientBase | pg.Pool, quotedSchema: string, above = 0): Promise<AppliedMigration[]> {
  const rows = await client.query<{ version: number; name: string; older_nodes: string | null }>(
    `SELECT version, name, older_nodes FROM ${quotedSchema}.schema_migrations WHERE version > $1`,
    [above],
  );
  return rows.rows.map((r) => ({ version: r.version, name: r.name, olderNodes: r.older_nodes }));
}

/**
 * `older_nodes` came after `schema_migrations` itself: add it to a store made before. Looked up
 * first, because ALTER TABLE … IF NOT EXISTS still waits for an exclusive lock on the table that
 * every running node reads (schema-watch.ts).
 */
async function addOlderNodesColumn(client: pg.PoolClient, schema: string): Promise<void> {
  const has = await client.query(
    `SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = 'schema_migrations' AND a.attname = 'older_nodes' AND NOT a.attisdropped`,
    [schema],
  );
  if (has.rowCount === 0) await client.query(`ALTER TABLE ${quoteIdent(schema)}.schema_migrations ADD COLUMN IF NOT EXISTS older_nodes text`);
}

/**
 * Rows applied by a build from before the rule have none: this code knows those migrations, so
 * it writes their rule in. Without it they would count as incompatible, and a store first
 * migrated by an older build could never be served by two versions at once.
 */
async function recordRules(client: pg.PoolClient, s: string, applied: readonly AppliedMigration[], known: readonly Migration[]): Promise<void> {
  const rules = new Map(known.map((m) => [m.version, ruleText(m.olderNodes)]));
  const missing = applied.filter((m) => m.olderNodes === null && (rules.get(m.version) ?? null) !== null);
  if (missing.length === 0) return;
  await client.query(
    `UPDATE ${s}.schema_migrations AS m SET older_nodes = r.rule
     FROM unnest($1::integer[], $2::text[]) AS r(version, rule)
     WHERE m.version = r.version AND m.older_nodes IS NULL`,
    [missing.map((m) => m.version), missing.map((m) => rules.get(m.version)!)],
  );
}

/**
 * The newest pending migration that older code cannot run against must wait until the nodes
 * running that code are stopped: applied under them, they would misread or break (their watch,
 * schema-watch.ts, stops them within a few seconds, but not before). So it is refused, naming them.
 */
async function refuseWhileOlderNodesRun(client: pg.PoolClient, s: string, pending: readonly Migration[]): Promise<void> {
  let top: { m: Migration; from: number } | undefined;
  for (const m of pending) {
    const from = needs({ ...m, olderNodes: ruleText(m.olderNodes) });
    if (from > (top?.from ?? 0)) top = { m, from };
  }
  if (!top) return;
  const nodes = await liveNodesBelow(client, s, top.from);
  if (nodes.length === 0) return;
  const list = nodes.map((n) => `${n.node}, knows up to ${n.knownVersion}, seen ${n.secondsAgo} s ago`).join('; ');
  const one = nodes.length === 1;
  throw new Error(
    `migration ${top.m.version} (${top.m.name}) is incompatible with ${top.from < top.m.version ? `nodes older than ${top.from}` : 'older nodes'}, ` +
      `and ${nodes.length} node${one ? '' : 's'} running older code ${one ? 'is' : 'are'} using this schema (${list}): ` +
      `stop ${one ? 'it' : 'them'}, then start this node again (README "Upgrading")`,
  );
}
