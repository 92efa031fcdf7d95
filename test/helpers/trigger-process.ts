import { after, before } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeLambda, type FakeLambda } from './lambda-invoke-server.js';
import { processStore } from './process-store.js';
import type { SpawnedServer, SpawnServerOptions } from './process.js';
import type { EngineName } from './server.js';

export interface TriggerProcess {
  /** The CLI's options: `--resources` (the file given) and `--lambda-endpoint` (the fake Lambda), on the engine's store. */
  readonly options: SpawnServerOptions;
  readonly lambda: FakeLambda;
  /** The server the suite spawned, stopped after it. */
  server?: SpawnedServer;
}

/**
 * For trigger suites that run the real CLI (kill -9 and restart): registers, in the calling
 * describe, a fake Lambda and the server's options with `resources` as its resource file, on a
 * SQLite directory or a fresh PostgreSQL schema (named from `schemaPrefix`), all removed after.
 */
export function triggerProcess(engine: EngineName, schemaPrefix: string, resources: object): TriggerProcess {
  let lambda: FakeLambda;
  before(async () => {
    lambda = await startFakeLambda();
  });
  const store = processStore(engine, schemaPrefix, () => {
    const file = join(store.dir, 'resources.json');
    writeFileSync(file, JSON.stringify(resources));
    return ['--resources', file, '--lambda-endpoint', lambda.url];
  });
  // After the store's hook (hooks run in the order registered): the server stops before its Lambda.
  after(async () => {
    await lambda.close();
  });
  return {
    get options() {
      return store.options;
    },
    get lambda() {
      return lambda;
    },
    get server() {
      return store.server;
    },
    set server(s: SpawnedServer | undefined) {
      store.server = s;
    },
  };
}
