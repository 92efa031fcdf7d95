/**
 * Kinesis model, part 2: every operation's input structure and the structures only inputs use.
 *
 * Members, their order and required flags are the JS client's schema (model.test.ts checks them);
 * see model-scalars.ts for where constraints come from.
 */
import type { ListShape } from '../shared/shapes.js';
import {
  boolean,
  consumerARN,
  consumerName,
  data,
  describeStreamInputLimit,
  encryptionType,
  getRecordsInputLimit,
  hashKey,
  integer,
  keyId,
  listShardsInputLimit,
  listStreamConsumersInputLimit,
  listStreamsInputLimit,
  listTagsForStreamInputLimit,
  maxRecordSizeInKiB,
  metricsNameList,
  minimumThroughputBillingCommitmentInputStatus,
  naturalIntegerObject,
  nextToken,
  partitionKey,
  positiveIntegerObject,
  recordDistributionStrategy,
  resourceARN,
  taggableARN,
  scalingType,
  sequenceNumber,
  shardFilterType,
  shardId,
  shardIterator,
  shardIteratorType,
  streamARN,
  streamId,
  streamMode,
  streamName,
  string,
  tagKey,
  tagKeyList,
  tagMap,
  timestamp,
} from './model-scalars.js';
import { opt, req, structure } from './model-scalars.js';

