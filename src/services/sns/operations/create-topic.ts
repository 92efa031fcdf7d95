import type { CreateTopicInput, CreateTopicResponse } from '@aws-sdk/client-sns';
import type { SnsOperation } from '../context.js';
import { snsErrors } from '../errors.js';
import { topicArn } from '../domain/arn.js';
import { checkTags } from '../domain/tags.js';
import { checkTopicAttribute, sameTopicAttributes } from '../domain/topic-attributes.js';
import { archiveChanges } from '../domain/archive-policy.js';
import { checkDataProtectionPolicy } from './put-data-protection-policy.js';

/** 1–256 of `[A-Za-z0-9_-]`; a FIFO topic's name ends in `.fifo` (within the 256). */
const NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

/**
 * CreateTopic is idempotent: the same name with agreeing attributes and tags answers the existing
 * ARN [AWS-recorded messages for disagreeing ones]. FifoTopic=false is not stored (AWS does not
 * show it), and a `.fifo` name without FifoTopic=true is an invalid name.
 */
export const createTopic: SnsOperation<CreateTopicInput, CreateTopicResponse> = async (deps, input, ctx) => {
  const name = input.Name ?? '';
  const given = input.Attributes ?? {};
  const fifo = given.FifoTopic?.toLowerCase() === 'true';
  if (!(fifo ? FIFO_NAME : NAME).test(name)) throw snsErrors.invalidTopicName();
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    const value = checkTopicAttribute(k, k === 'FifoTopic' ? v.toLowerCase() : v, fifo, 'create');
    if (value !== null && !(k === 'FifoTopic' && value === 'false')) attributes[k] = value;
  }
  const tags = checkTags(input.Tags);
  // CreateTopic used to store any text here; PutDataProtectionPolicy's JSON check applies as well [unverified for CreateTopic].
  const dataProtectionPolicy = checkDataProtectionPolicy(input.DataProtectionPolicy);
  const arn = topicArn(ctx.region, ctx.accountId, name);
  const now = deps.clock.now();
  // An ArchivePolicy archives from now on: its switch-on time is stored with it (not compared below).
  const stored: Record<string, string> = { ...attributes };
  if (attributes.ArchivePolicy !== undefined) stored.BeginningArchiveTime = archiveChanges(attributes.ArchivePolicy, {}, now).BeginningArchiveTime!;
  const { created, topic } = await deps.store.createTopic({
    arn,
    accountId: ctx.accountId,
    region: ctx.region,
    name,
    attributes: stored,
    tags,
    dataProtectionPolicy,
    createdAt: now,
  });
  if (!created) {
    if (!sameTopicAttributes(topic, attributes)) throw snsErrors.topicExistsWithDifferentAttributes();
    if (Object.entries(tags).some(([k, v]) => topic.tags[k] !== v)) throw snsErrors.topicExistsWithDifferentTags();
  }
  return { TopicArn: topic.arn };
};
