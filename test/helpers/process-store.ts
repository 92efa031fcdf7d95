import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, postgresTestUrl, uniqueSchema } from './postgres.js';
import type { SpawnedServer, SpawnServerOptions } from './process.js';
import type { EngineName } from './server.js';

export interface ProcessStore {
  /** The CLI's options: the engine's store (a SQLite directory under `dir`, or a fresh PostgreSQL schema) and the suite's flags. */
  readonly options: SpawnServerOptions;
  /** A temporary directory of the suite's own (resource files …), removed after it. */
  readonly dir: string;
  /** The server the suite spawned, stopped after it. */
  server?: SpawnedServer;
}

/**
 * For suites that run the real CLI on data that outlives it (kill -9 and restart): registers, in
 * the calling describe, the options of a server on `engine` — a SQLite directory or a fresh
 * PostgreSQL schema named from `prefix` — with the flags `extraArgs` gives when this `before` runs
 * (after the suite's own `before`s registered earlier: a fake SMTP or Lambda server started there),
 * and stops the server and removes the store after the suite.
 */
export function processStore(engine: EngineName, prefix: string, extraArgs: () => readonly string[]): ProcessStore {
  const state = {} as { options: SpawnServerOptions; dir: string; server?: SpawnedServer };
  let schema: string | undefined;
  before(() => {
    state.dir = mkdtempSync(join(tmpdir(), `switchyard-${prefix}-`));
    const args = extraArgs();
    if (engine === 'postgres') {
      schema = uniqueSchema(prefix);
      state.options = { databaseUrl: postgresTestUrl(), databaseSchema: schema, extraArgs: args };
    } else {
      state.options = { dataDir: join(state.dir, 'data'), extraArgs: args };
    }
  });
  after(async () => {
    await state.server?.stop();
    rmSync(state.dir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  });
  return state;
}
