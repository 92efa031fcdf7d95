import type pg from 'pg';
import type {
  ClaimOutcome,
  ConsumerLimits,
  ConsumerRecord,
  RegisterOutcome,
  ReshardOutcome,
  ReshardPlan,
  TagOutcome,
} from '../../services/kinesis/store.js';
import { isRetryable } from './sql.js';

/**
 * The PostgreSQL Kinesis store's resharding, consumers, subscription leases, resource policies and
 * account settings (schema: migrations/0007-kinesis-reshard.ts). Each check-then-write locks the
 * stream row first (FOR UPDATE), so concurrent reshards and registrations of one stream are
 * serialised across nodes. A reshard takes effect at its `updatingUntil` (store.ts ReshardPlan);
 * sealing a shard (fixing its ending position once its close time came) takes its row lock, which
 * PutRecords also holds while it numbers records, so a shard's ending position is exact.
 */

const CONSUMER_COLS = `c.id::float8 AS id, c.stream_id::float8 AS "streamId", c.name, c.created_at::float8 AS "createdAt", c.active_at::float8 AS "activeAt",
  c.deleting_until::float8 AS "deletingUntil", c.tags`;
const LIVE = 'JOIN kinesis_streams s ON s.id = c.stream_id AND s.deleted_at IS NULL';

export class PostgresKinesisExtras {
  constructor(
    private readonly pool: pg.Pool,
    /**
     * The Kinesis NOTIFY channel (kinesis-wakeups.ts), when nodes share the database: a takeover
     * or a deregistration wakes the subscriptions it ends on other nodes (`w<shard ids>`, as a put
     * does), instead of leaving them to their next safety-net poll.
     */
    private readonly channel?: string,
  ) {}

  /** Runs `fn` in a transaction, retried on deadlocks and serialisation failures. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        if (attempt >= 5 || !isRetryable(err)) throw err;
      } finally {
        client.release();
      }
    }
  }

  reshard(streamId: number, plan: ReshardPlan, now: number): Promise<ReshardOutcome> {
    return this.tx(async (c) => {
      const st = await c.query<{ updating_until: string }>(
        'SELECT updating_until FROM kinesis_streams WHERE id = $1 AND deleted_at IS NULL FOR UPDATE',
        [streamId],
      );
      const row = st.rows[0];
      if (!row) return 'gone';
      if (Number(row.updating_until) > now) return 'busy';
      if (plan.close.length > 0) {
        // Closed at the effective time; the ending positions are fixed by sealShards once it came.
        const closed = await c.query(
          `UPDATE kinesis_shards SET closed_at = $3::bigint
           WHERE stream_id = $1 AND shard_index = ANY ($2::int[]) AND closed_at IS NULL`,
          [streamId, [...plan.close], plan.updatingUntil],
        );
        if (closed.rowCount !== plan.close.length) {
          await c.query('ROLLBACK');
          await c.query('BEGIN');
          return 'busy';
        }
      }
      const cr = plan.create;
      await c.query(
        `INSERT INTO kinesis_shards (stream_id, shard_index, starting_hash_key, ending_hash_key, created_at, parent_index, adjacent_parent_index, closed_at, ending_seq)
         SELECT $1, t.i, t.lo, t.hi, $2::bigint, t.p, t.a, CASE WHEN t.closed THEN $2::bigint END, NULL
         FROM unnest($3::int[], $4::text[], $5::text[], $6::int[], $7::int[], $8::bool[]) AS t (i, lo, hi, p, a, closed)`,
        [
          streamId,
          plan.updatingUntil,
          cr.map((s) => s.index),
          cr.map((s) => s.startingHashKey),
          cr.map((s) => s.endingHashKey),
          cr.map((s) => s.parentIndex),
          cr.map((s) => s.adjacentParentIndex),
          cr.map((s) => s.closed),
        ],
      );
      await c.query('UPDATE kinesis_streams SET updating_until = $2::bigint, settings = settings || $3::jsonb WHERE id = $1', [
        streamId,
        plan.updatingUntil,
        JSON.stringify(plan.settings ?? {}),
      ]);
      return 'ok';
    });
  }

  /**
   * One UPDATE: it takes each shard's row lock, which PutRecords holds while it numbers records, and
   * re-reads next_seq after waiting for it, so the ending position counts every committed write;
   * a write waiting behind it re-checks ending_seq and is refused.
   */
  async sealShards(streamId: number, now: number): Promise<void> {
    await this.pool.query('UPDATE kinesis_shards SET ending_seq = next_seq - 1 WHERE stream_id = $1 AND closed_at <= $2::bigint AND ending_seq IS NULL', [
      streamId,
      now,
    ]);
  }

