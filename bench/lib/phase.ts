/** A measured phase turned into the Phase record both queue benchmarks report (bench/sqs.ts, bench/rabbitmq.ts). */
import type { PhaseCpu } from './proc.js';
import { latencySummary, type Ledger } from './payload.js';
import type { Phase } from './report.js';

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
