import type pg from 'pg';
import type {
  AccountUsage,
  KinesisStore,
  NewRecord,
  NewStream,
  PutResult,
  ReadRequest,
  ReadResult,
  ShardRecord,
  ShardTip,
  StoredRecord,
  StreamInfo,
  StreamMode,
  StreamRecord,
  StreamSettings,
  StreamUpdate,
  TagOutcome,
} from '../../services/kinesis/store.js';
import { ShardClosedError } from '../../services/kinesis/store.js';
import * as SQL from './kinesis-sql.js';
import { ChunkReader, chunkRecords, FIRST_PAGE, MAX_PAGE } from '../kinesis-chunks.js';
import { isRetryable } from './sql.js';
import { PostgresKinesisExtras } from './kinesis-extras.js';
import { PostgresKinesisChannels } from './kinesis-channels.js';
import { PgKinesisWakeups, type KinesisWakeupConfig } from './kinesis-wakeups.js';
import { byteaArray } from './kinesis-bytea.js';
import { copyChunks, type ChunkRow } from './kinesis-copy.js';
import { fromStoredText, storableText } from './unstorable-text.js';

const SERVER_KEY = 'kinesis-token-key';

/**
 * KinesisStore on PostgreSQL. Holds no state: everything is in the database, so any number of
 * nodes can share it (ARCHITECTURE §4). Every method is one statement (see kinesis-sql.ts for why
 * each is safe across nodes), except createStream when it loses a race and purgeDeleted, which
 * loops over small batches. With a wakeup configuration (the engine gives one), records put to
 * a shard that a subscription on another node follows are announced over NOTIFY (kinesis-wakeups.ts).
 */
export class PostgresKinesisStore implements KinesisStore {
  private readonly x: PostgresKinesisExtras;

  private readonly w: PgKinesisWakeups | undefined;

  constructor(
    private readonly pool: pg.Pool,
    wakeups?: KinesisWakeupConfig,
  ) {
    this.x = new PostgresKinesisExtras(pool, wakeups?.channel);
    this.ch = new PostgresKinesisChannels(pool);
    this.w = wakeups && new PgKinesisWakeups(pool, wakeups);
  }

  async watchWrites(onWrite: (shardIds: readonly number[]) => void, maxSubscriptionMs: number): Promise<void> {
    await this.w?.watch(onWrite, maxSubscriptionMs);
  }

  /** Stops listening (the engine closes the pool). */
  async close(): Promise<void> {
    await this.w?.close();
  }

  async claimSubscription(...a: Parameters<KinesisStore['claimSubscription']>): ReturnType<KinesisStore['claimSubscription']> {
    const outcome = await this.x.claimSubscription(...a);
    if (outcome === 'ok') await this.w?.subscriptionStarted();
    return outcome;
  }

