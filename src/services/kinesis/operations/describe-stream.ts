import { resolveStream, type KinesisOperation, type StreamSelector } from '../context.js';
import { DESCRIBE_STREAM_PAGE } from '../domain/limits.js';
import { shardIdOf } from '../domain/names.js';
import { arnOf, enhancedMonitoring, shardOutput, statusOf, visibleShards } from '../domain/streams.js';

interface Input extends StreamSelector {
  Limit?: number;
  ExclusiveStartShardId?: string;
}

/**
 * DescribeStream: the stream and a page of its shards (at most 100, after ExclusiveStartShardId
 * compared as shard id strings, as AWS does), HasMoreShards saying whether there are more. A
 * CREATING stream shows no shards yet.
 */
export const describeStream: KinesisOperation<Input, unknown> = async (deps, input, ctx) => {
  const { stream } = await resolveStream(deps, input, ctx);
  const now = deps.clock.now();
  const limit = Math.min(input.Limit ?? DESCRIBE_STREAM_PAGE, DESCRIBE_STREAM_PAGE);
  const after = input.ExclusiveStartShardId;
  const shards = visibleShards(stream, now).filter((s) => after === undefined || shardIdOf(s.index) > after);
  return {
    StreamDescription: {
      StreamName: stream.name,
      StreamARN: arnOf(stream),
      StreamStatus: statusOf(stream, now),
      Shards: shards.slice(0, limit).map(shardOutput),
      HasMoreShards: shards.length > limit,
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: new Date(stream.createdAt),
      EnhancedMonitoring: enhancedMonitoring(stream),
      StreamModeDetails: { StreamMode: stream.mode },
      EncryptionType: stream.settings.encryptionType ?? 'NONE',
      KeyId: stream.settings.encryptionType === 'KMS' ? stream.settings.keyId : undefined,
    },
  };
};
