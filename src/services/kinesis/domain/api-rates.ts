import { parseConsumerArn, parseShardId, parseStreamArn } from './names.js';

// The sliding window itself is shared with the SQS and SNS throughput modes.
export { ApiRateLimiter } from '../../shared/rate-limiter.js';

/**
 * AWS's per-operation call rates ("This operation has a limit of N transactions per second per
 * account | stream | shard"), enforced in the opt-in throughput mode only (`--kinesis-throughput-limits`,
 * next to the per-shard data limits of domain/throughput.ts): test suites poll DescribeStream and
 * friends in tight loops, and a local server failing them by default would only be in the way.
 *
 * Each rate is from the operation's page in the Kinesis API reference,
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_<Operation>.html (the same sentences
 * are in the JS client's command docs, @aws-sdk/client-kinesis 3.1143):
 *
 * | operation                    | calls/s | per     | AWS's words                                                                 |
 * |------------------------------|--------:|---------|-----------------------------------------------------------------------------|
 * | AddTagsToStream              |       5 | account | "has a limit of five transactions per second per account"                   |
 * | CreateStream                 |       5 | account | same                                                                        |
 * | DeleteStream                 |       5 | account | same                                                                        |
 * | ListStreams                  |       5 | account | same                                                                        |
 * | ListTagsForStream            |       5 | account | same                                                                        |
 * | MergeShards                  |       5 | account | same                                                                        |
 * | SplitShard                   |       5 | account | same                                                                        |
 * | RegisterStreamConsumer       |       5 | account | "The use of this operation has a limit of five transactions per second per account" |
 * | RemoveTagsFromStream         |       5 | account | "has a limit of five transactions per second per account"                   |
 * | DescribeLimits               |       1 | account | "a limit of one transaction per second per account"                         |
 * | DescribeStream               |      10 | account | "a limit of 10 transactions per second per account"                         |
 * | DescribeStreamSummary        |      20 | account | "a limit of 20 transactions per second per account"                         |
 * | UpdateShardCount             |      10 | account | "Make over 10 TPS. TPS over 10 will trigger the LimitExceededException" (no scope given: the account's) |
 * | DescribeAccountSettings      |       5 | account | "a call limit of 5 transactions per second (TPS) for each … account"         |
 * | UpdateAccountSettings        |       5 | account | same                                                                        |
 * | UpdateStreamWarmThroughput   |       5 | account | same                                                                        |
 * | Create/Describe/List/Update/DeleteChannel | 5 | account | same, each operation on its own                                    |
 * | DescribeStreamConsumer       |      20 | stream  | "a limit of 20 transactions per second per stream"                          |
 * | DeregisterStreamConsumer     |       5 | stream  | "a limit of five transactions per second per stream"                        |
 * | ListStreamConsumers          |       5 | stream  | "a limit of 5 transactions per second per stream"                           |
 * | ListShards                   |    1000 | stream  | "a limit of 1000 transactions per second per data stream"                   |
 * | GetShardIterator             |       5 | shard   | "a limit of five transactions per second per account per open shard"        |
 *
 * Enforced elsewhere, not here: GetRecords (5 calls/s per shard) and the write limits
 * (domain/throughput.ts), SubscribeToShard (one call a second per consumer and shard, always on),
 * UpdateShardCount's 10 scalings per rolling 24 h per stream. Operations whose pages state no rate
 * (retention, enhanced monitoring, encryption, resource policies, TagResource/UntagResource/
 * ListTagsForResource, UpdateStreamMode, UpdateMaxRecordSize, UpdateStreamRecordDistributionStrategy)
 * are not limited. "Per account" is per account and region: Kinesis quotas are regional.
 *
 * The window: a sliding one second (shared/rate-limiter.ts). A call is let through if fewer than N
 * calls of the same operation and scope were let through in the 1,000 ms before it; refused calls
 * are not counted. State: per (operation, scope key) the times of its last N admitted calls, in
 * memory on one node; on PostgreSQL the cluster's window, leased in chunks (shared/rate-shared.ts:
 * the rate plus a tenth of it, at least 1, per node in any second), like the data-plane limits.
 */

export type RateScope = 'account' | 'stream' | 'shard';

