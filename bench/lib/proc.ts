/**
 * What the benchmarks read from /proc: a process's own CPU time (utime + stime, all threads,
 * including V8's GC threads and libuv's pool) and its resident set size; plus the machine's busy
 * time, so a report can say how much CPU other processes used meanwhile.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clkTck(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of `pid` in milliseconds (resolution: one clock tick, 10 ms), or undefined if it is gone. */
export function cpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so utime (field 14) is fields[11] and stime (field 15) fields[12].
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clkTck();
}

/** utime and stime (ms) of `pid`, or of its thread `tid` (the main thread has tid = pid). */
export function cpuSplit(pid: number, tid?: number): { user: number; sys: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const k = 1000 / clkTck();
  return { user: Number(fields[11]) * k, sys: Number(fields[12]) * k };
}

/**
 * Where one process's CPU went between construction and finish(): user vs system time, and the
 * main thread (JS, and with better-sqlite3 all of SQLite) vs every other thread (GC helpers, libuv).
 */
export class CpuDetail {
  private readonly all0;
  private readonly main0;

  constructor(private readonly pid: number) {
    this.all0 = cpuSplit(pid) ?? { user: 0, sys: 0 };
    this.main0 = cpuSplit(pid, pid) ?? { user: 0, sys: 0 };
  }

  finish(): { user: number; sys: number; mainUser: number; mainSys: number } {
    const all = cpuSplit(this.pid) ?? this.all0;
    const main = cpuSplit(this.pid, this.pid) ?? this.main0;
    return { user: all.user - this.all0.user, sys: all.sys - this.all0.sys, mainUser: main.user - this.main0.user, mainSys: main.sys - this.main0.sys };
  }
}

/** Sum of cpuMs over several pids (ones that are gone count 0). */
export function cpuMsOf(pids: readonly number[]): number {
  let sum = 0;
  for (const p of pids) sum += cpuMs(p) ?? 0;
  return sum;
}

/** A field of /proc/<pid>/status in KiB (VmRSS, VmHWM), or undefined. */
export function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function rssMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const p of pids) kib += statusKiB(p, 'VmRSS') ?? 0;
  return kib / 1024;
}

/** Pids whose full command line matches `pattern` (pgrep -f), excluding this process. */
export function pgrep(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((p) => p !== process.pid);
  } catch {
    return [];
  }
}

/** Busy and total CPU time of the whole machine (all cores) in ms, from /proc/stat. */
export function machineMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice (guest is included in user)
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const k = 1000 / clkTck();
  return { busy: (total - idle) * k, total: total * k };
}

/** This process's own CPU (user + system) in ms. */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU used by a set of processes between construction and finish(); pids that appear later count from 0. */
export class CpuDelta {
  private readonly start: Map<number, number>;

  constructor(pids: readonly number[]) {
    this.start = new Map(pids.map((p) => [p, cpuMs(p) ?? 0]));
  }

  finish(pidsNow: readonly number[] = []): number {
    let sum = 0;
    for (const p of new Set([...pidsNow, ...this.start.keys()])) {
      const now = cpuMs(p);
      if (now !== undefined) sum += now - (this.start.get(p) ?? 0);
    }
    return sum;
  }
}

/**
 * Measures one phase: wall time, CPU of the server's pids, of this client process, of optional
 * extra pids (PostgreSQL backends) and of the machine as a whole (the rest is other processes).
 */
export class PhaseMeter {
  private readonly t0 = performance.now();
  private readonly server: CpuDelta;
  private readonly extra: CpuDelta;
  private readonly client0 = selfCpuMs();
  private readonly machine0 = machineMs();
  private readonly detail: CpuDetail | undefined;

  /** `detailPid`: also split that process's CPU into user/sys and main thread/others. */
  constructor(serverPids: readonly number[], extraPids: readonly number[] = [], detailPid?: number) {
    this.server = new CpuDelta(serverPids);
    this.extra = new CpuDelta(extraPids);
    this.detail = detailPid === undefined ? undefined : new CpuDetail(detailPid);
  }

  finish(serverPidsNow: readonly number[] = [], extraPidsNow: readonly number[] = []): PhaseCpu {
    const wallMs = performance.now() - this.t0;
    const serverCpuMs = this.server.finish(serverPidsNow);
    const extraCpuMs = this.extra.finish(extraPidsNow);
    const clientCpuMs = selfCpuMs() - this.client0;
    const machineBusy = machineMs().busy - this.machine0.busy;
    const detail = this.detail?.finish();
    return { wallMs, serverCpuMs, extraCpuMs, clientCpuMs, otherCpuMs: Math.max(0, machineBusy - serverCpuMs - extraCpuMs - clientCpuMs), detail };
  }
}

export interface PhaseCpu {
  wallMs: number;
  serverCpuMs: number;
  /** CPU of the extra pids (PostgreSQL backends and writers for the postgres engine). */
  extraCpuMs: number;
  clientCpuMs: number;
  /** Busy CPU of every other process on the machine during the phase (noise from neighbours). */
  otherCpuMs: number;
  detail?: { user: number; sys: number; mainUser: number; mainSys: number };
}

/**
 * Waits until the machine is quiet (other processes' busy CPU below `threshold` of all cores over
 * a 1 s sample) so that neighbours do not distort a phase; gives up after `maxWaitMs` and returns
 * the last busy share measured either way.
 */
export async function waitForQuiet(maxWaitMs = 120_000, threshold = 0.1, log: (s: string) => void = () => {}): Promise<number> {
  const cores = (await import('node:os')).cpus().length;
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const a = machineMs();
    await new Promise((r) => setTimeout(r, 1000));
    const b = machineMs();
    const share = (b.busy - a.busy) / ((b.total - a.total) || cores * 1000);
    if (share < threshold || Date.now() >= deadline) {
      if (share >= threshold) log(`machine still busy (${Math.round(share * 100)} % of all cores); measuring anyway`);
      return share;
    }
    log(`machine busy (${Math.round(share * 100)} % of all cores used by other processes); waiting`);
    await new Promise((r) => setTimeout(r, 4000));
  }
}
