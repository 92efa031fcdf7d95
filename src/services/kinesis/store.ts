/**
 * The Kinesis store port: what the Kinesis service needs from a database, in domain verbs. Every
 * engine implements it atomically (ARCHITECTURE §3); the conformance suite is
 * test/storage/kinesis-store.suite.ts.
 *
 * Units: times are epoch milliseconds passed in by the caller (the store never reads a clock);
 * record positions (`seq`) are the per-shard counter the store hands out, starting at 1. The
 * service turns (shard, seq, arrival) into AWS-shaped sequence numbers (domain/sequence-number.ts).
 *
 * A stream's lifecycle in the store: created (with all its shards) → possibly updated → deleted.
 * Deletion is immediate for every reader (the name is free again at once) while the records are
 * removed later, in batches, by purgeDeleted (a stream can hold millions of them). Status
 * (CREATING/ACTIVE) is not stored: it is derived from `activeAt` and the clock.
 */

import type { KinesisChannelStore } from './channel-store.js';

export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

/** Attributes that are only reported back, never acted on (stored as one JSON document). */
export interface StreamSettings {
  readonly encryptionType?: 'NONE' | 'KMS';
  readonly keyId?: string;
  readonly shardLevelMetrics?: readonly string[];
  readonly warmThroughputMiBps?: number;
  readonly recordDistributionStrategy?: string;
  /** When UpdateShardCount ran (epoch ms, the last 24 hours): AWS allows 10 a day. */
  readonly scalingTimes?: readonly number[];
}

export interface ShardRecord {
  /** Engine id: records are keyed by it. */
  readonly id: number;
  /** The shard is `shardId-<index, 12 digits>`; unique within its stream. */
  readonly index: number;
  /** Decimal 128-bit integers. */
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly createdAt: number;
  readonly parentIndex: number | null;
  readonly adjacentParentIndex: number | null;
  /**
   * When a reshard closes the shard: set by the reshard to its effective time (the end of
   * UPDATING, possibly still ahead), the shard takes records until then.
   */
  readonly closedAt: number | null;
  /**
   * The last position the shard holds, fixed by `sealShards` once `closedAt` has come (null
   * before). From then on no record can reach the shard.
   */
  readonly endingSeq: number | null;
}

export interface StreamInfo {
  /** Engine id; never reused, so a stream created again under an old name is another stream. */
  readonly id: number;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** AWS's `StreamId` (domain/names.ts). */
  readonly streamId: string;
  readonly createdAt: number;
  /** CREATING until then, ACTIVE after. */
  readonly activeAt: number;
  readonly mode: StreamMode;
  readonly retentionHours: number;
  readonly maxRecordSizeKiB: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly settings: StreamSettings;
  /** Shards not closed by a reshard. */
  readonly openShardCount: number;
  /** UPDATING until then, after a reshard or a mode change (0: never updated). */
  readonly updatingUntil: number;
}

export interface StreamRecord extends StreamInfo {
  /** Every shard, in index order. */
  readonly shards: readonly ShardRecord[];
}

export interface NewStream extends Omit<StreamInfo, 'id' | 'openShardCount' | 'updatingUntil'> {
  readonly shards: readonly { readonly index: number; readonly startingHashKey: string; readonly endingHashKey: string }[];
}

export interface StreamUpdate {
  readonly retentionHours?: number;
  readonly maxRecordSizeKiB?: number;
  readonly mode?: StreamMode;
  /** Merged key by key into the stored settings. */
  readonly settings?: StreamSettings;
  readonly updatingUntil?: number;
}

/** A shard a reshard creates. `closed`: an intermediate shard of UpdateShardCount, closed (empty) at once. */
export interface NewShard {
  readonly index: number;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly parentIndex: number | null;
  readonly adjacentParentIndex: number | null;
  readonly closed: boolean;
}

/**
 * A reshard, recorded atomically at `now` and taking effect at `updatingUntil` (AWS applies a
 * reshard when UPDATING ends): the `close` shards get `closedAt = updatingUntil` and keep taking
 * records until then; the `create` shards are added with `createdAt = updatingUntil` (the
 * intermediate ones of UpdateShardCount also closed then); the stream is UPDATING until
 * `updatingUntil`. Ending positions are fixed later by `sealShards`. Which shards a reader sees
 * at a time is derived by the service (domain/reshard-time.ts).
 */
export interface ReshardPlan {
  readonly close: readonly number[];
  readonly create: readonly NewShard[];
  readonly updatingUntil: number;
  /** Merged into the stream's settings in the same transaction. */
  readonly settings?: StreamSettings;
}

/** 'busy': the stream is UPDATING or a shard to close is no longer open (a concurrent reshard won). */
export type ReshardOutcome = 'ok' | 'gone' | 'busy';

/**
 * PutRecords was refused because a shard it wrote to is no longer open (a reshard took effect
 * after the records were routed): nothing was written; route again against a fresh stream record.
 */
