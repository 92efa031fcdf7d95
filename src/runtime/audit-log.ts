/**
 * The audit log file (--audit-log): records (audit-record.ts) appended as JSON lines, never on the
 * request's path. A request only adds its line to a buffer in memory; the buffer is written with
 * one asynchronous write at least every second (FLUSH_MS), sooner when it passes FLUSH_BYTES, and
 * at close. One write is in flight at a time, so lines land in the order they were made.
 *
 * States: open (a descriptor of the file at `path`) → reopening (SIGHUP: waits for the write in
 * flight, then opens `path` afresh, so a rotated file gets no more lines and the new one all that
 * follow) → open … → closed (the buffer written out, the descriptor closed; later lines dropped).
 *
 * A failed write is reported to the server log with its line count, and the next write goes on:
 * the audit log never stops the server. Nor does a disk that stops taking writes: past MAX_PENDING
 * bytes waiting, further records are dropped and counted, and the count is logged once writes
 * go through again.
 */
import { close as closeFd, closeSync, openSync, write } from 'node:fs';
import { ConfigError } from './config.js';
import type { Log } from './logger.js';
import type { RequestAuditor, WireHandler } from '../protocol/index.js';
import { withAdminAudit, type AdminAuditSettings } from './audit-admin.js';
import { createAuditor, type AuditRecordSettings } from './audit-record.js';

const FLUSH_MS = 1000;
const FLUSH_BYTES = 64 * 1024;
const MAX_PENDING = 64 * 1024 * 1024;
const MODE = 0o640;

export class AuditLogFile {
  private fd: number;
  private lines: string[] = [];
  private bytes = 0;
  private dropped = 0;
  private writing: Promise<void> | undefined;
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly path: string,
    private readonly log: Log,
    flushMs = FLUSH_MS,
    private readonly maxPending = MAX_PENDING,
  ) {
    this.fd = openLog(path);
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  /** Buffers one record; a full buffer starts a write without waiting for the timer. */
  append(line: string): void {
    if (this.closed) return;
    if (this.bytes >= this.maxPending) {
      this.dropped += 1;
      return;
    }
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes >= FLUSH_BYTES) void this.flush();
  }

  /** Resolves once everything appended so far is written. */
  flush(): Promise<void> {
    if (this.writing === undefined && this.lines.length > 0) {
      this.writing = this.drain().finally(() => {
        this.writing = undefined;
      });
    }
    return this.writing ?? Promise.resolve();
  }

  /** SIGHUP (logrotate): lines so far go to the file the descriptor points at, later ones to `path` as it is now. */
  async reopen(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    while (this.writing !== undefined) await this.writing;
    let fd: number;
    try {
      fd = openSync(this.path, 'a', MODE);
    } catch (error) {
      this.log('error', 'cannot reopen the audit log; still writing to the file it had open', { path: this.path, error: String(error) });
      return;
    }
    const old = this.fd;
    this.fd = fd;
    closeFd(old, () => {});
    this.log('info', 'audit log reopened', { path: this.path });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.flush();
    while (this.writing !== undefined) await this.writing;
    this.closed = true;
    closeSync(this.fd);
  }

  private async drain(): Promise<void> {
    while (this.lines.length > 0) {
      const count = this.lines.length;
      const chunk = Buffer.from(this.lines.join('\n') + '\n', 'utf8');
      this.lines = [];
      this.bytes = 0;
      try {
        await writeAll(this.fd, chunk);
        if (this.dropped > 0) {
          this.log('error', 'audit log records dropped: the file took no writes while they came', { path: this.path, records: this.dropped });
          this.dropped = 0;
        }
      } catch (error) {
        this.log('error', 'audit log write failed; records lost', { path: this.path, records: count, error: String(error) });
      }
    }
  }
}

/** Opens for appending, creating the file (mode 640): a path that cannot be opened stops the start. */
function openLog(path: string): number {
  try {
    return openSync(path, 'a', MODE);
  } catch (error) {
    throw new ConfigError(`cannot open the audit log ${path}: ${(error as Error).message}`);
  }
}

function writeAll(fd: number, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (offset: number): void => {
      write(fd, chunk, offset, chunk.length - offset, null, (error, written) => {
        if (error) reject(error);
        else if (offset + written < chunk.length) next(offset + written);
        else resolve();
      });
    };
    next(0);
  });
}

/** A running audit log: the auditors to hand the protocol handlers, and its close. */
export interface AuditLog {
  /** For the AWS protocol handler. */
  readonly requests: RequestAuditor;
  /** For the console's protocol handler (records its changes only, marked as console calls). */
  readonly console: RequestAuditor;
  /** Wraps the outermost handler: Switchyard's own routes (backup, export, peek) are recorded there (audit-admin.ts). */
  adminRoutes(handler: WireHandler, server: Omit<AdminAuditSettings, keyof AuditRecordSettings>): WireHandler;
  close(): Promise<void>;
}

/**
 * Opens the file and listens for SIGHUP while the server runs (a process with an audit log reopens
 * it on SIGHUP instead of ending, as logrotate's `postrotate kill -HUP` expects).
 */
export function startAuditLog(path: string, settings: AuditRecordSettings, log: Log): AuditLog {
  const file = new AuditLogFile(path, log);
  const sink = (line: string): void => file.append(line);
  const onHangUp = (): void => void file.reopen();
  process.on('SIGHUP', onHangUp);
  return {
    requests: createAuditor(settings, sink),
    console: createAuditor(settings, sink, true),
    adminRoutes: (handler, server) => withAdminAudit(handler, { ...settings, ...server }, sink),
    async close() {
      process.off('SIGHUP', onHangUp);
      await file.close();
    },
  };
}
