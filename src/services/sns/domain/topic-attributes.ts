import { snsErrors } from '../errors.js';
import type { SubscriptionCounts, TopicRecord } from '../store.js';
import { effectiveTopicDeliveryPolicy } from './delivery-policy.js';
import { deliveryPolicyComplaint } from './http-retry.js';
import { defaultTopicPolicy } from './policy.js';
import { archivePolicyComplaint, archiveRetentionMs, beginningArchiveTime, isArchiveOff } from './archive-policy.js';
import { isoTimestamp } from './envelope.js';
import { policyProblem } from '../../shared/policy/validate.js';

/**
 * Topic attributes: which a caller may set, how each value is checked, what the topic's settings
 * mean to publishing, and the full map GetTopicAttributes answers with. The store keeps only what
 * was set; defaults (DisplayName "", the default Policy, …) are computed here, as AWS shows them.
 */

/** AWS's default and ceiling for MaximumMessageSize (bytes; message and attributes together). */
export const DEFAULT_MAXIMUM_MESSAGE_SIZE = 262_144;
const MAX_MAXIMUM_MESSAGE_SIZE = 1_048_576;

const FEEDBACK = ['HTTP', 'Firehose', 'Lambda', 'Application', 'SQS'].flatMap((p) => [
  `${p}SuccessFeedbackRoleArn`,
  `${p}SuccessFeedbackSampleRate`,
  `${p}FailureFeedbackRoleArn`,
]);

/** Attributes SetTopicAttributes and CreateTopic accept (FifoTopic only at creation). */
const SETTABLE = new Set([
  'DeliveryPolicy', 'DisplayName', 'Policy', 'SignatureVersion', 'TracingConfig', 'KmsMasterKeyId', 'MaximumMessageSize',
  'ContentBasedDeduplication', 'FifoThroughputScope', 'ArchivePolicy', ...FEEDBACK,
]);
const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'FifoThroughputScope', 'ArchivePolicy']);
const JSON_VALUED = new Set(['DeliveryPolicy', 'Policy', 'ArchivePolicy']);

export type AttributeContext = 'create' | 'set';

/** "Invalid parameter: <what>" for SetTopicAttributes, "…: Attributes Reason: <what>" for CreateTopic [unverified detail]. */
function invalid(context: AttributeContext, what: string) {
  return snsErrors.invalidParameter(context === 'create' ? `Attributes Reason: ${what}` : what);
}

/**
 * A topic policy that is JSON but not a well-formed policy (shared/policy/validate.ts; SNS also wants each
 * statement's Resource: "Resource 1 (0 is invalid)", SNS Developer Guide, policy quotas). [AWS-recorded:
 * "Invalid parameter: Policy Error: null" (InvalidParameter, 400) for a statement without principals
 * (cloudposse/terraform-aws-sns-topic#44), for one with a misspelled `Principle` and a YAML-object Action
 * (serverless/serverless#5519); AWS's own CloudFormation handler answers the same words for an empty
 * `{}` document (aws-cloudformation/aws-cloudformation-resource-providers-sns, aws-sns-topicpolicy
 * UpdateHandler).] The same words for the other classes
 * (bad Effect or Version, no Statement, a bad Condition, a duplicate Sid, no Resource) are [unverified].
 */
const POLICY_ERROR = 'Policy Error: null';

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks one attribute (name and value) for a topic that is or will be FIFO; returns the value to
 * store, or null when setting it means going back to the default (an empty JSON-valued attribute).
 */
