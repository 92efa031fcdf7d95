/** The result shape both benchmarks write (--json) and the side-by-side table run-all prints. */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, type Verification } from './payload.js';

export interface Phase {
  /** a1 | a4 | b | c */
  name: string;
  description: string;
  messages: number;
  wallMs: number;
  msgsPerSec: number;
  sendP50Ms: number;
  sendP99Ms: number;
  e2eP50Ms?: number;
  e2eP99Ms?: number;
  serverCpuMs: number;
  serverCpuMsPerMsg: number;
  /** PostgreSQL backends + WAL writer etc. (postgres engine only). */
  dbCpuMs?: number;
  dbCpuMsPerMsg?: number;
  clientCpuMs: number;
  /** The server's CPU split: user / system time, and main thread / other threads (ms). */
  serverDetail?: { user: number; sys: number; mainUser: number; mainSys: number };
  /** Busy CPU of unrelated processes during the phase, as a share of the machine. */
  otherCpuShare: number;
  verification: Verification;
  concurrency: string;
  /** ReceiveMessage calls, those that returned nothing, and messages per non-empty receive. */
  receives?: { calls: number; empty: number; perReceive: number };
  /** With --repeat: every repetition; the other fields are then medians (verification: summed). */
  runs?: { msgsPerSec: number; serverCpuMsPerMsg: number; dbCpuMsPerMsg?: number; otherCpuShare: number }[];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Several repetitions of one phase as one: medians of every number, verification summed, runs kept. */
export function aggregate(runs: readonly Phase[]): Phase {
  if (runs.length === 1) return runs[0]!;
  const med = (f: (p: Phase) => number | undefined) => {
    const xs = runs.map(f).filter((x): x is number => x !== undefined && !Number.isNaN(x));
    return xs.length ? median(xs) : undefined;
  };
  const v = runs.map((p) => p.verification);
  const sum = (f: (x: Verification) => number) => v.reduce((a, x) => a + f(x), 0);
  const first = runs[0]!;
  return {
    ...first,
    messages: med((p) => p.messages)!,
    wallMs: med((p) => p.wallMs)!,
    msgsPerSec: med((p) => p.msgsPerSec)!,
    sendP50Ms: med((p) => p.sendP50Ms)!,
    sendP99Ms: med((p) => p.sendP99Ms)!,
    e2eP50Ms: med((p) => p.e2eP50Ms),
    e2eP99Ms: med((p) => p.e2eP99Ms),
    serverCpuMs: med((p) => p.serverCpuMs)!,
    serverCpuMsPerMsg: med((p) => p.serverCpuMsPerMsg)!,
    dbCpuMs: med((p) => p.dbCpuMs),
    dbCpuMsPerMsg: med((p) => p.dbCpuMsPerMsg),
    clientCpuMs: med((p) => p.clientCpuMs)!,
    otherCpuShare: med((p) => p.otherCpuShare)!,
    serverDetail: first.serverDetail && {
      user: med((p) => p.serverDetail?.user)!,
      sys: med((p) => p.serverDetail?.sys)!,
      mainUser: med((p) => p.serverDetail?.mainUser)!,
      mainSys: med((p) => p.serverDetail?.mainSys)!,
    },
    verification: {
      sent: sum((x) => x.sent),
      received: sum((x) => x.received),
      missing: sum((x) => x.missing),
      duplicates: sum((x) => x.duplicates),
      mismatched: sum((x) => x.mismatched),
      unknown: sum((x) => x.unknown),
      ok: v.every((x) => x.ok),
    },
    receives: first.receives && {
      calls: med((p) => p.receives?.calls)!,
      empty: med((p) => p.receives?.empty)!,
      perReceive: med((p) => p.receives?.perReceive)!,
    },
    runs: runs.map((p) => ({ msgsPerSec: p.msgsPerSec, serverCpuMsPerMsg: p.serverCpuMsPerMsg, dbCpuMsPerMsg: p.dbCpuMsPerMsg, otherCpuShare: p.otherCpuShare })),
  };
}

/** "median (min–max)" of one number over the runs of a phase, or just the number. */
export function spread(p: Phase, f: (r: NonNullable<Phase['runs']>[number]) => number | undefined, value: number | undefined, digits: number): string {
  if (!p.runs || p.runs.length < 2) return fmt(value, digits);
  const xs = p.runs.map(f).filter((x): x is number => x !== undefined);
  return `${fmt(value, digits)} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`;
}

export interface Result {
  system: string;
  label: string;
  config: Record<string, string | number | boolean>;
  machine: Machine;
  rss: { idleMiB: number; warmMiB?: number; heldMiB?: number; held: number; heldDeltaMiB?: number; hwmMiB?: number; note?: string };
  phases: Phase[];
  startedAt: string;
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  node: string;
  loadavg: number[];
  /** 4 KiB append + fdatasync in $TMPDIR, p50 over 200 (the cost durability pays per commit). */
  fdatasyncP50Ms?: number;
  /** A fixed pure-JS loop (ms): a drifting value means the host gives this VM less CPU. */
  spinMs?: number;
}

function probeFdatasync(): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const buf = Buffer.alloc(4096, 1);
  const lat: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      writeSync(fd, buf);
      fdatasyncSync(fd);
      lat.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return Math.round(percentile(lat, 50) * 1000) / 1000;
}