export interface ApiRate {
  readonly perSecond: number;
  readonly per: RateScope;
}

const account = (perSecond: number): ApiRate => ({ perSecond, per: 'account' });
const stream = (perSecond: number): ApiRate => ({ perSecond, per: 'stream' });

export const API_RATES: Readonly<Record<string, ApiRate>> = {
  AddTagsToStream: account(5),
  CreateStream: account(5),
  DeleteStream: account(5),
  ListStreams: account(5),
  ListTagsForStream: account(5),
  MergeShards: account(5),
  SplitShard: account(5),
  RegisterStreamConsumer: account(5),
  RemoveTagsFromStream: account(5),
  DescribeLimits: account(1),
  DescribeStream: account(10),
  DescribeStreamSummary: account(20),
  UpdateShardCount: account(10),
  DescribeAccountSettings: account(5),
  UpdateAccountSettings: account(5),
  UpdateStreamWarmThroughput: account(5),
  CreateChannel: account(5),
  DescribeChannel: account(5),
  ListChannels: account(5),
  UpdateChannel: account(5),
  DeleteChannel: account(5),
  DescribeStreamConsumer: stream(20),
  DeregisterStreamConsumer: stream(5),
  ListStreamConsumers: stream(5),
  ListShards: stream(1000),
  GetShardIterator: { perSecond: 5, per: 'shard' },
};

/** The members by which the limited operations name a stream, a consumer or a shard. */
export interface RateInput {
  readonly StreamName?: unknown;
  readonly StreamARN?: unknown;
  readonly ConsumerARN?: unknown;
  readonly ShardId?: unknown;
}

/** What one call counts against, and what its refusal names. */
export interface RateTarget {
  /** The window's key: operation and scope (account and region, stream, or shard). */
  readonly key: string;
  readonly perSecond: number;
  /** The account the refusal names: the stream's when the request names one, else the caller's. */
  readonly accountId: string;
  /** The stream the request names, if it names one (the refusal then names it). */
  readonly stream?: string;
  /** GetShardIterator: the shard's index. */
  readonly shardIndex?: number;
}

/**
 * What `operation` called with `input` by the caller (`accountId`, `region`) counts against;
 * undefined if the operation has no rate, or if its stream or shard cannot be told from the input
 * (the operation itself then fails, or, for a ListShards continued by NextToken alone, whose stream
 * is sealed inside the token, the call is not counted).
 */
export function rateTarget(operation: string, input: RateInput, caller: { accountId: string; region: string }): RateTarget | undefined {
  const rate = API_RATES[operation];
  if (!rate) return undefined;
  const named = namedStream(input, caller);
  if (rate.per === 'account') {
    return {
      key: `${operation}|${caller.accountId}|${caller.region}`,
      perSecond: rate.perSecond,
      accountId: named?.accountId ?? caller.accountId,
      stream: named?.name,
    };
  }
  if (!named) return undefined;
  const streamKey = `${operation}|${named.accountId}|${named.region}|${named.name}`;
  if (rate.per === 'stream') return { key: streamKey, perSecond: rate.perSecond, accountId: named.accountId, stream: named.name };
  const shardIndex = typeof input.ShardId === 'string' ? parseShardId(input.ShardId) : undefined;
  if (shardIndex === undefined) return undefined;
  return { key: `${streamKey}|${shardIndex}`, perSecond: rate.perSecond, accountId: named.accountId, stream: named.name, shardIndex };
}

/** The stream a request names: by StreamARN, by StreamName (the caller's), or inside a ConsumerARN. */
function namedStream(input: RateInput, caller: { accountId: string; region: string }): { accountId: string; region: string; name: string } | undefined {
  if (typeof input.StreamARN === 'string') {
    const ref = parseStreamArn(input.StreamARN);
    return ref && { accountId: ref.accountId, region: ref.region || caller.region, name: ref.name };
  }
  if (typeof input.StreamName === 'string') return { accountId: caller.accountId, region: caller.region, name: input.StreamName };
  if (typeof input.ConsumerARN === 'string') {
    const ref = parseConsumerArn(input.ConsumerARN);
    return ref && { accountId: ref.accountId, region: ref.region || caller.region, name: ref.name };
  }
  return undefined;
}
