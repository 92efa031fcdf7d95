import type Database from 'better-sqlite3';
import type {
  AccountUsage,
  KinesisStore,
  NewRecord,
  NewStream,
  PutResult,
  ReadRequest,
  ReadResult,
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
import type { GroupCommit } from './group-commit.js';
import { SqliteKinesisExtras } from './kinesis-extras.js';
import { SqliteKinesisChannels } from './kinesis-channels.js';
import { MAX_SEQ, MAX_SHARD_ID, prepareKinesis, type ChunkRow, type KinesisStatements, type ShardRow, type StreamRow } from './kinesis-statements.js';
import { read } from './read.js';
import { ChunkReader, chunkRecords, FIRST_PAGE, MAX_PAGE } from '../kinesis-chunks.js';

const SERVER_KEY = 'kinesis-token-key';

/**
 * The Kinesis store on SQLite (schema: migrations/0005-kinesis.ts; records in chunks: 0012-kinesis-chunks.ts).
 *
 * Writes run inside the group-commit writer (one transaction per event-loop turn), so a
 * check-then-write inside one op is atomic, and positions are handed out in commit order by
 * construction. Reads run directly on the connection and only ever see committed data.
 *
 * In-memory state, valid because this process alone has the file open (the engine holds an
 * exclusive lock): a cache of live stream records by id and by name, filled by reads and dropped
 * for a stream by any write to it (so a rolled-back batch cannot leave a wrong entry behind).
 */
export class SqliteKinesisStore implements KinesisStore {
  private readonly s: KinesisStatements;
  private readonly byId = new Map<number, StreamRecord>();
  private readonly byName = new Map<string, StreamRecord>();
  private readonly x: SqliteKinesisExtras;

  constructor(
    db: Database.Database,
    private readonly writer: GroupCommit,
  ) {
    this.s = prepareKinesis(db);
    this.x = new SqliteKinesisExtras(db, writer, (id) => this.forget(id));
    this.ch = new SqliteKinesisChannels(db, writer);
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
  claimSubscription = (...a: Parameters<KinesisStore['claimSubscription']>) => this.x.claimSubscription(...a);
  releaseSubscription = (...a: Parameters<KinesisStore['releaseSubscription']>) => this.x.releaseSubscription(...a);
  subscriptionOwner = (consumerId: number, shardIndex: number) => this.x.subscriptionOwner(consumerId, shardIndex);
  putResourcePolicy = (arn: string, policy: string) => this.x.putResourcePolicy(arn, policy);
  getResourcePolicy = (arn: string) => this.x.getResourcePolicy(arn);
  deleteResourcePolicy = (arn: string) => this.x.deleteResourcePolicy(arn);
  getAccountSettings = (accountId: string, region: string) => this.x.getAccountSettings(accountId, region);
  updateAccountSettings = (...a: Parameters<KinesisStore['updateAccountSettings']>) => this.x.updateAccountSettings(...a);
  // Channels: the resource only, nothing is delivered to S3 (kinesis-channels.ts).
  private readonly ch: SqliteKinesisChannels;
  createChannel = (...a: Parameters<KinesisStore['createChannel']>) => this.ch.createChannel(...a);
  getChannel = (...a: Parameters<KinesisStore['getChannel']>) => this.ch.getChannel(...a);
  listChannels = (accountId: string, region: string) => this.ch.listChannels(accountId, region);
  updateChannel = (...a: Parameters<KinesisStore['updateChannel']>) => this.ch.updateChannel(...a);
  deleteChannel = (id: number) => this.ch.deleteChannel(id);
  tagChannel = (...a: Parameters<KinesisStore['tagChannel']>) => this.ch.tagChannel(...a);
  untagChannel = (id: number, keys: readonly string[]) => this.ch.untagChannel(id, keys);

  serverKey(candidate: Buffer): Promise<Buffer> {
    const existing = this.s.getSecret.get(SERVER_KEY) as Buffer | undefined;
    if (existing) return Promise.resolve(existing);
    return this.writer.submit(() => {
      this.s.insertSecret.run(SERVER_KEY, candidate);
      return this.s.getSecret.get(SERVER_KEY) as Buffer;
    });
  }

  createStream(stream: NewStream): Promise<{ created: boolean; stream: StreamRecord }> {
    return this.writer.submit(() => {
      const existing = this.s.streamByName.get(stream.accountId, stream.region, stream.name) as StreamRow | undefined;
      if (existing) return { created: false, stream: this.toStream(existing) };
      const id = Number(
        this.s.insertStream.run({
          ...stream,
          tags: JSON.stringify(stream.tags),
          settings: JSON.stringify(stream.settings),
        }).lastInsertRowid,
      );
      for (const sh of stream.shards) {
        const shardId = Number(this.s.insertShard.run(id, sh.index, sh.startingHashKey, sh.endingHashKey, stream.createdAt).lastInsertRowid);
        if (shardId > MAX_SHARD_ID) throw new Error(`this SQLite database has used all ${MAX_SHARD_ID} shard ids`);
      }
      return { created: true, stream: this.toStream(this.s.streamById.get(id) as StreamRow) };
    });
  }

  getStream(accountId: string, region: string, name: string): Promise<StreamRecord | undefined> {
    const key = nameKey(accountId, region, name);
    const hit = this.byName.get(key);
    if (hit) return Promise.resolve(hit);
    return read(() => {
      const row = this.s.streamByName.get(accountId, region, name) as StreamRow | undefined;
      return row && this.remember(this.toStream(row));
    });
  }

  getStreamById(id: number): Promise<StreamRecord | undefined> {
    const hit = this.byId.get(id);
    if (hit) return Promise.resolve(hit);
    return read(() => {
      const row = this.s.streamById.get(id) as StreamRow | undefined;
      return row && this.remember(this.toStream(row));
    });
  }

  listStreams(accountId: string, region: string, afterName: string | undefined, limit: number): Promise<StreamInfo[]> {
    return read(() => (this.s.listStreams.all(accountId, region, afterName ?? '', limit) as StreamRow[]).map(toInfo));
  }

  streamsAfter(afterId: number, limit: number): Promise<StreamRecord[]> {
    return read(() => (this.s.streamsAfter.all(afterId, limit) as StreamRow[]).map((r) => this.toStream(r)));
  }

  deleteStream(id: number, now: number): Promise<boolean> {
    return this.writer.submit(() => {
      this.forget(id);
      return this.s.deleteStream.run(now, id).changes === 1;
    });
  }

  updateStream(id: number, update: StreamUpdate): Promise<boolean> {
    return this.writer.submit(() => {
      this.forget(id);
      const row = this.s.liveStream.get(id) as { settings: string } | undefined;
      if (!row) return false;
      const settings = { ...(JSON.parse(row.settings) as StreamSettings), ...update.settings };
      this.s.updateStream.run(
        update.retentionHours ?? null,
        update.maxRecordSizeKiB ?? null,
        update.mode ?? null,
        JSON.stringify(settings),
        update.updatingUntil ?? null,
        id,
      );
      return true;
    });
  }

  tagStream(id: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<TagOutcome> {
    return this.writer.submit(() => {
      this.forget(id);
      const row = this.s.liveStream.get(id) as { tags: string } | undefined;
      if (!row) return 'gone';
      const merged = { ...(JSON.parse(row.tags) as Record<string, string>), ...tags };
      if (Object.keys(merged).length > maxTags) return 'too-many';
      this.s.setTags.run(JSON.stringify(merged), id);
      return 'ok';
    });
  }

  untagStream(id: number, keys: readonly string[]): Promise<boolean> {
    return this.writer.submit(() => {
      this.forget(id);
      const row = this.s.liveStream.get(id) as { tags: string } | undefined;
      if (!row) return false;
      const tags = JSON.parse(row.tags) as Record<string, string>;
      for (const k of keys) delete tags[k];
      this.s.setTags.run(JSON.stringify(tags), id);
      return true;
    });
  }

  accountUsage(accountId: string, region: string, now: number): Promise<AccountUsage> {
    return read(() => ({ ...(this.s.usage.get({ account: accountId, region, now }) as AccountUsage) }));
  }

  putRecords(streamId: number, records: readonly NewRecord[], now: number): Promise<PutResult[] | undefined> {
    return this.writer.submit(() => {
      if (!this.s.liveStream.get(streamId)) return undefined;
      // Positions per shard first (one counter update per shard), then one row per chunk.
      const { chunks, counts } = chunkRecords(records);
      const next = new Map<number, { seq: number; arrival: number }>();
      for (const [shardId, n] of counts) {
        const row = this.s.bumpShard.get({ n, now, shard: shardId, stream: streamId }) as { first: number; arrival: number } | undefined;
        if (!row) throw new ShardClosedError(shardId);
        if (row.first + n - 1 > MAX_SEQ) throw new Error(`shard ${shardId} is full (2^40 records)`);
        next.set(shardId, { seq: row.first, arrival: row.arrival });
      }
      for (const c of chunks) {
        const pos = next.get(c.shardId)!;
        const first = pos.seq + c.offset;
        this.s.insertChunk.run({ shard: c.shardId, first, last: first + c.count - 1, arrival: pos.arrival, sizes: c.sizes, keys: c.keys, data: c.data });
      }
      return records.map((r) => {
        const pos = next.get(r.shardId)!;
        return { seq: pos.seq++, arrivalMs: pos.arrival };
      });
    });
  }

  readShard(shardId: number, req: ReadRequest): Promise<ReadResult> {
    return read(() => {
      const tip = this.tipOf(shardId);
      const reader = new ChunkReader(req);
      // Pages of chunks (.all() is much cheaper per row than .iterate()), sized from the chunks seen
      // so far so that a read rarely fetches a chunk it will not use.
      for (let page = FIRST_PAGE, from = req.fromSeq; ; page = reader.nextPage(MAX_PAGE)) {
        const rows = this.s.readChunks.all({ shard: shardId, from, min: req.minArrivalMs, limit: page }) as ChunkRow[];
        for (const [first, , arrivalMs, sizes, keys, data] of rows) {
          if (!reader.add(first, arrivalMs, sizes, keys, data)) return this.result(reader.records, req, tip);
        }
        if (rows.length < page) break;
        from = rows[rows.length - 1]![1] + 1;
      }
      return this.result(reader.records, req, tip);
    });
  }

  /** Where the next read continues: after the last record, or (nothing matched, all of it too old) at the tip. */
  private result(records: StoredRecord[], req: ReadRequest, tip: ShardTip): ReadResult {
    const nextSeq = records.length > 0 ? records[records.length - 1]!.seq + 1 : Math.max(req.fromSeq, tip.nextSeq);
    return { records, nextSeq, tip };
  }

  shardTip(shardId: number): Promise<ShardTip> {
    return read(() => this.tipOf(shardId));
  }

  seqAtTime(shardId: number, arrivalMs: number): Promise<number> {
    return read(() => (this.s.seqAtTime.get({ shard: shardId, from: 0, min: arrivalMs }) as number | undefined) ?? this.tipOf(shardId).nextSeq);
  }

  trimStream(streamId: number, cutoffMs: number, maxRecords: number): Promise<number> {
    return this.writer.submit(() => {
      let deleted = 0;
      for (const shardId of this.s.shardIdsOf.all(streamId) as number[]) {
        if (deleted >= maxRecords) break;
        // Arrival times never decrease along a shard: the expired chunks are its oldest ones. Whole
        // chunks go, so the count may pass maxRecords by one chunk.
        let through = -1;
        for (const [first, last, arrival] of this.s.scanArrivals.iterate({ shard: shardId, from: 0, limit: maxRecords - deleted }) as IterableIterator<[number, number, number]>) {
          if (arrival >= cutoffMs || deleted >= maxRecords) break;
          through = first;
          deleted += last - first + 1;
        }
        if (through >= 0) this.s.deleteThrough.run({ shard: shardId, from: 0, through });
      }
      return deleted;
    });
  }

  purgeDeleted(maxRecords: number): Promise<number> {
    return this.writer.submit(() => {
      let deleted = 0;
      for (;;) {
        const streamId = this.s.deletedStream.get() as number | undefined;
        if (streamId === undefined) return deleted;
        for (const shardId of this.s.shardIdsOf.all(streamId) as number[]) {
          // A chunk holds at least one record: maxRecords - deleted chunks is a bound.
          for (const n of this.s.deleteSomeOfShard.all({ shard: shardId, from: 0, limit: maxRecords - deleted }) as number[]) deleted += n;
          if (deleted >= maxRecords) return deleted;
        }
        // Every shard is empty now: the rows can go (their ids are never reused: AUTOINCREMENT).
        this.x.dropConsumers(streamId);
        this.s.dropShards.run(streamId);
        this.s.dropStream.run(streamId);
      }
    });
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private tipOf(shardId: number): ShardTip {
    const row = this.s.tip.get(shardId) as ShardTip | undefined;
    return row ? { nextSeq: row.nextSeq, lastArrivalMs: row.lastArrivalMs } : { nextSeq: 1, lastArrivalMs: 0 };
  }

  private toStream(row: StreamRow): StreamRecord {
    const shards = (this.s.shardsOf.all(row.id) as ShardRow[]).map((r) => Object.freeze({ ...r }));
    return Object.freeze({ ...toInfo(row), shards: Object.freeze(shards) });
  }

  private remember(stream: StreamRecord): StreamRecord {
    this.byId.set(stream.id, stream);
    this.byName.set(nameKey(stream.accountId, stream.region, stream.name), stream);
    return stream;
  }

  private forget(id: number): void {
    const s = this.byId.get(id);
    if (!s) return;
    this.byId.delete(id);
    this.byName.delete(nameKey(s.accountId, s.region, s.name));
  }
}

function toInfo(row: StreamRow): StreamInfo {
  return Object.freeze({
    id: row.id,
    accountId: row.accountId,
    region: row.region,
    name: row.name,
    streamId: row.streamId,
    createdAt: row.createdAt,
    activeAt: row.activeAt,
    mode: row.mode as StreamMode,
    retentionHours: row.retentionHours,
    maxRecordSizeKiB: row.maxRecordSizeKiB,
    tags: Object.freeze(JSON.parse(row.tags) as Record<string, string>),
    settings: Object.freeze(JSON.parse(row.settings) as StreamSettings),
    openShardCount: row.openShardCount,
    updatingUntil: row.updatingUntil,
  });
}

function nameKey(accountId: string, region: string, name: string): string {
  return `${accountId}\u0000${region}\u0000${name}`;
}
