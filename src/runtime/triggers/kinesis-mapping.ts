import { randomUUID } from 'node:crypto';
import { isServiceError } from '../../services/shared/errors.js';
import type { LambdaInvoker } from '../../services/shared/lambda.js';
import type { Handler, RequestContext } from '../../services/shared/service.js';
import type { TriggerCheckpointStore } from '../../storage/trigger-checkpoints.js';
import type { Clock } from '../clock.js';
import type { Log } from '../logger.js';
import { STREAM_TRIGGER_DEFAULTS, type StartingPosition, type StreamTriggerSpec } from '../resources-spec-stream-triggers.js';
import { abortableSleep } from './common.js';
import { filterPatterns } from '../resources-spec-triggers.js';
import { destinationSender, type DestinationServices } from './destination.js';
import { compileFilterCriteria } from './filter-criteria.js';
import { runShard, type ShardMapping } from './kinesis-shard.js';

/**
 * One Kinesis event source mapping: finds the stream's shards (ListShards, every DISCOVER_MS) and
 * runs a worker (kinesis-shard.ts) on each shard whose parents are finished, as Lambda does after
 * a reshard: a child starts only once its parent (and adjacent parent, after a merge) was read to
 * its end, so a partition key's records reach the function in order across the reshard. A parent
 * no longer listed (past the retention period) counts as finished.
 *
 * The first time a mapping sees its stream (no checkpoint stored), it stores where each shard
 * starts (`ready` resolves after that first look, so that a server started is past it): TRIM_HORIZON at its oldest record, AT_TIMESTAMP at the timestamp, LATEST at this moment
 * (closed shards then count as finished). Shards made later (reshards) start at their oldest record.
 * The mapping's id in the store names the stream's ARN, its creation time (a stream deleted and
 * made again starts afresh) and the function.
 */
export interface StreamMapping extends Omit<ShardMapping, 'mappingId'> {
  readonly startingPosition: StartingPosition;
  readonly startingPositionTimestamp?: number;
}

export interface StreamMappingDeps {
  readonly kinesis: { readonly handlers: Readonly<Record<string, Handler>> };
  /** The SQS and SNS services on-failure destinations are sent to (destination.ts). */
  readonly destinations?: DestinationServices;
  readonly checkpoints: TriggerCheckpointStore;
  readonly invoker: LambdaInvoker;
  readonly clock: Clock;
  readonly log: Log;
}

export const DISCOVER_MS = 1_000;

/** A stream trigger's settings as its mapping runs them, CreateEventSourceMapping's Kinesis defaults filled in. */
export function streamTriggerSettings(t: StreamTriggerSpec) {
  const d = STREAM_TRIGGER_DEFAULTS;
  return {
    startingPosition: t.startingPosition,
    startingPositionTimestamp: t.startingPositionTimestamp,
    batchSize: t.batchSize ?? d.batchSize,
    windowSeconds: t.maximumBatchingWindowInSeconds ?? d.maximumBatchingWindowInSeconds,
    bisect: t.bisectBatchOnFunctionError ?? d.bisectBatchOnFunctionError,
    maximumRetryAttempts: t.maximumRetryAttempts ?? d.maximumRetryAttempts,
    maximumRecordAgeSeconds: t.maximumRecordAgeInSeconds ?? d.maximumRecordAgeInSeconds,
    reportBatchItemFailures: t.functionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
    parallelizationFactor: t.parallelizationFactor ?? d.parallelizationFactor,
    onFailureDestination: t.destinationConfig?.onFailure.destination,
    tumblingWindowSeconds: t.tumblingWindowInSeconds ?? d.tumblingWindowInSeconds,
    filter: t.filterCriteria?.filters?.length ? compileFilterCriteria(filterPatterns(t.filterCriteria), 'kinesis') : undefined,
  };
}

interface ListedShard {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly AdjacentParentShardId?: string;
  readonly SequenceNumberRange: { readonly EndingSequenceNumber?: string };
}

