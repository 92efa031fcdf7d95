import type pg from 'pg';
import { PgNotifier } from './notify.js';

/**
 * Cross-node SubscribeToShard wakeups on PostgreSQL: a node follows a shard with a subscription;
 * another node puts records to that shard; the follower should hear of it at once instead of at
 * its next poll.
 *
 * Why not NOTIFY on every PutRecords: a transaction that has sent a NOTIFY takes a database-wide
 * lock at commit to queue it, so notifying on every put would serialise all commits. Writers
 * notify only for shards that some node follows. Who follows what is already in the database:
 * `kinesis_subscriptions` holds a row per live SubscribeToShard lease (taken when a subscription
 * starts, removed when it ends), and a lease older than the longest subscription is dead even if
 * a crashed node left it behind. So no new table and no heartbeat: writers cache the set of
 * followed shards, refreshed at most once a second (one small query per writing node per second)
 * and at once when a node announces a new subscription.
 *
 * Payloads on the channel (sent from inside the writer's transaction, so only once it commits):
 *   `w<id>,<id>…`  records were committed to these shards (engine ids)
 *   `s`            a subscription started somewhere: refresh the cache before the next put
 *
 * States of the cache: stale (never read, or a subscription started since it was read) →
 * refreshing → fresh for REFRESH_MS → stale. A refresh that overlaps an `s` stays stale (the
 * generation counter), so a new follower is never missed for longer than one put.
 * Notifications lost while the listening connection is down only cost latency: each subscription
 * still polls (the safety net, `subscriptionPollMs`).
 */

const REFRESH_MS = 1_000;

const FOLLOWED_SHARDS = `
SELECT DISTINCT sh.id FROM kinesis_subscriptions k
JOIN kinesis_consumers c ON c.id = k.consumer_id
JOIN kinesis_shards sh ON sh.stream_id = c.stream_id AND sh.shard_index = k.shard_index
WHERE k.started_at > $1::bigint`;

export interface KinesisWakeupConfig {
  /** The LISTEN/NOTIFY channel of this schema's Kinesis (notify.ts channelFor). */
  readonly channel: string;
  /** The pool's backend pids: this node's own notifications are dropped (its waiters were woken directly). */
  readonly ownPids: ReadonlySet<number>;
  /** For the dedicated listening connection. */
  readonly clientConfig: pg.ClientConfig;
}

export class PgKinesisWakeups {
  private listener: PgNotifier | undefined;
  private maxSubscriptionMs = 300_000;
  private followed = new Set<number>();
  private freshUntil = -Infinity;
  private generation = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    readonly config: KinesisWakeupConfig,
  ) {}

  /** Starts listening: `onWrite` gets the shards other nodes wrote to. */
  async watch(onWrite: (shardIds: readonly number[]) => void, maxSubscriptionMs: number): Promise<void> {
    this.maxSubscriptionMs = maxSubscriptionMs;
    if (this.listener) return;
    this.listener = new PgNotifier(this.config.clientConfig, this.config.channel, this.config.ownPids, (payload) => {
      if (payload === 's') {
        this.invalidate();
      } else if (payload.startsWith('w')) {
        const ids = payload.slice(1).split(',').map(Number).filter(Number.isSafeInteger);
        if (ids.length > 0) onWrite(ids);
      }
    });
    await this.listener.start();
  }

  /**
   * The channel to notify on if a put to these shards must be announced (some node follows one of
   * them), else undefined. `now` is the writer's clock (the store reads none).
   */
  async channelFor(shardIds: Iterable<number>, now: number): Promise<string | undefined> {
    if (now >= this.freshUntil) await this.refresh(now);
    if (this.followed.size === 0) return undefined;
    for (const id of shardIds) if (this.followed.has(id)) return this.config.channel;
    return undefined;
  }

  /** A subscription started on this node: every node's writers re-read the followed shards. */
  async subscriptionStarted(): Promise<void> {
    this.invalidate();
    await this.pool.query('SELECT pg_notify($1, $2)', [this.config.channel, 's']);
  }

  async close(): Promise<void> {
    await this.listener?.close();
  }

  private invalidate(): void {
    this.generation++;
    this.freshUntil = -Infinity;
  }

  private refresh(now: number): Promise<void> {
    this.refreshing ??= (async () => {
      const generation = this.generation;
      try {
        const r = await this.pool.query<{ id: number }>(FOLLOWED_SHARDS, [now - this.maxSubscriptionMs]);
        this.followed = new Set(r.rows.map((row) => Number(row.id)));
        if (generation === this.generation) this.freshUntil = now + REFRESH_MS;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