export function checkTopicAttribute(name: string, value: string, fifo: boolean, context: AttributeContext): string | null {
  if (name === 'FifoTopic') {
    if (context === 'set') throw snsErrors.invalidParameter('AttributeName');
    if (value !== 'true' && value !== 'false') throw invalid(context, `FifoTopic: Invalid value [${value}]. Must be true or false.`);
    return value;
  }
  if (!SETTABLE.has(name)) throw context === 'set' ? snsErrors.invalidParameter('AttributeName') : invalid(context, `Unknown attribute ${name}`);
  if (FIFO_ONLY.has(name) && !fifo) throw invalid(context, `${name}: ${name} is only valid for FIFO topics`);
  if (JSON_VALUED.has(name)) {
    if (value === '') return null;
    if (!isJson(value)) throw invalid(context, `${name}: failed to parse JSON.`);
    // `"Statement": []` is taken: RemovePermission of a topic's last statement leaves such a policy, and a
    // client reading it back and setting it again (terraform, read-modify-write) must not be refused.
    if (name === 'Policy' && policyProblem(value, { requireResource: true, allowNoStatements: true }) !== undefined) throw invalid(context, POLICY_ERROR);
    const complaint =
      name === 'DeliveryPolicy' ? deliveryPolicyComplaint(value, 'topic') : name === 'ArchivePolicy' ? archivePolicyComplaint(value) : undefined;
    if (complaint !== undefined) throw invalid(context, `${name}: ${complaint}`);
    // `{}` switches archiving off (archive-policy.ts).
    return name === 'ArchivePolicy' && isArchiveOff(value) ? null : value;
  }
  switch (name) {
    case 'SignatureVersion':
      if (value !== '1' && value !== '2') throw invalid(context, `SignatureVersion: Invalid value [${value}]. Must be 1 or 2.`);
      return value;
    case 'TracingConfig':
      if (value !== 'PassThrough' && value !== 'Active') throw invalid(context, `TracingConfig: Invalid value [${value}]. Must be PassThrough or Active.`);
      return value;
    case 'ContentBasedDeduplication':
      if (value !== 'true' && value !== 'false') throw invalid(context, `ContentBasedDeduplication: Invalid value [${value}]. Must be true or false.`);
      return value;
    case 'FifoThroughputScope':
      if (value !== 'Topic' && value !== 'MessageGroup') throw invalid(context, `FifoThroughputScope: Invalid value [${value}]. Please use either Topic or MessageGroup`);
      return value;
    case 'MaximumMessageSize': {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!(n >= 1024 && n <= MAX_MAXIMUM_MESSAGE_SIZE)) throw invalid(context, `MaximumMessageSize: Invalid value [${value}]. Must be an integer from 1024 to ${MAX_MAXIMUM_MESSAGE_SIZE}.`);
      return String(n);
    }
    case 'DisplayName':
      if (value.length > 100) throw invalid(context, 'DisplayName: must be at most 100 characters long');
      return value;
    default:
      if (name.endsWith('SampleRate') && !(/^\d+$/.test(value) && Number(value) <= 100)) {
        throw invalid(context, `${name}: Invalid value [${value}]. Must be an integer from 0 to 100.`);
      }
      return value;
  }
}

/** What publishing needs to know of a topic. */
export interface TopicSettings {
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  /** FifoThroughputScope=MessageGroup: deduplication is per message group. */
  readonly dedupPerGroup: boolean;
  readonly maximumMessageSize: number;
  readonly signatureVersion: '1' | '2';
  /** ArchivePolicy: how long a published message stays in the topic's archive (ms), or null. */
  readonly archiveRetentionMs: number | null;
}

export function topicSettings(topic: TopicRecord): TopicSettings {
  const a = topic.attributes;
  return {
    fifo: a.FifoTopic === 'true',
    contentBasedDeduplication: a.ContentBasedDeduplication === 'true',
    dedupPerGroup: a.FifoThroughputScope === 'MessageGroup',
    maximumMessageSize: a.MaximumMessageSize ? Number(a.MaximumMessageSize) : DEFAULT_MAXIMUM_MESSAGE_SIZE,
    signatureVersion: a.SignatureVersion === '2' ? '2' : '1',
    archiveRetentionMs: a.FifoTopic === 'true' ? archiveRetentionMs(a) : null,
  };
}

/**
 * The GetTopicAttributes map: AWS's computed attributes, defaults, then whatever was set.
 * BeginningArchiveTime is computed at `now` (archive-policy.ts); without `now`, as stored.
 */
export function topicAttributesView(topic: TopicRecord, counts: SubscriptionCounts, now?: number): Record<string, string> {
  const a = topic.attributes;
  const out: Record<string, string> = {
    DisplayName: a.DisplayName ?? '',
    Owner: topic.accountId,
    Policy: a.Policy ?? defaultTopicPolicy(topic.arn, topic.accountId),
    SubscriptionsConfirmed: String(counts.confirmed),
    SubscriptionsDeleted: String(topic.subscriptionsDeleted),
    SubscriptionsPending: String(counts.pending),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: effectiveTopicDeliveryPolicy(a.DeliveryPolicy),
  };
  if (a.FifoTopic === 'true') {
    out.FifoTopic = 'true';
    out.ContentBasedDeduplication = a.ContentBasedDeduplication ?? 'false';
    const beginning = now === undefined ? null : beginningArchiveTime(a, now);
    if (beginning !== null) out.BeginningArchiveTime = isoTimestamp(beginning);
  }
  for (const [k, v] of Object.entries(a)) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * Whether CreateTopic's attributes agree with an existing topic's (then CreateTopic is idempotent
 * and answers the same ARN; else "Topic already exists with different attributes"). Attributes
 * not given are not compared; a given one is compared with the value the topic shows (so
 * `DisplayName=""` agrees with a topic that never set one).
 */
export function sameTopicAttributes(topic: TopicRecord, given: Readonly<Record<string, string>>): boolean {
  const shown = topicAttributesView(topic, { confirmed: 0, pending: 0 });
  return Object.entries(given).every(([k, v]) => (k === 'FifoTopic' && v === 'false' && shown.FifoTopic === undefined) || shown[k] === v);
}
