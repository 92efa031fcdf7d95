import type { Clock } from '../../../runtime/clock.js';
import type { EventStreamOutput, StreamEvent } from '../../shared/service.js';
import { currentStream, type KinesisDeps, type KinesisOperation } from '../context.js';
import { consumerStatus, resolveConsumer } from '../consumers.js';
import { MAX_GET_RECORDS, MAX_GET_RECORDS_BYTES } from '../domain/limits.js';
import { parseShardId, shardIdOf } from '../domain/names.js';
import { startingPosition, type Position, type PositionType } from '../domain/starting-position.js';
import { childShards, recordSequenceNumber, visibleShards } from '../domain/streams.js';
import { FAN_OUT_BYTES_PER_SECOND } from '../domain/throughput-fan-out.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  ConsumerARN: string;
  ShardId: string;
  StartingPosition: { Type: PositionType; SequenceNumber?: string; Timestamp?: Date };
  StreamId?: string;
  DryRun?: boolean;
}

/** AWS: a second subscription for the same consumer and shard within 5 s is refused; later, it takes over. */
const TAKEOVER_AFTER_MS = 5_000;
/** AWS: "You can make one call to SubscribeToShard per second per registered consumer per shard." */
const CALL_INTERVAL_MS = 1_000;
/** With nothing new, an empty event goes out this often (AWS sends one about every 5 s), so clients see progress. */
const HEARTBEAT_MS = 5_000;

/**
 * SubscribeToShard: an event stream (the protocol layer sends initial-response first) of
 * SubscribeToShardEvents pushed as records arrive. A wait for records is woken by PutRecord(s) in
 * this process, by other nodes' writes (the store's watchWrites: PostgreSQL NOTIFY), or at the
 * latest by the safety-net poll (`subscriptionPollMs`).
 * Each event carries ContinuationSequenceNumber (where to resubscribe AFTER_SEQUENCE_NUMBER) and
 * MillisBehindLatest; at the end of a closed shard it carries ChildShards, no continuation, and
 * the stream ends. The stream also ends after `subscriptionMs` (AWS: 5 minutes), when another
 * subscription takes it over, when the consumer is deregistered and when the client leaves.
 * In the opt-in throughput mode a consumer's events from a shard are paced to AWS's 2 MiB/s
 * (domain/throughput-fan-out.ts): a backlog comes later, never refused nor dropped, in order, and
 * MillisBehindLatest says how far behind the consumer is.
 * Refusals, in order: a consumer not ACTIVE (CREATING or DELETING: ResourceInUseException), an
 * unknown shard, a second call within a second (LimitExceededException), a subscription that
 * started less than 5 s ago (ResourceInUseException).
 */
export const subscribeToShard: KinesisOperation<Input, EventStreamOutput> = async (deps, input, ctx) => {
  const { stream, consumer, arn } = await resolveConsumer(deps, { ConsumerARN: input.ConsumerARN }, ctx);
  const now = deps.clock.now();
  if (consumerStatus(consumer, now) !== 'ACTIVE') throw kinesisErrors.consumerNotActive(consumer.name, consumer.createdAt, stream.name, stream.accountId);
  const index = parseShardId(input.ShardId);
  const shard = index === undefined ? undefined : visibleShards(stream, now).find((s) => s.index === index);
  if (!shard) throw kinesisErrors.shardNotFound(index === undefined ? input.ShardId : shardIdOf(index), stream.name, stream.accountId);
  const sp = input.StartingPosition;
  const start = () =>
    startingPosition(
      deps.store,
      shard,
      { type: sp.Type, sequenceNumber: sp.SequenceNumber, timestamp: sp.Timestamp, streamName: stream.name, accountId: stream.accountId },
      now,
    );
  // A dry run is not a call of the once-a-second rate (AWS counts dry runs apart), so it is not admitted.
  if (input.DryRun === true) {
    await start();
    throw kinesisErrors.dryRun(); // every check passed; no subscription is started (index.ts)
  }
  // The rate counts the calls it lets through, on every node (the store keeps the time of the last one).
  if (!(await deps.store.admitSubscribeCall(consumer.id, shard.index, now, CALL_INTERVAL_MS))) {
    throw kinesisErrors.subscribeRateExceeded(arn, shardIdOf(shard.index));
  }
  const position = await start();
  const owner = deps.ids.uuid();
  const claim = await deps.store.claimSubscription(consumer.id, shard.index, owner, now, TAKEOVER_AFTER_MS);
  if (claim === 'held') throw kinesisErrors.subscriptionInUse(stream.accountId, stream.name, shardIdOf(shard.index), consumer.name);
  if (claim === 'gone') throw kinesisErrors.consumerArnNotFound(arn);
  // A subscription this one took over, on this node, sees its lease gone as soon as it wakes (the
  // store wakes other nodes' itself).
  deps.notifier.notify([shard.id]);
  return {
    initial: {},
    events: events(deps, { streamId: stream.id, consumerId: consumer.id, shardIndex: shard.index, owner, position, endAt: now + deps.config.subscriptionMs }, ctx.signal),
  };
};