  reshard = (...a: Parameters<KinesisStore['reshard']>) => this.x.reshard(...a);
  async sealShards(streamId: number, now: number): Promise<StreamRecord | undefined> {
    await this.x.sealShards(streamId, now);
    return this.getStreamById(streamId);
  }
  registerConsumer = (...a: Parameters<KinesisStore['registerConsumer']>) => this.x.registerConsumer(...a);
  tagConsumer = (...a: Parameters<KinesisStore['tagConsumer']>) => this.x.tagConsumer(...a);
  untagConsumer = (consumerId: number, keys: readonly string[]) => this.x.untagConsumer(consumerId, keys);
  listConsumers = (streamId: number) => this.x.listConsumers(streamId);
  getConsumer = (streamId: number, name: string) => this.x.getConsumer(streamId, name);
  deregisterConsumer = (...a: Parameters<KinesisStore['deregisterConsumer']>) => this.x.deregisterConsumer(...a);
  admitSubscribeCall = (...a: Parameters<KinesisStore['admitSubscribeCall']>) => this.x.admitSubscribeCall(...a);
  releaseSubscription = (...a: Parameters<KinesisStore['releaseSubscription']>) => this.x.releaseSubscription(...a);
  subscriptionOwner = (consumerId: number, shardIndex: number) => this.x.subscriptionOwner(consumerId, shardIndex);
  putResourcePolicy = (arn: string, policy: string) => this.x.putResourcePolicy(arn, policy);
  getResourcePolicy = (arn: string) => this.x.getResourcePolicy(arn);
  deleteResourcePolicy = (arn: string) => this.x.deleteResourcePolicy(arn);
  getAccountSettings = (accountId: string, region: string) => this.x.getAccountSettings(accountId, region);
  updateAccountSettings = (...a: Parameters<KinesisStore['updateAccountSettings']>) => this.x.updateAccountSettings(...a);
  // Channels: the resource only, nothing is delivered to S3 (kinesis-channels.ts).
  private readonly ch: PostgresKinesisChannels;
  createChannel = (...a: Parameters<KinesisStore['createChannel']>) => this.ch.createChannel(...a);
  getChannel = (...a: Parameters<KinesisStore['getChannel']>) => this.ch.getChannel(...a);
  listChannels = (accountId: string, region: string) => this.ch.listChannels(accountId, region);
  updateChannel = (...a: Parameters<KinesisStore['updateChannel']>) => this.ch.updateChannel(...a);
  deleteChannel = (id: number) => this.ch.deleteChannel(id);
  tagChannel = (...a: Parameters<KinesisStore['tagChannel']>) => this.ch.tagChannel(...a);
  untagChannel = (id: number, keys: readonly string[]) => this.ch.untagChannel(id, keys);

