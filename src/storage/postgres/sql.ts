import type pg from 'pg';

/** Small SQL helpers shared by the PostgreSQL engine's modules. */

/** Schema names the engine accepts: an unquoted-style identifier, at most 63 bytes (NAMEDATALEN - 1). */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}: use letters, digits and _ (at most 63, not starting with a digit)`);
  }
  return schema;
}

/** Double-quotes an identifier (case is kept). */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** SQLSTATEs after which a single-statement transaction may simply be run again: it had no effect. */
export function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' /* deadlock_detected */ || code === '40001' /* serialization_failure */;
}

/**
 * One statement as a named (prepared once per connection) query, run again when it was a deadlock
 * or serialization victim: a single-statement transaction that failed that way had no effect
 * (e.g. a purge scanning rows in index order against a batch locking them in seq order).
 */
export async function runNamed<R extends pg.QueryResultRow>(pool: pg.Pool, name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.query<R>({ name, text, values });
    } catch (err) {
      if (attempt >= 5 || !isRetryable(err)) throw err;
    }
  }
}

/**
 * Merges tags ($2, jsonb) into row $1 of `table` unless the merge holds more than $3 keys; returns
 * `found` (0: no such row) and `updated` (0: over the limit, nothing changed). The merge and its
 * count are made under the row's lock, so that concurrent taggings cannot pass the limit together
 * (each waits, then merges into what the one before stored).
 */
export function tagWithinLimit(table: string): string {
  return `
WITH t AS (SELECT id, tags || $2::jsonb AS merged FROM ${table} WHERE id = $1 FOR UPDATE),
u AS (
  UPDATE ${table} s SET tags = t.merged FROM t
  WHERE s.id = t.id AND (SELECT count(*) FROM jsonb_object_keys(t.merged)) <= $3::int
  RETURNING 1
)
SELECT (SELECT count(*) FROM t) AS found, (SELECT count(*) FROM u) AS updated`;
}

