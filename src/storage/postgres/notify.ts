import { createHash } from 'node:crypto';
import pg from 'pg';
import { quoteIdent } from './sql.js';

/**
 * Cross-node wakeups over LISTEN/NOTIFY.
 *
 * Writers call `pg_notify(channel, payload)` inside the statement that makes messages available,
 * so the notification is sent exactly when (and only if) that transaction commits. Each engine
 * holds one dedicated connection that LISTENs on its channel and hands payloads to `deliver`.
 *
 * States of the listening connection:
 *   connecting → listening → (error | end | failed ping) → waiting to retry → connecting …
 *   any state  → closed (close() was called; nothing reconnects)
 * Retries back off from 100 ms to 5 s. Notifications sent while no connection is listening are
 * lost (PostgreSQL does not queue them for absent listeners): waiters then wake on their own
 * timers, as they would on a single node without a wakeup.
 *
 * Notifications sent by this engine's own pool connections are dropped (`ownPids`): the store
 * already woke local waiters directly when its statement returned.
 */
export class PgNotifier {
  private client: pg.Client | undefined;
  private closed = false;
  private retryMs = 100;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private readonly dead = new WeakSet<pg.Client>();

  constructor(
    private readonly config: pg.ClientConfig,
    readonly channel: string,
    private readonly ownPids: ReadonlySet<number>,
    private readonly deliver: (payload: string) => void,
    private readonly pingEveryMs = 30_000,
  ) {}

  /** Connects and LISTENs; rejects if the first attempt fails (later drops reconnect by themselves). */
  async start(): Promise<void> {
    await this.connect();
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    const c = new pg.Client(this.config);
    c.on('error', () => this.lost(c));
    c.on('end', () => this.lost(c));
    c.on('notification', (n) => {
      if (n.channel !== this.channel || this.ownPids.has(n.processId)) return;
      this.deliver(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${quoteIdent(this.channel)}`);
    } catch (err) {
      this.lost(c);
      throw err;
    }
    if (this.closed || this.dead.has(c)) {
      this.lost(c);
      return;
    }
    this.client = c;
    this.retryMs = 100;
    this.schedulePing(c);
  }

  /** A silent network drop can leave a socket open for hours; a periodic query notices it. */
  private schedulePing(c: pg.Client): void {
    this.pingTimer = setTimeout(() => {
      if (this.client !== c) return;
      const timeout = setTimeout(() => this.lost(c), 10_000);
      c.query('SELECT 1').then(
        () => {
          clearTimeout(timeout);
          this.schedulePing(c);
        },
        () => {
          clearTimeout(timeout);
          this.lost(c);
        },
      );
    }, this.pingEveryMs);
    this.pingTimer.unref();
  }

  private lost(c: pg.Client): void {
    if (this.dead.has(c)) return;
    this.dead.add(c);
    c.end().catch(() => {});
    if (this.client === c) {
      this.client = undefined;
      clearTimeout(this.pingTimer);
    }
    if (!this.closed && this.retryTimer === undefined) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closed || this.client) return;
      this.connect().catch(() => {
        if (!this.closed && this.retryTimer === undefined) this.scheduleRetry();
      });
    }, delay);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pingTimer);
    const c = this.client;
    this.client = undefined;
    if (c) {
      this.dead.add(c);
      await c.end().catch(() => {});
    }
  }
}

/** Channel names are identifiers (at most 63 bytes); long schema names are hashed to fit. */
export function channelFor(schema: string, service: string): string {
  const plain = `switchyard.${schema}.${service}`;
  if (Buffer.byteLength(plain) <= 63) return plain;
  return `switchyard.${createHash('sha1').update(schema).digest('hex')}.${service}`;
}
