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
import type { StringShape } from '../shared/shapes.js';

/*
 * Constraints of the channel members, from the API reference's pages of each structure
 * (docs.aws.amazon.com/kinesis/latest/APIReference/API_<Structure>.html); botocore 1.43 has none.
 * Patterns are quoted as AWS writes them, except SourceName's `[a-zA-Z0-9\.\_]+`, written
 * `[a-zA-Z0-9._]+` (the same set: `\_` is not a valid escape in a JavaScript unicode regex).
 */
const text = (min: number, max: number, pattern?: string): StringShape => ({ type: 'string', min, max, ...(pattern === undefined ? {} : { pattern }) });
const bucketArn = text(1, 2048, 'arn:aws[-a-z0-9]*:s3:::[a-z0-9._-]{3,63}');
const accountId = text(12, 12, '\\d{12}');
const logGroupName = text(1, 512, '[\\.\\-_/#A-Za-z0-9]+');
const logStreamName = text(1, 512, '[^:*]*');
const tablePart = text(1, 255, '[0-9a-z_]+');
/**
 * ServiceExecutionRoleARN: an IAM role ARN. [unverified: the API reference's pattern was not
 * found; this one admits every IAM role ARN (IAM names and paths are printable ASCII)]
 */
const roleArn = text(1, 2048, 'arn:aws[-a-z0-9]*:iam::\\d{12}:role/[!-~]+');

export const recordConfiguration = structure('RecordConfiguration', {
  RecordFormatType: req(recordFormatType),
  GSRSchemaARN: opt(text(1, 512, 'arn:aws[-a-z0-9]*:glue:[-a-z0-9]+:\\d{12}:schema/[-a-zA-Z0-9_$#.]+/[-a-zA-Z0-9_$#.]+')),
});
export const channelStreamConfiguration = structure('ChannelStreamConfiguration', {
  StreamARN: req(string),
  RecordConfiguration: req(recordConfiguration),
});
export const s3StorageConfiguration = structure('S3StorageConfiguration', {
  BucketARN: req(bucketArn),
  ExpectedBucketOwner: req(accountId),
  CompressionType: req(s3CompressionType),
  OutputKeyTemplate: opt(text(1, 1024, "[0-9A-Za-z!\\-_'.*()\\/=:{}]+")),
  StorageClass: opt(s3StorageClass),
});
export const deadLetterQueueS3Configuration = structure('DeadLetterQueueS3Configuration', {
  BucketARN: req(bucketArn),
  ExpectedBucketOwner: req(accountId),
  ErrorOutputPrefix: opt(text(1, 512, "[0-9A-Za-z!\\-_'.*()\\/]+")),
});
export const s3DestinationConfiguration = structure('S3DestinationConfiguration', {
  StorageConfiguration: req(s3StorageConfiguration),
  DataFreshnessInSeconds: opt(integer),
  DeadLetterQueueS3Configuration: opt(deadLetterQueueS3Configuration),
});
export const partitionField = structure('PartitionField', {
  Transform: req(partitionTransform),
  SourceName: req(text(1, 255, '[a-zA-Z0-9._]+')),
});
export const partitionFieldList: ListShape = { type: 'list', member: partitionField };
export const partitionSpec = structure('PartitionSpec', {
  PartitionFields: req(partitionFieldList),
});
export const s3TablesConfiguration = structure('S3TablesConfiguration', {
  TableBucketARN: req(text(1, 2048, 'arn:aws[-a-z0-9]*:s3tables:[-a-z0-9]+:\\d{12}:bucket/[a-z0-9_-]{3,63}')),
  Namespace: req(tablePart),
  TableName: req(tablePart),
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
  KeyId: req(text(1, 2048)),
});
export const cloudWatchLogs = structure('CloudWatchLogs', {
  Enabled: req(boolean),
  LogGroupName: opt(logGroupName),
  LogStreamName: opt(logStreamName),
});
export const channelLoggingConfiguration = structure('ChannelLoggingConfiguration', {
  CloudWatchLogs: req(cloudWatchLogs),
});
export const channelStreamConfigurationList: ListShape = { type: 'list', member: channelStreamConfiguration };
export const createChannelInput = structure('CreateChannelInput', {
  ChannelName: req(string),
  ServiceExecutionRoleARN: req(roleArn),
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
/** The API reference's constraints (API_ListChannels: 1-10000 filters, MaxResults 1-10000, NextToken 1-1048576 characters). */
export const streamFilterList: ListShape = { type: 'list', member: streamFilter, min: 1, max: 10_000 };
export const listChannelsInput = structure('ListChannelsInput', {
  StreamFilter: opt(streamFilterList),
  MaxResults: opt({ type: 'integer', min: 1, max: 10_000 }),
  NextToken: opt({ type: 'string', min: 1, max: 1_048_576 }),
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
  LogGroupName: opt(logGroupName),
  LogStreamName: opt(logStreamName),
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
