import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { MAX_PUT_RECORDS_BYTES } from '../domain/limits.js';
import { shardIdOf } from '../domain/names.js';
import { prepareRecord, type PreparedRecord, type PutEntry } from '../domain/put.js';
import { isReadable, recordSequenceNumber, statusOf } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

interface Input extends StreamSelector {
  Records: PutEntry[];
}

/**
 * PutRecords: up to 500 records (the model checks the count), together at most 10 MiB, stored
 * atomically, durable when answered. Results are in request order. AWS reports throttling per
 * record in-band (FailedRecordCount, ErrorCode); without throughput limits nothing fails in-band
 * here, so FailedRecordCount is 0. Invalid records fail the whole request, as with AWS.
 */
export const putRecords: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const { stream, name, accountId } = await resolveStream(deps, input, ctx);
  const now = deps.clock.now();
  if (!isReadable(statusOf(stream, now))) throw kinesisErrors.streamNotFound(name, accountId);
  const entries = input.Records;
  const prepared: PreparedRecord[] = new Array(entries.length);
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    const r = prepareRecord(stream, entries[i]!, deps.ids, (m) => `records.${i + 1}.member.${m}`);
    total += r.size;
    prepared[i] = r;
  }
  if (total > MAX_PUT_RECORDS_BYTES) throw kinesisErrors.requestTooLarge(total, MAX_PUT_RECORDS_BYTES);
  const results = await deps.store.putRecords(stream.id, prepared, now);
  if (!results) throw kinesisErrors.streamNotFound(name, accountId);
  deps.notifier.notify(new Set(prepared.map((p) => p.shardId)));
  const out = new Array(prepared.length);
  for (let i = 0; i < prepared.length; i++) {
    const shard = prepared[i]!.shard;
    const r = results[i]!;
    out[i] = { SequenceNumber: recordSequenceNumber(shard, r.seq, r.arrivalMs), ShardId: shardIdOf(shard.index) };
  }
  return { FailedRecordCount: 0, Records: out };
};
