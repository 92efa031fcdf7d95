import type { Handler, RequestContext, ServiceDefinition } from '../shared/service.js';
import { NO_KINESIS_OBSERVER, type KinesisObserver } from './observer.js';
import { coralViolations } from '../shared/coral-validation.js';
import type { OperationModel } from '../shared/shapes.js';
import type { Clock } from '../../runtime/clock.js';
import type { Ids } from '../../runtime/ids.js';
import type { Log } from '../../runtime/logger.js';
import type { KinesisConfig, KinesisDeps, KinesisOperation } from './context.js';
import { Sealer } from './domain/sealed.js';
import { ShardNotifier } from './notifier.js';
import { shardLimits } from './domain/throughput.js';
import { rateTarget, type RateTarget } from './domain/api-rates.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import { throughputLimiter } from '../shared/rate-shared.js';
import type { SharedRateBuckets } from '../../storage/engine.js';
import { decodeErrors } from './decode-errors.js';
import { shardIdOf } from './domain/names.js';
import { kinesisErrors } from './errors.js';
import { kinesisModel } from './model.js';
import type { KinesisStore } from './store.js';
import { addTagsToStream } from './operations/add-tags-to-stream.js';
import { createStream } from './operations/create-stream.js';
import { decreaseStreamRetentionPeriod } from './operations/decrease-stream-retention-period.js';
import { deleteStream } from './operations/delete-stream.js';
import { describeLimits } from './operations/describe-limits.js';
import { describeStream } from './operations/describe-stream.js';
import { describeStreamSummary } from './operations/describe-stream-summary.js';
import { getRecords } from './operations/get-records.js';
import { getShardIterator } from './operations/get-shard-iterator.js';
import { increaseStreamRetentionPeriod } from './operations/increase-stream-retention-period.js';
import { listShards } from './operations/list-shards.js';
import { listStreams } from './operations/list-streams.js';
import { listTagsForResource } from './operations/list-tags-for-resource.js';
import { listTagsForStream } from './operations/list-tags-for-stream.js';
import { putRecord } from './operations/put-record.js';
import { putRecords } from './operations/put-records.js';
import { removeTagsFromStream } from './operations/remove-tags-from-stream.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateMaxRecordSize } from './operations/update-max-record-size.js';
import { mergeShards } from './operations/merge-shards.js';
import { deregisterStreamConsumer } from './operations/deregister-stream-consumer.js';
import { describeStreamConsumer } from './operations/describe-stream-consumer.js';
import { listStreamConsumers } from './operations/list-stream-consumers.js';
import { registerStreamConsumer } from './operations/register-stream-consumer.js';
import { subscribeToShard } from './operations/subscribe-to-shard.js';
import { describeAccountSettings, updateAccountSettings } from './operations/account-settings.js';
import { disableEnhancedMonitoring, enableEnhancedMonitoring } from './operations/enhanced-monitoring.js';
import { deleteResourcePolicy, getResourcePolicy, putResourcePolicy } from './operations/resource-policy.js';
import { startStreamEncryption, stopStreamEncryption } from './operations/stream-encryption.js';
import { updateStreamRecordDistributionStrategy, updateStreamWarmThroughput } from './operations/stream-settings.js';
import { splitShard } from './operations/split-shard.js';
import { updateShardCount } from './operations/update-shard-count.js';
import { updateStreamMode } from './operations/update-stream-mode.js';
import { createChannel, deleteChannel, describeChannel, listChannels, updateChannel } from './operations/channels.js';
import { enforceStreamPolicies } from './policy-gate.js';

/**
 * The Kinesis Data Streams service: its model (all 45 operations), handlers for all of them (the
 * five channel operations keep the channel resource but deliver nothing to S3), and the per-server
 * state (the sealer, once the server key is loaded; the notifier that wakes subscriptions).
 * Operations without a handler are answered by the protocol layer as not implemented.
 */
const operations: Record<string, KinesisOperation<any, any>> = {
  AddTagsToStream: addTagsToStream,
  CreateStream: createStream,
  DecreaseStreamRetentionPeriod: decreaseStreamRetentionPeriod,
  DeleteStream: deleteStream,
  DescribeLimits: describeLimits,
  DescribeStream: describeStream,
  DescribeStreamSummary: describeStreamSummary,
  GetRecords: getRecords,
  GetShardIterator: getShardIterator,
  IncreaseStreamRetentionPeriod: increaseStreamRetentionPeriod,
  ListShards: listShards,
  ListStreams: listStreams,
  ListTagsForResource: listTagsForResource,
  ListTagsForStream: listTagsForStream,
  PutRecord: putRecord,
  PutRecords: putRecords,
  RemoveTagsFromStream: removeTagsFromStream,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateMaxRecordSize: updateMaxRecordSize,
  MergeShards: mergeShards,
  SplitShard: splitShard,
  UpdateShardCount: updateShardCount,
  UpdateStreamMode: updateStreamMode,
  DeregisterStreamConsumer: deregisterStreamConsumer,
  DescribeStreamConsumer: describeStreamConsumer,
  ListStreamConsumers: listStreamConsumers,
  RegisterStreamConsumer: registerStreamConsumer,
  SubscribeToShard: subscribeToShard,
  DescribeAccountSettings: describeAccountSettings,
  UpdateAccountSettings: updateAccountSettings,
  EnableEnhancedMonitoring: enableEnhancedMonitoring,
  DisableEnhancedMonitoring: disableEnhancedMonitoring,
  PutResourcePolicy: putResourcePolicy,
  GetResourcePolicy: getResourcePolicy,
  DeleteResourcePolicy: deleteResourcePolicy,
  StartStreamEncryption: startStreamEncryption,
  StopStreamEncryption: stopStreamEncryption,
  UpdateStreamWarmThroughput: updateStreamWarmThroughput,
  UpdateStreamRecordDistributionStrategy: updateStreamRecordDistributionStrategy,
  // Channels: the resource only; nothing is delivered to S3 (operations/channels.ts).
  CreateChannel: createChannel,
  DescribeChannel: describeChannel,
  ListChannels: listChannels,
  UpdateChannel: updateChannel,
  DeleteChannel: deleteChannel,
};

