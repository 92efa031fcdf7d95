/**
 * Table of the paired runs written by bench/pairs.sh: per pair, server CPU per message and
 * capacity of Switchyard and RabbitMQ measured minutes apart, and their ratio; then the medians.
 *
 *   node --import tsx bench/pairs.ts <dir with pair-<i>-switchyard.json and pair-<i>-rabbitmq.json>
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, type Result } from './lib/report.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: pairs.ts <dir>\n');
  process.exit(2);
}
const load = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Result;
const pick = (r: Result, phase: string) => r.phases.find((p) => p.name === phase);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const lines = [
  '| pair | (b) CPU ms/msg Switchyard / RabbitMQ | ratio | (c) CPU ms/msg Switchyard / RabbitMQ | ratio | (c) msgs/s Switchyard / RabbitMQ | ratio | other processes (c) | all checks |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
];
const ratios = { b: [] as number[], c: [] as number[], rate: [] as number[] };
const cols = { syB: [] as number[], rmB: [] as number[], syC: [] as number[], rmC: [] as number[], syR: [] as number[], rmR: [] as number[] };
for (let i = 1; existsSync(join(dir, `pair-${i}-switchyard.json`)) && existsSync(join(dir, `pair-${i}-rabbitmq.json`)); i++) {
  const sy = load(join(dir, `pair-${i}-switchyard.json`));
  const rm = load(join(dir, `pair-${i}-rabbitmq.json`));
  const [sb, rb, sc, rc] = [pick(sy, 'b'), pick(rm, 'b'), pick(sy, 'c'), pick(rm, 'c')];
  if (!sb || !rb || !sc || !rc) continue;
  const rB = sb.serverCpuMsPerMsg / rb.serverCpuMsPerMsg;
  const rC = sc.serverCpuMsPerMsg / rc.serverCpuMsPerMsg;
  const rR = sc.msgsPerSec / rc.msgsPerSec;
  ratios.b.push(rB);
  ratios.c.push(rC);
  ratios.rate.push(rR);
  cols.syB.push(sb.serverCpuMsPerMsg);
  cols.rmB.push(rb.serverCpuMsPerMsg);
  cols.syC.push(sc.serverCpuMsPerMsg);
  cols.rmC.push(rc.serverCpuMsPerMsg);
  cols.syR.push(sc.msgsPerSec);
  cols.rmR.push(rc.msgsPerSec);
  const ok = [sb, rb, sc, rc].every((p) => p.verification.ok) ? 'ok' : 'FAILED';
  lines.push(
    `| ${i} | ${fmt(sb.serverCpuMsPerMsg, 3)} / ${fmt(rb.serverCpuMsPerMsg, 3)} | ${fmt(rB, 2)} | ${fmt(sc.serverCpuMsPerMsg, 3)} / ${fmt(rc.serverCpuMsPerMsg, 3)} | ${fmt(rC, 2)} | ` +
      `${fmt(sc.msgsPerSec)} / ${fmt(rc.msgsPerSec)} | ${fmt(rR, 2)} | ${fmt(sc.otherCpuShare * 100)} % / ${fmt(rc.otherCpuShare * 100)} % | ${ok} |`,
  );
}
if (ratios.b.length > 0) {
  lines.push(
    `| **median** | ${fmt(median(cols.syB), 3)} / ${fmt(median(cols.rmB), 3)} | **${fmt(median(ratios.b), 2)}** | ${fmt(median(cols.syC), 3)} / ${fmt(median(cols.rmC), 3)} | **${fmt(median(ratios.c), 2)}** | ` +
      `${fmt(median(cols.syR))} / ${fmt(median(cols.rmR))} | **${fmt(median(ratios.rate), 2)}** | | |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
