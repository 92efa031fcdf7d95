import type { KinesisDeps, ResolvedStream } from '../context.js';
import { kinesisErrors } from '../errors.js';
import { MAX_TAGS } from './limits.js';
import type { ChannelRecord } from '../channel-store.js';

/**
 * Tags, shared by the stream operations (AddTagsToStream, …) and the resource ones (TagResource, …).
 * Characters Kinesis accepts: Unicode letters, digits, white space and `_ . / = + - @` [kinesalite].
 */
const INVALID = /[^\p{L}\p{N}\s_./=+\-@]/u;

export function checkTags(keys: readonly string[], values: readonly string[] = []): void {
  for (const s of keys) if (INVALID.test(s)) throw kinesisErrors.invalidTagCharacters();
  for (const s of values) if (INVALID.test(s)) throw kinesisErrors.invalidTagCharacters();
}

export async function addTags(deps: KinesisDeps, r: ResolvedStream, tags: Readonly<Record<string, string>>): Promise<void> {
  checkTags(Object.keys(tags), Object.values(tags));
  const outcome = await deps.store.tagStream(r.stream.id, tags, MAX_TAGS);
  if (outcome === 'too-many') throw kinesisErrors.tooManyTags(r.name, r.accountId);
  if (outcome === 'gone') throw kinesisErrors.streamNotFound(r.name, r.accountId);
}

/** Tags of an enhanced fan-out consumer (TagResource / UntagResource with a consumer ARN). */
export async function addConsumerTags(deps: KinesisDeps, consumerId: number, arn: string, tags: Readonly<Record<string, string>>): Promise<void> {
  checkTags(Object.keys(tags), Object.values(tags));
  const outcome = await deps.store.tagConsumer(consumerId, tags, MAX_TAGS);
  if (outcome === 'too-many') throw kinesisErrors.tooManyConsumerTags(arn);
  if (outcome === 'gone') throw kinesisErrors.consumerArnNotFound(arn);
}

export async function removeConsumerTags(deps: KinesisDeps, consumerId: number, arn: string, keys: readonly string[]): Promise<void> {
  checkTags(keys);
  if (!(await deps.store.untagConsumer(consumerId, keys))) throw kinesisErrors.consumerArnNotFound(arn);
}

/** Tags of a channel (TagResource / UntagResource with a channel ARN). */
export async function addChannelTags(deps: KinesisDeps, c: ChannelRecord, tags: Readonly<Record<string, string>>): Promise<void> {
  checkTags(Object.keys(tags), Object.values(tags));
  const outcome = await deps.store.tagChannel(c.id, tags, MAX_TAGS);
  if (outcome === 'too-many') throw kinesisErrors.tooManyChannelTags(c.name, c.accountId);
  if (outcome === 'gone') throw kinesisErrors.channelNotFound(c.name, c.accountId);
}

export async function removeChannelTags(deps: KinesisDeps, c: ChannelRecord, keys: readonly string[]): Promise<void> {
  checkTags(keys);
  if (!(await deps.store.untagChannel(c.id, keys))) throw kinesisErrors.channelNotFound(c.name, c.accountId);
}

export async function removeTags(deps: KinesisDeps, r: ResolvedStream, keys: readonly string[]): Promise<void> {
  checkTags(keys);
  if (!(await deps.store.untagStream(r.stream.id, keys))) throw kinesisErrors.streamNotFound(r.name, r.accountId);
}
