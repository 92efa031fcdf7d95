/**
 * Kinesis model, part 3: every operation's output structure (channels excepted) and the structures they
 * contain, among them the SubscribeToShard event stream and the error structures it carries.
 *
 * Members, their order and required flags are the JS client's schema (model.test.ts checks them);
 * see model-scalars.ts for where constraints come from.
 */
import type { ListShape } from '../shared/shapes.js';
import {
  boolean,
  consumerARN,
  consumerCountObject,
  consumerName,
  consumerStatus,
  data,
  encryptionType,
  hashKey,
  integer,
  keyId,
  maxRecordSizeInKiB,
  metricsNameList,
  millisBehindLatest,
  minimumThroughputBillingCommitmentOutputStatus,
  naturalIntegerObject,
  nextToken,
  onDemandStreamCountLimitObject,
  onDemandStreamCountObject,
  partitionKey,
  positiveIntegerObject,
  recordDistributionStrategy,
  sequenceNumber,
  shardCountObject,
  shardId,
  shardIdList,
  shardIterator,
  streamARN,
  streamId,
  streamName,
  streamNameList,
  streamStatus,
  string,
  tagKey,
  tagValue,
  timestamp,
} from './model-scalars.js';
import {
  streamModeDetails,
} from './model-inputs.js';
import { opt, req, structure } from './model-scalars.js';