/** Java package AWS prints for structure values in ValidationException messages. */
const JAVA_PACKAGE = 'com.amazonaws.kinesis.v20131202';

/** subscriptionPollMs: only a safety net (lost notifications, takeovers and deregistrations on other nodes): writes wake subscriptions. */
export const DEFAULT_KINESIS_CONFIG: KinesisConfig = { createDelayMs: 500, subscriptionMs: 300_000, subscriptionPollMs: 2_000 };

export interface KinesisService extends ServiceDefinition {
  readonly deps: KinesisDeps;
  /** Loads (or creates) the key that seals iterators and NextTokens; call before serving. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createKinesisService(options: {
  store: KinesisStore;
  clock: Clock;
  ids: Ids;
  log?: Log;
  config?: Partial<KinesisConfig>;
  observer?: KinesisObserver;
  /** Opt-in: evaluate resource policies before stream and consumer operations (policy-gate.ts). */
  enforcePolicies?: boolean;
  /** In the throughput mode: count the limits in these (the cluster's) rather than in memory. */
  sharedRates?: SharedRateBuckets;
}): KinesisService {
  let sealer: Sealer | undefined;
  const config = { ...DEFAULT_KINESIS_CONFIG, ...options.config };
  const deps: KinesisDeps = {
    store: options.store,
    clock: options.clock,
    ids: options.ids,
    config,
    notifier: new ShardNotifier(),
    throttle: config.throughputLimits ? shardLimits(options.clock, options.sharedRates, options.log) : undefined,
    callRates: config.throughputLimits ? throughputLimiter(options.clock, options.sharedRates, options.log) : undefined,
    observer: options.observer ?? NO_KINESIS_OBSERVER,
    sealer: () => {
      if (!sealer) throw new Error('the Kinesis service has not been started (no server key yet)');
      return sealer;
    },
  };
  const handlers: Record<string, Handler> = {};
  for (const [name, op] of Object.entries(operations)) {
    const model = kinesisModel.operations[name]!;
    // DryRun (PutRecord, PutRecords, GetRecords, GetShardIterator, SubscribeToShard): "validates that
    // you have the required IAM permissions …, checks your request parameters, and confirms that the
    // target resource exists … without running the operation or reading or writing any data"; then
    // DryRunOperationException 400, else the error the operation would give [Kinesis Developer Guide,
    // "Test your permissions and request inputs with dry run"]. The permission gates wrap these
    // handlers; each of the five operations checks DryRun where its checks end.
    handlers[name] = (input, ctx) => {
      checkConstraints(model, input);
      // The throughput mode: AWS's per-operation call rates, counted here once for every operation
      // (a promise when the count needs the database: the cluster's windows).
      const counting = deps.callRates && checkCallRate(deps.callRates, name, input, ctx);
      return counting ? counting.then(() => op(deps, input, ctx)) : op(deps, input, ctx);
    };
  }
  return {
    model: kinesisModel,
    handlers: options.enforcePolicies ? enforceStreamPolicies(deps, handlers) : handlers,
    deps,
    inputErrors: decodeErrors,
    async start() {
      sealer ??= new Sealer(await options.store.serverKey(options.ids.bytes(32)), options.ids);
      // Other nodes' writes wake this node's subscriptions (PostgreSQL); the poll stays as a safety net.
      await options.store.watchWrites?.((shardIds) => deps.notifier.notify(shardIds), config.subscriptionMs);
    },
    async close() {},
  };
}

/**
 * AWS's call rate of `operation` (domain/api-rates.ts): LimitExceededException once it is passed,
 * naming the stream when the request names one; GetShardIterator's per-shard rate is a data-plane
 * limit and is refused as GetRecords' is, ProvisionedThroughputExceededException naming the shard.
 * Checked after the input constraints (a malformed request is refused without counting).
 */
function checkCallRate(limiter: RateLimiter, operation: string, input: Record<string, unknown>, ctx: RequestContext): Promise<void> | undefined {
  const target = rateTarget(operation, input, ctx);
  const admitted = target ? limiter.tryAll([{ key: target.key, perSecond: target.perSecond }]) : true;
  if (admitted === true) return undefined;
  if (admitted === false) throw callRateRefusal(target!);
  return admitted.then((ok) => {
    if (!ok) throw callRateRefusal(target!);
  });
}

function callRateRefusal(target: RateTarget): Error {
  if (target.shardIndex !== undefined) return kinesisErrors.throughputExceeded(shardIdOf(target.shardIndex), target.stream!, target.accountId);
  return target.stream !== undefined ? kinesisErrors.callRateExceededForStream(target.stream, target.accountId) : kinesisErrors.callRateExceededForAccount(target.accountId);
}

/** The model's length/range/pattern/enum constraints, reported all at once as AWS does. */
function checkConstraints(model: OperationModel, input: Record<string, unknown>): void {
  const clauses = coralViolations(model.input, input, { javaPackage: JAVA_PACKAGE });
  if (clauses.length > 0) throw kinesisErrors.validation(clauses);
}
