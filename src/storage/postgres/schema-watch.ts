import type pg from 'pg';
import { readApplied } from './migrate.js';
import { quoteIdent } from './sql.js';
import { judgeStore, newerStoreNotice } from '../schema-compat.js';
import { nodeSeen, SCHEMA_CHECK_MS } from './schema-nodes.js';

export { SCHEMA_CHECK_MS };

export interface SchemaWatchOptions {
  readonly pool: pg.Pool;
  readonly schema: string;
  /** This node's row in schema_nodes, renewed at each check (schema-nodes.ts). */
  readonly node: string;
  /** The migration versions this code knows. */
  readonly known: readonly number[];
  /** The store version already reported (at open): a newer compatible one is logged once. */
  readonly reported: number;
  readonly intervalMs?: number;
  readonly log?: (level: 'warn' | 'error', message: string) => void;
  /** Called once, when a migration this code cannot run against has been applied; the watch stops. */
  readonly onIncompatible: (message: string) => void;
}

/**
 * While a node runs, a newer node may migrate the store under it (a rolling upgrade). A compatible
 * migration changes nothing for this node: it logs that the store is newer and goes on. An
 * incompatible one means this node's code may now misread or overwrite what newer nodes write:
 * it is told, within one interval, so that it stops using the database (engine.ts). Each check
 * also says the node is alive (schema-nodes.ts), so that a newer node holds back an incompatible
 * migration while this one runs; the watch is what catches one applied anyway (this node was not
 * seen: cut off from the database for longer than the window, or its row removed). Errors
 * reading (the database unreachable) are left to the requests that meet them; the next tick
 * tries again.
 */
export function watchSchema(options: SchemaWatchOptions): { stop(): void } {
  const { pool, schema, known } = options;
  const what = `PostgreSQL schema "${schema}"`;
  let reported = options.reported;
  let busy = false;
  let stopped = false;
  const tick = async (): Promise<void> => {
    await nodeSeen(pool, quoteIdent(schema), options.node, Math.max(0, ...known));
    const verdict = judgeStore(await readApplied(pool, quoteIdent(schema)), known, what);
    if (stopped) return;
    if (verdict.refusal) {
      stop();
      options.onIncompatible(`a newer Switchyard migrated the store while this node ran: ${verdict.refusal}`);
      return;
    }
    if (verdict.storeVersion > verdict.knownVersion && verdict.storeVersion > reported) {
      reported = verdict.storeVersion;
      options.log?.('warn', newerStoreNotice(what, verdict));
    }
  };
  const timer = setInterval(() => {
    if (busy || stopped) return;
    busy = true;
    tick()
      .catch(() => {})
      .finally(() => (busy = false));
  }, options.intervalMs ?? SCHEMA_CHECK_MS);
  timer.unref();
  function stop(): void {
    stopped = true;
    clearInterval(timer);
  }
  return { stop };
}
