/**
 * Side-by-side markdown table of several benchmark results (JSON written by bench/sqs.ts and
 * bench/rabbitmq.ts with --json), plus the issue's targets checked against the first Switchyard
 * SQLite result.
 *
 *   node --import tsx bench/compare.ts <result.json>…
 */
import { readFileSync } from 'node:fs';
import { fmt, spread, type Phase, type Result } from './lib/report.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: compare.ts <result.json>…\n');
  process.exit(2);
}
const results = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Result);
// Switchyard on SQLite (full) and RabbitMQ first, then the reference runs: SQLite normal, PostgreSQL
const order = (r: Result) =>
  r.system === 'rabbitmq' ? 1 : r.config.engine === 'sqlite' ? (r.config.durability === 'full' ? 0 : 2) : 3;
results.sort((a, b) => order(a) - order(b));

const short = (r: Result) =>
  r.system === 'rabbitmq' ? `RabbitMQ ${r.config.version}` : `Switchyard ${r.config.engine}${r.config.engine === 'sqlite' ? ` ${r.config.durability}` : ''}`;
const phase = (r: Result, name: string) => r.phases.find((p) => p.name === name);

const lines: string[] = [];
lines.push(`| | ${results.map(short).join(' | ')} |`);
lines.push(`|---|${results.map(() => '---:').join('|')}|`);
const row = (label: string, f: (r: Result) => string) => lines.push(`| ${label} | ${results.map(f).join(' | ')} |`);
const ph = (name: string, f: (p: Phase) => string) => (r: Result) => {
  const p = phase(r, name);
  return p ? f(p) : '–';
};
const ok = (p: Phase) => (p.verification.ok ? '' : ' ⚠ FAILED CHECK');
const cpu = (p: Phase) =>
  spread(p, (x) => x.serverCpuMsPerMsg, p.serverCpuMsPerMsg, 3) + (p.dbCpuMsPerMsg !== undefined ? ` (+${fmt(p.dbCpuMsPerMsg, 3)} PG)` : '');
const rate = (p: Phase) => spread(p, (x) => x.msgsPerSec, p.msgsPerSec, 0) + ok(p);
const other = (p: Phase) => `${spread(p, (x) => x.otherCpuShare * 100, p.otherCpuShare * 100, 0)} %`;

row('**(a) one at a time, 1 sender** msgs/s', ph('a1', (p) => fmt(p.msgsPerSec) + ok(p)));
row('(a) send latency p50 / p99 ms', ph('a1', (p) => `${fmt(p.sendP50Ms, 2)} / ${fmt(p.sendP99Ms, 2)}`));
row('(a) server CPU ms/msg', ph('a1', cpu));
row('**(a) one at a time, 4 senders** msgs/s', ph('a4', (p) => fmt(p.msgsPerSec) + ok(p)));
row('(a×4) send latency p50 / p99 ms', ph('a4', (p) => `${fmt(p.sendP50Ms, 2)} / ${fmt(p.sendP99Ms, 2)}`));
row('(a×4) server CPU ms/msg', ph('a4', cpu));
row('**(b) batched end to end, 4+4, SDK / amqplib** msgs/s', ph('b', rate));
row('(b) send (batch of 10) latency p50 / p99 ms', ph('b', (p) => `${fmt(p.sendP50Ms, 2)} / ${fmt(p.sendP99Ms, 2)}`));
row('(b) send → receive latency p50 / p99 ms', ph('b', (p) => `${fmt(p.e2eP50Ms, 1)} / ${fmt(p.e2eP99Ms, 1)}`));
row('(b) server CPU ms/msg', ph('b', cpu));
row('(b) client CPU ms/msg', ph('b', (p) => fmt(p.clientCpuMs / p.messages, 3)));
row('(b) CPU of other processes, share of machine', ph('b', other));
row('**(c) capacity, light client** msgs/s', ph('c', rate));
row('(c) concurrency', ph('c', (p) => p.concurrency));
row('(c) send (batch of 10) latency p50 / p99 ms', ph('c', (p) => `${fmt(p.sendP50Ms, 2)} / ${fmt(p.sendP99Ms, 2)}`));
row('(c) server CPU ms/msg', ph('c', cpu));
row('(c) client CPU ms/msg', ph('c', (p) => fmt(p.clientCpuMs / p.messages, 3)));
row('(c) CPU of other processes, share of machine', ph('c', other));
row('RSS idle MiB', (r) => fmt(r.rss.idleMiB, 1));
row('RSS warm, empty MiB', (r) => fmt(r.rss.warmMiB, 1));
row('RSS holding 100k MiB (Δ vs warm)', (r) => (r.rss.heldMiB === undefined ? '–' : `${fmt(r.rss.heldMiB, 1)} (+${fmt(r.rss.heldDeltaMiB, 1)})`));
row('every message exactly once, body intact', (r) => (r.phases.every((p) => p.verification.ok) ? `yes (${fmt(r.phases.reduce((s, p) => s + p.verification.received, 0))} msgs)` : 'NO'));
row('host check: fdatasync 4 KiB p50 ms / spin ms', (r) => `${fmt(r.machine.fdatasyncP50Ms, 2)} / ${fmt(r.machine.spinMs)}`);
row('repetitions of (b) / (c)', (r) => `${phase(r, 'b')?.runs?.length ?? 1} / ${phase(r, 'c')?.runs?.length ?? 1}`);

const main = results.find((r) => r.system === 'switchyard' && r.config.engine === 'sqlite' && r.config.durability === 'full');
if (main) {
  lines.push('');
  lines.push(`Targets (issue), checked on ${short(main)}:`);
  lines.push('');
  const check = (what: string, value: number | undefined, target: number, lowerIsBetter: boolean, unit: string, digits: number) => {
    if (value === undefined || Number.isNaN(value)) return lines.push(`- ${what}: not measured`);
    const met = lowerIsBetter ? value <= target : value >= target;
    const by = lowerIsBetter ? value / target : target / value;
    lines.push(
      `- ${what}: ${fmt(value, digits)} ${unit} vs target ${lowerIsBetter ? '≤' : '≥'} ${fmt(target, digits)} — ` +
        (met ? '**met**' : `**missed** by ${fmt((by - 1) * 100)} % (${lowerIsBetter ? `${fmt(value - target, digits)} ${unit} over` : `${fmt(target - value, 0)} ${unit} short`})`),
    );
  };
  check('batched end-to-end server CPU, (b) SDK 4+4', phase(main, 'b')?.serverCpuMsPerMsg, 0.05, true, 'ms/msg', 3);
  check('batched end-to-end server CPU, (c) light client', phase(main, 'c')?.serverCpuMsPerMsg, 0.05, true, 'ms/msg', 3);
  check('capacity end to end, (c)', phase(main, 'c')?.msgsPerSec, 15_000, false, 'msgs/s', 0);
  check(`RSS added by holding ${fmt(main.rss.held)} messages`, main.rss.heldDeltaMiB, 20, true, 'MiB', 1);
}
const m = results[0]!.machine;
lines.push('');
lines.push(`Machine: ${m.nproc} × ${m.cpuModel}, node ${m.node}; runs started ${results.map((r) => r.startedAt).join(', ')}`);
process.stdout.write(`${lines.join('\n')}\n`);
