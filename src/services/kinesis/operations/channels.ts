import { resolveReadableStream, updateDelay, type KinesisOperation } from '../context.js';
import type { ChannelConfiguration, ChannelSource } from '../channel-store.js';
import { CHANNEL_NAME, channelDescription, channelStatusOf, channelSummary, readsFrom, resolveChannel } from '../channels.js';
import { MAX_TAGS } from '../domain/limits.js';
import { couldBeKmsKeyId, streamArn } from '../domain/names.js';
import { openListChannels, sealListChannels } from '../domain/page-token.js';
import { checkTags } from '../domain/tags.js';
import { kinesisErrors } from '../errors.js';

/**
 * The five channel operations (2026: a channel delivers a stream to S3 or S3 Tables).
 *
 * Switchyard implements the channel RESOURCE only: NOTHING IS DELIVERED TO S3 — no record of the
 * source stream is ever exported (Switchyard has no S3). Everything else follows the API
 * reference: one destination of the two, one source stream (an ON_DEMAND one) and one table,
 * DataFreshnessInSeconds defaulting to 300, CREATING for `createDelayMs` then ACTIVE, UPDATING
 * after UpdateChannel, names unique per account and region, at most 50 tags. A stream with
 * channels cannot be deleted (delete-stream.ts). Channel ARNs and ChannelIds are [unverified] forms.
 */

type Doc = Record<string, unknown>;

interface CreateInput {
  ChannelName: string;
  ServiceExecutionRoleARN: string;
  StreamConfigurationList: { StreamARN: string; RecordConfiguration: Doc }[];
  S3DestinationConfiguration?: {
    DataFreshnessInSeconds?: number;
    DeadLetterQueueS3Configuration?: Doc;
    StorageConfiguration: { BucketARN: string; ExpectedBucketOwner: string } & Doc;
  };
  S3TablesDestinationConfiguration?: { DataFreshnessInSeconds?: number; DeadLetterQueueS3Configuration: Doc; S3TablesConfigurationList: Doc[] };
  EncryptionConfiguration?: Doc;
  Tags?: Record<string, string>;
  LoggingConfiguration?: Doc;
}

/** The API reference's default for DataFreshnessInSeconds. */
const DEFAULT_FRESHNESS_S = 300;
const PAGE = 100;

export const createChannel: KinesisOperation<CreateInput, unknown> = async (deps, input, ctx) => {
  const now = deps.clock.now();
  if (!CHANNEL_NAME.test(input.ChannelName)) {
    throw kinesisErrors.validation([
      `Value '${input.ChannelName}' at 'channelName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+`,
    ]);
  }
  const s3 = input.S3DestinationConfiguration;
  const tables = input.S3TablesDestinationConfiguration;
  if ((s3 === undefined) === (tables === undefined)) throw kinesisErrors.channelDestination();
  if (input.StreamConfigurationList.length !== 1) throw kinesisErrors.channelOneStream(input.StreamConfigurationList.length);
  if (tables && tables.S3TablesConfigurationList.length !== 1) throw kinesisErrors.channelOneTable(tables.S3TablesConfigurationList.length);
  const keyId = input.EncryptionConfiguration?.KeyId;
  if (typeof keyId === 'string' && !couldBeKmsKeyId(keyId)) throw kinesisErrors.kmsKeyNotFound(keyId);
  const tags = input.Tags ?? {};
  checkTags(Object.keys(tags), Object.values(tags));
  if (Object.keys(tags).length > MAX_TAGS) throw kinesisErrors.tooManyChannelTags(input.ChannelName, ctx.accountId);

  const streams: ChannelSource[] = [];
  for (const sc of input.StreamConfigurationList) {
    const { stream, name, accountId } = await resolveReadableStream(deps, { StreamARN: sc.StreamARN }, ctx);
    if (stream.mode !== 'ON_DEMAND') throw kinesisErrors.channelStreamNotOnDemand(name, accountId);
    streams.push({ streamArn: streamArn(stream.region, stream.accountId, stream.name), streamCreatedAt: stream.createdAt, recordConfiguration: sc.RecordConfiguration });
  }
  if (await deps.store.getChannel(ctx.accountId, ctx.region, input.ChannelName)) throw kinesisErrors.channelExists(input.ChannelName, ctx.accountId);

  const configuration: ChannelConfiguration = {
    serviceExecutionRoleArn: input.ServiceExecutionRoleARN,
    streams,
    ...(s3
      ? {
          destinationType: 'S3' as const,
          destination: {
            DataFreshnessInSeconds: s3.DataFreshnessInSeconds ?? DEFAULT_FRESHNESS_S,
            // "If not specified, it defaults to the destination bucket" (the API reference).
            DeadLetterQueueS3Configuration: s3.DeadLetterQueueS3Configuration ?? {
              BucketARN: s3.StorageConfiguration.BucketARN,
              ExpectedBucketOwner: s3.StorageConfiguration.ExpectedBucketOwner,
            },
            StorageConfiguration: s3.StorageConfiguration,
          },
        }
      : {
          destinationType: 'S3_TABLES' as const,
          destination: {
            DataFreshnessInSeconds: tables!.DataFreshnessInSeconds ?? DEFAULT_FRESHNESS_S,
            DeadLetterQueueS3Configuration: tables!.DeadLetterQueueS3Configuration,
            S3TablesConfigurationList: tables!.S3TablesConfigurationList,
          },
        }),
    ...(input.EncryptionConfiguration === undefined ? {} : { encryption: input.EncryptionConfiguration }),
    logging: input.LoggingConfiguration ?? { CloudWatchLogs: { Enabled: false } },
  };
  const { created, channel } = await deps.store.createChannel({
    accountId: ctx.accountId,
    region: ctx.region,
    name: input.ChannelName,
    channelId: deps.ids.uuid(),
    createdAt: now,
    activeAt: now + deps.config.createDelayMs,
    configuration,
    tags,
  });
  // Lost a race with a concurrent CreateChannel of the same name.
  if (!created) throw kinesisErrors.channelExists(input.ChannelName, ctx.accountId);
  return { ChannelDescription: channelDescription(channel, now) };
};

