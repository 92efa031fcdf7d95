/**
 * Kinesis model, part 4: the channel operations' structures (CreateChannel, DescribeChannel, ListChannels,
 * UpdateChannel, DeleteChannel: 2026 additions delivering a stream to S3 / S3 Tables). Switchyard
 * keeps the channel resource (operations/channels.ts) but delivers nothing to S3. botocore 1.43 predates them, so no constraints beyond required members and enums.
 *
 * Members, their order and required flags are the JS client's schema (model.test.ts checks them);
 * see model-scalars.ts for where constraints come from.
 */
import type { ListShape } from '../shared/shapes.js';
import {
  boolean,
  channelDestinationType,
  channelEncryptionType,
  channelStatus,
  integer,
  partitionTransform,
  recordFormatType,
  s3CompressionType,
  s3StorageClass,
  s3TablesCompressionType,
  string,
  tagMap,
  timestamp,
} from './model-scalars.js';
import { opt, req, structure } from './model-scalars.js';

export const recordConfiguration = structure('RecordConfiguration', {
  RecordFormatType: req(recordFormatType),
  GSRSchemaARN: opt(string),
});
export const channelStreamConfiguration = structure('ChannelStreamConfiguration', {
  StreamARN: req(string),
  RecordConfiguration: req(recordConfiguration),
});
export const s3StorageConfiguration = structure('S3StorageConfiguration', {
  BucketARN: req(string),
  ExpectedBucketOwner: req(string),
  CompressionType: req(s3CompressionType),
  OutputKeyTemplate: opt(string),
  StorageClass: opt(s3StorageClass),
});
export const deadLetterQueueS3Configuration = structure('DeadLetterQueueS3Configuration', {
  BucketARN: req(string),
  ExpectedBucketOwner: req(string),
  ErrorOutputPrefix: opt(string),
});
export const s3DestinationConfiguration = structure('S3DestinationConfiguration', {
  StorageConfiguration: req(s3StorageConfiguration),
  DataFreshnessInSeconds: opt(integer),
  DeadLetterQueueS3Configuration: opt(deadLetterQueueS3Configuration),
});
export const partitionField = structure('PartitionField', {
  Transform: req(partitionTransform),
  SourceName: req(string),
});
export const partitionFieldList: ListShape = { type: 'list', member: partitionField };
export const partitionSpec = structure('PartitionSpec', {
  PartitionFields: req(partitionFieldList),
});
export const s3TablesConfiguration = structure('S3TablesConfiguration', {
  TableBucketARN: req(string),
  Namespace: req(string),
  TableName: req(string),
  CompressionType: req(s3TablesCompressionType),
  PartitionSpec: opt(partitionSpec),
});
export const s3TablesConfigurationList: ListShape = { type: 'list', member: s3TablesConfiguration };
export const s3TablesDestinationConfiguration = structure('S3TablesDestinationConfiguration', {
  DeadLetterQueueS3Configuration: req(deadLetterQueueS3Configuration),
  S3TablesConfigurationList: req(s3TablesConfigurationList),
  DataFreshnessInSeconds: opt(integer),
});
export const channelEncryptionConfiguration = structure('ChannelEncryptionConfiguration', {
  EncryptionType: req(channelEncryptionType),
  KeyId: req(string),
});
export const cloudWatchLogs = structure('CloudWatchLogs', {
  Enabled: req(boolean),
  LogGroupName: opt(string),
  LogStreamName: opt(string),
});
export const channelLoggingConfiguration = structure('ChannelLoggingConfiguration', {
  CloudWatchLogs: req(cloudWatchLogs),
});
export const channelStreamConfigurationList: ListShape = { type: 'list', member: channelStreamConfiguration };
export const createChannelInput = structure('CreateChannelInput', {
  ChannelName: req(string),
  ServiceExecutionRoleARN: req(string),
  StreamConfigurationList: req(channelStreamConfigurationList),
  S3DestinationConfiguration: opt(s3DestinationConfiguration),
  S3TablesDestinationConfiguration: opt(s3TablesDestinationConfiguration),
  EncryptionConfiguration: opt(channelEncryptionConfiguration),
  Tags: opt(tagMap),
  LoggingConfiguration: opt(channelLoggingConfiguration),
});
export const channelStreamDescription = structure('ChannelStreamDescription', {
  StreamARN: req(string),
  StreamCreationTimestamp: req(timestamp),
  RecordConfiguration: req(recordConfiguration),
});
export const s3DestinationDescription = structure('S3DestinationDescription', {
  DataFreshnessInSeconds: req(integer),
  DeadLetterQueueS3Configuration: req(deadLetterQueueS3Configuration),
  StorageConfiguration: req(s3StorageConfiguration),
});
export const s3TablesDestinationDescription = structure('S3TablesDestinationDescription', {
  DataFreshnessInSeconds: req(integer),
  DeadLetterQueueS3Configuration: req(deadLetterQueueS3Configuration),
  S3TablesConfigurationList: req(s3TablesConfigurationList),
});
export const channelStreamDescriptionList: ListShape = { type: 'list', member: channelStreamDescription };
export const channelDescription = structure('ChannelDescription', {
  ChannelName: req(string),
  ChannelARN: req(string),
  ChannelId: req(string),
  ChannelStatus: req(channelStatus),
  ChannelCreationTimestamp: req(timestamp),
  ServiceExecutionRoleARN: req(string),
  StreamConfigurationList: req(channelStreamDescriptionList),
  LoggingConfiguration: req(channelLoggingConfiguration),
  ChannelStatusReason: opt(string),
  S3DestinationConfiguration: opt(s3DestinationDescription),
  S3TablesDestinationConfiguration: opt(s3TablesDestinationDescription),
  EncryptionConfiguration: opt(channelEncryptionConfiguration),
});
export const createChannelOutput = structure('CreateChannelOutput', {
  ChannelDescription: req(channelDescription),
});
export const deleteChannelInput = structure('DeleteChannelInput', {
  ChannelARN: req(string),
});
export const describeChannelInput = structure('DescribeChannelInput', {
  ChannelARN: req(string),
});
export const describeChannelOutput = structure('DescribeChannelOutput', {
  ChannelDescription: req(channelDescription),
});
export const streamFilter = structure('StreamFilter', {
  StreamARN: req(string),
  StreamCreationTimestamp: opt(timestamp),
});
export const streamFilterList: ListShape = { type: 'list', member: streamFilter };
export const listChannelsInput = structure('ListChannelsInput', {
  StreamFilter: opt(streamFilterList),
  MaxResults: opt(integer),
  NextToken: opt(string),
});
export const channelStreamIdentifier = structure('ChannelStreamIdentifier', {
  StreamARN: req(string),
  StreamCreationTimestamp: req(timestamp),
});
export const channelStreamIdentifierList: ListShape = { type: 'list', member: channelStreamIdentifier };
export const channelSummary = structure('ChannelSummary', {
  ChannelName: req(string),
  ChannelARN: req(string),
  ChannelId: req(string),
  ChannelStatus: req(channelStatus),
  ChannelCreationTimestamp: req(timestamp),
  ChannelDestinationType: req(channelDestinationType),
  Streams: req(channelStreamIdentifierList),
  ChannelStatusReason: opt(string),
});
export const channelSummaryList: ListShape = { type: 'list', member: channelSummary };
export const listChannelsOutput = structure('ListChannelsOutput', {
  ChannelSummaries: req(channelSummaryList),
  NextToken: opt(string),
});
export const s3DestinationUpdateInput = structure('S3DestinationUpdateInput', {
  DataFreshnessInSeconds: req(integer),
});
export const s3TablesDestinationUpdateInput = structure('S3TablesDestinationUpdateInput', {
  DataFreshnessInSeconds: req(integer),
});
export const cloudWatchLogsUpdateInput = structure('CloudWatchLogsUpdateInput', {
  Enabled: req(boolean),
  LogGroupName: opt(string),
  LogStreamName: opt(string),
});
export const channelLoggingUpdateInput = structure('ChannelLoggingUpdateInput', {
  CloudWatchLogs: req(cloudWatchLogsUpdateInput),
});
export const updateChannelInput = structure('UpdateChannelInput', {
  ChannelARN: req(string),
  S3DestinationConfiguration: opt(s3DestinationUpdateInput),
  S3TablesDestinationConfiguration: opt(s3TablesDestinationUpdateInput),
  LoggingConfiguration: opt(channelLoggingUpdateInput),
});
export const updateChannelOutput = structure('UpdateChannelOutput', {
  ChannelDescription: req(channelDescription),
});