export class ShardClosedError extends Error {
  constructor(shardId?: number) {
    super(`${shardId === undefined ? 'a shard' : `shard ${shardId}`} is no longer open`);
    this.name = 'ShardClosedError';
  }
}

export interface ConsumerRecord {
  /** Engine id; never reused. */
  readonly id: number;
  readonly streamId: number;
  readonly name: string;
  readonly createdAt: number;
  /** CREATING until then, ACTIVE after. */
  readonly activeAt: number;
  /** 0: registered. Otherwise DeregisterStreamConsumer ran: DELETING until then, gone after (its row may linger). */
  readonly deletingUntil: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ConsumerLimits {
  readonly maxConsumers: number;
  readonly maxCreating: number;
}

export type RegisterOutcome =
  | { readonly outcome: 'ok'; readonly consumer: ConsumerRecord }
  | { readonly outcome: 'exists' | 'too-many' | 'too-many-creating' | 'gone' };

/** SubscribeToShard's lease: 'held' when another subscription started less than `takeoverAfterMs` ago. */
export type ClaimOutcome = 'ok' | 'held' | 'gone';

export interface NewRecord {
  /** Engine id of an open shard of the stream. */
  readonly shardId: number;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

export interface PutResult {
  readonly seq: number;
  /**
   * Arrival time: `now`, or the shard's latest arrival if that is later (another node's clock
   * ahead of ours), so arrival times never go backwards within a shard.
   */
  readonly arrivalMs: number;
}

export interface StoredRecord {
  readonly seq: number;
  readonly arrivalMs: number;
  readonly partitionKey: string;
  readonly data: Buffer;
}

export interface ReadRequest {
  /** First position to consider. */
  readonly fromSeq: number;
  /** Records that arrived before this are skipped (retention, AT_TIMESTAMP). */
  readonly minArrivalMs: number;
  readonly limit: number;
  /** Stop before the record that would take data + partition keys past this; the first record is always returned. */
  readonly maxBytes: number;
}

export interface ShardTip {
  /** The position the next record will get. */
  readonly nextSeq: number;
  /** Arrival time of the newest record (0 if none yet). */
  readonly lastArrivalMs: number;
}

export interface ReadResult {
  readonly records: StoredRecord[];
  /** Where the next read continues: after the last record returned, or past everything skipped. */
  readonly nextSeq: number;
  /** The shard's tip, read consistently with the records (nothing below it can appear later). */
  readonly tip: ShardTip;
}

export interface AccountUsage {
  readonly openShards: number;
  readonly onDemandStreams: number;
  readonly creatingStreams: number;
}

export type TagOutcome = 'ok' | 'too-many' | 'gone';

export interface KinesisStore extends KinesisChannelStore {
  /**
   * The key that seals shard iterators and NextTokens. The first caller's `candidate` becomes the
   * key for good (every node and restart gets the same one back).
   */
  serverKey(candidate: Buffer): Promise<Buffer>;

