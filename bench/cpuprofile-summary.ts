/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per file, as a share
 * of the busy (non-idle) time.
 *
 *   node --import tsx bench/cpuprofile-summary.ts <file.cpuprofile> [--top 15] [--markdown] [--last-ms <n>]
 *
 * --last-ms: only the profile's last n ms (e.g. a benchmark's read phase, after its fill).
 *
 * Self time of a node = the sampling intervals (timeDeltas) attributed to it. Native code called
 * from JS (better-sqlite3's statement.run/all, crypto, socket writes) shows up as the native
 * function's own node; "(garbage collector)" and "(program)" are V8's own buckets. Compiled
 * dist/… paths are shown as the src/… file they come from (with dist/ line numbers).
 */
import { readFileSync } from 'node:fs';
import { parseFlags, intFlag } from './lib/payload.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: cpuprofile-summary.ts <file.cpuprofile> [--top 15] [--markdown]\n');
  process.exit(2);
}
const flags = parseFlags(rest);
const top = intFlag(flags, 'top', 15);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map<number, ProfileNode>();
for (const n of profile.nodes) byId.set(n.id, n);
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function shortFile(url: string): string {
  if (!url) return '(native)';
  const u = url.replace(/^file:\/\//, '');
  if (u.startsWith('node:')) return u;
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + 1);
  // a checkout's compiled file → the source it comes from (line numbers stay those of dist/)
  const dist = u.lastIndexOf('/dist/');
  if (dist >= 0) return `src/${u.slice(dist + 6).replace(/\.js$/, '.ts')}`;
  const src = u.lastIndexOf('/src/');
  return src >= 0 ? u.slice(src + 1) : u;
}

/** For native/anonymous frames, the nearest JS caller with a file gives the context. */
function callerFile(id: number): string {
  let p = parent.get(id);
  while (p !== undefined) {
    const n = byId.get(p)!;
    if (n.callFrame.url) return shortFile(n.callFrame.url);
    p = parent.get(p);
  }
  return '';
}

const lastMs = flags.has('last-ms') ? intFlag(flags, 'last-ms', 0) : undefined;
const fromUs = lastMs === undefined ? -Infinity : profile.endTime - lastMs * 1000;
const selfUs = new Map<number, number>();
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  if (at < fromUs) continue;
  const id = profile.samples[i]!;
  // timeDeltas[i] is the time since the previous sample; attribute it to this sample's node
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

let idle = 0;
let total = 0;
const fnAgg = new Map<string, { us: number; fn: string; file: string; line: number; caller: string }>();
const fileAgg = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  total += us;
  const fn = n.callFrame.functionName || '(anonymous)';
  if (fn === '(idle)') {
    idle += us;
    continue;
  }
  const f = shortFile(n.callFrame.url);
  const caller = n.callFrame.url ? '' : callerFile(id);
  const key = `${fn}|${f}|${n.callFrame.lineNumber}|${caller}`;
  const e = fnAgg.get(key) ?? { us: 0, fn, file: f, line: n.callFrame.lineNumber + 1, caller };
  e.us += us;
  fnAgg.set(key, e);
  const fileKey = n.callFrame.url ? f : fn.startsWith('(') ? fn : `(native, called from ${caller || '?'})`;
  fileAgg.set(fileKey, (fileAgg.get(fileKey) ?? 0) + us);
}
const busy = total - idle;
const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;

const fns = [...fnAgg.values()].sort((a, b) => b.us - a.us).slice(0, top);
const files = [...fileAgg.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);

const out: string[] = [];
out.push(`Profile ${file}${lastMs === undefined ? '' : ` (last ${lastMs} ms)`}: ${ms(lastMs === undefined ? profile.endTime - profile.startTime : lastMs * 1000)} wall, ${ms(busy)} busy (${ms(idle)} idle), ${profile.samples.length} samples`);
out.push('');
out.push(`Top ${top} functions by self time (% of busy time):`);
out.push('');
out.push('| # | self | % | function | file (native: called from) |');
out.push('|---:|---:|---:|---|---|');
fns.forEach((e, i) =>
  out.push(`| ${i + 1} | ${ms(e.us)} | ${pct(e.us)} | \`${e.fn}\` | ${e.file === '(native)' ? `native, from ${e.caller || '?'}` : `${e.file}:${e.line}`} |`),
);
out.push('');
out.push(`Top ${top} files by self time:`);
out.push('');
out.push('| # | self | % | file |');
out.push('|---:|---:|---:|---|');
files.forEach(([f, us], i) => out.push(`| ${i + 1} | ${ms(us)} | ${pct(us)} | ${f} |`));
process.stdout.write(`${out.join('\n')}\n`);
