import type { KinesisOperation } from '../context.js';
import { LIST_STREAMS_PAGE } from '../domain/limits.js';
import { openListStreams, sealListStreams } from '../domain/page-token.js';
import { arnOf, statusOf } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  Limit?: number;
  ExclusiveStartStreamName?: string;
  NextToken?: string;
}

/**
 * ListStreams: the caller's streams in this region by name, at most 100 a page; StreamNames plus
 * StreamSummaries, HasMoreStreams, and a NextToken to continue (ExclusiveStartStreamName does the
 * same the old way).
 */
export const listStreams: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const now = deps.clock.now();
  let after = input.ExclusiveStartStreamName;
  if (input.NextToken !== undefined) {
    const t = openListStreams(deps.sealer(), input.NextToken, now);
    if (!t.ok) throw t.expired ? kinesisErrors.expiredNextToken() : kinesisErrors.invalidNextToken();
    if (t.value.accountId !== ctx.accountId || t.value.region !== ctx.region) throw kinesisErrors.invalidNextToken();
    after = t.value.afterName;
  }
  const limit = Math.min(input.Limit ?? LIST_STREAMS_PAGE, LIST_STREAMS_PAGE);
  const page = await deps.store.listStreams(ctx.accountId, ctx.region, after, limit + 1);
  const more = page.length > limit;
  const streams = page.slice(0, limit);
  const last = streams[streams.length - 1];
  return {
    StreamNames: streams.map((s) => s.name),
    HasMoreStreams: more,
    NextToken: more && last ? sealListStreams(deps.sealer(), { accountId: ctx.accountId, region: ctx.region, afterName: last.name }, now) : undefined,
    StreamSummaries: streams.map((s) => ({
      StreamName: s.name,
      StreamARN: arnOf(s),
      StreamStatus: statusOf(s, now),
      StreamModeDetails: { StreamMode: s.mode },
      StreamCreationTimestamp: new Date(s.createdAt),
    })),
  };
};