  registerConsumer(
    streamId: number,
    name: string,
    now: number,
    activeAt: number,
    limits: ConsumerLimits,
    tags: Readonly<Record<string, string>> = {},
  ): Promise<RegisterOutcome> {
    return this.tx(async (c): Promise<RegisterOutcome> => {
      const st = await c.query('SELECT 1 FROM kinesis_streams WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [streamId]);
      if (st.rowCount === 0) return { outcome: 'gone' };
      // Consumers whose DELETING phase is over are gone: their rows (leases and call times cascade) go now.
      await c.query('DELETE FROM kinesis_consumers WHERE stream_id = $1 AND deleting_until > 0 AND deleting_until <= $2::bigint', [streamId, now]);
      const counts = await c.query<{ total: number; creating: number; taken: boolean }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE active_at > $2::bigint AND deleting_until = 0)::int AS creating, bool_or(name = $3) AS taken
         FROM kinesis_consumers WHERE stream_id = $1`,
        [streamId, now, name],
      );
      const k = counts.rows[0]!;
      if (k.taken) return { outcome: 'exists' };
      if (k.total >= limits.maxConsumers) return { outcome: 'too-many' };
      if (k.creating >= limits.maxCreating) return { outcome: 'too-many-creating' };
      const ins = await c.query<ConsumerRecord>(
        `INSERT INTO kinesis_consumers AS c (stream_id, name, created_at, active_at, tags) VALUES ($1, $2, $3::bigint, $4::bigint, $5::jsonb) RETURNING ${CONSUMER_COLS}`,
        [streamId, name, now, activeAt, JSON.stringify(tags)],
      );
      return { outcome: 'ok', consumer: ins.rows[0]! };
    });
  }

  async listConsumers(streamId: number): Promise<ConsumerRecord[]> {
    return (await this.pool.query<ConsumerRecord>(`SELECT ${CONSUMER_COLS} FROM kinesis_consumers c ${LIVE} WHERE c.stream_id = $1 ORDER BY c.name`, [streamId])).rows;
  }

  async getConsumer(streamId: number, name: string): Promise<ConsumerRecord | undefined> {
    const r = await this.pool.query<ConsumerRecord>(`SELECT ${CONSUMER_COLS} FROM kinesis_consumers c ${LIVE} WHERE c.stream_id = $1 AND c.name = $2`, [
      streamId,
      name,
    ]);
    return r.rows[0];
  }

  /** The count check sits in the UPDATE's WHERE, against the merged tags (see kinesis-sql.ts TAG_STREAM). */
  async tagConsumer(consumerId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<TagOutcome> {
    const r = await this.pool.query(
      `UPDATE kinesis_consumers SET tags = tags || $2::jsonb WHERE id = $1 AND (SELECT count(*) FROM jsonb_object_keys(tags || $2::jsonb)) <= $3`,
      [consumerId, JSON.stringify(tags), maxTags],
    );
    if (r.rowCount === 1) return 'ok';
    return (await this.pool.query('SELECT 1 FROM kinesis_consumers WHERE id = $1', [consumerId])).rowCount === 1 ? 'too-many' : 'gone';
  }

  async untagConsumer(consumerId: number, keys: readonly string[]): Promise<boolean> {
    return (await this.pool.query('UPDATE kinesis_consumers SET tags = tags - $2::text[] WHERE id = $1', [consumerId, [...keys]])).rowCount === 1;
  }

  /**
   * Marking DELETING and dropping the leases is one statement (a data-modifying CTE), so one
   * transaction; so is removing the consumer at once (its leases go with it). Either way the
   * subscriptions whose leases went are woken.
   */
  async deregisterConsumer(streamId: number, name: string, now: number, deleteAt: number): Promise<boolean> {
    const gone =
      deleteAt <= now
        ? `c AS (DELETE FROM kinesis_consumers WHERE stream_id = $1 AND name = $2 RETURNING id),
           leases AS (SELECT k.shard_index FROM kinesis_subscriptions k JOIN kinesis_consumers x ON x.id = k.consumer_id WHERE x.stream_id = $1 AND x.name = $2)`
        : `c AS (
             UPDATE kinesis_consumers SET deleting_until = CASE WHEN deleting_until = 0 THEN $4::bigint ELSE deleting_until END
             WHERE stream_id = $1 AND name = $2 RETURNING id
           ), leases AS (DELETE FROM kinesis_subscriptions k USING c WHERE k.consumer_id = c.id RETURNING k.shard_index)`;
    const r = await this.pool.query(
      `WITH ${gone},
       woken AS (
         SELECT pg_notify($3::text, 'w' || string_agg(sh.id::text, ',')) FROM leases l
         JOIN kinesis_shards sh ON sh.stream_id = $1 AND sh.shard_index = l.shard_index
         WHERE $3::text IS NOT NULL HAVING count(*) > 0
       )
       SELECT id, (SELECT count(*) FROM woken) AS woken FROM c`,
      deleteAt <= now ? [streamId, name, this.channel ?? null] : [streamId, name, this.channel ?? null, deleteAt],
    );
    return r.rowCount === 1;
  }

  /** One statement: the upsert's WHERE lets a call through only a full interval after the last one it let through. */
  async admitSubscribeCall(consumerId: number, shardIndex: number, now: number, intervalMs: number): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO kinesis_subscribe_calls AS k (consumer_id, shard_index, called_at) VALUES ($1, $2, $3::bigint)
       ON CONFLICT (consumer_id, shard_index) DO UPDATE SET called_at = excluded.called_at
       WHERE excluded.called_at - k.called_at >= $4::bigint`,
      [consumerId, shardIndex, now, intervalMs],
    );
    return r.rowCount === 1;
  }

  /**
   * One statement: the upsert's WHERE refuses to take a lease another owner took too recently; the
   * SELECT inserts nothing for a DELETING consumer, and the foreign key fails for a removed one.
   */
  async claimSubscription(consumerId: number, shardIndex: number, owner: string, now: number, takeoverAfterMs: number): Promise<ClaimOutcome> {
    try {
      const r = await this.pool.query<{ readable: boolean }>(
        `WITH prev AS (SELECT owner FROM kinesis_subscriptions WHERE consumer_id = $1 AND shard_index = $2),
         ins AS (
           INSERT INTO kinesis_subscriptions AS k (consumer_id, shard_index, owner, started_at)
           SELECT $1, $2, $3, $4::bigint WHERE NOT EXISTS (SELECT 1 FROM kinesis_consumers WHERE id = $1 AND deleting_until > 0)
           ON CONFLICT (consumer_id, shard_index) DO UPDATE SET owner = excluded.owner, started_at = excluded.started_at
           WHERE k.owner = excluded.owner OR excluded.started_at - k.started_at >= $5::bigint
           RETURNING 1
         ), woken AS (
           -- a takeover: the subscription it ends, wherever it runs, wakes and finds its lease gone
           SELECT pg_notify($6::text, 'w' || sh.id) FROM kinesis_consumers c
           JOIN kinesis_shards sh ON sh.stream_id = c.stream_id AND sh.shard_index = $2
           WHERE c.id = $1 AND $6::text IS NOT NULL AND EXISTS (SELECT 1 FROM ins) AND EXISTS (SELECT 1 FROM prev WHERE prev.owner <> $3)
         )
         SELECT EXISTS (SELECT 1 FROM ins) AS taken, NOT EXISTS (SELECT 1 FROM kinesis_consumers WHERE id = $1 AND deleting_until > 0) AS readable,
                (SELECT count(*) FROM woken) AS woken`,
        [consumerId, shardIndex, owner, now, takeoverAfterMs, this.channel ?? null],
      );
      const row = r.rows[0] as unknown as { taken: boolean; readable: boolean };
      if (row.taken) return 'ok';
      return row.readable ? 'held' : 'gone';
    } catch (err) {
      if ((err as { code?: string }).code === '23503') return 'gone'; // the consumer was removed
      throw err;
    }
  }

  async releaseSubscription(consumerId: number, shardIndex: number, owner: string): Promise<void> {
    await this.pool.query('DELETE FROM kinesis_subscriptions WHERE consumer_id = $1 AND shard_index = $2 AND owner = $3', [consumerId, shardIndex, owner]);
  }

  async subscriptionOwner(consumerId: number, shardIndex: number): Promise<string | undefined> {
    const r = await this.pool.query<{ owner: string }>('SELECT owner FROM kinesis_subscriptions WHERE consumer_id = $1 AND shard_index = $2', [
      consumerId,
      shardIndex,
    ]);
    return r.rows[0]?.owner;
  }

  async putResourcePolicy(arn: string, policy: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO kinesis_resource_policies (arn, policy) VALUES ($1, $2) ON CONFLICT (arn) DO UPDATE SET policy = excluded.policy',
      [arn, policy],
    );
  }

