import type Database from 'better-sqlite3';
import type {
  ClaimOutcome,
  ConsumerLimits,
  ConsumerRecord,
  RegisterOutcome,
  ReshardOutcome,
  ReshardPlan,
  StreamSettings,
  TagOutcome,
} from '../../services/kinesis/store.js';
import type { GroupCommit } from './group-commit.js';
import { MAX_SHARD_ID } from './kinesis-statements.js';

/**
 * The SQLite Kinesis store's resharding, consumers, subscription leases, resource policies and
 * account settings (schema: migrations/0007-kinesis-reshard.ts). Writes run in the group-commit
 * writer, so each check-then-write is atomic; reads see committed data only. A reshard takes
 * effect at its `updatingUntil` (store.ts ReshardPlan): its parents close then, its children are
 * created then, and the parents' ending positions are fixed by sealShards once that time came.
 */

const CONSUMER_COLS = 'c.id, c.stream_id AS streamId, c.name, c.created_at AS createdAt, c.active_at AS activeAt, c.deleting_until AS deletingUntil, c.tags';
const LIVE = 'JOIN kinesis_streams s ON s.id = c.stream_id AND s.deleted_at IS NULL';

function prepare(db: Database.Database) {
  return {
    streamState: db.prepare('SELECT updating_until AS updatingUntil, settings FROM kinesis_streams WHERE id = ? AND deleted_at IS NULL'),
    openIndices: db.prepare('SELECT shard_index FROM kinesis_shards WHERE stream_id = ? AND closed_at IS NULL').pluck(),
    // A reshard closes its parents at its effective time; their ending position is fixed by sealShards.
    closeShard: db.prepare('UPDATE kinesis_shards SET closed_at = @at WHERE stream_id = @stream AND shard_index = @index AND closed_at IS NULL'),
    sealShards: db.prepare('UPDATE kinesis_shards SET ending_seq = next_seq - 1 WHERE stream_id = ? AND closed_at <= ? AND ending_seq IS NULL'),
    insertShard: db.prepare(
      `INSERT INTO kinesis_shards (stream_id, shard_index, starting_hash_key, ending_hash_key, created_at, parent_index, adjacent_parent_index, closed_at, ending_seq)
       VALUES (@stream, @index, @start, @end, @at, @parent, @adjacent, @closedAt, NULL)`,
    ),
    setUpdating: db.prepare('UPDATE kinesis_streams SET updating_until = ?, settings = ? WHERE id = ?'),

    consumers: db.prepare(`SELECT ${CONSUMER_COLS} FROM kinesis_consumers c ${LIVE} WHERE c.stream_id = ? ORDER BY c.name`),
    consumer: db.prepare(`SELECT ${CONSUMER_COLS} FROM kinesis_consumers c ${LIVE} WHERE c.stream_id = ? AND c.name = ?`),
    consumerCounts: db.prepare(
      'SELECT count(*) AS total, count(*) FILTER (WHERE active_at > ? AND deleting_until = 0) AS creating FROM kinesis_consumers WHERE stream_id = ?',
    ),
    dropFinished: db.prepare('DELETE FROM kinesis_consumers WHERE stream_id = ? AND deleting_until > 0 AND deleting_until <= ? RETURNING id').pluck(),
    markDeleting: db.prepare('UPDATE kinesis_consumers SET deleting_until = ? WHERE stream_id = ? AND name = ? AND deleting_until = 0'),
    insertConsumer: db.prepare('INSERT INTO kinesis_consumers (stream_id, name, created_at, active_at, tags) VALUES (?, ?, ?, ?, ?)'),
    consumerTags: db.prepare('SELECT tags FROM kinesis_consumers WHERE id = ?').pluck(),
    setConsumerTags: db.prepare('UPDATE kinesis_consumers SET tags = ? WHERE id = ?'),
    deleteConsumer: db.prepare('DELETE FROM kinesis_consumers WHERE stream_id = ? AND name = ? RETURNING id').pluck(),
    consumerReadable: db.prepare('SELECT 1 FROM kinesis_consumers WHERE id = ? AND deleting_until = 0').pluck(),
    consumerByName: db.prepare('SELECT id FROM kinesis_consumers WHERE stream_id = ? AND name = ?').pluck(),
    dropSubscriptions: db.prepare('DELETE FROM kinesis_subscriptions WHERE consumer_id = ?'),
    dropCalls: db.prepare('DELETE FROM kinesis_subscribe_calls WHERE consumer_id = ?'),
    lastCall: db.prepare('SELECT called_at FROM kinesis_subscribe_calls WHERE consumer_id = ? AND shard_index = ?').pluck(),
    setCall: db.prepare(
      `INSERT INTO kinesis_subscribe_calls (consumer_id, shard_index, called_at) VALUES (?, ?, ?)
       ON CONFLICT (consumer_id, shard_index) DO UPDATE SET called_at = excluded.called_at`,
    ),
    lease: db.prepare('SELECT owner, started_at AS startedAt FROM kinesis_subscriptions WHERE consumer_id = ? AND shard_index = ?'),
    setLease: db.prepare(
      `INSERT INTO kinesis_subscriptions (consumer_id, shard_index, owner, started_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (consumer_id, shard_index) DO UPDATE SET owner = excluded.owner, started_at = excluded.started_at`,
    ),

    releaseLease: db.prepare('DELETE FROM kinesis_subscriptions WHERE consumer_id = ? AND shard_index = ? AND owner = ?'),
    putPolicy: db.prepare('INSERT INTO kinesis_resource_policies (arn, policy) VALUES (?, ?) ON CONFLICT (arn) DO UPDATE SET policy = excluded.policy'),
    getPolicy: db.prepare('SELECT policy FROM kinesis_resource_policies WHERE arn = ?').pluck(),
    deletePolicy: db.prepare('DELETE FROM kinesis_resource_policies WHERE arn = ?'),
    getAccount: db.prepare('SELECT settings FROM kinesis_account_settings WHERE account_id = ? AND region = ?').pluck(),
    putAccount: db.prepare(
      `INSERT INTO kinesis_account_settings (account_id, region, settings) VALUES (?, ?, ?)
       ON CONFLICT (account_id, region) DO UPDATE SET settings = excluded.settings`,
    ),
  };
}

