import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { MAX_PUT_RECORDS_BYTES } from '../domain/limits.js';
import { shardIdOf } from '../domain/names.js';
import { prepareRecord, routed, type PreparedRecord, type PutEntry } from '../domain/put.js';
import { isReadable, recordSequenceNumber, statusOf } from '../domain/streams.js';
import { refusedWrites } from '../domain/throughput.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  Records: PutEntry[];
  DryRun?: boolean;
}

/**
 * PutRecords: up to 500 records (the model checks the count), together at most 10 MiB, stored
 * atomically, durable when answered. Results are in request order. AWS reports throttling per
 * record in-band (FailedRecordCount, ErrorCode): here only in the opt-in throughput mode
 * (domain/throughput.ts). Invalid records fail the whole request, as with AWS.
 */
export const putRecords: KinesisOperation<Input, unknown> = (deps, input, ctx) => routed(() => putOnce(deps, input, ctx));

const putOnce: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const { stream, name, accountId, now } = await resolveStream(deps, input, ctx);
  if (!isReadable(statusOf(stream, now))) throw kinesisErrors.streamNotFound(name, accountId);
  const entries = input.Records;
  const prepared: PreparedRecord[] = new Array(entries.length);
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    const r = prepareRecord(stream, entries[i]!, deps.ids, (m) => `records.${i + 1}.member.${m}`);
    total += r.size;
    prepared[i] = r;
  }
  if (total > MAX_PUT_RECORDS_BYTES) throw kinesisErrors.requestTooLarge(MAX_PUT_RECORDS_BYTES);
  if (input.DryRun === true) throw kinesisErrors.dryRun(); // every check passed; nothing is written (index.ts)
  // The opt-in throughput mode fails records in-band, as AWS does; the others are written.
  const throttled = deps.throttle ? await refusedWrites(deps.throttle, prepared) : undefined;
  const accepted = throttled ? prepared.filter((_, i) => !throttled[i]) : prepared;
  const results = accepted.length > 0 ? await deps.store.putRecords(stream.id, accepted, now) : [];
  if (!results) throw kinesisErrors.streamNotFound(name, accountId);
  deps.notifier.notify(new Set(accepted.map((p) => p.shardId)));
  const out = new Array(prepared.length);
  let failed = 0;
  for (let i = 0, j = 0; i < prepared.length; i++) {
    const shard = prepared[i]!.shard;
    if (throttled?.[i]) {
      failed++;
      const e = kinesisErrors.throughputExceeded(shardIdOf(shard.index), name, accountId);
      out[i] = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: e.message };
      continue;
    }
    const r = results[j++]!;
    out[i] = { SequenceNumber: recordSequenceNumber(shard, r.seq, r.arrivalMs), ShardId: shardIdOf(shard.index) };
  }
  let bytes = total;
  if (failed > 0) {
    for (let i = 0; i < prepared.length; i++) if (throttled![i]) bytes -= prepared[i]!.size;
    deps.observer.writeThrottled(stream, failed);
  }
  deps.observer.putRecords(stream, prepared.length, prepared.length - failed, bytes, accepted, results);
  return { FailedRecordCount: failed, Records: out };
};
