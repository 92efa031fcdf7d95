import { ServiceError } from '../shared/errors.js';
import { coralValidationMessage } from '../shared/coral-validation.js';
import { javaUtcString } from './domain/names.js';

/**
 * The Kinesis error catalogue: every message a client can see, written once, in AWS's words.
 * Sources: kinesalite's messages, which its test suite checked against real Kinesis ([kinesalite]),
 * AWS-WIRE §3.6, and the API reference. Messages marked [unverified] are reasoned guesses in
 * AWS's style where no recording exists.
 */

const e = (shape: string, message: string) => new ServiceError(shape, message);
const invalidArgument = (message: string) => e('InvalidArgumentException', message);

export const kinesisErrors = {
  // ── streams and shards [kinesalite] ────────────────────────────────────────────────────────
  streamNotFound: (name: string, account: string) => e('ResourceNotFoundException', `Stream ${name} under account ${account} not found.`),
  streamExists: (name: string, account: string) => e('ResourceInUseException', `Stream ${name} under account ${account} already exists.`),
  streamNotActive: (name: string, account: string, status: string) =>
    e('ResourceInUseException', `Stream ${name} under account ${account} not ACTIVE, instead in state ${status}`),
  shardNotFound: (shardId: string, stream: string, account: string) =>
    e('ResourceNotFoundException', `Shard ${shardId} in stream ${stream} under account ${account} does not exist`),
  /** A ShardId that is not a shard id at all. */
  couldNotFindShard: (shardId: string, stream: string, account: string) =>
    e('ResourceNotFoundException', `Could not find shard ${shardId} in stream ${stream} under account ${account}.`),
  shardLimit: (account: string, region: string, current: number, limit: number, requested: number) =>
    e(
      'LimitExceededException',
      `This request would exceed the shard limit for the account ${account} in ${region}. Current shard count for the account: ${current}. ` +
        `Limit: ${limit}. Number of additional shards that would have resulted from this request: ${requested}. ` +
        'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) ' +
        'for current limits and how to request higher limits.',
    ),
  /**
   * AWS: no more than 5 streams CREATING (or DELETING) at once per account. [AWS-recorded:
   * hashicorp/terraform-provider-aws#1339; "would have exceed" and the double space are AWS's]
   */
  tooManyCreating: (account: string) =>
    e(
      'LimitExceededException',
      `This request would have exceed the limit on the number  of streams that can simultaneously be in CREATING or DELETING for the account ${account}. Limit: 5.`,
    ),
  /**
   * AWS's wording as a user recorded it (hashicorp/terraform-provider-aws#38094).
   */
  onDemandStreamLimit: (account: string, region: string, current: number, limit: number) =>
    e(
      'LimitExceededException',
      `This request would exceed the limit on the number of On-Demand streams for the account ${account} in ${region}. Current On-Demand streams count: ${current}. Limit: ${limit}.`,
    ),
  /** [unverified] Kinesis asks for one of the two since StreamName became optional. */
  streamNameOrArnRequired: () => invalidArgument('Either StreamName or StreamARN must be provided.'),
  /** [unverified] */
  streamArnRequired: () => invalidArgument('StreamARN must be provided.'),
  /** [unverified] */
  streamNameArnMismatch: (name: string, arn: string) => invalidArgument(`StreamName ${name} does not match the stream named by StreamARN ${arn}.`),
  /** [unverified] */
  resourceArnNotStream: (arn: string) => invalidArgument(`Resource ARN ${arn} is not a recognized Kinesis stream ARN.`),

  // ── records [kinesalite] ───────────────────────────────────────────────────────────────────
  invalidExplicitHashKey: (value: string) =>
    invalidArgument(`Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${value}`),
  invalidSequenceNumberForOrdering: (seq: string, stream: string, account: string) =>
    invalidArgument(`ExclusiveMinimumSequenceNumber ${seq} used in PutRecord on stream ${stream} under account ${account} is invalid.`),
  /**
   * A record larger than the stream's MaxRecordSizeInKiB (Switchyard counts data + partition key).
   * [AWS-recorded: awslabs/amazon-kinesis-producer#680 (Dec 2025, PutRecords to a stream left at the
   * default 1 MiB after the model's limit became 10 MiB): "1 validation error detected: Value at
   * 'records.1.member.data' failed to satisfy constraint: Member must have length less than or equal
   * to 1048576." — the value left out, the closing period AWS's; moto's 2022 test of the old model
   * limit has the same clause without the period]
   */
  recordTooLarge: (path: string, _size: number, max: number) =>
    e('ValidationException', coralValidationMessage([`Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${max}.`])),
  /**
   * A PutRecords request whose records add up to more than the limit (10 MiB since 2025). [AWS-recorded
   * with the old 5 MiB limit: "Records size exceeds 5 MB limit" (snowplow/enrich#685, fluent-bit#21)]
   */
  requestTooLarge: (max: number) => invalidArgument(`Records size exceeds ${max / 1_048_576} MB limit`),
  /** The partition key became optional in the model (AUTO record distribution); a USER_PARTITION_KEY stream still needs one. */
  partitionKeyRequired: (path: string) =>
    e('ValidationException', coralValidationMessage([`Value null at '${path}' failed to satisfy constraint: Member must not be null`])),

  // ── iterators [kinesalite] ─────────────────────────────────────────────────────────────────
  invalidShardIterator: () => invalidArgument('Invalid ShardIterator.'),
  expiredIterator: (createdAt: number, now: number) =>
    e(
      'ExpiredIteratorException',
      `Iterator expired. The iterator was created at time ${javaUtcString(createdAt)} while right now it is ${javaUtcString(now)} ` +
        'which is further in the future than the tolerated delay of 300000 milliseconds.',
    ),
  iteratorArguments: (type: string, withSequenceNumber: boolean) =>
    invalidArgument(
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
        '(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
        `Request specified ${type} and ${withSequenceNumber ? 'also a' : 'no'} StartingSequenceNumber.`,
    ),
  invalidStartingSequenceNumber: (seq: string, shardId: string, stream: string, account: string) =>
    invalidArgument(`StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${stream} under account ${account} is invalid.`),
  sequenceNumberOfOtherShard: (encodedShardId: string, shardId: string) =>
    invalidArgument(`Invalid StartingSequenceNumber. It encodes ${encodedShardId}, while it was used in a call to a shard with ${shardId}`),
  sequenceNumberOfOtherStream: (seq: string, shardId: string, stream: string, account: string) =>
    invalidArgument(
      `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${stream} under account ${account} ` +
        'is invalid because it did not come from this stream.',
    ),
  timestampRequired: () =>
    invalidArgument('Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.'),
  timestampInFuture: (ts: number, now: number) =>
    invalidArgument(
      'The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. ' + `timestampInMillis: ${ts}, currentTimestampInMillis: ${now}`,
    ),

  // ── paging [kinesalite for ListShards' argument rules; the rest unverified] ────────────────
  nextTokenWithStreamName: () => invalidArgument('NextToken and StreamName cannot be provided together.'),
  nextTokenOrStreamName: () => invalidArgument('Either NextToken or StreamName should be provided.'),
  invalidNextToken: () => invalidArgument('Invalid NextToken.'),
  expiredNextToken: () => e('ExpiredNextTokenException', 'The NextToken has expired. NextTokens are valid for 300 seconds.'),
  shardFilterNeedsShardId: () => invalidArgument('ShardId must be specified when ShardFilter Type is AFTER_SHARD_ID.'),
  shardFilterNeedsTimestamp: (type: string) => invalidArgument(`Timestamp must be specified when ShardFilter Type is ${type}.`),

  // ── retention [kinesalite; the maximum's wording mirrors the minimum's] ────────────────────
  retentionTooShort: (hours: number) =>
    invalidArgument(`Minimum allowed retention period is 24 hours. Requested retention period (${hours} hours) is too short.`),
  retentionTooLong: (hours: number) =>
    invalidArgument(`Maximum allowed retention period is 8760 hours. Requested retention period (${hours} hours) is too long.`),
  retentionNotIncrease: (hours: number, stream: string, current: number) =>
    invalidArgument(
      `Requested retention period (${hours} hours) for stream ${stream} can not be shorter than existing retention period (${current} hours). Use DecreaseRetentionPeriod API.`,
    ),
  retentionNotDecrease: (hours: number, stream: string, current: number) =>
    invalidArgument(
      `Requested retention period (${hours} hours) for stream ${stream} can not be longer than existing retention period (${current} hours). Use IncreaseRetentionPeriod API.`,
    ),

  // ── tags [kinesalite; the limit is 50 today] ───────────────────────────────────────────────
  invalidTagCharacters: () =>
    invalidArgument('Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.'),
  tooManyTags: (stream: string, account: string) =>
    invalidArgument(`Failed to add tags to stream ${stream} under account ${account} because a given stream cannot have more than 50 tags associated with it.`),

  // ── resharding [kinesalite / moto, both modelled on AWS; UpdateShardCount's wording from AWS's answers as users quote them, unverified] ──
  invalidSplitHashKey: (key: string, shardId: string, stream: string, account: string, start: string, end: string) =>
    invalidArgument(
      `NewStartingHashKey ${key} used in SplitShard() on shard ${shardId} in stream ${stream} under account ${account} ` +
        `is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`,
    ),
  shardClosed: (shardId: string, stream: string, account: string) =>
    invalidArgument(
      `Shard ${shardId} in stream ${stream} under account ${account} has already been merged or split, and thus is not eligible for merging or splitting.`,
    ),
  notAdjacent: (a: string, b: string, stream: string, account: string) =>
    invalidArgument(`Shards ${a} and ${b} in stream ${stream} under account ${account} are not an adjacent pair of shards eligible for merging`),
  scaleUpTooFar: (current: number, target: number) =>
    invalidArgument(`UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${current} Target shard count: ${target}`),
  scaleDownTooFar: (current: number, target: number) =>
    invalidArgument(`UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${current} Target shard count: ${target}`),
  tooManyShardsInStream: (target: number) =>
    invalidArgument(`UpdateShardCount cannot scale up over 10000 shards in a stream. Target shard count: ${target}`),
  tooManyScalings: (stream: string, account: string) =>
    e('LimitExceededException', `Stream ${stream} under account ${account} has exceeded its limit of 10 UpdateShardCount calls in a rolling 24-hour period.`),
  /**
   * UpdateShardCount on an ON_DEMAND stream. [moto's text: getmoto/moto moto/kinesis/exceptions.py
   * StreamCannotBeUpdatedError, PR #5444, and its test; no AWS output quoted by users was found]
   */
  onDemandReshard: (_op: string, stream: string, account: string) =>
    e('ValidationException', `Request is invalid. Stream ${stream} under account ${account} is in On-Demand mode.`),

  // ── enhanced fan-out [kinesis-mock / moto wording where they agree, unverified against AWS, unless marked AWS-recorded] ──
  consumerNotFound: (name: string, stream: string, account: string) =>
    e('ResourceNotFoundException', `Consumer ${name} under stream ${stream} under account ${account} not found.`),
  consumerArnNotFound: (arn: string) => e('ResourceNotFoundException', `Consumer ${arn} not found.`),
  consumerExists: (name: string, stream: string, account: string) =>
    e('ResourceInUseException', `Consumer ${name} under stream ${stream} under account ${account} already exists.`),
  tooManyConsumers: (stream: string, account: string, max: number) =>
    e('LimitExceededException', `Stream ${stream} under account ${account} has reached its limit of ${max} registered consumers.`),
  tooManyCreatingConsumers: (stream: string, account: string, max: number) =>
    e('LimitExceededException', `Stream ${stream} under account ${account} already has ${max} consumers in the CREATING state.`),
  /** [unverified] The stream message's wording, for a consumer. */
  tooManyConsumerTags: (arn: string) =>
    invalidArgument(`Failed to add tags to consumer ${arn} because a given consumer cannot have more than 50 tags associated with it.`),
  /** [AWS-recorded: awslabs/kinesis-hot-shard-advisor#37, SubscribeToShard on a consumer not yet ACTIVE] (the spaced comma is AWS's). */
  consumerNotActive: (name: string, createdAt: number, stream: string, account: string) =>
    e(
      'ResourceInUseException',
      `Consumer ${name} with creation timestamp ${Math.floor(createdAt / 1000)} under stream: ${stream} , account ${account} is not in ACTIVE status.`,
    ),
  consumerSelector: () => invalidArgument('Either ConsumerARN or both StreamARN and ConsumerName must be provided.'),
  /** [AWS-recorded: rebuy-de/aws-nuke#497, aws/aws-cli#3580 (the apostrophe is a typographic one)] */
  streamHasConsumers: (stream: string, account: string) =>
    e(
      'ResourceInUseException',
      `DeleteStream can’t delete ${account}:${stream} because there are consumers associated with this data stream. ` +
        `To delete ${stream} anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`,
    ),
  /** [AWS-recorded: amazon-kinesis-client#391, kinesumer#16] */
  subscriptionInUse: (account: string, stream: string, shardId: string, consumer: string) =>
    e('ResourceInUseException', `Another active subscription exists for this consumer: ${account}:${stream}:${shardId}:${consumer}`),
  /** [unverified] AWS documents the rate (one call a second per consumer per shard) and the exception, not the message. */
  subscribeRateExceeded: (arn: string, shardId: string) =>
    e('LimitExceededException', `Rate exceeded for consumer ${arn} and shard ${shardId}. Make at most one SubscribeToShard call per second per consumer per shard.`),

  // ── the opt-in throughput mode [AWS-recorded: rclark/kinesis-readable#4, rockset/rocksdb-cloud#55] ──
  throughputExceeded: (shardId: string, stream: string, account: string) =>
    e('ProvisionedThroughputExceededException', `Rate exceeded for shard ${shardId} in stream ${stream} under account ${account}.`),
  /**
   * An operation's call rate (domain/api-rates.ts) passed, the request naming a stream; AWS names the
   * stream even where the rate is per account (DescribeStream). [AWS-recorded: the DescribeStream
   * response body quoted in boto/botocore#821, `{"__type":"LimitExceededException","message":"Rate
   * exceeded for stream … under account …."}`; the same in vmware-archive/vmware-go-kcl#61 and
   * awslabs/amazon-kinesis-scaling-utils#52]
   */
  callRateExceededForStream: (stream: string, account: string) => e('LimitExceededException', `Rate exceeded for stream ${stream} under account ${account}.`),
  /**
   * The same for a request naming no stream (ListStreams, DescribeLimits, the account settings and
   * channel operations). [AWS-recorded: Graylog2/graylog-plugin-integrations#341, listing the
   * account's streams (ListStreams, by its fix #342): "Rate exceeded for account 943582610889."; the
   * same text in emqx's mock of a throttled ListStreams. Unrecorded for the other operations]
   */
  callRateExceededForAccount: (account: string) => e('LimitExceededException', `Rate exceeded for account ${account}.`),

  // ── channels (delivery to S3 / S3 Tables; Switchyard keeps the resource, delivers nothing) [unverified, in the stream messages' style] ──
  channelNotFound: (name: string, account: string) => e('ResourceNotFoundException', `Channel ${name} under account ${account} not found.`),
  channelArnNotFound: (arn: string) => e('ResourceNotFoundException', `Channel ${arn} not found.`),
  channelExists: (name: string, account: string) => e('ResourceInUseException', `Channel ${name} under account ${account} already exists.`),
  channelNotActive: (name: string, account: string, status: string) =>
    e('ResourceInUseException', `Channel ${name} under account ${account} not ACTIVE, instead in state ${status}`),
  channelDestination: () => invalidArgument('Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be specified.'),
  channelOneStream: (count: number) => invalidArgument(`StreamConfigurationList must contain exactly 1 stream; it contained ${count}.`),
  channelOneTable: (count: number) => invalidArgument(`S3TablesConfigurationList must contain exactly 1 table configuration; it contained ${count}.`),
  channelStreamNotOnDemand: (stream: string, account: string) =>
    e('ValidationException', `CreateChannel is only supported for streams with ON_DEMAND capacity mode; stream ${stream} under account ${account} is PROVISIONED.`),
  channelUpdateEmpty: () => invalidArgument('At least one of S3DestinationConfiguration, S3TablesDestinationConfiguration and LoggingConfiguration must be specified.'),
  channelUpdateWrongDestination: (given: string, actual: string) =>
    invalidArgument(`${given} cannot be updated on a channel whose destination type is ${actual}.`),
  tooManyChannelTags: (name: string, account: string) =>
    invalidArgument(`Failed to add tags to channel ${name} under account ${account} because a given channel cannot have more than 50 tags associated with it.`),
  streamHasChannels: (stream: string, account: string) =>
    e('ResourceInUseException', `Stream ${stream} under account ${account} has channels. Delete them before deleting the stream.`),

  // ── the rest of the surface [unverified] ───────────────────────────────────────────────────
  policyNotFound: (arn: string) => e('ResourceNotFoundException', `No resource policy found for resource ARN ${arn}.`),
  invalidPolicy: (detail: string) => invalidArgument(`Invalid policy document: ${detail}`),
  /** A resource policy refused the request (--enforce-policies; words in shared/policy/refusal.ts). */
  accessDenied: (message: string) => e('AccessDeniedException', message),
  invalidResourceArn: (arn: string) => invalidArgument(`Resource ARN ${arn} is not a valid Kinesis stream or consumer ARN.`),

  /**
   * A KeyId no KMS key can have (a key id, key ARN, alias name or alias ARN is printable ASCII):
   * Kinesis passes KeyId to KMS, whose answer for an unknown key reaches the client as
   * KMSNotFoundException. [unverified: the wording is KMS's own NotFoundException for a malformed key id]
   */
  kmsKeyNotFound: (keyId: string) => e('KMSNotFoundException', `Invalid keyId ${keyId}`),

  /**
   * DryRunOperationException 400 when every check passes (Kinesis Developer Guide, "Test your
   * permissions and request inputs with dry run", https://docs.aws.amazon.com/streams/latest/dev/kds-dryrun-validation.html,
   * which also says the target resource's existence is checked first). The message is [unverified]:
   * the wording EC2 uses for the same DryRun convention.
   */
  dryRun: () => e('DryRunOperationException', 'Request would have succeeded, but DryRun flag is set.'),

  // ── decoding (kinesalite's coral messages) ─────────────────────────────────────────────────
  validation: (clauses: readonly string[]) => e('ValidationException', coralValidationMessage(clauses)),
  serialization: (message: string) => e('SerializationException', message),
  unknownOperation: (name: string) => e('UnknownOperationException', `Unknown operation ${name}.`),
} as const;
