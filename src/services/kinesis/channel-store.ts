/**
 * The store port's channel part (CreateChannel … DeleteChannel, the 2026 operations that deliver a
 * stream to S3 / S3 Tables). Switchyard keeps the channel resource only: nothing is ever delivered
 * to S3 (records are not exported). Times are epoch milliseconds from the caller; status
 * (CREATING/UPDATING/ACTIVE) is not stored but derived from `activeAt`, `updatingUntil` and the clock.
 * Conformance: test/storage/kinesis-channels.suite.ts.
 */

/** Where a channel reads from: a stream, by ARN and creation time (as DescribeChannel reports it). */
export interface ChannelSource {
  readonly streamArn: string;
  readonly streamCreatedAt: number;
  readonly recordConfiguration: Readonly<Record<string, unknown>>;
}

/**
 * What a channel was configured with, stored as one document and reported back as given
 * (destination, encryption and logging are the wire structures, defaults filled in).
 */
export interface ChannelConfiguration {
  readonly serviceExecutionRoleArn: string;
  readonly streams: readonly ChannelSource[];
  readonly destinationType: 'S3' | 'S3_TABLES';
  /** S3DestinationDescription or S3TablesDestinationDescription, by destinationType. */
  readonly destination: Readonly<Record<string, unknown>>;
  readonly encryption?: Readonly<Record<string, unknown>>;
  readonly logging: Readonly<Record<string, unknown>>;
}

export interface ChannelRecord {
  /** Engine id; never reused. */
  readonly id: number;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** AWS's `ChannelId`. */
  readonly channelId: string;
  readonly createdAt: number;
  /** CREATING until then. */
  readonly activeAt: number;
  /** UPDATING until then after UpdateChannel (0: never updated). */
  readonly updatingUntil: number;
  readonly configuration: ChannelConfiguration;
  readonly tags: Readonly<Record<string, string>>;
}

export type NewChannel = Omit<ChannelRecord, 'id' | 'updatingUntil'>;

/** 'busy': the channel is CREATING or UPDATING at `now`. */
export type ChannelUpdateOutcome = 'ok' | 'gone' | 'busy';

export interface KinesisChannelStore {
  /** Creates the channel unless one of that name exists in the account and region (then `created: false` and that one). */
  createChannel(channel: NewChannel): Promise<{ created: boolean; channel: ChannelRecord }>;
  getChannel(accountId: string, region: string, name: string): Promise<ChannelRecord | undefined>;
  /** The account's channels in the region, by name (binary order). */
  listChannels(accountId: string, region: string): Promise<ChannelRecord[]>;
  /** Replaces the configuration and sets `updatingUntil`, atomically, unless the channel is CREATING or UPDATING at `now`. */
  updateChannel(id: number, configuration: ChannelConfiguration, updatingUntil: number, now: number): Promise<ChannelUpdateOutcome>;
  /** Deletes at once (the name is free again); false if it was already gone. */
  deleteChannel(id: number): Promise<boolean>;
  /** Adds or overwrites tags (TagResource); refuses (no change) if the channel would end up with more than `maxTags`. */
  tagChannel(id: number, tags: Readonly<Record<string, string>>, maxTags: number): Promise<'ok' | 'too-many' | 'gone'>;
  /** False if the channel is gone. */
  untagChannel(id: number, keys: readonly string[]): Promise<boolean>;
}
