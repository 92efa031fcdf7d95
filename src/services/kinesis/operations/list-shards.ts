import type { RequestContext } from '../../shared/service.js';
import { currentStream, resolveReadableStream, type KinesisDeps, type KinesisOperation, type StreamSelector } from '../context.js';
import { LIST_SHARDS_PAGE } from '../domain/limits.js';
import { parseShardId, shardIdOf } from '../domain/names.js';
import { openListShards, sealListShards } from '../domain/page-token.js';
import { filterShards, type ShardFilterSpec } from '../domain/shard-filter.js';
import { isReadable, shardOutput, statusOf } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';
import type { StreamRecord } from '../store.js';

interface Input extends StreamSelector {
  NextToken?: string;
  ExclusiveStartShardId?: string;
  MaxResults?: number;
  StreamCreationTimestamp?: Date;
  ShardFilter?: { Type: string; ShardId?: string; Timestamp?: Date };
}

/**
 * ListShards: the stream's shards, at most 1,000 a page (MaxResults), after ExclusiveStartShardId
 * (compared as shard id strings), narrowed by a ShardFilter. A NextToken (valid 300 s) carries
 * the stream and the filter, so it cannot be combined with StreamName [kinesalite's messages].
 * The stream must be ACTIVE or UPDATING.
 */
export const listShards: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const now = deps.clock.now();
  const named = input.StreamName !== undefined || input.StreamARN !== undefined;
  let stream: StreamRecord;
  let filter: ShardFilterSpec | undefined;
  let after: (index: number) => boolean;
  if (input.NextToken !== undefined) {
    if (named) throw kinesisErrors.nextTokenWithStreamName();
    const t = openListShards(deps.sealer(), input.NextToken, now);
    if (!t.ok) throw t.expired ? kinesisErrors.expiredNextToken() : kinesisErrors.invalidNextToken();
    const found = await deps.store.getStreamById(t.value.streamDbId);
    if (!found || found.accountId !== ctx.accountId) throw kinesisErrors.invalidNextToken();
    const current = await currentStream(deps, found, now);
    if (!current) throw kinesisErrors.invalidNextToken();
    stream = current;
    const status = statusOf(stream, now);
    if (!isReadable(status)) throw kinesisErrors.streamNotActive(stream.name, stream.accountId, status);
    filter = t.value.filterType === '' ? undefined : { type: t.value.filterType, timestampMs: t.value.filterTimestampMs, shardIndex: t.value.filterShardIndex };
    after = (i) => i > t.value.afterIndex;
  } else {
    if (!named) throw kinesisErrors.nextTokenOrStreamName();
    stream = (await resolveReadableStream(deps, input, ctx)).stream;
    checkCreationTimestamp(stream, input.StreamCreationTimestamp, ctx);
    filter = shardFilter(input.ShardFilter);
    const start = input.ExclusiveStartShardId;
    after = (i) => start === undefined || shardIdOf(i) > start;
  }
  const limit = Math.min(input.MaxResults ?? LIST_SHARDS_PAGE, LIST_SHARDS_PAGE);
  const shards = filterShards(stream, filter, now).filter((s) => after(s.index));
  const page = shards.slice(0, limit);
  const more = shards.length > limit;
  return {
    Shards: page.map(shardOutput),
    NextToken: more ? nextToken(deps, stream, page[page.length - 1]!.index, filter, now) : undefined,
  };
};

function shardFilter(f: Input['ShardFilter']): ShardFilterSpec | undefined {
  if (f === undefined) return undefined;
  if (f.Type === 'AFTER_SHARD_ID') {
    if (f.ShardId === undefined) throw kinesisErrors.shardFilterNeedsShardId();
    return { type: f.Type, shardIndex: parseShardId(f.ShardId) ?? -1 };
  }
  if (f.Type === 'AT_TIMESTAMP' || f.Type === 'FROM_TIMESTAMP') {
    if (f.Timestamp === undefined) throw kinesisErrors.shardFilterNeedsTimestamp(f.Type);
    return { type: f.Type, timestampMs: f.Timestamp.getTime() };
  }
  return { type: f.Type };
}

/** StreamCreationTimestamp tells apart streams that had the same name: another one is not found. */
function checkCreationTimestamp(stream: StreamRecord, ts: Date | undefined, ctx: RequestContext): void {
  if (ts !== undefined && Math.abs(ts.getTime() - stream.createdAt) >= 1_000) throw kinesisErrors.streamNotFound(stream.name, ctx.accountId);
}

function nextToken(deps: KinesisDeps, stream: StreamRecord, afterIndex: number, filter: ShardFilterSpec | undefined, now: number): string {
  return sealListShards(
    deps.sealer(),
    {
      streamDbId: stream.id,
      afterIndex,
      filterType: filter?.type ?? '',
      filterTimestampMs: filter?.timestampMs ?? 0,
      filterShardIndex: filter?.shardIndex ?? -1,
    },
    now,
  );
}
