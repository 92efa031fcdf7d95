import { after, before } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLambda, type FakeLambda } from './lambda-invoke-server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from './postgres.js';
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
  const state = {} as { options: SpawnServerOptions; lambda: FakeLambda; server?: SpawnedServer };
  let dir: string;
  let schema: string | undefined;
  before(async () => {
    state.lambda = await startFakeLambda();
    dir = mkdtempSync(join(tmpdir(), `switchyard-${schemaPrefix}-`));
    const file = join(dir, 'resources.json');
    writeFileSync(file, JSON.stringify(resources));
    const extraArgs = ['--resources', file, '--lambda-endpoint', state.lambda.url];
    if (engine === 'postgres') {
      schema = uniqueSchema(schemaPrefix);
      state.options = { databaseUrl: postgresTestUrl(), databaseSchema: schema, extraArgs };
    } else {
      state.options = { dataDir: join(dir, 'data'), extraArgs };
    }
  });
  after(async () => {
    await state.server?.stop();
    await state.lambda.close();
    rmSync(dir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  });
  return state;
}
