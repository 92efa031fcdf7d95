import type { RequestContext } from '../shared/service.js';
import type { Clock } from '../../runtime/clock.js';
import type { Ids } from '../../runtime/ids.js';
import type { Sealer } from './domain/sealed.js';
import type { ShardNotifier } from './notifier.js';
import type { ShardLimits } from './domain/throughput.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import { DEFAULT_ON_DEMAND_STREAM_LIMIT, defaultShardLimit } from './domain/limits.js';
import { parseStreamArn } from './domain/names.js';
import { needsSeal, streamAt } from './domain/reshard-time.js';
import { isReadable, statusOf } from './domain/streams.js';
import { kinesisErrors } from './errors.js';
import type { KinesisStore, StreamRecord } from './store.js';
import type { KinesisObserver } from './observer.js';

export interface KinesisConfig {
  /** How long a new stream stays CREATING (AWS takes seconds; kinesalite defaults to 500 ms). */
  readonly createDelayMs: number;
  /** How long a reshard or mode change keeps a stream UPDATING, and a new consumer CREATING (default: createDelayMs). */
  readonly updateDelayMs?: number;
  /** How long a SubscribeToShard event stream lasts (AWS: 5 minutes). */
  readonly subscriptionMs: number;
  /** How often a subscription looks again without being woken: a safety net, since writes on any node wake it (PostgreSQL: NOTIFY). */
  readonly subscriptionPollMs: number;
  /** Opt-in: enforce AWS's per-shard throughput limits (domain/throughput.ts) and per-operation call rates (domain/api-rates.ts). */
  readonly throughputLimits?: boolean;
  /** In the throughput mode: each enhanced fan-out consumer's bytes per second per shard (default AWS's 2 MiB). */
  readonly fanOutBytesPerSecond?: number;
  /** Open shards per account and region, the same quota in every region (default: AWS's, by region: domain/limits.ts). */
  readonly shardLimit?: number;
  /** On-demand streams per account and region (default AWS's 50). */
  readonly onDemandStreamLimit?: number;
}

/** The UPDATING / consumer CREATING delay in force. */
export function updateDelay(config: KinesisConfig): number {
  return config.updateDelayMs ?? config.createDelayMs;
}

/** The account's shard quota in `region`: the configured one, else AWS's default there. */
export function shardQuota(config: KinesisConfig, region: string): number {
  return config.shardLimit ?? defaultShardLimit(region);
}

/** The account's on-demand stream quota in force. */
export function onDemandStreamQuota(config: KinesisConfig): number {
  return config.onDemandStreamLimit ?? DEFAULT_ON_DEMAND_STREAM_LIMIT;
}

/** Everything a Kinesis operation may use; built once per server by `createKinesisService`. */
export interface KinesisDeps {
  readonly store: KinesisStore;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly config: KinesisConfig;
  /** Seals iterators and NextTokens with the server key (available once the service has started). */
  readonly sealer: () => Sealer;
  /** Wakes subscriptions when records are written in this process. */
  readonly notifier: ShardNotifier;
  /** Present in the opt-in throughput mode only. */
  readonly throttle?: ShardLimits;
  /** AWS's per-operation call rates (domain/api-rates.ts); present in the opt-in throughput mode only. */
  readonly callRates?: RateLimiter;
  /** Counts for the metrics (observer.ts); a no-op unless the runtime gives one. */
  readonly observer: KinesisObserver;
}

export type KinesisOperation<I, O> = (deps: KinesisDeps, input: I, ctx: RequestContext) => Promise<O>;

/** The members by which most operations name a stream. */
export interface StreamSelector {
  readonly StreamName?: string;
  readonly StreamARN?: string;
  readonly StreamId?: string;
}

export interface ResolvedStream {
  /** The stream as seen at `now` (domain/reshard-time.ts). */
  readonly stream: StreamRecord;
  /** Name and account for AWS's messages. */
  readonly name: string;
  readonly accountId: string;
  /** The clock reading the stream was resolved at. */
  readonly now: number;
}

/**
 * The stream as readers see it at `now`: a reshard whose effective time came is sealed first (its
 * closed shards' ending positions fixed, store.sealShards), then the shard set of that time
 * (domain/reshard-time.ts). Undefined if the stream went meanwhile.
 */
export async function currentStream(deps: KinesisDeps, stream: StreamRecord, now: number): Promise<StreamRecord | undefined> {
  const fresh = needsSeal(stream, now) ? await deps.store.sealShards(stream.id, now) : stream;
  return fresh && streamAt(fresh, now);
}

/** Where a selector points: an ARN names account and region itself; a name is the caller's. */
export function streamTarget(input: StreamSelector, ctx: RequestContext): { accountId: string; region: string; name: string } {
  if (input.StreamARN !== undefined) {
    const ref = parseStreamArn(input.StreamARN);
    if (!ref) throw kinesisErrors.streamNotFound(input.StreamARN, ctx.accountId);
    if (input.StreamName !== undefined && input.StreamName !== ref.name) throw kinesisErrors.streamNameArnMismatch(input.StreamName, input.StreamARN);
    return { accountId: ref.accountId, region: ref.region || ctx.region, name: ref.name };
  }
  if (input.StreamName === undefined) throw kinesisErrors.streamNameOrArnRequired();
  return { accountId: ctx.accountId, region: ctx.region, name: input.StreamName };
}

/**
 * The stream a request names by `StreamName` or `StreamARN` (accepted wherever StreamName is),
 * checked against `StreamId` when one is given; ResourceNotFoundException if there is none.
 */
export async function resolveStream(deps: KinesisDeps, input: StreamSelector, ctx: RequestContext): Promise<ResolvedStream> {
  const target = streamTarget(input, ctx);
  const found = await deps.store.getStream(target.accountId, target.region, target.name);
  if (!found || (input.StreamId !== undefined && input.StreamId !== found.streamId)) {
    throw kinesisErrors.streamNotFound(target.name, target.accountId);
  }
  const now = deps.clock.now();
  const stream = await currentStream(deps, found, now);
  if (!stream) throw kinesisErrors.streamNotFound(target.name, target.accountId);
  return { stream, name: stream.name, accountId: stream.accountId, now };
}

/**
 * The resolved stream must be ACTIVE (UPDATING and CREATING: ResourceInUseException), at the time it
 * was resolved at (its shard set is the one of that time); returns that time.
 */
export function requireActive(r: ResolvedStream): number {
  const status = statusOf(r.stream, r.now);
  if (status !== 'ACTIVE') throw kinesisErrors.streamNotActive(r.name, r.accountId, status);
  return r.now;
}

/** As resolveStream, and the stream must be ACTIVE (ResourceInUseException otherwise). */
export async function resolveActiveStream(deps: KinesisDeps, input: StreamSelector, ctx: RequestContext): Promise<ResolvedStream> {
  const r = await resolveStream(deps, input, ctx);
  requireActive(r);
  return r;
}

/** As resolveStream, and the stream must be ACTIVE or UPDATING (records flow during a reshard). */
export async function resolveReadableStream(deps: KinesisDeps, input: StreamSelector, ctx: RequestContext): Promise<ResolvedStream> {
  const r = await resolveStream(deps, input, ctx);
  const status = statusOf(r.stream, r.now);
  if (!isReadable(status)) throw kinesisErrors.streamNotActive(r.name, r.accountId, status);
  return r;
}