export const minimumThroughputBillingCommitmentOutput = structure('MinimumThroughputBillingCommitmentOutput', {
  Status: req(minimumThroughputBillingCommitmentOutputStatus),
  StartedAt: opt(timestamp),
  EndedAt: opt(timestamp),
  EarliestAllowedEndAt: opt(timestamp),
});
export const describeAccountSettingsOutput = structure('DescribeAccountSettingsOutput', {
  MinimumThroughputBillingCommitment: opt(minimumThroughputBillingCommitmentOutput),
});
export const describeLimitsOutput = structure('DescribeLimitsOutput', {
  ShardLimit: req(shardCountObject),
  OpenShardCount: req(shardCountObject),
  OnDemandStreamCount: req(onDemandStreamCountObject),
  OnDemandStreamCountLimit: req(onDemandStreamCountLimitObject),
  ChannelCount: opt(integer),
  ChannelCountLimit: opt(integer),
});
export const hashKeyRange = structure('HashKeyRange', {
  StartingHashKey: req(hashKey),
  EndingHashKey: req(hashKey),
});
export const sequenceNumberRange = structure('SequenceNumberRange', {
  StartingSequenceNumber: req(sequenceNumber),
  EndingSequenceNumber: opt(sequenceNumber),
});
export const shard = structure('Shard', {
  ShardId: req(shardId),
  HashKeyRange: req(hashKeyRange),
  SequenceNumberRange: req(sequenceNumberRange),
  ParentShardId: opt(shardId),
  AdjacentParentShardId: opt(shardId),
});
export const enhancedMetrics = structure('EnhancedMetrics', {
  ShardLevelMetrics: opt(metricsNameList),
});
export const shardList: ListShape = { type: 'list', member: shard };
export const enhancedMonitoringList: ListShape = { type: 'list', member: enhancedMetrics };
export const streamDescription = structure('StreamDescription', {
  StreamName: req(streamName),
  StreamARN: req(streamARN),
  StreamStatus: req(streamStatus),
  Shards: req(shardList),
  HasMoreShards: req(boolean),
  RetentionPeriodHours: req(integer),
  StreamCreationTimestamp: req(timestamp),
  EnhancedMonitoring: req(enhancedMonitoringList),
  StreamModeDetails: opt(streamModeDetails),
  EncryptionType: opt(encryptionType),
  KeyId: opt(keyId),
});
export const describeStreamOutput = structure('DescribeStreamOutput', {
  StreamDescription: req(streamDescription),
});
export const consumerDescription = structure('ConsumerDescription', {
  ConsumerName: req(consumerName),
  ConsumerARN: req(consumerARN),
  ConsumerStatus: req(consumerStatus),
  ConsumerCreationTimestamp: req(timestamp),
  StreamARN: req(streamARN),
});
export const describeStreamConsumerOutput = structure('DescribeStreamConsumerOutput', {
  ConsumerDescription: req(consumerDescription),
});
export const warmThroughputObject = structure('WarmThroughputObject', {
  TargetMiBps: opt(naturalIntegerObject),
  CurrentMiBps: opt(naturalIntegerObject),
});
export const streamDescriptionSummary = structure('StreamDescriptionSummary', {
  StreamName: req(streamName),
  StreamARN: req(streamARN),
  StreamStatus: req(streamStatus),
  RetentionPeriodHours: req(integer),
  StreamCreationTimestamp: req(timestamp),
  EnhancedMonitoring: req(enhancedMonitoringList),
  OpenShardCount: req(shardCountObject),
  StreamId: opt(streamId),
  StreamModeDetails: opt(streamModeDetails),
  EncryptionType: opt(encryptionType),
  KeyId: opt(keyId),
  ConsumerCount: opt(consumerCountObject),
  WarmThroughput: opt(warmThroughputObject),
  MaxRecordSizeInKiB: opt(maxRecordSizeInKiB),
  ChannelCount: opt(integer),
  RecordDistributionStrategy: opt(recordDistributionStrategy),
});
export const describeStreamSummaryOutput = structure('DescribeStreamSummaryOutput', {
  StreamDescriptionSummary: req(streamDescriptionSummary),
});
export const enhancedMonitoringOutput = structure('EnhancedMonitoringOutput', {
  StreamName: opt(streamName),
  CurrentShardLevelMetrics: opt(metricsNameList),
  DesiredShardLevelMetrics: opt(metricsNameList),
  StreamARN: opt(streamARN),
});
export const record = structure('Record', {
  SequenceNumber: req(sequenceNumber),
  Data: req(data),
  ApproximateArrivalTimestamp: opt(timestamp),
  PartitionKey: opt(partitionKey),
  EncryptionType: opt(encryptionType),
});
export const childShard = structure('ChildShard', {
  ShardId: req(shardId),
  ParentShards: req(shardIdList),
  HashKeyRange: req(hashKeyRange),
});
export const recordList: ListShape = { type: 'list', member: record };
export const childShardList: ListShape = { type: 'list', member: childShard };
export const getRecordsOutput = structure('GetRecordsOutput', {
  Records: req(recordList),
  NextShardIterator: opt(shardIterator),
  MillisBehindLatest: opt(millisBehindLatest),
  ChildShards: opt(childShardList),
});
export const getResourcePolicyOutput = structure('GetResourcePolicyOutput', {
  Policy: req(string),
});
export const getShardIteratorOutput = structure('GetShardIteratorOutput', {
  ShardIterator: opt(shardIterator),
});
export const listShardsOutput = structure('ListShardsOutput', {
  Shards: opt(shardList),
  NextToken: opt(nextToken),
});
export const consumer = structure('Consumer', {
  ConsumerName: req(consumerName),
  ConsumerARN: req(consumerARN),
  ConsumerStatus: req(consumerStatus),
  ConsumerCreationTimestamp: req(timestamp),
});
export const consumerList: ListShape = { type: 'list', member: consumer };
export const listStreamConsumersOutput = structure('ListStreamConsumersOutput', {
  Consumers: opt(consumerList),
  NextToken: opt(nextToken),
});
export const streamSummary = structure('StreamSummary', {
  StreamName: req(streamName),
  StreamARN: req(streamARN),
  StreamStatus: req(streamStatus),
  StreamModeDetails: opt(streamModeDetails),
  StreamCreationTimestamp: opt(timestamp),
});
export const streamSummaryList: ListShape = { type: 'list', member: streamSummary };
export const listStreamsOutput = structure('ListStreamsOutput', {
  StreamNames: req(streamNameList),
  HasMoreStreams: req(boolean),
  NextToken: opt(nextToken),
  StreamSummaries: opt(streamSummaryList),
});
export const tag = structure('Tag', {
  Key: req(tagKey),
  Value: opt(tagValue),
});
export const tagList: ListShape = { type: 'list', member: tag, min: 0, max: 200 };
export const listTagsForResourceOutput = structure('ListTagsForResourceOutput', {
  Tags: opt(tagList),
});
export const listTagsForStreamOutput = structure('ListTagsForStreamOutput', {
  Tags: req(tagList),
  HasMoreTags: req(boolean),
});
export const putRecordOutput = structure('PutRecordOutput', {
  ShardId: req(shardId),
  SequenceNumber: req(sequenceNumber),
  EncryptionType: opt(encryptionType),
});
export const putRecordsResultEntry = structure('PutRecordsResultEntry', {
  SequenceNumber: opt(sequenceNumber),
  ShardId: opt(shardId),
  ErrorCode: opt(string),
  ErrorMessage: opt(string),
});
export const putRecordsResultEntryList: ListShape = { type: 'list', member: putRecordsResultEntry, min: 1, max: 500 };
export const putRecordsOutput = structure('PutRecordsOutput', {
  Records: req(putRecordsResultEntryList),
  FailedRecordCount: opt(positiveIntegerObject),
  EncryptionType: opt(encryptionType),
});
export const registerStreamConsumerOutput = structure('RegisterStreamConsumerOutput', {
  Consumer: req(consumer),
});
export const subscribeToShardEvent = structure('SubscribeToShardEvent', {
  Records: req(recordList),
  ContinuationSequenceNumber: req(sequenceNumber),
  MillisBehindLatest: req(millisBehindLatest),
  ChildShards: opt(childShardList),
});
export const resourceNotFoundException = structure('ResourceNotFoundException', {
  message: opt(string),
});
export const resourceInUseException = structure('ResourceInUseException', {
  message: opt(string),
});
export const kmsDisabledException = structure('KMSDisabledException', {
  message: opt(string),
});
export const kmsInvalidStateException = structure('KMSInvalidStateException', {
  message: opt(string),
});
export const kmsAccessDeniedException = structure('KMSAccessDeniedException', {
  message: opt(string),
});
export const kmsNotFoundException = structure('KMSNotFoundException', {
  message: opt(string),
});
export const kmsOptInRequired = structure('KMSOptInRequired', {
  message: opt(string),
});
export const kmsThrottlingException = structure('KMSThrottlingException', {
  message: opt(string),
});
export const internalFailureException = structure('InternalFailureException', {
  message: opt(string),
});
export const subscribeToShardEventStream = structure('SubscribeToShardEventStream', {
  SubscribeToShardEvent: opt(subscribeToShardEvent),
  ResourceNotFoundException: opt(resourceNotFoundException),
  ResourceInUseException: opt(resourceInUseException),
  KMSDisabledException: opt(kmsDisabledException),
  KMSInvalidStateException: opt(kmsInvalidStateException),
  KMSAccessDeniedException: opt(kmsAccessDeniedException),
  KMSNotFoundException: opt(kmsNotFoundException),
  KMSOptInRequired: opt(kmsOptInRequired),
  KMSThrottlingException: opt(kmsThrottlingException),
  InternalFailureException: opt(internalFailureException),
}, { union: true, eventStream: true });
export const subscribeToShardOutput = structure('SubscribeToShardOutput', {
  EventStream: req(subscribeToShardEventStream),
});
export const updateAccountSettingsOutput = structure('UpdateAccountSettingsOutput', {
  MinimumThroughputBillingCommitment: opt(minimumThroughputBillingCommitmentOutput),
});
export const updateShardCountOutput = structure('UpdateShardCountOutput', {
  StreamName: opt(streamName),
  CurrentShardCount: opt(positiveIntegerObject),
  TargetShardCount: opt(positiveIntegerObject),
  StreamARN: opt(streamARN),
});
export const updateStreamWarmThroughputOutput = structure('UpdateStreamWarmThroughputOutput', {
  StreamARN: opt(streamARN),
  StreamName: opt(streamName),
  WarmThroughput: opt(warmThroughputObject),
});