  private async run<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.query<R>({ name, text, values });
      } catch (err) {
        // A deadlock or serialisation failure aborted the single-statement transaction: nothing happened.
        if (attempt >= 5 || !isRetryable(err)) throw err;
      }
    }
  }

  async serverKey(candidate: Buffer): Promise<Buffer> {
    const r = await this.run<{ value: Buffer }>('kinesis_get_secret', SQL.GET_SECRET, [SERVER_KEY]);
    if (r.rows[0]) return r.rows[0].value;
    const w = await this.run<{ value: Buffer }>('kinesis_insert_secret', SQL.INSERT_SECRET, [SERVER_KEY, candidate]);
    return w.rows[0]!.value;
  }

  async createStream(stream: NewStream): Promise<{ created: boolean; stream: StreamRecord }> {
    for (;;) {
      const r = await this.run<{ id: number }>('kinesis_create_stream', SQL.CREATE_STREAM, [
        stream.accountId,
        stream.region,
        stream.name,
        stream.streamId,
        stream.createdAt,
        stream.activeAt,
        stream.mode,
        stream.retentionHours,
        stream.maxRecordSizeKiB,
        JSON.stringify(stream.tags),
        JSON.stringify(stream.settings),
        stream.shards.map((s) => s.index),
        stream.shards.map((s) => s.startingHashKey),
        stream.shards.map((s) => s.endingHashKey),
      ]);
      const id = r.rows[0]?.id;
      if (id !== undefined) return { created: true, stream: (await this.getStreamById(id))! };
      // Lost to a concurrent creator (or the name exists): read it; if it was deleted meanwhile, try again.
      const existing = await this.getStream(stream.accountId, stream.region, stream.name);
      if (existing) return { created: false, stream: existing };
    }
  }

  async getStream(accountId: string, region: string, name: string): Promise<StreamRecord | undefined> {
    const r = await this.run<StreamRow>('kinesis_stream_by_name', SQL.STREAM_BY_NAME, [accountId, region, name]);
    return r.rows[0] && toStream(r.rows[0]);
  }

  async getStreamById(id: number): Promise<StreamRecord | undefined> {
    const r = await this.run<StreamRow>('kinesis_stream_by_id', SQL.STREAM_BY_ID, [id]);
    return r.rows[0] && toStream(r.rows[0]);
  }

  async listStreams(accountId: string, region: string, afterName: string | undefined, limit: number): Promise<StreamInfo[]> {
    const r = await this.run<StreamRow>('kinesis_list_streams', SQL.LIST_STREAMS, [accountId, region, afterName ?? '', limit]);
    return r.rows.map(toInfo);
  }

  async streamsAfter(afterId: number, limit: number): Promise<StreamRecord[]> {
    const r = await this.run<StreamRow>('kinesis_streams_after', SQL.STREAMS_AFTER, [afterId, limit]);
    return r.rows.map(toStream);
  }

  async deleteStream(id: number, now: number): Promise<boolean> {
    return (await this.run('kinesis_delete_stream', SQL.DELETE_STREAM, [id, now])).rowCount === 1;
  }

  async updateStream(id: number, u: StreamUpdate): Promise<boolean> {
    const r = await this.run('kinesis_update_stream', SQL.UPDATE_STREAM, [
      id,
      u.retentionHours ?? null,
      u.maxRecordSizeKiB ?? null,
      u.mode ?? null,
      JSON.stringify(u.settings ?? {}),
      u.updatingUntil ?? null,
    ]);
    return r.rowCount === 1;
  }

  async tagStream(id: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<TagOutcome> {
    const r = await this.run('kinesis_tag_stream', SQL.TAG_STREAM, [id, JSON.stringify(tags), maxTags]);
    if (r.rowCount === 1) return 'ok';
    const live = await this.run<{ live: boolean }>('kinesis_stream_live', SQL.STREAM_LIVE, [id]);
    return live.rows[0]?.live ? 'too-many' : 'gone';
  }

  async untagStream(id: number, keys: readonly string[]): Promise<boolean> {
    return (await this.run('kinesis_untag_stream', SQL.UNTAG_STREAM, [id, [...keys]])).rowCount === 1;
  }

  async accountUsage(accountId: string, region: string, now: number): Promise<AccountUsage> {
    const r = await this.run<{ open_shards: number; on_demand_streams: number; creating_streams: number }>('kinesis_usage', SQL.USAGE, [
      accountId,
      region,
      now,
    ]);
    const row = r.rows[0]!;
    return { openShards: row.open_shards, onDemandStreams: row.on_demand_streams, creatingStreams: row.creating_streams };
  }

  async putRecords(streamId: number, records: readonly NewRecord[], now: number): Promise<PutResult[] | undefined> {
    const { chunks, counts } = chunkRecords(records);
    const channel = await this.w?.channelFor([...counts.keys()], now);
    const params: unknown[] = [
      streamId,
      [...counts.keys()],
      [...counts.values()],
      now,
      chunks.map((c) => c.shardId),
      chunks.map((c) => c.offset),
      chunks.map((c) => c.count),
      chunks.map((c) => c.sizes),
      chunks.map((c) => storableText(c.keys)),
      byteaArray(chunks.map((c) => c.data)),
    ];
    if (channel) params.push(channel);
    const res = await this.run<{ live: number; shards: [number, number, number][] }>(
      channel ? 'kinesis_put_records_notify' : 'kinesis_put_records',
      channel ? SQL.PUT_RECORDS_NOTIFY : SQL.PUT_RECORDS,
      params,
    ).catch((err: unknown) => {
      // kinesis_fail: a shard is no longer open (a reshard took effect after the records were routed).
      if ((err as { code?: string }).code === 'P0001') throw new ShardClosedError();
      throw err;
    });
    const row = res.rows[0]!;
    if (row.live === 0) return undefined;
    // Number the records per shard in input order, as the chunks were laid out.
    const next = new Map<number, { seq: number; arrival: number }>();
    for (const [id, first, arrival] of row.shards) next.set(Number(id), { seq: Number(first), arrival: Number(arrival) });
    return records.map((r) => {
      const pos = next.get(r.shardId)!;
      return { seq: pos.seq++, arrivalMs: pos.arrival };
    });
  }

  async readShard(shardId: number, req: ReadRequest): Promise<ReadResult> {
    const reader = new ChunkReader(req);
    let tip: ShardTip = { nextSeq: 1, lastArrivalMs: 0 };
    // Pages of chunks, sized from the chunks seen so far. The first comes with the tip, from a
    // prepared statement (most reads end there); later ones as bytes (kinesis-copy.ts). Either
    // way a chunk's keys come as stored: partition keys with U+0000 marked (unstorable-text.ts).
    for (let page = FIRST_PAGE, from = req.fromSeq, firstPage = true; ; page = reader.nextPage(MAX_PAGE), firstPage = false) {
      let chunks: readonly ChunkRow[];
      if (firstPage) {
        const r = await this.run<ReadRow>('kinesis_read_shard', SQL.READ_SHARD, [shardId, from, req.minArrivalMs, page]);
        const head = r.rows[0];
        if (head) tip = { nextSeq: head.next_seq, lastArrivalMs: head.last_arrival };
        chunks = r.rows.flatMap((row) =>
          row.seq === null ? [] : [{ seq: row.seq, lastSeq: row.last_seq!, arrivalMs: row.arrival_ms!, sizes: row.sizes!, keys: row.keys!, data: row.data! }],
        );
      } else {
        chunks = await copyChunks(this.pool, shardId, from, req.minArrivalMs, page);
      }
      for (const c of chunks) {
        if (!reader.add(c.seq, c.arrivalMs, c.sizes, fromStoredText(c.keys), c.data)) break;
        from = c.lastSeq + 1;
      }
      if (reader.isFull || chunks.length < page) break;
    }
    const records = reader.records;
    const nextSeq = records.length > 0 ? records[records.length - 1]!.seq + 1 : Math.max(req.fromSeq, tip.nextSeq);
    return { records, nextSeq, tip };
  }

  async shardTip(shardId: number): Promise<ShardTip> {
    const r = await this.run<{ next_seq: number; last_arrival: number }>('kinesis_shard_tip', SQL.SHARD_TIP, [shardId]);
    const row = r.rows[0];
    return row ? { nextSeq: row.next_seq, lastArrivalMs: row.last_arrival } : { nextSeq: 1, lastArrivalMs: 0 };
  }

  async seqAtTime(shardId: number, arrivalMs: number): Promise<number> {
    const r = await this.run<{ seq: number }>('kinesis_seq_at_time', SQL.SEQ_AT_TIME, [shardId, arrivalMs]);
    return r.rows[0]!.seq;
  }

  async trimStream(streamId: number, cutoffMs: number, maxRecords: number): Promise<number> {
    return Number((await this.run<{ n: number }>('kinesis_trim_stream', SQL.TRIM_STREAM, [streamId, cutoffMs, maxRecords])).rows[0]!.n);
  }

  async purgeDeleted(maxRecords: number): Promise<number> {
    let deleted = 0;
    while (deleted < maxRecords) {
      const n = Number((await this.run<{ n: number }>('kinesis_purge_deleted', SQL.PURGE_DELETED_RECORDS, [maxRecords - deleted])).rows[0]!.n);
      deleted += n;
      if (n > 0) continue;
      // The oldest deleted stream is empty: drop its rows and go on with the next one, if any.
      const dropped = (await this.run('kinesis_drop_empty_deleted', SQL.DROP_EMPTY_DELETED, [])).rowCount ?? 0;
      if (dropped === 0) break;
    }
    return deleted;
  }
}

interface StreamRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  stream_id: string;
  created_at: number;
  active_at: number;
  mode: string;
  retention_hours: number;
  max_record_size_kib: number;
  tags: Record<string, string>;
  settings: StreamSettings;
  open_shard_count: number;
  updating_until: number;
  shards?: ShardRecord[];
}

interface ReadRow {
  next_seq: number;
  last_arrival: number;
  seq: number | null;
  last_seq: number | null;
  arrival_ms: number | null;
  sizes: string | null;
  keys: string | null;
  data: Buffer | null;
}

function toInfo(row: StreamRow): StreamInfo {
  return Object.freeze({
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    streamId: row.stream_id,
    createdAt: row.created_at,
    activeAt: row.active_at,
    mode: row.mode as StreamMode,
    retentionHours: row.retention_hours,
    maxRecordSizeKiB: row.max_record_size_kib,
    tags: Object.freeze({ ...row.tags }),
    settings: Object.freeze({ ...row.settings }),
    openShardCount: row.open_shard_count,
    updatingUntil: row.updating_until,
  });
}

function toStream(row: StreamRow): StreamRecord {
  return Object.freeze({ ...toInfo(row), shards: Object.freeze((row.shards ?? []).map((s) => Object.freeze({ ...s }))) });
}
