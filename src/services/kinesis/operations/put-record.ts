import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { shardIdOf } from '../domain/names.js';
import { prepareRecord, routed, type PutEntry } from '../domain/put.js';
import { parseSequenceNumber } from '../domain/sequence-number.js';
import { isReadable, recordSequenceNumber, statusOf } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector, PutEntry {
  SequenceNumberForOrdering?: string;
  DryRun?: boolean;
}

/**
 * PutRecord: one record, durable when answered. Positions are strictly increasing per shard
 * anyway, so SequenceNumberForOrdering is only checked for shape (AWS: InvalidArgumentException
 * for one that is not a sequence number [kinesalite]). A stream that is not ACTIVE is "not
 * found" to writers [kinesalite].
 */
export const putRecord: KinesisOperation<Input, unknown> = (deps, input, ctx) => routed(() => putOnce(deps, input, ctx));

const putOnce: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const { stream, name, accountId, now } = await resolveStream(deps, input, ctx);
  if (!isReadable(statusOf(stream, now))) throw kinesisErrors.streamNotFound(name, accountId);
  if (input.SequenceNumberForOrdering !== undefined) {
    const p = parseSequenceNumber(input.SequenceNumberForOrdering);
    if (!p || p.recordSecs * 1000 > now + 1_000) throw kinesisErrors.invalidSequenceNumberForOrdering(input.SequenceNumberForOrdering, name, accountId);
  }
  const record = prepareRecord(stream, input, deps.ids, (m) => m);
  if (input.DryRun === true) throw kinesisErrors.dryRun(); // every check passed; nothing is written (index.ts)
  if (deps.throttle && !(await deps.throttle.tryWrite(record.shardId, record.size))) {
    deps.observer.writeThrottled(stream, 1);
    throw kinesisErrors.throughputExceeded(shardIdOf(record.shard.index), name, accountId);
  }
  const result = await deps.store.putRecords(stream.id, [record], now);
  if (!result) throw kinesisErrors.streamNotFound(name, accountId);
  deps.notifier.notify([record.shardId]);
  const r = result[0]!;
  deps.observer.putRecord(stream, record.size, record, r);
  return { ShardId: shardIdOf(record.shard.index), SequenceNumber: recordSequenceNumber(record.shard, r.seq, r.arrivalMs) };
};
