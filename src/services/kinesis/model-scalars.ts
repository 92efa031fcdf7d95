/**
 * Kinesis model, part 1: enums, scalar shapes with their documented constraints, the lists and
 * maps of scalars, and the helpers the other model files build structures with.
 *
 * Constraints (length/range/pattern) are botocore 1.43's `kinesis/2013-12-02/service-2.json`
 * (the JS schema carries none). Patterns are written as AWS writes them, unanchored: AWS matches
 * them against the whole value and quotes them verbatim in ValidationException messages
 * ("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"), so the validator anchors.
 * Enum values and order are botocore's where it has the enum, else the JS client's `enums.js`.
 */
import type {
  BlobShape,
  BooleanShape,
  ListShape,
  MapShape,
  NumberShape,
  StringShape,
  TimestampShape,
} from '../shared/shapes.js';

// ---------------------------------------------------------------------------------------------
// Helpers

import { opt, req, structure } from '../shared/shapes.js';
export { opt, req, structure };

// ---------------------------------------------------------------------------------------------
// Enums

export const STREAM_MODES = ['PROVISIONED', 'ON_DEMAND'] as const;
export const RECORD_DISTRIBUTION_STRATEGIES = ['AUTO', 'USER_PARTITION_KEY'] as const;
export const METRICS_NAMES = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
  'ALL',
] as const;
export const SHARD_ITERATOR_TYPES = ['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] as const;
export const SHARD_FILTER_TYPES = ['AFTER_SHARD_ID', 'AT_TRIM_HORIZON', 'FROM_TRIM_HORIZON', 'AT_LATEST', 'AT_TIMESTAMP', 'FROM_TIMESTAMP'] as const;
export const ENCRYPTION_TYPES = ['NONE', 'KMS'] as const;
export const MINIMUM_THROUGHPUT_BILLING_COMMITMENT_INPUT_STATUSES = ['ENABLED', 'DISABLED'] as const;
export const SCALING_TYPES = ['UNIFORM_SCALING'] as const;
export const MINIMUM_THROUGHPUT_BILLING_COMMITMENT_OUTPUT_STATUSES = ['ENABLED', 'DISABLED', 'ENABLED_UNTIL_EARLIEST_ALLOWED_END'] as const;
export const STREAM_STATUSES = ['CREATING', 'DELETING', 'ACTIVE', 'UPDATING'] as const;
export const CONSUMER_STATUSES = ['CREATING', 'DELETING', 'ACTIVE'] as const;
export const RECORD_FORMAT_TYPES = ['BYTE_ARRAY', 'GSR_JSON', 'JSON', 'STRING'] as const;
export const S3_COMPRESSION_TYPES = ['GZIP', 'NONE', 'ZSTD'] as const;
export const S3_STORAGE_CLASSES = ['GLACIER_IR', 'INTELLIGENT_TIERING', 'STANDARD'] as const;
export const PARTITION_TRANSFORMS = ['TIME_HOUR'] as const;
export const S3_TABLES_COMPRESSION_TYPES = ['NONE', 'SNAPPY', 'ZSTD'] as const;
export const CHANNEL_ENCRYPTION_TYPES = ['KMS'] as const;
export const CHANNEL_STATUSES = ['ACTIVE', 'CREATING', 'DELETING', 'FAILED', 'UPDATING'] as const;
export const CHANNEL_DESTINATION_TYPES = ['S3', 'S3_TABLES'] as const;

export const streamMode: StringShape = { type: 'string', enum: STREAM_MODES };
export const recordDistributionStrategy: StringShape = { type: 'string', enum: RECORD_DISTRIBUTION_STRATEGIES };
export const metricsName: StringShape = { type: 'string', enum: METRICS_NAMES };
export const shardIteratorType: StringShape = { type: 'string', enum: SHARD_ITERATOR_TYPES };
export const shardFilterType: StringShape = { type: 'string', enum: SHARD_FILTER_TYPES };
export const encryptionType: StringShape = { type: 'string', enum: ENCRYPTION_TYPES };
export const minimumThroughputBillingCommitmentInputStatus: StringShape = {
  type: 'string',
  enum: MINIMUM_THROUGHPUT_BILLING_COMMITMENT_INPUT_STATUSES,
};
export const scalingType: StringShape = { type: 'string', enum: SCALING_TYPES };
export const minimumThroughputBillingCommitmentOutputStatus: StringShape = {
  type: 'string',
  enum: MINIMUM_THROUGHPUT_BILLING_COMMITMENT_OUTPUT_STATUSES,
};
export const streamStatus: StringShape = { type: 'string', enum: STREAM_STATUSES };
export const consumerStatus: StringShape = { type: 'string', enum: CONSUMER_STATUSES };
export const recordFormatType: StringShape = { type: 'string', enum: RECORD_FORMAT_TYPES };
export const s3CompressionType: StringShape = { type: 'string', enum: S3_COMPRESSION_TYPES };
export const s3StorageClass: StringShape = { type: 'string', enum: S3_STORAGE_CLASSES };
export const partitionTransform: StringShape = { type: 'string', enum: PARTITION_TRANSFORMS };
export const s3TablesCompressionType: StringShape = { type: 'string', enum: S3_TABLES_COMPRESSION_TYPES };
export const channelEncryptionType: StringShape = { type: 'string', enum: CHANNEL_ENCRYPTION_TYPES };
export const channelStatus: StringShape = { type: 'string', enum: CHANNEL_STATUSES };
export const channelDestinationType: StringShape = { type: 'string', enum: CHANNEL_DESTINATION_TYPES };

// ---------------------------------------------------------------------------------------------
// Scalars (named after the botocore shape; plain `string`/`integer`/… where AWS states nothing)

export const string: StringShape = { type: 'string' };
export const integer: NumberShape = { type: 'integer' };
export const boolean: BooleanShape = { type: 'boolean' };
/** Epoch seconds on the JSON wire (int, fraction or exponent accepted), tag-1 epoch ms in CBOR. */
export const timestamp: TimestampShape = { type: 'timestamp' };

/** Stream, shard and consumer names: 1–128 of `[a-zA-Z0-9_.-]`. */
export const streamName: StringShape = { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' };
export const streamARN: StringShape = { type: 'string', min: 1, max: 2048, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+' };
/** A stream's `StreamId` (2025): 20 lower-case alphanumerics, `-`, 3 more. */
export const streamId: StringShape = { type: 'string', min: 1, max: 24, pattern: '[a-z0-9]{20}-[a-z0-9]{3}' };
export const shardId: StringShape = { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' };
export const consumerName: StringShape = { type: 'string', min: 1, max: 128, pattern: '[a-zA-Z0-9_.-]+' };
export const consumerARN: StringShape = {
  type: 'string',
  min: 1,
  max: 2048,
  pattern: '^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+',
};
/** Stream or consumer ARN (TagResource, resource policies). */
export const resourceARN: StringShape = { type: 'string', min: 1, max: 2048, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+' };
/**
 * [unverified] TagResource, UntagResource and ListTagsForResource also take channel ARNs (channels
 * carry tags since CreateChannel); the documented pattern predates channels and names streams
 * only, so the tagging operations accept `channel/` in its place.
 */
export const taggableARN: StringShape = { ...resourceARN, pattern: 'arn:aws.*:kinesis:.*:\\d{12}:.*(stream|channel)/\\S+' };
export const tagKey: StringShape = { type: 'string', min: 1, max: 128 };
export const tagValue: StringShape = { type: 'string', min: 0, max: 256 };
export const keyId: StringShape = { type: 'string', min: 1, max: 2048 };
export const nextToken: StringShape = { type: 'string', min: 1, max: 1048576 };
/** Sealed and base64 (domain/shard-iterator.ts); at most 512 characters. */
export const shardIterator: StringShape = { type: 'string', min: 1, max: 512 };
/** Decimal, 0 … 2^128−1 (the range is checked by the domain with InvalidArgumentException). */
export const hashKey: StringShape = { type: 'string', pattern: '0|([1-9]\\d{0,38})' };
/** Decimal; ours are always 56 digits (domain/sequence-number.ts). */
export const sequenceNumber: StringShape = { type: 'string', pattern: '0|([1-9]\\d{0,128})' };
/** Unicode, 1–256 characters. */
export const partitionKey: StringShape = { type: 'string', min: 1, max: 256 };
/**
 * Record payload: up to 10 MiB in the model; the stream's `MaxRecordSizeInKiB` (default 1 MiB)
 * bounds data + partition key, which the domain checks.
 */
export const data: BlobShape = { type: 'blob', min: 0, max: 10485760 };

export const positiveIntegerObject: NumberShape = { type: 'integer', min: 1 };
export const naturalIntegerObject: NumberShape = { type: 'integer', min: 0 };
export const maxRecordSizeInKiB: NumberShape = { type: 'integer', min: 1024, max: 10240 };
export const describeStreamInputLimit: NumberShape = { type: 'integer', min: 1, max: 10000 };
export const getRecordsInputLimit: NumberShape = { type: 'integer', min: 1, max: 10000 };
export const listShardsInputLimit: NumberShape = { type: 'integer', min: 1, max: 10000 };
export const listStreamConsumersInputLimit: NumberShape = { type: 'integer', min: 1, max: 10000 };
export const listStreamsInputLimit: NumberShape = { type: 'integer', min: 1, max: 10000 };
export const listTagsForStreamInputLimit: NumberShape = { type: 'integer', min: 1, max: 50 };
export const shardCountObject: NumberShape = { type: 'integer', min: 0, max: 1000000 };
export const onDemandStreamCountObject: NumberShape = { type: 'integer', min: 0, max: 1000000 };
export const onDemandStreamCountLimitObject: NumberShape = { type: 'integer', min: 0, max: 1000000 };
export const consumerCountObject: NumberShape = { type: 'integer', min: 0, max: 1000000 };
export const millisBehindLatest: NumberShape = { type: 'long', min: 0 };

// ---------------------------------------------------------------------------------------------
// Lists and maps of scalars

/** Tags: 1–200 entries per call in the model (AWS allows 50 per stream, checked by the domain). */
export const tagMap: MapShape = { type: 'map', key: tagKey, value: tagValue, min: 1, max: 200 };
export const metricsNameList: ListShape = { type: 'list', member: metricsName, min: 1, max: 7 };
export const tagKeyList: ListShape = { type: 'list', member: tagKey, min: 1, max: 50 };
export const shardIdList: ListShape = { type: 'list', member: shardId };
export const streamNameList: ListShape = { type: 'list', member: streamName };
