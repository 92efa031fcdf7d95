import type { RequestContext } from '../shared/service.js';
import type { ChannelRecord } from './channel-store.js';
import type { KinesisDeps } from './context.js';
import { kinesisErrors } from './errors.js';

/**
 * Kinesis channels as AWS reports them (CreateChannel … DeleteChannel, operations/channels.ts).
 *
 * NOTHING IS DELIVERED: Switchyard has no S3, so a channel is a faithfully kept resource (its
 * configuration, tags, status and ARN) but no record of its source stream is ever exported to S3
 * or S3 Tables. The model has no member that could say so (ChannelStatusReason is for FAILED
 * channels), so DescribeChannel reports the channel as AWS would; the README says it plainly.
 *
 * Status is derived, as for streams: CREATING until `activeAt` (now + createDelayMs), UPDATING until
 * `updatingUntil` after UpdateChannel, ACTIVE otherwise. DeleteChannel removes it at once (no DELETING
 * phase is shown); FAILED never happens.
 */

export type ChannelStatus = 'CREATING' | 'UPDATING' | 'ACTIVE';

export function channelStatusOf(c: ChannelRecord, now: number): ChannelStatus {
  if (now < c.activeAt) return 'CREATING';
  return now < c.updatingUntil ? 'UPDATING' : 'ACTIVE';
}

/** [unverified] The ARN in the form of Kinesis's other resources: `arn:aws:kinesis:<region>:<account>:channel/<name>`. */
export function channelArn(region: string, accountId: string, name: string): string {
  return `arn:aws:kinesis:${region}:${accountId}:channel/${name}`;
}

const CHANNEL_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]*):(\d{12}):channel\/([a-zA-Z0-9_.-]{1,128})$/;

export function parseChannelArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = CHANNEL_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

/** [unverified] Channel names follow the stream name's rules (the JS client's model carries no constraint). */
export const CHANNEL_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** The channel a ChannelARN names (the ARN's account and region, like stream ARNs); ResourceNotFoundException if none. */
export async function resolveChannel(deps: KinesisDeps, arn: string, ctx: RequestContext): Promise<ChannelRecord> {
  const ref = parseChannelArn(arn);
  if (!ref) throw kinesisErrors.channelArnNotFound(arn);
  const channel = await deps.store.getChannel(ref.accountId, ref.region || ctx.region, ref.name);
  if (!channel) throw kinesisErrors.channelNotFound(ref.name, ref.accountId);
  return channel;
}

/** The members ChannelDescription and ChannelSummary open with, in the model's order. */
function channelIdentity(c: ChannelRecord, now: number): Record<string, unknown> {
  return {
    ChannelName: c.name,
    ChannelARN: channelArn(c.region, c.accountId, c.name),
    ChannelId: c.channelId,
    ChannelStatus: channelStatusOf(c, now),
    ChannelCreationTimestamp: new Date(c.createdAt),
  };
}

/** ChannelDescription (Create/Describe/UpdateChannel's output). */
export function channelDescription(c: ChannelRecord, now: number): Record<string, unknown> {
  const cfg = c.configuration;
  return {
    ...channelIdentity(c, now),
    ServiceExecutionRoleARN: cfg.serviceExecutionRoleArn,
    StreamConfigurationList: cfg.streams.map((s) => ({
      StreamARN: s.streamArn,
      StreamCreationTimestamp: new Date(s.streamCreatedAt),
      RecordConfiguration: s.recordConfiguration,
    })),
    LoggingConfiguration: cfg.logging,
    ...(cfg.destinationType === 'S3' ? { S3DestinationConfiguration: cfg.destination } : { S3TablesDestinationConfiguration: cfg.destination }),
    ...(cfg.encryption === undefined ? {} : { EncryptionConfiguration: cfg.encryption }),
  };
}

/** ChannelSummary (ListChannels' output). */
export function channelSummary(c: ChannelRecord, now: number): Record<string, unknown> {
  return {
    ...channelIdentity(c, now),
    ChannelDestinationType: c.configuration.destinationType,
    Streams: c.configuration.streams.map((s) => ({ StreamARN: s.streamArn, StreamCreationTimestamp: new Date(s.streamCreatedAt) })),
  };
}

/** Whether the channel reads from the stream `arn` created at `createdAt` (± 1 s when the caller gives a time). */
export function readsFrom(c: ChannelRecord, arn: string, createdAt: number | undefined, tolerance = 0): boolean {
  return c.configuration.streams.some(
    (s) => s.streamArn === arn && (createdAt === undefined || Math.abs(s.streamCreatedAt - createdAt) <= tolerance),
  );
}