  /** Creates the stream and its shards, unless a live stream of that name exists (then `created: false` and that stream). */
  createStream(stream: NewStream): Promise<{ created: boolean; stream: StreamRecord }>;
  getStream(accountId: string, region: string, name: string): Promise<StreamRecord | undefined>;
  /** By engine id; undefined once deleted. */
  getStreamById(id: number): Promise<StreamRecord | undefined>;
  /** Live streams of the account and region, by name (binary order), after `afterName`. */
  listStreams(accountId: string, region: string, afterName: string | undefined, limit: number): Promise<StreamInfo[]>;
  /** Live streams of every account, by id, after `afterId` (background jobs). */
  streamsAfter(afterId: number, limit: number): Promise<StreamRecord[]>;
  /** False if the stream was already gone. */
  deleteStream(id: number, now: number): Promise<boolean>;
  /** False if the stream is gone. */
  updateStream(id: number, update: StreamUpdate): Promise<boolean>;
  /** Adds or overwrites tags; refuses (no change) if the stream would end up with more than `maxTags`. */
  tagStream(id: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<TagOutcome>;
  untagStream(id: number, keys: readonly string[]): Promise<boolean>;
  /** Usage counted for the account's limits (live streams only; CREATING = activeAt > now). */
  accountUsage(accountId: string, region: string, now: number): Promise<AccountUsage>;

  /**
   * Appends records atomically: all of them or none. Positions are strictly increasing per shard
   * and in commit order (a reader never sees position n+1 before n), across nodes. Results are in
   * input order. Undefined when the stream was deleted (nothing is written). Throws
   * ShardClosedError (nothing is written) when a shard is sealed, or its `closedAt` is not after
   * `now`: checked inside the write transaction, serialised with sealShards.
   */
  putRecords(streamId: number, records: readonly NewRecord[], now: number): Promise<PutResult[] | undefined>;
  /** Records of one shard from `fromSeq` on, oldest first. */
  readShard(shardId: number, request: ReadRequest): Promise<ReadResult>;
  shardTip(shardId: number): Promise<ShardTip>;
  /** Position of the first record that arrived at or after `arrivalMs`, or the tip if none has yet. */
  seqAtTime(shardId: number, arrivalMs: number): Promise<number>;

  /**
   * Deletes about `maxRecords` records of the stream that arrived before `cutoffMs` (an engine that
   * stores records in groups deletes whole groups); returns how many (0: none of them is left).
   */
  trimStream(streamId: number, cutoffMs: number, maxRecords: number): Promise<number>;
  /**
   * Removes about `maxRecords` records of deleted streams, and a deleted stream's own rows once it
   * is empty; returns how many records went (0: nothing of deleted streams is left).
   */
  purgeDeleted(maxRecords: number): Promise<number>;

  /** Applies a reshard atomically (see ReshardPlan); nothing changes unless it returns 'ok'. */
  reshard(streamId: number, plan: ReshardPlan, now: number): Promise<ReshardOutcome>;
  /**
   * Fixes the ending position of every shard of the stream whose `closedAt` is at or before `now`
   * and that has none yet: its last position (0 if empty). Atomic with respect to putRecords: a
   * write either committed before (and is counted) or is refused after. Returns the stream as it
   * is afterwards (undefined once deleted).
   */
  sealShards(streamId: number, now: number): Promise<StreamRecord | undefined>;

  /**
   * Registers a consumer unless the name is taken (by a registered or DELETING consumer) or the
   * stream's limits would be passed (CREATING = activeAt > now). Consumers whose deletion is over
   * (0 < deletingUntil <= now) are removed first and count for nothing.
   */
  registerConsumer(
    streamId: number,
    name: string,
    now: number,
    activeAt: number,
    limits: ConsumerLimits,
    tags?: Readonly<Record<string, string>>,
  ): Promise<RegisterOutcome>;
  /** Adds or overwrites a consumer's tags; refuses (no change) past `maxTags`. */
  tagConsumer(consumerId: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<TagOutcome>;
  /** False if the consumer is gone. */
  untagConsumer(consumerId: number, keys: readonly string[]): Promise<boolean>;
  /** The stream's consumers, by name, DELETING ones included (and finished ones not yet removed: the caller compares deletingUntil with its clock). */
  listConsumers(streamId: number): Promise<ConsumerRecord[]>;
  /** Of a live stream only; as listConsumers, the row may be DELETING or finished. */
  getConsumer(streamId: number, name: string): Promise<ConsumerRecord | undefined>;
  /**
   * Deregisters: the consumer's subscription leases end at once; the consumer is DELETING until
   * `deleteAt`, or removed at once when `deleteAt <= now`. A consumer already DELETING keeps its
   * deadline. False if there was no such consumer.
   */
  deregisterConsumer(streamId: number, name: string, now: number, deleteAt: number): Promise<boolean>;
  /**
   * SubscribeToShard's rate (AWS: one call a second per consumer per shard): records a call at `now`
   * and returns true, unless the last call it let through was less than `intervalMs` before `now`
   * (then false, nothing recorded). Atomic across nodes.
   */
  admitSubscribeCall(consumerId: number, shardIndex: number, now: number, intervalMs: number): Promise<boolean>;
  /**
   * Takes the SubscribeToShard lease of (consumer, shard) for `owner` unless another owner took
   * it less than `takeoverAfterMs` before `now`; 'gone' if the consumer no longer exists or is DELETING.
   */
  claimSubscription(consumerId: number, shardIndex: number, owner: string, now: number, takeoverAfterMs: number): Promise<ClaimOutcome>;
  /** Gives the lease up if `owner` still holds it (the subscription ended). */
  releaseSubscription(consumerId: number, shardIndex: number, owner: string): Promise<void>;
  /** The lease's current owner (undefined: none, or the consumer is gone). */
  subscriptionOwner(consumerId: number, shardIndex: number): Promise<string | undefined>;

  /**
   * Cross-node wakeups, for an engine several nodes share: from now on `onWrite` gets the engine ids
   * of shards that another node committed records to, soon after the commit, at least while a
   * SubscribeToShard lease of the shard younger than `maxSubscriptionMs` exists. An engine whose
   * writers are all in this process (SQLite) leaves it out: the service wakes its own waiters.
   */
  watchWrites?(onWrite: (shardIds: readonly number[]) => void, maxSubscriptionMs: number): Promise<void>;

  /** Resource policies by stream or consumer ARN. */
  putResourcePolicy(arn: string, policy: string): Promise<void>;
  getResourcePolicy(arn: string): Promise<string | undefined>;
  /** False if there was none. */
  deleteResourcePolicy(arn: string): Promise<boolean>;

  /** UpdateAccountSettings' document (merged key by key); {} until set. */
  getAccountSettings(accountId: string, region: string): Promise<Record<string, unknown>>;
  updateAccountSettings(accountId: string, region: string, settings: Record<string, unknown>): Promise<Record<string, unknown>>;
}