export const addTagsToStreamInput = structure('AddTagsToStreamInput', {
  Tags: req(tagMap),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const streamModeDetails = structure('StreamModeDetails', {
  StreamMode: req(streamMode),
});
export const createStreamInput = structure('CreateStreamInput', {
  StreamName: req(streamName),
  ShardCount: opt(positiveIntegerObject),
  StreamModeDetails: opt(streamModeDetails),
  Tags: opt(tagMap),
  WarmThroughputMiBps: opt(naturalIntegerObject),
  MaxRecordSizeInKiB: opt(maxRecordSizeInKiB),
  RecordDistributionStrategy: opt(recordDistributionStrategy),
});
export const decreaseStreamRetentionPeriodInput = structure('DecreaseStreamRetentionPeriodInput', {
  RetentionPeriodHours: req(integer),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const deleteResourcePolicyInput = structure('DeleteResourcePolicyInput', {
  ResourceARN: req(resourceARN),
  StreamId: opt(streamId),
});
export const deleteStreamInput = structure('DeleteStreamInput', {
  StreamName: opt(streamName),
  EnforceConsumerDeletion: opt(boolean),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const deregisterStreamConsumerInput = structure('DeregisterStreamConsumerInput', {
  StreamARN: opt(streamARN),
  ConsumerName: opt(consumerName),
  ConsumerARN: opt(consumerARN),
  StreamId: opt(streamId),
});
export const describeAccountSettingsInput = structure('DescribeAccountSettingsInput', {});
export const describeLimitsInput = structure('DescribeLimitsInput', {});
export const describeStreamInput = structure('DescribeStreamInput', {
  StreamName: opt(streamName),
  Limit: opt(describeStreamInputLimit),
  ExclusiveStartShardId: opt(shardId),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const describeStreamConsumerInput = structure('DescribeStreamConsumerInput', {
  StreamARN: opt(streamARN),
  ConsumerName: opt(consumerName),
  ConsumerARN: opt(consumerARN),
  StreamId: opt(streamId),
});
export const describeStreamSummaryInput = structure('DescribeStreamSummaryInput', {
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const disableEnhancedMonitoringInput = structure('DisableEnhancedMonitoringInput', {
  ShardLevelMetrics: req(metricsNameList),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const enableEnhancedMonitoringInput = structure('EnableEnhancedMonitoringInput', {
  ShardLevelMetrics: req(metricsNameList),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const getRecordsInput = structure('GetRecordsInput', {
  ShardIterator: req(shardIterator),
  Limit: opt(getRecordsInputLimit),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
  DryRun: opt(boolean),
});
export const getResourcePolicyInput = structure('GetResourcePolicyInput', {
  ResourceARN: req(resourceARN),
  StreamId: opt(streamId),
});
export const getShardIteratorInput = structure('GetShardIteratorInput', {
  ShardId: req(shardId),
  ShardIteratorType: req(shardIteratorType),
  StreamName: opt(streamName),
  StartingSequenceNumber: opt(sequenceNumber),
  Timestamp: opt(timestamp),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
  DryRun: opt(boolean),
});
export const increaseStreamRetentionPeriodInput = structure('IncreaseStreamRetentionPeriodInput', {
  RetentionPeriodHours: req(integer),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const shardFilter = structure('ShardFilter', {
  Type: req(shardFilterType),
  ShardId: opt(shardId),
  Timestamp: opt(timestamp),
});
export const listShardsInput = structure('ListShardsInput', {
  StreamName: opt(streamName),
  NextToken: opt(nextToken),
  ExclusiveStartShardId: opt(shardId),
  MaxResults: opt(listShardsInputLimit),
  StreamCreationTimestamp: opt(timestamp),
  ShardFilter: opt(shardFilter),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const listStreamConsumersInput = structure('ListStreamConsumersInput', {
  StreamARN: req(streamARN),
  NextToken: opt(nextToken),
  MaxResults: opt(listStreamConsumersInputLimit),
  StreamCreationTimestamp: opt(timestamp),
  StreamId: opt(streamId),
});
export const listStreamsInput = structure('ListStreamsInput', {
  Limit: opt(listStreamsInputLimit),
  ExclusiveStartStreamName: opt(streamName),
  NextToken: opt(nextToken),
});
export const listTagsForResourceInput = structure('ListTagsForResourceInput', {
  ResourceARN: req(taggableARN),
  StreamId: opt(streamId),
});
export const listTagsForStreamInput = structure('ListTagsForStreamInput', {
  StreamName: opt(streamName),
  ExclusiveStartTagKey: opt(tagKey),
  Limit: opt(listTagsForStreamInputLimit),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const mergeShardsInput = structure('MergeShardsInput', {
  ShardToMerge: req(shardId),
  AdjacentShardToMerge: req(shardId),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const putRecordInput = structure('PutRecordInput', {
  Data: req(data),
  StreamName: opt(streamName),
  PartitionKey: opt(partitionKey),
  ExplicitHashKey: opt(hashKey),
  SequenceNumberForOrdering: opt(sequenceNumber),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
  DryRun: opt(boolean),
});
export const putRecordsRequestEntry = structure('PutRecordsRequestEntry', {
  Data: req(data),
  ExplicitHashKey: opt(hashKey),
  PartitionKey: opt(partitionKey),
});
export const putRecordsRequestEntryList: ListShape = { type: 'list', member: putRecordsRequestEntry, min: 1, max: 500 };
export const putRecordsInput = structure('PutRecordsInput', {
  Records: req(putRecordsRequestEntryList),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
  DryRun: opt(boolean),
});
export const putResourcePolicyInput = structure('PutResourcePolicyInput', {
  ResourceARN: req(resourceARN),
  Policy: req(string),
  StreamId: opt(streamId),
});
export const registerStreamConsumerInput = structure('RegisterStreamConsumerInput', {
  StreamARN: req(streamARN),
  ConsumerName: req(consumerName),
  StreamId: opt(streamId),
  Tags: opt(tagMap),
});
export const removeTagsFromStreamInput = structure('RemoveTagsFromStreamInput', {
  TagKeys: req(tagKeyList),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const splitShardInput = structure('SplitShardInput', {
  ShardToSplit: req(shardId),
  NewStartingHashKey: req(hashKey),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const startStreamEncryptionInput = structure('StartStreamEncryptionInput', {
  EncryptionType: req(encryptionType),
  KeyId: req(keyId),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const stopStreamEncryptionInput = structure('StopStreamEncryptionInput', {
  EncryptionType: req(encryptionType),
  KeyId: req(keyId),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const startingPosition = structure('StartingPosition', {
  Type: req(shardIteratorType),
  SequenceNumber: opt(sequenceNumber),
  Timestamp: opt(timestamp),
});
export const subscribeToShardInput = structure('SubscribeToShardInput', {
  ConsumerARN: req(consumerARN),
  ShardId: req(shardId),
  StartingPosition: req(startingPosition),
  StreamId: opt(streamId),
  DryRun: opt(boolean),
});
export const tagResourceInput = structure('TagResourceInput', {
  Tags: req(tagMap),
  ResourceARN: req(taggableARN),
  StreamId: opt(streamId),
});
export const untagResourceInput = structure('UntagResourceInput', {
  TagKeys: req(tagKeyList),
  ResourceARN: req(taggableARN),
  StreamId: opt(streamId),
});
export const minimumThroughputBillingCommitmentInput = structure('MinimumThroughputBillingCommitmentInput', {
  Status: req(minimumThroughputBillingCommitmentInputStatus),
});
export const updateAccountSettingsInput = structure('UpdateAccountSettingsInput', {
  MinimumThroughputBillingCommitment: req(minimumThroughputBillingCommitmentInput),
});
export const updateMaxRecordSizeInput = structure('UpdateMaxRecordSizeInput', {
  MaxRecordSizeInKiB: req(maxRecordSizeInKiB),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const updateShardCountInput = structure('UpdateShardCountInput', {
  TargetShardCount: req(positiveIntegerObject),
  ScalingType: req(scalingType),
  StreamName: opt(streamName),
  StreamARN: opt(streamARN),
  StreamId: opt(streamId),
});
export const updateStreamModeInput = structure('UpdateStreamModeInput', {
  StreamARN: req(streamARN),
  StreamModeDetails: req(streamModeDetails),
  StreamId: opt(streamId),
  WarmThroughputMiBps: opt(naturalIntegerObject),
});
export const updateStreamRecordDistributionStrategyInput = structure('UpdateStreamRecordDistributionStrategyInput', {
  StreamARN: req(string),
  RecordDistributionStrategy: req(recordDistributionStrategy),
  StreamId: opt(string),
});
export const updateStreamWarmThroughputInput = structure('UpdateStreamWarmThroughputInput', {
  WarmThroughputMiBps: req(naturalIntegerObject),
  StreamARN: opt(streamARN),
  StreamName: opt(streamName),
  StreamId: opt(streamId),
});
