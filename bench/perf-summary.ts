/**
 * On-CPU breakdown of a Switchyard server recorded with `bench/sqs.ts --perf <perf.data>` (Linux
 * perf, cpu-clock sampling with call graphs, node --perf-basic-prof for JS frame names). Unlike the
 * V8 profile, this counts only time on a CPU — a COMMIT blocked in fsync costs nothing while it
 * waits — and it covers every thread (GC helpers, JIT compiler threads) and the kernel.
 *
 *   node --import tsx bench/perf-summary.ts <perf.data>
 *
 * Each sample is put in the first category whose pattern appears anywhere in its call stack, so
 * the categories are inclusive and disjoint (e.g. a GC triggered inside the claim SELECT counts as
 * the claim SELECT).
 */
import { spawnSync } from 'node:child_process';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: perf-summary.ts <perf.data>\n');
  process.exit(2);
}
const r = spawnSync('perf', ['script', '-i', file, '-F', 'tid,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30 });
if (r.status !== 0) throw new Error(`perf script failed: ${r.stderr}`);

// COMMIT: the commit proper (sqlite3VdbeHalt) and the automatic WAL checkpoint SQLite runs right
// after a commit that grew the WAL past wal_autocheckpoint pages (sqlite3WalDefaultHook).
const inCommit = (stack: string) => /sqlite3VdbeHalt|sqlite3WalDefaultHook|walCheckpoint/.test(stack);
const s0 = (stack: string) => stack.split('\n', 1)[0] ?? '';
/** The rules see the whole stack (s) and its leaf part below the first JS frame (leaf). */
const rules: [string, (s: string, leaf: string) => boolean][] = [
  ['SQLite COMMIT → automatic WAL checkpoint (copy to the db file + its fsyncs)', (s) => /walCheckpoint|sqlite3WalDefaultHook/.test(s)],
  ['SQLite COMMIT → fsync of the WAL (kernel)', (s) => inCommit(s) && /\bfsync|do_fsync|fdatasync/.test(s)],
  ['SQLite COMMIT → WAL frame writes (pwrite, checksums)', (s) => inCommit(s) && /walWriteOneFrame|walWriteToLog|walChecksum|pwrite/.test(s)],
  ['SQLite COMMIT → page-cache truncate (pcache1Truncate)', (s) => inCommit(s) && s.includes('pcache1Truncate')],
  ['SQLite COMMIT → other', (s) => inCommit(s)],
  ['SQLite claim SELECT (Statement.all: rows → JS)', (s) => s.includes('Statement::JS_all')],
  ['SQLite INSERT / UPDATE / DELETE / BEGIN / SAVEPOINT (Statement.run)', (s) => s.includes('Statement::JS_run') || s.includes('Statement::JS_get')],
  ['V8 garbage collection', (s) => /Heap::|Scavenge|MarkCompact|ConcurrentMarking|MinorMC|Sweeper|MemoryAllocator/.test(s)],
  ['V8 JIT compilation (background threads)', (s) => /compiler::|OptimizedCompilationJob|Maglev|Sparkplug|BaselineCompiler|CompileLazy/.test(s)],
  ['MD5 (MD5OfMessageBody)', (s) => /md5/i.test(s)],
  ['JSON.parse (request bodies, decode)', (s) => s.includes('JsonParser')],
  ['JSON.stringify (response bodies, encode)', (s) => s.includes('JsonStringifier')],
  ['random bytes / UUIDs', (s) => /RAND_|randomFill|RandomBytes|rand_bytes|getrandom/i.test(s)],
  ['regular expressions (message-body character check, header token check)', (_s, leaf) => leaf === '' && /RegExp:/.test(s0(_s))],
  ['malloc / free (native allocations: socket buffers, SQLite, strings)', (_s, leaf) => /\b(_int_malloc|malloc|_int_free|cfree|free|unlink_chunk|malloc_consolidate)\b[^\n]*libc/.test(leaf.split('\n')[0] ?? '')],
  ['HTTP parsing (llhttp, node\'s parser glue)', (_s, leaf) => /llhttp|node::\(anonymous namespace\)::Parser/.test(leaf)],
  ['socket writes (writev → TCP, incl. loopback delivery)', (_s, leaf) => /writev|tcp_sendmsg/.test(leaf)],
  ['socket reads (kernel recv)', (_s, leaf) => /tcp_recvmsg|sock_read_iter/.test(leaf)],
  ['event loop: epoll (kernel)', (_s, leaf) => /do_epoll_wait|ep_poll/.test(leaf)],
];

/** A JS frame: JIT code (named through node --perf-basic-prof's /tmp/perf-<pid>.map) or a V8 builtin. */
const isJs = (f: string) => f.includes('[JIT]') || /perf-\d+\.map\)|\bJS:|Builtins_/.test(f);
const counts = new Map<string, number>();
const leafSyms = new Map<string, number>();
let total = 0;
const other = { kernel: 0, js: 0, native: 0 };
for (const block of r.stdout.split('\n\n')) {
  const lines = block.split('\n').filter((l) => l.trim());
  if (lines.length < 2) continue;
  const frames = lines.slice(1).map((l) => l.trim());
  const stack = frames.join('\n');
  const firstJs = frames.findIndex(isJs);
  const leaf = (firstJs < 0 ? frames : frames.slice(0, firstJs)).join('\n');
  total++;
  const hit = rules.find(([, test]) => test(stack, leaf));
  if (hit) counts.set(hit[0], (counts.get(hit[0]) ?? 0) + 1);
  else {
    const top = frames[0] ?? '';
    if (top.includes('kernel')) other.kernel++;
    else if (isJs(top)) other.js++;
    else {
      other.native++;
      const sym = top.replace(/^\S+\s+/, '');
      if (process.env.PERF_SUMMARY_DEBUG) leafSyms.set(sym, (leafSyms.get(sym) ?? 0) + 1);
    }
  }
}
counts.set('other JS (handlers, protocol, HTTP glue, promises)', other.js);
counts.set('other kernel (scheduling, IRQs, syscalls)', other.kernel);
counts.set('other native (V8 runtime: ICs, allocation, promises; libuv; malloc)', other.native);

const rows = [...counts.entries()].sort((a, b) => b[1] - a[1]);
const out = [`${total} on-CPU samples (all threads) in ${file}`, '', '| share of server CPU | where (inclusive of what it calls) |', '|---:|---|'];
for (const [name, n] of rows) out.push(`| ${((100 * n) / total).toFixed(1)} % | ${name} |`);
process.stdout.write(`${out.join('\n')}\n`);
if (process.env.PERF_SUMMARY_DEBUG) {
  for (const [sym, n] of [...leafSyms.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) process.stdout.write(`${n}\t${sym}\n`);
}