export const describeChannel: KinesisOperation<{ ChannelARN: string }, unknown> = async (deps, input, ctx) => {
  const channel = await resolveChannel(deps, input.ChannelARN, ctx);
  return { ChannelDescription: channelDescription(channel, deps.clock.now()) };
};

interface ListInput {
  StreamFilter?: { StreamARN: string; StreamCreationTimestamp?: Date }[];
  MaxResults?: number;
  NextToken?: string;
}

/**
 * ListChannels: the caller's channels in the region by name, MaxResults a page (default 100, and
 * at most 100 whatever is asked); StreamFilter keeps the channels reading from any of the given
 * streams (StreamCreationTimestamp, when given, to the second). A NextToken (sealed, valid 300 s)
 * continues the listing; the filter is given again with it.
 */
export const listChannels: KinesisOperation<ListInput, unknown> = async (deps, input, ctx) => {
  const now = deps.clock.now();
  let after: string | undefined;
  if (input.NextToken !== undefined) {
    const t = openListChannels(deps.sealer(), input.NextToken, now);
    if (!t.ok) throw t.expired ? kinesisErrors.expiredNextToken() : kinesisErrors.invalidNextToken();
    if (t.value.accountId !== ctx.accountId || t.value.region !== ctx.region) throw kinesisErrors.invalidNextToken();
    after = t.value.afterName;
  }
  const filters = input.StreamFilter ?? [];
  const all = (await deps.store.listChannels(ctx.accountId, ctx.region)).filter(
    (c) =>
      (after === undefined || c.name > after) &&
      (filters.length === 0 || filters.some((f) => readsFrom(c, f.StreamARN, f.StreamCreationTimestamp?.getTime(), 999))),
  );
  const limit = Math.min(input.MaxResults ?? PAGE, PAGE);
  const page = all.slice(0, limit);
  return {
    ChannelSummaries: page.map((c) => channelSummary(c, now)),
    NextToken:
      all.length > limit ? sealListChannels(deps.sealer(), { accountId: ctx.accountId, region: ctx.region, afterName: page[page.length - 1]!.name }, now) : undefined,
  };
};

interface UpdateInput {
  ChannelARN: string;
  S3DestinationConfiguration?: { DataFreshnessInSeconds: number };
  S3TablesDestinationConfiguration?: { DataFreshnessInSeconds: number };
  LoggingConfiguration?: Doc;
}

/**
 * UpdateChannel: only DataFreshnessInSeconds (of the channel's own destination type) and the
 * CloudWatch Logs configuration change; the channel is UPDATING for the update delay, and must be
 * ACTIVE to start (ResourceInUseException).
 */
export const updateChannel: KinesisOperation<UpdateInput, unknown> = async (deps, input, ctx) => {
  const now = deps.clock.now();
  const channel = await resolveChannel(deps, input.ChannelARN, ctx);
  const s3 = input.S3DestinationConfiguration;
  const tables = input.S3TablesDestinationConfiguration;
  if (s3 === undefined && tables === undefined && input.LoggingConfiguration === undefined) throw kinesisErrors.channelUpdateEmpty();
  const type = channel.configuration.destinationType;
  if (s3 && type !== 'S3') throw kinesisErrors.channelUpdateWrongDestination('S3DestinationConfiguration', type);
  if (tables && type !== 'S3_TABLES') throw kinesisErrors.channelUpdateWrongDestination('S3TablesDestinationConfiguration', type);
  const status = channelStatusOf(channel, now);
  if (status !== 'ACTIVE') throw kinesisErrors.channelNotActive(channel.name, channel.accountId, status);

  const freshness = (s3 ?? tables)?.DataFreshnessInSeconds;
  const configuration: ChannelConfiguration = {
    ...channel.configuration,
    destination: freshness === undefined ? channel.configuration.destination : { ...channel.configuration.destination, DataFreshnessInSeconds: freshness },
    logging: input.LoggingConfiguration ?? channel.configuration.logging,
  };
  const updatingUntil = now + updateDelay(deps.config);
  const outcome = await deps.store.updateChannel(channel.id, configuration, updatingUntil, now);
  if (outcome === 'gone') throw kinesisErrors.channelNotFound(channel.name, channel.accountId);
  if (outcome === 'busy') throw kinesisErrors.channelNotActive(channel.name, channel.accountId, 'UPDATING');
  return { ChannelDescription: channelDescription({ ...channel, configuration, updatingUntil }, now) };
};

/** DeleteChannel: gone at once (the name is free again); a CREATING or UPDATING channel may be deleted too. */
export const deleteChannel: KinesisOperation<{ ChannelARN: string }, void> = async (deps, input, ctx) => {
  const channel = await resolveChannel(deps, input.ChannelARN, ctx);
  if (!(await deps.store.deleteChannel(channel.id))) throw kinesisErrors.channelNotFound(channel.name, channel.accountId);
};
