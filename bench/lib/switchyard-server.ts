/**
 * Starts Switchyard as a child process (so its CPU and RSS are measured alone) and stops it with
 * SIGINT, on which the CLI closes the server and exits normally (so `--cpu-prof` gets written).
 *
 * By default the compiled build runs (`node bin/switchyard.js start …`; `npm run build` first);
 * `source: true` runs `node --import tsx src/cli/run.ts start …` instead.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The checkout to run: `--root <dir>` (a built copy, e.g. from `bench/checkout.sh <commit>`), else this one. */
export function rootFlag(flags: ReadonlyMap<string, string>): string {
  const dir = flags.get('root');
  return dir ? `${resolve(dir)}/` : ROOT;
}
const LISTENING = /Switchyard listening on (http:\/\/127\.0\.0\.1:(\d+))/;

export interface BenchServerOptions {
  /** The checkout to run (default: this one); e.g. a `git archive` of the commit under test, built. */
  root?: string;
  dataDir?: string;
  databaseUrl?: string;
  databaseSchema?: string;
  durability?: string;
  /** Run from source through tsx rather than the compiled dist/. */
  source?: boolean;
  /** Write a V8 CPU profile of the server into this directory (node --cpu-prof). */
  cpuProfDir?: string;
  /** More node flags for the server (e.g. --perf-basic-prof, --import <probe>). */
  nodeArgs?: readonly string[];
  /** More environment for the server. */
  env?: Readonly<Record<string, string>>;
}

export interface BenchServer {
  url: string;
  host: string;
  port: number;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The Node flags bin/switchyard.js's `#!/usr/bin/env -S node …` line gives the server: benchmarks run it as users do. */
function launcherNodeFlags(root: string): string[] {
  const first = readFileSync(join(root, 'bin/switchyard.js'), 'utf8').split('\n', 1)[0]!;
  return /^#!.*\bnode\b(.*)$/.exec(first)?.[1]!.trim().split(/\s+/).filter(Boolean) ?? [];
}

export async function startSwitchyard(o: BenchServerOptions): Promise<BenchServer> {
  const nodeArgs: string[] = [...launcherNodeFlags(o.root ?? ROOT)];
  if (o.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`);
  nodeArgs.push(...(o.nodeArgs ?? []));
  const root = o.root ?? ROOT;
  let entry: string[];
  if (o.source) entry = ['--import', 'tsx', 'src/cli/run.ts'];
  else {
    if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error(`${root}dist/ is missing: run \`npm run build\` there first (or pass --source)`);
    entry = ['bin/switchyard.js'];
  }
  const args = [...nodeArgs, ...entry, 'start', '--port', '0', '--log-level', 'warn'];
  if (o.databaseUrl) args.push('--database', o.databaseUrl);
  else args.push('--data-dir', o.dataDir!);
  if (o.durability) args.push('--durability', o.durability);

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SWITCHYARD_')) env[k] = v;
  if (o.databaseSchema) env.SWITCHYARD_DATABASE_SCHEMA = o.databaseSchema;
  Object.assign(env, o.env ?? {});

  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // a benchmark stopped by a signal takes its server with it
  const onSignal = (sig: NodeJS.Signals) => {
    child.kill('SIGKILL');
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-8192)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const m = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Switchyard did not start within 30 s\n${err}`)), 30_000);
    const onData = () => {
      const found = LISTENING.exec(out);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Switchyard exited before listening\n${err}\n${out}`));
    });
  });
  return {
    url: m[1]!,
    host: `127.0.0.1:${m[2]}`,
    port: Number(m[2]),
    pid: child.pid!,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(t);
      }
      process.off('exit', killOnExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (err.trim()) process.stderr.write(`[server stderr]\n${err}\n`);
    },
  };
}

/** `<commit>` of a git checkout, with ` + uncommitted changes` if src/ differs from it; or undefined. */
export function describeCheckout(root: string): string | undefined {
  try {
    const sha = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${sha} + uncommitted changes in src/` : sha;
  } catch {
    return undefined;
  }
}
