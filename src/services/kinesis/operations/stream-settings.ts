import { resolveStream, type KinesisOperation, type StreamSelector, requireActive } from '../context.js';
import { arnOf } from '../domain/streams.js';
import { kinesisErrors } from '../errors.js';

/**
 * UpdateStreamWarmThroughput and UpdateStreamRecordDistributionStrategy: stored settings that
 * DescribeStreamSummary reports back. Warm throughput is capacity AWS keeps ready; nothing is
 * throttled by it here, so CurrentMiBps is reported as the target at once. The record
 * distribution strategy changes how PutRecord(s) without a partition key place records (AUTO).
 */
export const updateStreamWarmThroughput: KinesisOperation<StreamSelector & { WarmThroughputMiBps: number }, unknown> = async (deps, input, ctx) => {
  const r = await resolveStream(deps, input, ctx);
  requireActive(r);
  if (!(await deps.store.updateStream(r.stream.id, { settings: { warmThroughputMiBps: input.WarmThroughputMiBps } }))) {
    throw kinesisErrors.streamNotFound(r.name, r.accountId);
  }
  return {
    StreamARN: arnOf(r.stream),
    StreamName: r.name,
    WarmThroughput: { TargetMiBps: input.WarmThroughputMiBps, CurrentMiBps: input.WarmThroughputMiBps },
  };
};

export const updateStreamRecordDistributionStrategy: KinesisOperation<StreamSelector & { RecordDistributionStrategy: string }, void> = async (
  deps,
  input,
  ctx,
) => {
  const r = await resolveStream(deps, input, ctx);
  requireActive(r);
  if (!(await deps.store.updateStream(r.stream.id, { settings: { recordDistributionStrategy: input.RecordDistributionStrategy } }))) {
    throw kinesisErrors.streamNotFound(r.name, r.accountId);
  }
};
