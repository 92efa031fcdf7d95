// Diagnostic preload for the server process (bench/sqs.ts --sql-probe <out.json> passes
// `--import bench/lib/sqlite-probe.mjs`): times every better-sqlite3 statement execution, by SQL
// text — calls, wall time and process CPU time (process.cpuUsage, i.e. getrusage: the other
// threads are nearly idle while the main thread is inside SQLite, so this is the statement's CPU;
// COMMIT's wall time minus its CPU is mostly fsync). Adds ~2 µs per statement; for diagnosis only.
// Writes the table to $BENCH_SQL_PROBE_OUT at exit. Changes nothing else.
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

const out = process.env.BENCH_SQL_PROBE_OUT;
const stats = new Map();
let patched = false;

function wrap(proto, method) {
  const original = proto[method];
  if (typeof original !== 'function') return;
  proto[method] = function (...args) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      const key = this.source.replace(/\s+/g, ' ').trim();
      let s = stats.get(key);
      if (!s) stats.set(key, (s = { sql: key, calls: 0, wallUs: 0, cpuUs: 0, userUs: 0, sysUs: 0 }));
      s.calls++;
      s.wallUs += (t1 - t0) * 1000;
      s.cpuUs += c1.user + c1.system;
      s.userUs += c1.user;
      s.sysUs += c1.system;
    }
  };
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (...args) {
  const stmt = prepare.apply(this, args);
  if (!patched) {
    patched = true;
    const proto = Object.getPrototypeOf(stmt);
    for (const m of ['run', 'get', 'all', 'iterate']) wrap(proto, m);
  }
  return stmt;
};

process.on('exit', () => {
  if (!out) return;
  writeFileSync(out, JSON.stringify([...stats.values()].sort((a, b) => b.cpuUs - a.cpuUs), null, 1));
});
