/**
 * Kinesis quotas and defaults (AWS-WIRE §7, the API reference; [unverified] where marked).
 */

/** Retention: default 24 h, 24 … 8,760 h (365 days). */
export const DEFAULT_RETENTION_HOURS = 24;
export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8_760;

/** A record (data + partition key) may be up to the stream's MaxRecordSizeInKiB: 1,024 KiB by default, up to 10,240. */
export const DEFAULT_MAX_RECORD_SIZE_KIB = 1_024;
/** A PutRecords request may carry up to 10 MiB of records (5 MiB before 2025). */
export const MAX_PUT_RECORDS_BYTES = 10 * 1_048_576;
/** GetRecords answers with at most 10,000 records and 10 MiB. */
export const MAX_GET_RECORDS = 10_000;
export const MAX_GET_RECORDS_BYTES = 10 * 1_048_576;

/** On-demand streams start with 4 shards [AWS-recorded: CreateStream without ShardCount gives 4]. */
export const ON_DEMAND_SHARDS = 4;
/** Tags per stream. */
export const MAX_TAGS = 50;

/** Page sizes: DescribeStream and ListStreams return at most 100, ListShards at most 1,000. */
export const DESCRIBE_STREAM_PAGE = 100;
export const LIST_STREAMS_PAGE = 100;
export const LIST_SHARDS_PAGE = 1_000;
export const LIST_TAGS_PAGE = 50;

/**
 * NextTokens live 300 seconds: the API reference says so for ListShards and ListStreamConsumers
 * ("Tokens expire after 300 seconds … you get ExpiredNextTokenException"); ListStreams' token is
 * given the same life [unverified for ListStreams: its reference names no expiry].
 */
export const NEXT_TOKEN_TTL_MS = 300_000;

/**
 * AWS's default shard quota per account and region (service-sizes-and-limits.html): 20,000 in
 * US East (N. Virginia), US West (Oregon) and Europe (Ireland). Elsewhere AWS says "1,000 or
 * 6,000" without saying which region has which, so we take the lower: code that fits under
 * 1,000 shards fits in every region. `--kinesis-shard-limit` replaces this in every region
 * (context.ts shardQuota).
 */
export function defaultShardLimit(region: string): number {
  return region === 'us-east-1' || region === 'us-west-2' || region === 'eu-west-1' ? 20_000 : 1_000;
}
/** AWS's default quota of on-demand streams per account and region (`--kinesis-on-demand-stream-limit`). */
export const DEFAULT_ON_DEMAND_STREAM_LIMIT = 50;
/** The most either quota may be set to: DescribeLimits' ShardLimit and OnDemandStreamCountLimit range (0 … 1,000,000). */
export const MAX_QUOTA = 1_000_000;
/** Streams CREATING at the same time per account. */
export const MAX_CREATING_STREAMS = 5;
