import { resolveStream, type KinesisOperation } from '../context.js';
import { consumerOutput, existingConsumers } from '../consumers.js';
import { openListConsumers, sealListConsumers } from '../domain/page-token.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  StreamARN: string;
  NextToken?: string;
  MaxResults?: number;
  StreamCreationTimestamp?: Date;
  StreamId?: string;
}

const PAGE = 100;

/**
 * ListStreamConsumers: the stream's consumers by name, MaxResults (default 100) a page; a NextToken
 * (sealed, valid 300 s) continues the listing of the same stream.
 */
export const listStreamConsumers: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const { stream, name, accountId } = await resolveStream(deps, input, ctx);
  const now = deps.clock.now();
  if (input.StreamCreationTimestamp !== undefined && Math.abs(input.StreamCreationTimestamp.getTime() - stream.createdAt) >= 1_000) {
    throw kinesisErrors.streamNotFound(name, accountId);
  }
  let after = '';
  if (input.NextToken !== undefined) {
    const t = openListConsumers(deps.sealer(), input.NextToken, now);
    if (!t.ok) throw t.expired ? kinesisErrors.expiredNextToken() : kinesisErrors.invalidNextToken();
    if (t.value.streamDbId !== stream.id) throw kinesisErrors.invalidNextToken();
    after = t.value.afterName;
  }
  const limit = input.MaxResults ?? PAGE;
  const all = (await existingConsumers(deps, stream.id, now)).filter((c) => c.name > after);
  const page = all.slice(0, limit);
  return {
    Consumers: page.map((c) => consumerOutput(stream, c, now)),
    NextToken: all.length > limit ? sealListConsumers(deps.sealer(), { streamDbId: stream.id, afterName: page[page.length - 1]!.name }, now) : undefined,
  };
};
