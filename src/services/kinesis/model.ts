/**
 * Amazon Kinesis Data Streams (API 2013-12-02) as data: all 45 operations the current JS client
 * knows, their input/output members with types, required flags and documented constraints, and
 * every error Kinesis answers with. The codecs (JSON 1.1, CBOR) read these tables; model.test.ts
 * cross-checks them against `@aws-sdk/client-kinesis` (schema tuples, `@throws` lists, enums).
 *
 * Files: model-scalars.ts (enums, constrained scalars, helpers), model-inputs.ts,
 * model-outputs.ts, model-channels.ts (structures), model-errors.ts (the error table).
 *
 * Wire facts (AWS-WIRE §3.1): `X-Amz-Target: Kinesis_20131202.<Op>`, content type
 * `application/x-amz-json-1.1` or `application/x-amz-cbor-1.1`, errors with a bare `__type`
 * (no namespace), no query protocol.
 */
import type { OperationModel, ServiceModel, StructureShape } from '../shared/shapes.js';
import {
  addTagsToStreamInput,
  createStreamInput,
  decreaseStreamRetentionPeriodInput,
  deleteResourcePolicyInput,
  deleteStreamInput,
  deregisterStreamConsumerInput,
  describeAccountSettingsInput,
  describeLimitsInput,
  describeStreamConsumerInput,
  describeStreamInput,
  describeStreamSummaryInput,
  disableEnhancedMonitoringInput,
  enableEnhancedMonitoringInput,
  getRecordsInput,
  getResourcePolicyInput,
  getShardIteratorInput,
  increaseStreamRetentionPeriodInput,
  listShardsInput,
  listStreamConsumersInput,
  listStreamsInput,
  listTagsForResourceInput,
  listTagsForStreamInput,
  mergeShardsInput,
  putRecordInput,
  putRecordsInput,
  putResourcePolicyInput,
  registerStreamConsumerInput,
  removeTagsFromStreamInput,
  splitShardInput,
  startStreamEncryptionInput,
  stopStreamEncryptionInput,
  subscribeToShardInput,
  tagResourceInput,
  untagResourceInput,
  updateAccountSettingsInput,
  updateMaxRecordSizeInput,
  updateShardCountInput,
  updateStreamModeInput,
  updateStreamRecordDistributionStrategyInput,
  updateStreamWarmThroughputInput,
} from './model-inputs.js';
import {
  describeAccountSettingsOutput,
  describeLimitsOutput,
  describeStreamConsumerOutput,
  describeStreamOutput,
  describeStreamSummaryOutput,
  enhancedMonitoringOutput,
  getRecordsOutput,
  getResourcePolicyOutput,
  getShardIteratorOutput,
  listShardsOutput,
  listStreamConsumersOutput,
  listStreamsOutput,
  listTagsForResourceOutput,
  listTagsForStreamOutput,
  putRecordOutput,
  putRecordsOutput,
  registerStreamConsumerOutput,
  subscribeToShardOutput,
  updateAccountSettingsOutput,
  updateShardCountOutput,
  updateStreamWarmThroughputOutput,
} from './model-outputs.js';
import {
  createChannelInput,
  createChannelOutput,
  deleteChannelInput,
  describeChannelInput,
  describeChannelOutput,
  listChannelsInput,
  listChannelsOutput,
  updateChannelInput,
  updateChannelOutput,
} from './model-channels.js';
import { modelledErrors, unmodelledErrors } from './model-errors.js';

function op(name: string, input: StructureShape, output: StructureShape | undefined, errors: readonly string[]): OperationModel {
  return output ? { name, input, output, errors } : { name, input, errors };
}

/** The KMS errors of operations that read or write encrypted data (the JS client lists them in this order). */
const KMS_ERRORS = ['KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException', 'KMSNotFoundException', 'KMSOptInRequired', 'KMSThrottlingException'];
/** `@throws` lists shared by several operations (in the client's order). */
const STREAM_READ = ['AccessDeniedException', 'InvalidArgumentException', 'LimitExceededException', 'ResourceNotFoundException'];
const STREAM_READ_VALIDATED = [...STREAM_READ, 'ValidationException'];
const STREAM_CHANGE = ['AccessDeniedException', 'InvalidArgumentException', 'LimitExceededException', 'ResourceInUseException', 'ResourceNotFoundException'];
const STREAM_CHANGE_VALIDATED = [...STREAM_CHANGE, 'ValidationException'];
const CONSUMER_READ = ['InvalidArgumentException', 'LimitExceededException', 'ResourceNotFoundException'];
const RECORD_WRITE = [
  'AccessDeniedException',
  'DryRunOperationException',
  'InternalFailureException',
  'InvalidArgumentException',
  ...KMS_ERRORS,
  'ProvisionedThroughputExceededException',
  'ResourceNotFoundException',
];

