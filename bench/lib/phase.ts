/** A measured phase turned into the Phase record both queue benchmarks report (bench/sqs.ts, bench/rabbitmq.ts). */
import { waitForQuiet, type PhaseCpu } from './proc.js';
import { intFlag, latencySummary, type Ledger } from './payload.js';
import { aggregate, fmt, type Phase } from './report.js';

export interface PhaseInput {
  readonly name: string;
  readonly description: string;
  readonly concurrency: string;
  readonly messages: number;
  readonly cpu: PhaseCpu;
  /** Send latencies (ms). */
  readonly sendLat: readonly number[];
  readonly ledger: Ledger;
  /** Whether the ledger's end-to-end latencies mean something in this phase. */
  readonly e2e: boolean;
  /** The machine's CPU count, to turn other processes' CPU into a share of it. */
  readonly nproc: number;
  /** The database's own processes' CPU is in `cpu.extraCpuMs` (PostgreSQL engine). */
  readonly dbCpu?: boolean;
  readonly receives?: { calls: number; empty: number; messages: number };
}

export function phaseResult(p: PhaseInput): Phase {
  const { cpu, messages } = p;
  const s = latencySummary(p.sendLat);
  const e = latencySummary(p.ledger.e2e);
  const rs = p.receives;
  return {
    name: p.name,
    description: p.description,
    concurrency: p.concurrency,
    messages,
    wallMs: cpu.wallMs,
    msgsPerSec: (messages * 1000) / cpu.wallMs,
    sendP50Ms: s.p50,
    sendP99Ms: s.p99,
    e2eP50Ms: p.e2e ? e.p50 : undefined,
    e2eP99Ms: p.e2e ? e.p99 : undefined,
    serverCpuMs: cpu.serverCpuMs,
    serverCpuMsPerMsg: cpu.serverCpuMs / messages,
    dbCpuMs: p.dbCpu ? cpu.extraCpuMs : undefined,
    dbCpuMsPerMsg: p.dbCpu ? cpu.extraCpuMs / messages : undefined,
    clientCpuMs: cpu.clientCpuMs,
    serverDetail: cpu.detail,
    otherCpuShare: cpu.otherCpuMs / (cpu.wallMs * p.nproc),
    verification: p.ledger.summary(),
    receives: rs ? { calls: rs.calls, empty: rs.empty, perReceive: rs.messages / Math.max(1, rs.calls - rs.empty) } : undefined,
  };
}

/** The phases both queue benchmarks run, in order; a phase whose runner is absent (its count is 0) is skipped. */
export interface PhasePlan {
  /** Names picked with --phases: a1, a4, b, rss, c. */
  readonly phases: ReadonlySet<string>;
  readonly repeat: number;
  /** Waits for the machine to be quiet before each measured phase. */
  readonly quiet: () => Promise<unknown>;
  readonly report: (p: Phase) => void;
  readonly log: (s: string) => void;
  /** a1 / a4: one message at a time, by 1 or 4 senders. */
  readonly single?: (name: 'a1' | 'a4', senders: number) => Promise<Phase>;
  /** b, repetition `rep`: batched end to end. */
  readonly batched?: (rep: number) => Promise<Phase>;
  readonly rss?: () => Promise<void>;
  /** c, repetition `rep`: capacity. */
  readonly capacity?: (rep: number) => Promise<Phase>;
}

export async function runPhases(p: PhasePlan): Promise<void> {
  for (const [name, senders] of [['a1', 1], ['a4', 4]] as const) {
    if (!p.phases.has(name) || !p.single) continue;
    await p.quiet();
    p.report(await p.single(name, senders));
  }
  if (p.phases.has('b') && p.batched) p.report(await repeated('b', p, p.batched));
  if (p.phases.has('rss') && p.rss) await p.rss();
  if (p.phases.has('c') && p.capacity) p.report(await repeated('c', p, p.capacity));
}

/** With --repeat: every run after a quiet wait, logged; the phase reported is their aggregate (medians). */
async function repeated(name: string, p: PhasePlan, run: (rep: number) => Promise<Phase>): Promise<Phase> {
  const runs: Phase[] = [];
  for (let i = 0; i < p.repeat; i++) {
    await p.quiet();
    const r = await run(i);
    runs.push(r);
    if (p.repeat > 1) p.log(`${name} #${i + 1}: ${fmt(r.msgsPerSec)} msgs/s, server CPU ${fmt(r.serverCpuMsPerMsg, 4)} ms/msg, other processes ${fmt(r.otherCpuShare * 100)} %`);
  }
  return aggregate(runs);
}

/** The phase sizes both queue benchmarks take (bench/sqs.ts, bench/rabbitmq.ts), with their defaults. */
export function queuePhaseFlags(flags: Map<string, string>) {
  return {
    single: intFlag(flags, 'single', 2_000),
    messages: intFlag(flags, 'messages', 20_000),
    held: intFlag(flags, 'held', 100_000),
    capacityMessages: intFlag(flags, 'capacity-messages', 200_000),
    capacitySeconds: intFlag(flags, 'capacity-seconds', 20),
    capSenders: intFlag(flags, 'cap-senders', 8),
    capReceivers: intFlag(flags, 'cap-receivers', 8),
    phaseTimeoutMs: intFlag(flags, 'phase-timeout', 300) * 1000,
    warmup: intFlag(flags, 'warmup', 20_000),
    repeat: Math.max(1, intFlag(flags, 'repeat', 1)),
  };
}

/** Waits (at most --quiet-wait seconds, default 120) until other processes use less than --quiet-percent (default 10) of the machine. */
export function waitForQuietMachine(flags: Map<string, string>): Promise<unknown> {
  return waitForQuiet(intFlag(flags, 'quiet-wait', 120) * 1000, intFlag(flags, 'quiet-percent', 10) / 100, (s) => process.stderr.write(`[bench] ${s}\n`));
}