interface Subscription {
  readonly streamId: number;
  readonly consumerId: number;
  readonly shardIndex: number;
  readonly owner: string;
  readonly position: Position;
  readonly endAt: number;
}

/** The subscription's events; whichever way it ends, its lease is given up so the next one may start at once. */
async function* events(deps: KinesisDeps, sub: Subscription, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  try {
    yield* follow(deps, sub, signal);
  } finally {
    await deps.store.releaseSubscription(sub.consumerId, sub.shardIndex, sub.owner).catch(() => {});
  }
}

async function* follow(deps: KinesisDeps, sub: Subscription, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  let fromSeq = sub.position.fromSeq;
  let lastSent = -Infinity;
  const pipe = deps.throttle?.fanOut.pipe(sub.consumerId, sub.shardIndex, deps.config.fanOutBytesPerSecond ?? FAN_OUT_BYTES_PER_SECOND);
  for (;;) {
    const now = deps.clock.now();
    if (signal.aborted || now >= sub.endAt) return;
    // Throughput mode: the consumer's pipe is still paying for what went out. Wait before reading,
    // so that what is read, and MillisBehindLatest, are as of when the event goes.
    const due = pipe?.waitMs() ?? 0;
    if (due > 0) {
      await pause(deps.clock, Math.min(due, sub.endAt - now), signal);
      continue;
    }
    if ((await deps.store.subscriptionOwner(sub.consumerId, sub.shardIndex)) !== sub.owner) return; // taken over or deregistered
    const found = await deps.store.getStreamById(sub.streamId);
    const stream = found && (await currentStream(deps, found, now));
    const shard = stream?.shards.find((s) => s.index === sub.shardIndex);
    if (!stream || !shard) {
      yield { exception: 'ResourceNotFoundException', payload: { message: `Stream with id ${sub.streamId} was deleted.` } };
      return;
    }
    const read = await deps.store.readShard(shard.id, {
      fromSeq,
      minArrivalMs: Math.max(sub.position.minArrivalMs, now - stream.retentionHours * 3_600_000),
      limit: MAX_GET_RECORDS,
      maxBytes: pipe ? Math.min(MAX_GET_RECORDS_BYTES, pipe.allowance()) : MAX_GET_RECORDS_BYTES,
    });
    fromSeq = read.nextSeq;
    const drained = shard.closedAt !== null && shard.endingSeq !== null && read.nextSeq > shard.endingSeq;
    if (read.records.length > 0 || drained || now - lastSent >= HEARTBEAT_MS) {
      const last = read.records[read.records.length - 1];
      const caughtUp = read.nextSeq >= read.tip.nextSeq;
      lastSent = now;
      const bytes = read.records.length > 0 ? read.records.reduce((n, r) => n + r.data.length + r.partitionKey.length, 0) : 0;
      if (pipe && bytes > 0) pipe.take(bytes);
      if (read.records.length > 0) deps.observer.subscribeEvent(stream, read.records.length, bytes);
      yield {
        type: 'SubscribeToShardEvent',
        payload: {
          Records: read.records.map((r) => ({
            SequenceNumber: recordSequenceNumber(shard, r.seq, r.arrivalMs),
            ApproximateArrivalTimestamp: new Date(r.arrivalMs),
            Data: r.data,
            PartitionKey: r.partitionKey === '' ? undefined : r.partitionKey,
          })),
          // Resubscribe AFTER_SEQUENCE_NUMBER this: the last position delivered (or skipped).
          ContinuationSequenceNumber: drained ? undefined : recordSequenceNumber(shard, read.nextSeq - 1, last?.arrivalMs ?? now),
          MillisBehindLatest: caughtUp || !last ? 0 : Math.max(0, now - last.arrivalMs),
          ChildShards: drained ? childShards(stream, shard) : undefined,
        },
      };
      if (drained) return;
      if (!caughtUp) continue;
    }
    // A shard a reshard closes ends at its close time without any write to wake us: look again then.
    const closing = found?.shards.find((s) => s.index === sub.shardIndex)?.closedAt ?? null;
    const untilClose = closing !== null && closing > now ? closing - now : Infinity;
    const wake = Math.min(deps.config.subscriptionPollMs, sub.endAt - now, HEARTBEAT_MS - (now - lastSent), untilClose);
    await deps.notifier.wait(shard.id, wake, signal);
  }
}

/** Resolves after `ms` on the injected clock, or when the client leaves. */
function pause(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let cancel = (): void => {};
    const done = () => {
      cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    cancel = clock.setTimer(ms, done);
    signal.addEventListener('abort', done, { once: true });
  });
}
