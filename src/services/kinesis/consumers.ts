import type { RequestContext } from '../shared/service.js';
import { currentStream, resolveStream, type KinesisDeps } from './context.js';
import { consumerArn, parseConsumerArn } from './domain/names.js';
import { arnOf } from './domain/streams.js';
import { kinesisErrors } from './errors.js';
import type { ConsumerRecord, StreamRecord } from './store.js';

/**
 * Enhanced fan-out consumers as the operations name them: by ConsumerARN (which carries the
 * stream, the name and the creation second, so a consumer registered again under the same name
 * does not answer to the old ARN), or by StreamARN + ConsumerName.
 *
 * States (time is data): CREATING until `activeAt`, then ACTIVE; DeregisterStreamConsumer makes it
 * DELETING until `deletingUntil` (AWS: "a consumer can't read data while in the CREATING or
 * DELETING states"), after which it is gone: not described, not listed, its name free again.
 * Limits: 20 per stream, 5 CREATING at once.
 */

export const MAX_CONSUMERS = 20;
export const MAX_CREATING_CONSUMERS = 5;

export type ConsumerStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

export interface ResolvedConsumer {
  readonly stream: StreamRecord;
  readonly consumer: ConsumerRecord;
  readonly arn: string;
}

/** Of a consumer that still exists (see consumerExists). */
export function consumerStatus(c: ConsumerRecord, now: number): ConsumerStatus {
  if (c.deletingUntil > 0) return 'DELETING';
  return now < c.activeAt ? 'CREATING' : 'ACTIVE';
}

/** Registered, or still DELETING: a consumer whose deletion is over is gone even if its row lingers. */
export function consumerExists(c: ConsumerRecord, now: number): boolean {
  return c.deletingUntil === 0 || now < c.deletingUntil;
}

/** The stream's consumers that exist at `now`, by name. */
export async function existingConsumers(deps: KinesisDeps, streamId: number, now: number): Promise<ConsumerRecord[]> {
  return (await deps.store.listConsumers(streamId)).filter((c) => consumerExists(c, now));
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

/** The consumer a request names (DELETING ones included); ResourceNotFoundException if none exists. */
export async function resolveConsumer(deps: KinesisDeps, input: ConsumerSelector, ctx: RequestContext): Promise<ResolvedConsumer> {
  const now = deps.clock.now();
  if (input.ConsumerARN !== undefined) {
    const ref = parseConsumerArn(input.ConsumerARN);
    if (!ref) throw kinesisErrors.consumerArnNotFound(input.ConsumerARN);
    const found = await deps.store.getStream(ref.accountId, ref.region || ctx.region, ref.name);
    const stream = found && (await currentStream(deps, found, now));
    const consumer = stream && (await deps.store.getConsumer(stream.id, ref.consumerName));
    if (!stream || !consumer || !consumerExists(consumer, now) || Math.floor(consumer.createdAt / 1000) !== ref.createdSecs) {
      throw kinesisErrors.consumerArnNotFound(input.ConsumerARN);
    }
    return { stream, consumer, arn: input.ConsumerARN };
  }
  if (input.StreamARN === undefined || input.ConsumerName === undefined) throw kinesisErrors.consumerSelector();
  const { stream, name, accountId } = await resolveStream(deps, { StreamARN: input.StreamARN, StreamId: input.StreamId }, ctx);
  const consumer = await deps.store.getConsumer(stream.id, input.ConsumerName);
  if (!consumer || !consumerExists(consumer, now)) throw kinesisErrors.consumerNotFound(input.ConsumerName, name, accountId);
  return { stream, consumer, arn: arnOfConsumer(stream, consumer) };
}