interface ConsumerRow extends Omit<ConsumerRecord, 'tags'> {
  tags: string;
}

const toConsumer = (row: ConsumerRow): ConsumerRecord => ({ ...row, tags: JSON.parse(row.tags) as Record<string, string> });

export class SqliteKinesisExtras {
  private readonly s: ReturnType<typeof prepare>;
  private readonly dropSubs: Database.Statement;
  private readonly dropCallsOf: Database.Statement;
  private readonly dropCons: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
    /** Drops the store's cached record of a stream. */
    private readonly forget: (streamId: number) => void,
  ) {
    this.s = prepare(db);
    this.dropSubs = db.prepare('DELETE FROM kinesis_subscriptions WHERE consumer_id IN (SELECT id FROM kinesis_consumers WHERE stream_id = ?)');
    this.dropCallsOf = db.prepare('DELETE FROM kinesis_subscribe_calls WHERE consumer_id IN (SELECT id FROM kinesis_consumers WHERE stream_id = ?)');
    this.dropCons = db.prepare('DELETE FROM kinesis_consumers WHERE stream_id = ?');
  }

  /** Inside the writer: the consumers of a purged stream go with it. */
  dropConsumers(streamId: number): void {
    this.dropSubs.run(streamId);
    this.dropCallsOf.run(streamId);
    this.dropCons.run(streamId);
  }

  /** Inside the writer: a consumer's leases and call times go with it. */
  private dropConsumerRows(id: number): void {
    this.s.dropSubscriptions.run(id);
    this.s.dropCalls.run(id);
  }

  reshard(streamId: number, plan: ReshardPlan, now: number): Promise<ReshardOutcome> {
    return this.writer.submit(() => {
      this.forget(streamId);
      const st = this.s.streamState.get(streamId) as { updatingUntil: number; settings: string } | undefined;
      if (!st) return 'gone';
      if (st.updatingUntil > now) return 'busy';
      const open = new Set(this.s.openIndices.all(streamId) as number[]);
      if (!plan.close.every((i) => open.has(i))) return 'busy';
      const at = plan.updatingUntil;
      for (const index of plan.close) this.s.closeShard.run({ at, stream: streamId, index });
      for (const sh of plan.create) {
        const id = Number(
          this.s.insertShard.run({
            stream: streamId,
            index: sh.index,
            start: sh.startingHashKey,
            end: sh.endingHashKey,
            at,
            parent: sh.parentIndex,
            adjacent: sh.adjacentParentIndex,
            closedAt: sh.closed ? at : null,
          }).lastInsertRowid,
        );
        if (id > MAX_SHARD_ID) throw new Error(`this SQLite database has used all ${MAX_SHARD_ID} shard ids`);
      }
      const settings = { ...(JSON.parse(st.settings) as StreamSettings), ...plan.settings };
      this.s.setUpdating.run(plan.updatingUntil, JSON.stringify(settings), streamId);
      return 'ok';
    });
  }

  /** In the writer, so serialised with PutRecords' counter updates: next_seq is final here. */
  sealShards(streamId: number, now: number): Promise<void> {
    return this.writer.submit(() => {
      this.forget(streamId);
      this.s.sealShards.run(streamId, now);
    });
  }

  registerConsumer(
    streamId: number,
    name: string,
    now: number,
    activeAt: number,
    limits: ConsumerLimits,
    tags: Readonly<Record<string, string>> = {},
  ): Promise<RegisterOutcome> {
    return this.writer.submit((): RegisterOutcome => {
      if (!this.s.streamState.get(streamId)) return { outcome: 'gone' };
      for (const id of this.s.dropFinished.all(streamId, now) as number[]) this.dropConsumerRows(id);
      if (this.s.consumer.get(streamId, name)) return { outcome: 'exists' };
      const c = this.s.consumerCounts.get(now, streamId) as { total: number; creating: number };
      if (c.total >= limits.maxConsumers) return { outcome: 'too-many' };
      if (c.creating >= limits.maxCreating) return { outcome: 'too-many-creating' };
      this.s.insertConsumer.run(streamId, name, now, activeAt, JSON.stringify(tags));
      return { outcome: 'ok', consumer: toConsumer(this.s.consumer.get(streamId, name) as ConsumerRow) };
    });
  }

  listConsumers(streamId: number): Promise<ConsumerRecord[]> {
    return Promise.resolve((this.s.consumers.all(streamId) as ConsumerRow[]).map(toConsumer));
  }

  getConsumer(streamId: number, name: string): Promise<ConsumerRecord | undefined> {
    const row = this.s.consumer.get(streamId, name) as ConsumerRow | undefined;
    return Promise.resolve(row && toConsumer(row));
  }

  tagConsumer(consumerId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<TagOutcome> {
    return this.writer.submit((): TagOutcome => {
      const row = this.s.consumerTags.get(consumerId) as string | undefined;
      if (row === undefined) return 'gone';
      const merged = { ...(JSON.parse(row) as Record<string, string>), ...tags };
      if (Object.keys(merged).length > maxTags) return 'too-many';
      this.s.setConsumerTags.run(JSON.stringify(merged), consumerId);
      return 'ok';
    });
  }

  untagConsumer(consumerId: number, keys: readonly string[]): Promise<boolean> {
    return this.writer.submit(() => {
      const row = this.s.consumerTags.get(consumerId) as string | undefined;
      if (row === undefined) return false;
      const tags = JSON.parse(row) as Record<string, string>;
      for (const k of keys) delete tags[k];
      this.s.setConsumerTags.run(JSON.stringify(tags), consumerId);
      return true;
    });
  }

  deregisterConsumer(streamId: number, name: string, now: number, deleteAt: number): Promise<boolean> {
    return this.writer.submit(() => {
      if (deleteAt > now) {
        const id = this.s.consumerByName.get(streamId, name) as number | undefined;
        if (id === undefined) return false;
        this.s.markDeleting.run(deleteAt, streamId, name);
        this.s.dropSubscriptions.run(id);
        return true;
      }
      const id = this.s.deleteConsumer.get(streamId, name) as number | undefined;
      if (id === undefined) return false;
      this.dropConsumerRows(id);
      return true;
    });
  }

  admitSubscribeCall(consumerId: number, shardIndex: number, now: number, intervalMs: number): Promise<boolean> {
    return this.writer.submit(() => {
      const last = this.s.lastCall.get(consumerId, shardIndex) as number | undefined;
      if (last !== undefined && now - last < intervalMs) return false;
      this.s.setCall.run(consumerId, shardIndex, now);
      return true;
    });
  }

  claimSubscription(consumerId: number, shardIndex: number, owner: string, now: number, takeoverAfterMs: number): Promise<ClaimOutcome> {
    return this.writer.submit((): ClaimOutcome => {
      if (!this.s.consumerReadable.get(consumerId)) return 'gone';
      const held = this.s.lease.get(consumerId, shardIndex) as { owner: string; startedAt: number } | undefined;
      if (held && held.owner !== owner && now - held.startedAt < takeoverAfterMs) return 'held';
      this.s.setLease.run(consumerId, shardIndex, owner, now);
      return 'ok';
    });
  }

  releaseSubscription(consumerId: number, shardIndex: number, owner: string): Promise<void> {
    return this.writer.submit(() => void this.s.releaseLease.run(consumerId, shardIndex, owner));
  }

  subscriptionOwner(consumerId: number, shardIndex: number): Promise<string | undefined> {
    return Promise.resolve((this.s.lease.get(consumerId, shardIndex) as { owner: string } | undefined)?.owner);
  }

  putResourcePolicy(arn: string, policy: string): Promise<void> {
    return this.writer.submit(() => void this.s.putPolicy.run(arn, policy));
  }

  getResourcePolicy(arn: string): Promise<string | undefined> {
    return Promise.resolve(this.s.getPolicy.get(arn) as string | undefined);
  }

  deleteResourcePolicy(arn: string): Promise<boolean> {
    return this.writer.submit(() => this.s.deletePolicy.run(arn).changes === 1);
  }

  getAccountSettings(accountId: string, region: string): Promise<Record<string, unknown>> {
    const row = this.s.getAccount.get(accountId, region) as string | undefined;
    return Promise.resolve(row === undefined ? {} : (JSON.parse(row) as Record<string, unknown>));
  }

  updateAccountSettings(accountId: string, region: string, settings: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.writer.submit(() => {
      const row = this.s.getAccount.get(accountId, region) as string | undefined;
      const merged = { ...(row === undefined ? {} : (JSON.parse(row) as Record<string, unknown>)), ...settings };
      this.s.putAccount.run(accountId, region, JSON.stringify(merged));
      return merged;
    });
  }
}
