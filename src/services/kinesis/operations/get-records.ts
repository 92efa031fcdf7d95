import { currentStream, type KinesisOperation } from '../context.js';
import { MAX_GET_RECORDS, MAX_GET_RECORDS_BYTES } from '../domain/limits.js';
import { shardIdOf } from '../domain/names.js';
import { openIterator, sealIterator } from '../domain/shard-iterator.js';
import { childShards, recordSequenceNumber } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

interface Input {
  ShardIterator: string;
  Limit?: number;
  DryRun?: boolean;
}

/**
 * GetRecords: up to Limit (≤ 10,000) records and 10 MiB from the iterator's position, skipping
 * what is past the retention period (or before an AT_TIMESTAMP), and a NextShardIterator that
 * continues after them. MillisBehindLatest is 0 once the read reached the newest record, else
 * how old the last record returned is. Any node can serve any iterator: it carries everything.
 */
export const getRecords: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const now = deps.clock.now();
  const opened = openIterator(deps.sealer(), input.ShardIterator, now);
  if (!opened.ok) throw opened.expired ? kinesisErrors.expiredIterator(opened.expired.issuedAt, now) : kinesisErrors.invalidShardIterator();
  const it = opened.state;
  const found = await deps.store.getStreamById(it.streamDbId);
  const stream = found && (await currentStream(deps, found, now));
  const shard = stream?.shards.find((s) => s.index === it.shardIndex);
  if (!stream || !shard) throw kinesisErrors.shardNotFound(shardIdOf(it.shardIndex), it.streamName, stream?.accountId ?? ctx.accountId);
  if (input.DryRun === true) throw kinesisErrors.dryRun(); // every check passed; nothing is written (index.ts)

  if (deps.throttle && !(await deps.throttle.tryRead(shard.id))) {
    deps.observer.readThrottled(stream);
    throw kinesisErrors.throughputExceeded(shardIdOf(shard.index), stream.name, stream.accountId);
  }
  const horizon = now - stream.retentionHours * 3_600_000;
  const read = await deps.store.readShard(shard.id, {
    fromSeq: it.fromSeq,
    minArrivalMs: Math.max(it.minArrivalMs, horizon),
    limit: input.Limit ?? MAX_GET_RECORDS,
    maxBytes: MAX_GET_RECORDS_BYTES,
  });
  const records = new Array(read.records.length);
  let bytes = 0;
  for (let i = 0; i < read.records.length; i++) {
    const r = read.records[i]!;
    bytes += r.data.length + r.partitionKey.length;
    records[i] = {
      SequenceNumber: recordSequenceNumber(shard, r.seq, r.arrivalMs),
      ApproximateArrivalTimestamp: r.arrivalMs, // epoch ms: the encoders take it as a Date (one object less a record)
      Data: r.data,
      PartitionKey: r.partitionKey === '' ? undefined : r.partitionKey,
    };
  }
  deps.throttle?.readBytes(shard.id, bytes);
  const last = read.records[read.records.length - 1];
  const caughtUp = read.nextSeq >= read.tip.nextSeq;
  const behind = caughtUp || !last ? 0 : Math.max(0, now - last.arrivalMs);
  deps.observer.getRecords(stream, shard.index, records.length, bytes, behind);
  // A shard closed by a reshard ends once drained: no next iterator, and the shards its hash
  // keys went to (AWS returns ChildShards only then, so a consumer knows where to go on).
  const drained = shard.closedAt !== null && shard.endingSeq !== null && read.nextSeq > shard.endingSeq;
  return {
    Records: records,
    NextShardIterator: drained ? undefined : sealIterator(deps.sealer(), { ...it, fromSeq: read.nextSeq, issuedAt: now }),
    MillisBehindLatest: behind,
    ChildShards: drained ? childShards(stream, shard) : undefined,
  };
};
