/**
 * The bookkeeping shared by the kill -9 durability tests (test/e2e/{sqs,kinesis}/*durability.test.ts):
 * a real CLI child process per engine on data that outlives it, clients tracked per server, and the
 * kill cycle itself (load running → SIGKILL at a chosen moment → the load stopped and awaited →
 * restart on the same data). What is acknowledged, what is found after the restart and what that
 * must satisfy stays in each test.
 *
 * Use inside a `describe` (it registers the before/after hooks):
 *
 *   const fx = killRestartFixture(engine, { schemaPrefix: 'sy_dur', dirPrefix: 'switchyard-durability-', client });
 *   it('cycle 1', async () => {
 *     const c = fx.client();                              // on the running server
 *     const cut = await fx.killDuring((stop) => startLoad(c, …, stop), killAfterMs);
 *     const c2 = fx.client();                             // on the restarted server
 *   });
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, type SpawnedServer, type SpawnServerOptions } from './process.js';
import type { EngineName } from './server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from './postgres.js';

/** Set by the kill cycle once the server is dead; the load's workers stop at their next check. */
export interface StopFlag {
  now: boolean;
}

export interface KillRestartOptions<C> {
  /** PostgreSQL: the prefix of the per-run schema. */
  readonly schemaPrefix: string;
  /** SQLite: the prefix of the temp data directory. */
  readonly dirPrefix: string;
  /** More CLI flags for every start. */
  readonly extraArgs?: readonly string[];
  /** A client for a server URL (destroyed when its server is killed, or at the end). */
  readonly client: (url: string) => C;
}

export interface KillCut {
  /** Date.now() when the load started. */
  readonly loadStarted: number;
  /** Date.now() just before the SIGKILL. */
  readonly killedAt: number;
}

export interface KillRestartFixture<C> {
  /** The options every start uses (same data each time). */
  readonly options: SpawnServerOptions;
  /** The running server (asserts there is one: setup or the previous cycle's restart succeeded). */
  server(): SpawnedServer;
  /** A new client on the running server. */
  client(): C;
  /**
   * Starts `load` (which must run until `stop.now` and never throw), SIGKILLs the server after
   * `killAfterMs`, asserts it died of that signal (it was still running), sets `stop.now`, awaits
   * the load, destroys the clients of the killed server and starts the server again on the same
   * data. If the restart fails, later cycles fail at once instead of using a dead server.
   * `acknowledged` (optional): the `killAfterMs` count only once it is true (polled, up to 30 s), so
   * that a machine too busy to answer the first writes in time still kills with some acknowledged.
   */
  killDuring(load: (stop: StopFlag) => Promise<unknown>, killAfterMs: number, acknowledged?: () => boolean): Promise<KillCut>;
}

/**
 * The SDK client configuration of these tests: no retries (a retry could turn an unacknowledged
 * write into an acknowledged duplicate), test credentials, bounded timeouts.
 */
export function noRetryClientConfig(url: string) {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 15_000, connectionTimeout: 5_000 },
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function killRestartFixture<C extends { destroy(): void }>(engine: EngineName, o: KillRestartOptions<C>): KillRestartFixture<C> {
  let dataDir: string | undefined;
  let schema: string | undefined;
  let options: SpawnServerOptions | undefined;
  let server: SpawnedServer | undefined;
  /** Clients of the running server; `destroyed` those of killed ones (already destroyed). */
  let live: C[] = [];

  before(async () => {
    const extraArgs = o.extraArgs;
    if (engine === 'postgres') {
      schema = uniqueSchema(o.schemaPrefix);
      options = { databaseUrl: postgresTestUrl(), databaseSchema: schema, ...(extraArgs ? { extraArgs } : {}) };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), o.dirPrefix));
      options = { dataDir, ...(extraArgs ? { extraArgs } : {}) }; // durability: the default (full)
    }
    server = await spawnServer(options);
  });

  after(async () => {
    for (const c of live) c.destroy();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  });

  const fixture: KillRestartFixture<C> = {
    get options() {
      assert.ok(options, 'the fixture is set up');
      return options;
    },
    server() {
      assert.ok(server, 'a server from setup or the previous cycle');
      return server;
    },
    client() {
      const c = o.client(fixture.server().url);
      live.push(c);
      return c;
    },
    async killDuring(load, killAfterMs, acknowledged) {
      const killed = fixture.server();
      const stop: StopFlag = { now: false };
      const loadStarted = Date.now();
      const running = load(stop);
      for (const deadline = Date.now() + 30_000; acknowledged && !acknowledged() && Date.now() < deadline; ) await sleep(20);
      await sleep(killAfterMs);
      const killedAt = Date.now();
      server = undefined; // if the restart fails, later cycles fail at once instead of using a dead server
      const exit = await killed.kill('SIGKILL');
      assert.equal(exit.signal, 'SIGKILL', `the server was still running at the kill (${JSON.stringify(exit)}): ${killed.stderr()}`);
      stop.now = true;
      await running; // every in-flight request fails fast: the connection is gone
      for (const c of live) c.destroy();
      live = [];
      server = await spawnServer(fixture.options);
      return { loadStarted, killedAt };
    },
  };
  return fixture;
}
