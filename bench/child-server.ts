/**
 * Starts a competitor server (kinesalite, fauxqs) as a child process that prints
 * `… listening on http://127.0.0.1:PORT`, so that its CPU and RSS can be read from /proc/<pid>;
 * stop() sends SIGINT (so `--cpu-prof` gets written) and SIGKILLs after 10 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startChildServer(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<ChildServer> {
  const child: ChildProcess = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    void exited.then(() => reject(new Error(`${name} exited before listening:\n${out}`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const t = setTimeout(kill, 10_000);
        await exited;
        clearTimeout(t);
      }
      process.off('exit', kill);
    },
  };
}