/** Errors: each command's `@throws` list in the JS client, in that order. */
const operations: Record<string, OperationModel> = {
  AddTagsToStream: op('AddTagsToStream', addTagsToStreamInput, undefined, STREAM_CHANGE),
  CreateChannel: op('CreateChannel', createChannelInput, createChannelOutput, [
    'AccessDeniedException',
    'InvalidArgumentException',
    ...KMS_ERRORS,
    'LimitExceededException',
    'ResourceInUseException',
    'ResourceNotFoundException',
    'ValidationException',
  ]),
  CreateStream: op('CreateStream', createStreamInput, undefined, [
    'InvalidArgumentException',
    'LimitExceededException',
    'ResourceInUseException',
    'ValidationException',
  ]),
  DecreaseStreamRetentionPeriod: op('DecreaseStreamRetentionPeriod', decreaseStreamRetentionPeriodInput, undefined, STREAM_CHANGE),
  DeleteChannel: op('DeleteChannel', deleteChannelInput, undefined, STREAM_READ_VALIDATED),
  DeleteResourcePolicy: op('DeleteResourcePolicy', deleteResourcePolicyInput, undefined, STREAM_CHANGE),
  DeleteStream: op('DeleteStream', deleteStreamInput, undefined, STREAM_CHANGE),
  DeregisterStreamConsumer: op('DeregisterStreamConsumer', deregisterStreamConsumerInput, undefined, CONSUMER_READ),
  DescribeAccountSettings: op('DescribeAccountSettings', describeAccountSettingsInput, describeAccountSettingsOutput, [
    'LimitExceededException',
  ]),
  DescribeChannel: op('DescribeChannel', describeChannelInput, describeChannelOutput, STREAM_READ_VALIDATED),
  DescribeLimits: op('DescribeLimits', describeLimitsInput, describeLimitsOutput, ['LimitExceededException']),
  DescribeStream: op('DescribeStream', describeStreamInput, describeStreamOutput, STREAM_READ),
  DescribeStreamConsumer: op('DescribeStreamConsumer', describeStreamConsumerInput, describeStreamConsumerOutput, CONSUMER_READ),
  DescribeStreamSummary: op('DescribeStreamSummary', describeStreamSummaryInput, describeStreamSummaryOutput, STREAM_READ),
  DisableEnhancedMonitoring: op('DisableEnhancedMonitoring', disableEnhancedMonitoringInput, enhancedMonitoringOutput, STREAM_CHANGE),
  EnableEnhancedMonitoring: op('EnableEnhancedMonitoring', enableEnhancedMonitoringInput, enhancedMonitoringOutput, STREAM_CHANGE),
  GetRecords: op('GetRecords', getRecordsInput, getRecordsOutput, [
    'AccessDeniedException',
    'DryRunOperationException',
    'ExpiredIteratorException',
    'InternalFailureException',
    'InvalidArgumentException',
    ...KMS_ERRORS,
    'ProvisionedThroughputExceededException',
    'ResourceNotFoundException',
  ]),
  GetResourcePolicy: op('GetResourcePolicy', getResourcePolicyInput, getResourcePolicyOutput, STREAM_CHANGE),
  GetShardIterator: op('GetShardIterator', getShardIteratorInput, getShardIteratorOutput, [
    'AccessDeniedException',
    'DryRunOperationException',
    'InternalFailureException',
    'InvalidArgumentException',
    'ProvisionedThroughputExceededException',
    'ResourceNotFoundException',
  ]),
  IncreaseStreamRetentionPeriod: op('IncreaseStreamRetentionPeriod', increaseStreamRetentionPeriodInput, undefined, STREAM_CHANGE),
  ListChannels: op('ListChannels', listChannelsInput, listChannelsOutput, [
    'AccessDeniedException',
    'ExpiredNextTokenException',
    'InvalidArgumentException',
    'LimitExceededException',
    'ValidationException',
  ]),
  ListShards: op('ListShards', listShardsInput, listShardsOutput, [
    'AccessDeniedException',
    'ExpiredNextTokenException',
    'InvalidArgumentException',
    'LimitExceededException',
    'ResourceInUseException',
    'ResourceNotFoundException',
  ]),
  ListStreamConsumers: op('ListStreamConsumers', listStreamConsumersInput, listStreamConsumersOutput, [
    'ExpiredNextTokenException',
    'InvalidArgumentException',
    'LimitExceededException',
    'ResourceInUseException',
    'ResourceNotFoundException',
  ]),
  ListStreams: op('ListStreams', listStreamsInput, listStreamsOutput, [
    'ExpiredNextTokenException',
    'InvalidArgumentException',
    'LimitExceededException',
  ]),
  ListTagsForResource: op('ListTagsForResource', listTagsForResourceInput, listTagsForResourceOutput, STREAM_CHANGE),
  ListTagsForStream: op('ListTagsForStream', listTagsForStreamInput, listTagsForStreamOutput, STREAM_READ),
  MergeShards: op('MergeShards', mergeShardsInput, undefined, STREAM_CHANGE_VALIDATED),
  PutRecord: op('PutRecord', putRecordInput, putRecordOutput, RECORD_WRITE),
  PutRecords: op('PutRecords', putRecordsInput, putRecordsOutput, RECORD_WRITE),
  PutResourcePolicy: op('PutResourcePolicy', putResourcePolicyInput, undefined, STREAM_CHANGE),
  RegisterStreamConsumer: op('RegisterStreamConsumer', registerStreamConsumerInput, registerStreamConsumerOutput, [
    'InvalidArgumentException',
    'LimitExceededException',
    'ResourceInUseException',
    'ResourceNotFoundException',
  ]),
  RemoveTagsFromStream: op('RemoveTagsFromStream', removeTagsFromStreamInput, undefined, STREAM_CHANGE),
  SplitShard: op('SplitShard', splitShardInput, undefined, STREAM_CHANGE_VALIDATED),
  StartStreamEncryption: op('StartStreamEncryption', startStreamEncryptionInput, undefined, [
    'AccessDeniedException',
    'InvalidArgumentException',
    ...KMS_ERRORS,
    'LimitExceededException',
    'ResourceInUseException',
    'ResourceNotFoundException',
  ]),
  StopStreamEncryption: op('StopStreamEncryption', stopStreamEncryptionInput, undefined, STREAM_CHANGE),
  SubscribeToShard: op('SubscribeToShard', subscribeToShardInput, subscribeToShardOutput, [
    'AccessDeniedException',
    'DryRunOperationException',
    'InvalidArgumentException',
    'LimitExceededException',
    'ResourceInUseException',
    'ResourceNotFoundException',
  ]),
  TagResource: op('TagResource', tagResourceInput, undefined, STREAM_CHANGE),
  UntagResource: op('UntagResource', untagResourceInput, undefined, STREAM_CHANGE),
  UpdateAccountSettings: op('UpdateAccountSettings', updateAccountSettingsInput, updateAccountSettingsOutput, [
    'InvalidArgumentException',
    'LimitExceededException',
    'ValidationException',
  ]),
  UpdateChannel: op('UpdateChannel', updateChannelInput, updateChannelOutput, STREAM_CHANGE_VALIDATED),
  UpdateMaxRecordSize: op('UpdateMaxRecordSize', updateMaxRecordSizeInput, undefined, STREAM_CHANGE_VALIDATED),
  UpdateShardCount: op('UpdateShardCount', updateShardCountInput, updateShardCountOutput, STREAM_CHANGE_VALIDATED),
  UpdateStreamMode: op('UpdateStreamMode', updateStreamModeInput, undefined, [
    'InvalidArgumentException',
    'LimitExceededException',
    'ResourceInUseException',
    'ResourceNotFoundException',
    'ValidationException',
  ]),
  UpdateStreamRecordDistributionStrategy: op(
    'UpdateStreamRecordDistributionStrategy',
    updateStreamRecordDistributionStrategyInput,
    undefined,
    STREAM_CHANGE_VALIDATED,
  ),
  UpdateStreamWarmThroughput: op('UpdateStreamWarmThroughput', updateStreamWarmThroughputInput, updateStreamWarmThroughputOutput, STREAM_CHANGE_VALIDATED),
};

export const kinesisModel: ServiceModel = {
  service: 'kinesis',
  apiVersion: '2013-12-02',
  protocols: ['json', 'cbor'],
  targetPrefix: 'Kinesis_20131202',
  jsonVersion: '1.1',
  operations,
  errors: { ...modelledErrors, ...unmodelledErrors },
};
