import type { RequestContext } from '../shared/service.js';
import { resolveStream, type KinesisDeps } from './context.js';
import { consumerArn, parseConsumerArn } from './domain/names.js';
import { arnOf } from './domain/streams.js';
import { kinesisErrors } from './errors.js';
import type { ConsumerRecord, StreamRecord } from './store.js';

/**
 * Enhanced fan-out consumers as the operations name them: by ConsumerARN (which carries the
 * stream, the name and the creation second, so a consumer registered again under the same name
 * does not answer to the old ARN), or by StreamARN + ConsumerName. A consumer is CREATING until
 * its `activeAt`, then ACTIVE (time is data). Limits: 20 per stream, 5 CREATING at once.
 */

export const MAX_CONSUMERS = 20;
export const MAX_CREATING_CONSUMERS = 5;

export type ConsumerStatus = 'CREATING' | 'ACTIVE';

export interface ResolvedConsumer {
  readonly stream: StreamRecord;
  readonly consumer: ConsumerRecord;
  readonly arn: string;
}

export function consumerStatus(c: ConsumerRecord, now: number): ConsumerStatus {
  return now < c.activeAt ? 'CREATING' : 'ACTIVE';
}

export function arnOfConsumer(stream: StreamRecord, c: ConsumerRecord): string {
  return consumerArn(arnOf(stream), c.name, c.createdAt);
}

export function consumerOutput(stream: StreamRecord, c: ConsumerRecord, now: number): Record<string, unknown> {
  return {
    ConsumerName: c.name,
    ConsumerARN: arnOfConsumer(stream, c),
    ConsumerStatus: consumerStatus(c, now),
    ConsumerCreationTimestamp: new Date(c.createdAt),
  };
}

export interface ConsumerSelector {
  readonly ConsumerARN?: string;
  readonly StreamARN?: string;
  readonly ConsumerName?: string;
  readonly StreamId?: string;
}

export async function resolveConsumer(deps: KinesisDeps, input: ConsumerSelector, ctx: RequestContext): Promise<ResolvedConsumer> {
  if (input.ConsumerARN !== undefined) {
    const ref = parseConsumerArn(input.ConsumerARN);
    if (!ref) throw kinesisErrors.consumerArnNotFound(input.ConsumerARN);
    const stream = await deps.store.getStream(ref.accountId, ref.region || ctx.region, ref.name);
    const consumer = stream && (await deps.store.getConsumer(stream.id, ref.consumerName));
    if (!stream || !consumer || Math.floor(consumer.createdAt / 1000) !== ref.createdSecs) throw kinesisErrors.consumerArnNotFound(input.ConsumerARN);
    return { stream, consumer, arn: input.ConsumerARN };
  }
  if (input.StreamARN === undefined || input.ConsumerName === undefined) throw kinesisErrors.consumerSelector();
  const { stream, name, accountId } = await resolveStream(deps, { StreamARN: input.StreamARN, StreamId: input.StreamId }, ctx);
  const consumer = await deps.store.getConsumer(stream.id, input.ConsumerName);
  if (!consumer) throw kinesisErrors.consumerNotFound(input.ConsumerName, name, accountId);
  return { stream, consumer, arn: arnOfConsumer(stream, consumer) };
}
