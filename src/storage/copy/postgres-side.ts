import pg from 'pg';
import { migrate } from '../postgres/migrate.js';
import { checkSchemaName, quoteIdent } from '../postgres/sql.js';
import type { CopySide } from './side.js';
import { defaultSelect, tableOn, type SequenceMap, type TableMap } from './tables.js';
import { fromPostgres, toPostgres, type Value } from './values.js';

/** At most this many parameters (the protocol allows 65535) and about this many bytes per INSERT. */
const MAX_PARAMS = 30_000;
const MAX_BYTES = 16 * 1024 * 1024;

/** int8 as bigint (ids and keys may pass 2^53), json and jsonb as their text; the rest as pg parses them. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => BigInt(v);
    if (oid === 114 || oid === 3802) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A PostgreSQL schema as a copy's source or target. No node may use it meanwhile: the open
 * refuses when a Switchyard connection to the schema is live (the engine names its connections
 * `switchyard <schema>`), and holds the schema's migration lock for the whole copy, so a node
 * that starts waits in its migrations until the copy is over.
 *
 * The source reads in one REPEATABLE READ, READ ONLY transaction (one snapshot) through cursors;
 * the target writes in one transaction, committed at the end. The target's schema is created and
 * migrated first; the source's must exist (it is brought to the newest migration, as a node
 * starting on it would).
 */
export async function openPostgresSide(url: string, schemaName: string, role: 'source' | 'target'): Promise<CopySide> {
  const schema = checkSchemaName(schemaName);
  const label = `${url.replace(/\/\/[^@/]*@/, '//***@')} (schema ${schema})`;
  const pool = new pg.Pool({ connectionString: url, max: 1, types, application_name: `switchyard-copy ${schema}`.slice(0, 63) });
  pool.on('error', () => {});
  let client: pg.PoolClient | undefined;
  try {
    client = await pool.connect();
    const lock = `switchyard.migrate.${schema}`;
    const nodes = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()
         AND application_name IN ($1, $2, $3)`,
      [`switchyard ${schema}`, `switchyard-listen ${schema}`, `switchyard-kinesis ${schema}`].map((n) => n.slice(0, 63)),
    );
    if (Number(nodes.rows[0]!.n) > 0) throw new Error(`Switchyard nodes are connected to schema ${schema}: stop every node first`);
    if (role === 'source') {
      const found = await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, 'schema_migrations']);
      if (found.rowCount === 0) throw new Error(`schema ${schema} holds no Switchyard data`);
    }
    client.release();
    client = undefined;
    await migrate(pool, schema);
    client = await pool.connect();
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [lock]);
    if (!locked.rows[0]!.ok) throw new Error(`schema ${schema} is being migrated by a starting node: stop every node first`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    await client.query(role === 'source' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  } catch (e) {
    client?.release(true);
    await pool.end().catch(() => {});
    throw new Error(`PostgreSQL ${label}: ${(e as Error).message}`, { cause: e });
  }
  const c = client;
  let open = true;
  let cursors = 0;
  const scalar = async (sql: string, params: unknown[] = []): Promise<bigint> => {
    const r = await c.query({ text: sql, values: params, rowMode: 'array' });
    const v = (r.rows[0] as unknown[] | undefined)?.[0];
    return v === null || v === undefined ? 0n : BigInt(v as string | number | bigint);
  };
  const sequenceOf = async (s: SequenceMap): Promise<string> => {
    const r = await c.query<{ seq: string }>('SELECT pg_get_serial_sequence($1, $2) AS seq', [`${quoteIdent(schema)}.${s.table}`, s.column]);
    return r.rows[0]!.seq;
  };

  return {
    engine: 'postgres',
    label,
    async schema() {
      const r = await c.query<{ table_name: string; column_name: string }>(
        'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position',
        [schema],
      );
      const out = new Map<string, string[]>();
      for (const { table_name: t, column_name: col } of r.rows) out.set(t, [...(out.get(t) ?? []), col]);
      return out;
    },
    async countSource(t) {
      const select = t.postgres?.select ?? defaultSelect(t);
      return {
        held: Number(await scalar(`SELECT count(*) FROM ${tableOn(t, 'postgres')}`)),
        selected: Number(await scalar(`SELECT count(*) FROM (${select}) s`)),
      };
    },
    async *read(t) {
      const cursor = `copy_${++cursors}`;
      await c.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${t.postgres?.select ?? defaultSelect(t)}`);
      const fetch = `FETCH ${t.pageRows ?? 1000} FROM ${cursor}`;
      for (;;) {
        const r = await c.query({ text: fetch, rowMode: 'array' });
        if (r.rows.length === 0) break;
        yield (r.rows as unknown[][]).map((raw) => (t.postgres?.read ? t.postgres.read(raw) : t.columns.map(([, kind], i) => fromPostgres(kind, raw[i]))));
      }
      await c.query(`CLOSE ${cursor}`);
    },
    async occupied(tables) {
      const out: string[] = [];
      for (const t of tables) {
        if (!t.serverMade && (await scalar(`SELECT count(*) FROM (SELECT 1 FROM ${tableOn(t, 'postgres')} LIMIT 1) s`)) > 0n) out.push(t.name);
      }
      return out;
    },
    async clear(t) {
      await c.query(`DELETE FROM ${tableOn(t, 'postgres')}`);
    },
    async write(t, rows, ctx) {
      const ins = t.postgres?.insert;
      const columns = ins?.columns ?? t.columns.map(([c]) => c);
      const values = ins?.values ?? columns.map(() => '?');
      let params: unknown[] = [];
      let tuples: string[] = [];
      let bytes = 0;
      const flush = async (): Promise<void> => {
        if (tuples.length === 0) return;
        await c.query(`INSERT INTO ${tableOn(t, 'postgres')} (${columns.join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')} ${ins?.tail ?? ''}`, params);
        params = [];
        tuples = [];
        bytes = 0;
      };
      for (const row of rows) {
        const p = t.postgres?.write ? t.postgres.write(row, ctx) : row.map((v, i) => toPostgres(t.columns[i]![1], v));
        if (params.length + p.length > MAX_PARAMS || bytes > MAX_BYTES) await flush();
        let k = 0;
        tuples.push(`(${values.map((v) => v.replace(/\?/g, () => `$${params.length + ++k}`)).join(', ')})`);
        for (const v of p) bytes += typeof v === 'string' || Buffer.isBuffer(v) ? v.length : 8;
        params.push(...p);
      }
      await flush();
    },
    async count(t) {
      return Number(await scalar(`SELECT count(*) FROM ${tableOn(t, 'postgres')}`));
    },
    async highWater(s) {
      const seq = await sequenceOf(s);
      const mark = await scalar(`SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${seq}`);
      const max = await scalar(`SELECT max(${s.column}) FROM ${s.table}`);
      return mark > max ? mark : max;
    },
    async raiseHighWater(s, value) {
      if (value > 0n) await c.query('SELECT setval($1, $2)', [await sequenceOf(s), value]);
    },
    async commit() {
      await c.query('COMMIT');
    },
    async close() {
      if (!open) return;
      open = false;
      try {
        await c.query('ROLLBACK');
        c.release();
      } catch {
        c.release(true);
      }
      await pool.end().catch(() => {});
    },
  };
}
