import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** How often a running node reads the store's migrations and says it is alive (schema-watch.ts). */
export const SCHEMA_CHECK_MS = 5_000;
/** A node not seen for this long (three missed checks) no longer holds back an incompatible migration. */
export const NODE_SEEN_WITHIN_MS = 3 * SCHEMA_CHECK_MS;

/**
 * The nodes running against a schema, and the newest migration each one's code knows, so that a
 * newer node does not apply a migration they cannot run against while they run (migrate.ts).
 * Each node writes its row when it opens the store and again at every check (the database's
 * clock, so node clocks do not matter), and deletes it when it closes; a node that died leaves
 * a row that stops counting after NODE_SEEN_WITHIN_MS. Builds from before this table existed
 * write no row: they are not seen.
 */
export async function createNodesTable(client: pg.ClientBase, s: string): Promise<void> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${s}.schema_nodes (
       node           text PRIMARY KEY,
       known_version  integer NOT NULL,
       seen_at        timestamptz NOT NULL
     )`,
  );
  await client.query(`DELETE FROM ${s}.schema_nodes WHERE seen_at < now() - interval '1 day'`);
}

/** A name for this node in logs and refusals: host, process, and a tag (several engines may share a process). */
export function nodeName(): string {
  return `${hostname()} pid ${process.pid} #${randomBytes(3).toString('hex')}`;
}

export async function nodeSeen(db: pg.Pool | pg.ClientBase, s: string, node: string, knownVersion: number): Promise<void> {
  await db.query(
    `INSERT INTO ${s}.schema_nodes (node, known_version, seen_at) VALUES ($1, $2, now())
     ON CONFLICT (node) DO UPDATE SET known_version = excluded.known_version, seen_at = excluded.seen_at`,
    [node, knownVersion],
  );
}

export async function nodeGone(db: pg.Pool, s: string, node: string): Promise<void> {
  await db.query(`DELETE FROM ${s}.schema_nodes WHERE node = $1`, [node]);
}

/** Nodes seen lately whose code knows only migrations below `version`. */
export async function liveNodesBelow(client: pg.ClientBase, s: string, version: number): Promise<{ node: string; knownVersion: number; secondsAgo: number }[]> {
  const r = await client.query<{ node: string; known_version: number; ago: string }>(
    `SELECT node, known_version, round(extract(epoch FROM now() - seen_at)) AS ago FROM ${s}.schema_nodes
     WHERE known_version < $1 AND seen_at > now() - make_interval(secs => $2) ORDER BY node`,
    [version, NODE_SEEN_WITHIN_MS / 1000],
  );
  return r.rows.map((x) => ({ node: x.node, knownVersion: x.known_version, secondsAgo: Number(x.ago) }));
}