function probeSpin(): number {
  const t = performance.now();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i % 7;
  if (x < 0) throw new Error('unreachable');
  return Math.round(performance.now() - t);
}

export function machine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1]!.trim();
  } catch {
    /* keep os.cpus() */
  }
  return {
    nproc: cpus().length,
    cpuModel: model,
    node: process.version,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
    fdatasyncP50Ms: probeFdatasync(),
    spinMs: probeSpin(),
  };
}

export function fmt(n: number | undefined, digits = 0): string {
  if (n === undefined || Number.isNaN(n)) return '–';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function verdict(v: Verification): string {
  if (v.ok) return `ok (${fmt(v.received)}/${fmt(v.sent)})`;
  return `FAIL sent ${v.sent} received ${v.received} missing ${v.missing} dup ${v.duplicates} mismatched ${v.mismatched} unknown ${v.unknown}`;
}

/** One result as a markdown table (rows: metrics, one column per phase). */
export function resultTable(r: Result): string {
  const lines = [`### ${r.label}`, '', `| | ${r.phases.map((p) => p.name).join(' | ')} |`, `|---|${r.phases.map(() => '---:').join('|')}|`];
  const row = (name: string, f: (p: Phase) => string) => lines.push(`| ${name} | ${r.phases.map(f).join(' | ')} |`);
  row('what', (p) => p.description);
  row('concurrency', (p) => p.concurrency);
  row('messages', (p) => fmt(p.messages));
  row('repetitions (medians shown, min–max)', (p) => String(p.runs?.length ?? 1));
  row('msgs/s', (p) => spread(p, (x) => x.msgsPerSec, p.msgsPerSec, 0));
  row('send p50 / p99 ms', (p) => `${fmt(p.sendP50Ms, 2)} / ${fmt(p.sendP99Ms, 2)}`);
  row('end-to-end p50 / p99 ms', (p) => (p.e2eP50Ms === undefined ? '–' : `${fmt(p.e2eP50Ms, 1)} / ${fmt(p.e2eP99Ms, 1)}`));
  row('server CPU ms/msg', (p) => spread(p, (x) => x.serverCpuMsPerMsg, p.serverCpuMsPerMsg, 3));
  if (r.phases.some((p) => p.dbCpuMsPerMsg !== undefined)) row('+ PostgreSQL CPU ms/msg', (p) => fmt(p.dbCpuMsPerMsg, 3));
  if (r.phases.some((p) => p.serverDetail)) {
    row(r.system === 'rabbitmq' ? '… of which user / sys' : '… of which user / sys, main thread share', (p) => {
      const d = p.serverDetail;
      if (!d) return '–';
      const total = d.user + d.sys || 1;
      const split = `${fmt(d.user / p.messages, 3)} / ${fmt(d.sys / p.messages, 3)}`;
      return r.system === 'rabbitmq' ? split : `${split}, ${fmt((100 * (d.mainUser + d.mainSys)) / total)} %`;
    });
  }
  row('client CPU ms/msg', (p) => fmt(p.clientCpuMs / p.messages, 3));
  if (r.phases.some((p) => p.receives)) {
    row('receives: calls / empty / msgs per receive', (p) => (p.receives ? `${fmt(p.receives.calls)} / ${fmt(p.receives.empty)} / ${fmt(p.receives.perReceive, 1)}` : '–'));
  }
  row('other processes (share of machine)', (p) => `${spread(p, (x) => x.otherCpuShare * 100, p.otherCpuShare * 100, 0)} %`);
  row('exactly once, bodies intact', (p) => verdict(p.verification));
  lines.push('');
  lines.push(
    `RSS: idle ${fmt(r.rss.idleMiB, 1)} MiB` +
      (r.rss.warmMiB !== undefined ? `, warm and empty ${fmt(r.rss.warmMiB, 1)} MiB` : '') +
      (r.rss.heldMiB !== undefined ? `, holding ${fmt(r.rss.held)} messages ${fmt(r.rss.heldMiB, 1)} MiB (+${fmt(r.rss.heldDeltaMiB, 1)} MiB)` : '') +
      (r.rss.hwmMiB !== undefined ? `, peak ${fmt(r.rss.hwmMiB, 1)} MiB` : '') +
      (r.rss.note ? ` — ${r.rss.note}` : ''),
  );
  return lines.join('\n');
}
