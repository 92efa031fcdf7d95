import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig, type ServerConfig } from '../../src/runtime/config.js';
import { startServer, type RunningServer, type ServerDeps } from '../../src/runtime/server.js';
import { postgresTestUrl, uniqueSchema, dropSchema } from './postgres.js';

export type EngineName = 'sqlite' | 'postgres';

/** Engines the e2e suites run on: every engine unless SWITCHYARD_E2E_ENGINES narrows it (e.g. `sqlite`). */
export const E2E_ENGINES: readonly EngineName[] = (process.env.SWITCHYARD_E2E_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is EngineName => s === 'sqlite' || s === 'postgres');

export interface TestServer extends RunningServer {
  readonly engineName: EngineName;
}

/**
 * A real server on 127.0.0.1:<ephemeral port> over a fresh store: a SQLite file in a temp dir, or
 * a PostgreSQL schema of its own (dropped on close), so test files never collide. `settings` are
 * more config values as strings (e.g. `{ kinesisCreateDelayMs: '50' }`).
 */
export async function startTestServer(
  engine: EngineName = 'sqlite',
  deps: ServerDeps = {},
  settings: Partial<Record<keyof ServerConfig, string>> = {},
): Promise<TestServer> {
  if (engine === 'postgres') {
    const schema = uniqueSchema();
    const config = buildConfig({ ...settings, port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent' });
    const server = await startServer(config, deps);
    return {
      ...server,
      engineName: engine,
      async close() {
        await server.close();
        await dropSchema(schema);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const server = await startServer(buildConfig({ ...settings, port: '0', dataDir: dir, logLevel: 'silent' }), deps);
  return {
    ...server,
    engineName: engine,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
