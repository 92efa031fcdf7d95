import type { Engine, EngineConfig } from './engine.js';
import { openSqliteEngine } from './sqlite/engine.js';

/** True when the URL selects the PostgreSQL engine. */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the engine the config selects: PostgreSQL for a `postgres://` or `postgresql://`
 * databaseUrl, else SQLite (a file under dataDir, or memory). The PostgreSQL engine is loaded
 * lazily so that a SQLite-only deployment never loads `pg`.
 */
export async function openEngine(config: EngineConfig): Promise<Engine> {
  if (isPostgresUrl(config.databaseUrl)) {
    let mod: { openPostgresEngine?: (config: EngineConfig) => Promise<Engine> };
    try {
      mod = (await import('./postgres/engine.js')) as typeof mod;
    } catch (e) {
      if (isModuleNotFound(e)) {
        throw new Error('this build of Switchyard has no PostgreSQL engine (storage/postgres/engine.js is missing)', { cause: e });
      }
      throw e;
    }
    if (typeof mod.openPostgresEngine !== 'function') {
      throw new Error('storage/postgres/engine.js does not export openPostgresEngine');
    }
    return mod.openPostgresEngine(config);
  }
  if (config.databaseUrl !== undefined && config.databaseUrl !== '') {
    throw new Error(`unsupported database URL scheme: ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')} (expected postgres:// or postgresql://)`);
  }
  return openSqliteEngine(config);
}

function isModuleNotFound(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
