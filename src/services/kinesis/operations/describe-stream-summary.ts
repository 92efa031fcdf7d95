import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { existingConsumers } from '../consumers.js';
import { arnOf, enhancedMonitoring, isReadable, statusOf } from '../domain/streams.js';

/** DescribeStreamSummary: the stream without its shards, with OpenShardCount and ConsumerCount. */
export const describeStreamSummary: KinesisOperation<StreamSelector, unknown> = async (deps, input, ctx) => {
  const { stream } = await resolveStream(deps, input, ctx);
  const now = deps.clock.now();
  const status = statusOf(stream, now);
  return {
    StreamDescriptionSummary: {
      StreamName: stream.name,
      StreamARN: arnOf(stream),
      StreamStatus: status,
      StreamModeDetails: { StreamMode: stream.mode },
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: new Date(stream.createdAt),
      EnhancedMonitoring: enhancedMonitoring(stream),
      EncryptionType: stream.settings.encryptionType ?? 'NONE',
      KeyId: stream.settings.encryptionType === 'KMS' ? stream.settings.keyId : undefined,
      OpenShardCount: isReadable(status) ? stream.openShardCount : 0,
      ConsumerCount: (await existingConsumers(deps, stream.id, deps.clock.now())).length,
      StreamId: stream.streamId,
      MaxRecordSizeInKiB: stream.maxRecordSizeKiB,
      RecordDistributionStrategy: stream.settings.recordDistributionStrategy,
      WarmThroughput:
        stream.settings.warmThroughputMiBps === undefined ? undefined : { TargetMiBps: stream.settings.warmThroughputMiBps, CurrentMiBps: stream.settings.warmThroughputMiBps },
    },
  };
};
