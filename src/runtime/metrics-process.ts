import { Counter, Gauge, type Registry } from 'prom-client';
import type { StorageUsage } from '../storage/sqlite/compaction.js';

/**
 * The process series Node.js dashboards expect, under prom-client's default names, read only when
 * scraped. Not prom-client's collectDefaultMetrics: its event-loop-delay monitor and GC observer
 * run all the time, and cost measurable CPU per request on the request floor (bench/floor-ab.ts:
 * ~7 % on the SQS floor with them, none without).
 */
export function processMetrics(registry: Registry): void {
  const gauge = gaugeOf(registry);
  const startSeconds = Math.round(Date.now() / 1000 - process.uptime());
  const cpu = (name: string, help: string, read: (u: NodeJS.CpuUsage) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(process.cpuUsage()) / 1e6);
      },
    });
  cpu('process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', (u) => u.user);
  cpu('process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', (u) => u.system);
  cpu('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', (u) => u.user + u.system);
  gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', () => startSeconds);
  gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage.rss());
  gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', () => process.memoryUsage().heapTotal);
  gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', () => process.memoryUsage().heapUsed);
  gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', () => process.memoryUsage().external);
}

/**
 * The SQLite file's disk use, read at scrape time: to alert on a disk filling up, and to see the
 * compaction job (storage/sqlite/compaction.ts) give space back after a backlog.
 */
export function storageMetrics(registry: Registry, usage: () => StorageUsage): void {
  const gauge = gaugeOf(registry);
  gauge('switchyard_storage_file_bytes', 'Size of the SQLite database file in bytes.', () => usage().fileBytes);
  gauge('switchyard_storage_wal_bytes', 'Size of the SQLite write-ahead log file in bytes.', () => usage().walBytes);
  gauge('switchyard_storage_free_bytes', 'Free space inside the SQLite database file in bytes (reused by new data; released by compaction beyond a slack).', () => usage().freeBytes);
}

function gaugeOf(registry: Registry) {
  return (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
}
