import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the child runs there, so `--import tsx` resolves from our node_modules). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../src/cli/run.ts', import.meta.url));
const LISTENING = /Switchyard listening on (http:\/\/127\.0\.0\.1:(\d+))/;
/** How much of the child's output we keep for error messages. */
const KEEP = 16 * 1024;

export interface SpawnServerOptions {
  /** SQLite data directory; without it (and without databaseUrl) a temp dir is made and removed by stop(). */
  readonly dataDir?: string;
  /** `postgres://…`: run on PostgreSQL instead of SQLite. */
  readonly databaseUrl?: string;
  /** PostgreSQL schema (passed as SWITCHYARD_DATABASE_SCHEMA; the CLI has no flag for it). */
  readonly databaseSchema?: string;
  /** More CLI flags, e.g. `['--durability', 'normal']`. */
  readonly extraArgs?: readonly string[];
  /** How long to wait for the "listening" line (default 20 s). */
  readonly startTimeoutMs?: number;
}

export interface SpawnedServer {
  /** `http://127.0.0.1:PORT`, as the server printed it. */
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** The SQLite data directory in use (undefined on PostgreSQL). */
  readonly dataDir: string | undefined;
  /** Resolves when the child has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (e.g. SIGKILL) and waits for the child to exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 10 s; waits for the exit. Removes the temp data dir if it made one. Idempotent. */
  stop(): Promise<void>;
  /** The last output the child wrote to stderr / stdout (for diagnostics). */
  stderr(): string;
  stdout(): string;
}

/** Children still running, killed if the test process exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

/**
 * Starts the real CLI as a child process (`node --import tsx src/cli/run.ts start --port 0 …`,
 * log level warn) and resolves once it prints `Switchyard listening on http://127.0.0.1:PORT`.
 * SWITCHYARD_* variables of the test environment are not passed on: the flags given here decide.
 */
export async function spawnServer(options: SpawnServerOptions = {}): Promise<SpawnedServer> {
  let ownDir: string | undefined;
  let dataDir = options.dataDir;
  if (dataDir === undefined && options.databaseUrl === undefined) {
    ownDir = dataDir = mkdtempSync(join(tmpdir(), 'switchyard-proc-'));
  }
  const args = ['--import', 'tsx', ENTRY, 'start', '--port', '0', '--log-level', 'warn'];
  if (options.databaseUrl !== undefined) args.push('--database', options.databaseUrl);
  else args.push('--data-dir', dataDir!);
  args.push(...(options.extraArgs ?? []));

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SWITCHYARD_')) env[k] = v;
  if (options.databaseSchema !== undefined) env.SWITCHYARD_DATABASE_SCHEMA = options.databaseSchema;

  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (s: string) => (out = (out + s).slice(-KEEP)));
  child.stderr!.on('data', (s: string) => (err = (err + s).slice(-KEEP)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const running = () => child.exitCode === null && child.signalCode === null;

  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (running()) child.kill(signal);
    return exited;
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (running()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => running() && child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDir !== undefined) rmSync(ownDir, { recursive: true, force: true });
    })());

  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const describe = () => `\n--- stderr ---\n${err.trim() || '(empty)'}\n--- stdout ---\n${out.trim() || '(empty)'}`;
  try {
    const found = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not print its address within ${timeoutMs} ms${describe()}`)), timeoutMs);
      const onData = () => {
        const m = LISTENING.exec(out);
        if (m) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          resolve(m);
        }
      };
      child.stdout!.on('data', onData);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`could not start the server: ${e.message}${describe()}`));
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        // let the last output arrive before describing it
        setImmediate(() => reject(new Error(`the server exited (code ${code}, signal ${signal}) before listening${describe()}`)));
      });
    });
    return {
      url: found[1]!,
      port: Number(found[2]),
      child,
      dataDir,
      exited,
      kill,
      stop,
      stderr: () => err,
      stdout: () => out,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Runs `script` (an ES module; TypeScript imports such as `./src/….ts` go through tsx, from the
 * project root) in a child Node started with `flag` (e.g. --expose-gc, --allow-natives-syntax: V8
 * checks a test process must not turn on for itself), and returns its last line of output, parsed
 * as JSON. Fails the test if the child fails.
 */
export function childReport(flag: string, script: string): unknown {
  const r = spawnSync(process.execPath, [flag, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}