export function startStreamMapping(mapping: StreamMapping, deps: StreamMappingDeps): { readonly ready: Promise<void>; close(): Promise<void> } {
  const { clock, log } = deps;
  const closing = new AbortController();
  const node = randomUUID();
  const running = new Map<string, Promise<unknown>>();
  const fields = { stream: mapping.streamName, function: mapping.functionRef };
  const sendToDestination = mapping.onFailureDestination === undefined ? undefined : destinationSender(deps.destinations ?? {}, mapping);
  let requests = 0;
  const context = (): RequestContext => ({ requestId: `trigger-${mapping.streamName}-${++requests}`, accountId: mapping.accountId, region: mapping.region, baseUrl: `https://kinesis.${mapping.region}.amazonaws.com`, signal: closing.signal });
  const call = async <T>(operation: string, input: object): Promise<T> => (await deps.kinesis.handlers[operation]!(input, context())) as T;

  async function listShards(): Promise<ListedShard[]> {
    const shards: ListedShard[] = [];
    let token: string | undefined;
    do {
      const page = await call<{ Shards: ListedShard[]; NextToken?: string }>('ListShards', token === undefined ? { StreamName: mapping.streamName } : { NextToken: token });
      shards.push(...page.Shards);
      token = page.NextToken;
    } while (token !== undefined);
    return shards;
  }

  async function discover(mappingId: string): Promise<void> {
    const shards = await listShards();
    let stored = await deps.checkpoints.list(mappingId);
    if (stored.length === 0) {
      const now = clock.now();
      const startMs = mapping.startingPosition === 'LATEST' ? now : mapping.startingPosition === 'AT_TIMESTAMP' ? (mapping.startingPositionTimestamp ?? 0) * 1000 : 0;
      for (const s of shards) {
        const closed = s.SequenceNumberRange.EndingSequenceNumber !== undefined;
        await deps.checkpoints.seed(mappingId, s.ShardId, startMs, mapping.startingPosition === 'LATEST' && closed);
      }
      stored = await deps.checkpoints.list(mappingId);
    }
    const finished = new Set(stored.filter((c) => c.finished).map((c) => c.shardId));
    const listed = new Set(shards.map((s) => s.ShardId));
    for (const s of shards) {
      if (finished.has(s.ShardId) || running.has(s.ShardId) || closing.signal.aborted) continue;
      const parents = [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => p !== undefined && listed.has(p));
      if (!parents.every((p) => finished.has(p))) continue;
      const shardMapping: ShardMapping = { ...mapping, mappingId };
      const work = runShard(shardMapping, s.ShardId, { ...deps, node, signal: closing.signal, sendToDestination })
        .catch((error) => log('error', `trigger: shard worker failed: ${String(error)}`, { ...fields, shard: s.ShardId }))
        .finally(() => running.delete(s.ShardId));
      running.set(s.ShardId, work);
    }
  }

  let seen: () => void = () => {};
  const ready = new Promise<void>((resolve) => (seen = resolve));

  async function loop(): Promise<void> {
    let mappingId: string | undefined;
    while (!closing.signal.aborted) {
      try {
        if (mappingId === undefined) {
          const summary = await call<{ StreamDescriptionSummary: { StreamCreationTimestamp: number | Date } }>('DescribeStreamSummary', { StreamName: mapping.streamName });
          const created = new Date(summary.StreamDescriptionSummary.StreamCreationTimestamp).getTime();
          const fnArn = `arn:aws:lambda:${mapping.fn.region}:${mapping.fn.account}:function:${mapping.fn.name}${mapping.fn.qualifier ? `:${mapping.fn.qualifier}` : ''}`;
          mappingId = `${mapping.streamArn}@${created}→${fnArn}`;
        }
        await discover(mappingId);
      } catch (error) {
        if (closing.signal.aborted) break;
        const text = isServiceError(error) ? `${error.shape}: ${error.message}` : String(error);
        log('error', `trigger: cannot list the stream's shards: ${text}`, fields);
        mappingId = undefined;
      }
      seen();
      await abortableSleep(clock, DISCOVER_MS, closing.signal);
    }
  }

  const looping = loop().finally(() => seen());
  return {
    ready,
    async close() {
      closing.abort();
      await looping;
      await Promise.all(running.values());
    },
  };
}