  async getResourcePolicy(arn: string): Promise<string | undefined> {
    return (await this.pool.query<{ policy: string }>('SELECT policy FROM kinesis_resource_policies WHERE arn = $1', [arn])).rows[0]?.policy;
  }

  async deleteResourcePolicy(arn: string): Promise<boolean> {
    return (await this.pool.query('DELETE FROM kinesis_resource_policies WHERE arn = $1', [arn])).rowCount === 1;
  }

  async getAccountSettings(accountId: string, region: string): Promise<Record<string, unknown>> {
    const r = await this.pool.query<{ settings: Record<string, unknown> }>(
      'SELECT settings FROM kinesis_account_settings WHERE account_id = $1 AND region = $2',
      [accountId, region],
    );
    return r.rows[0]?.settings ?? {};
  }

  async updateAccountSettings(accountId: string, region: string, settings: Record<string, unknown>): Promise<Record<string, unknown>> {
    const r = await this.pool.query<{ settings: Record<string, unknown> }>(
      `INSERT INTO kinesis_account_settings AS k (account_id, region, settings) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (account_id, region) DO UPDATE SET settings = k.settings || excluded.settings RETURNING settings`,
      [accountId, region, JSON.stringify(settings)],
    );
    return r.rows[0]!.settings;
  }
}
