import { own } from '../../shared/own.js';
import { sqsErrors } from '../errors.js';
import { normalizeRedriveAllowPolicy, normalizeRedrivePolicy, type RedrivePolicy } from './redrive.js';
import { hasInvalidCharacters } from './message-body.js';
import { policyProblem } from '../../shared/policy/validate.js';

/**
 * Queue attributes: which can be set on which queue type, their ranges and defaults, and what
 * GetQueueAttributes reports. Stored attributes are AWS's strings; `QueueSettings` is their parsed,
 * typed view for the message path.
 */

type Rule =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly default: number }
  | { readonly kind: 'boolean'; readonly default?: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly default: string }
  /** Free text; `normalize` validates and returns the value to store, or throws. */
  | { readonly kind: 'text'; readonly normalize?: (value: string) => string };

const integer = (min: number, max: number, dflt: number): Rule => ({ kind: 'integer', min, max, default: dflt });

/** Attributes every queue accepts. */
const COMMON: Readonly<Record<string, Rule>> = {
  DelaySeconds: integer(0, 900, 0),
  MaximumMessageSize: integer(1024, 1_048_576, 1_048_576),
  MessageRetentionPeriod: integer(60, 1_209_600, 345_600),
  ReceiveMessageWaitTimeSeconds: integer(0, 20, 0),
  VisibilityTimeout: integer(0, 43_200, 30),
  KmsDataKeyReusePeriodSeconds: integer(60, 86_400, 300),
  Policy: { kind: 'text', normalize: checkPolicy },
  RedrivePolicy: { kind: 'text', normalize: normalizeRedrivePolicy },
  RedriveAllowPolicy: { kind: 'text', normalize: normalizeRedriveAllowPolicy },
  KmsMasterKeyId: { kind: 'text' },
  // New queues get SSE-SQS by default (AWS, since 2022). Nothing is encrypted at rest here: README.
  SqsManagedSseEnabled: { kind: 'boolean', default: true },
};

/** Attributes only FIFO queues have; on a standard queue AWS calls them unknown. */
const FIFO_ONLY: Readonly<Record<string, Rule>> = {
  FifoQueue: { kind: 'boolean', default: false },
  ContentBasedDeduplication: { kind: 'boolean', default: false },
  DeduplicationScope: { kind: 'enum', values: ['queue', 'messageGroup'], default: 'queue' },
  FifoThroughputLimit: { kind: 'enum', values: ['perQueue', 'perMessageGroupId'], default: 'perQueue' },
};

/** Read-only attributes GetQueueAttributes computes. */
const COMPUTED = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;
export type ComputedAttribute = (typeof COMPUTED)[number];

/** Every name GetQueueAttributes accepts for a standard queue, in the order `All` lists them. */
export const READABLE_ATTRIBUTES: readonly string[] = [...COMPUTED, ...Object.keys(COMMON)];
const FIFO_READABLE: readonly string[] = [...READABLE_ATTRIBUTES, ...Object.keys(FIFO_ONLY)];

export function isFifo(stored: Readonly<Record<string, string>>): boolean {
  return stored.FifoQueue === 'true';
}

function ruleFor(name: string, fifo: boolean): Rule | undefined {
  // Own entries only: `constructor` or `toString` found Object.prototype's members and was stored as
  // a known attribute (AWS: InvalidAttributeName, "Unknown Attribute constructor.").
  return own(COMMON, name) ?? (fifo ? own(FIFO_ONLY, name) : undefined);
}

/**
 * Validates attributes given to CreateQueue / SetQueueAttributes for a queue of the given type and
 * returns them as they will be stored. Unknown names → InvalidAttributeName; bad values →
 * InvalidAttributeValue. `FifoQueue` itself is decided by CreateQueue and never changes.
 */
export function validateSettableAttributes(given: Readonly<Record<string, string>> | undefined, fifo: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (!given) return out;
  for (const [name, raw] of Object.entries(given)) {
    const rule = ruleFor(name, fifo);
    if (!rule) {
      if (name === 'DeduplicationScope' || name === 'FifoThroughputLimit') {
        throw sqsErrors.invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
      }
      throw sqsErrors.unknownAttribute(name);
    }
    out[name] = checkValue(name, rule, String(raw));
  }
  if (fifo) {
    const scope = out.DeduplicationScope;
    // AWS: perMessageGroupId throughput needs messageGroup deduplication (high-throughput FIFO).
    if (out.FifoThroughputLimit === 'perMessageGroupId' && scope !== undefined && scope !== 'messageGroup') {
      throw sqsErrors.invalidAttributeValue('FifoThroughputLimit', 'The FifoThroughputLimit perMessageGroupId is only valid when DeduplicationScope is messageGroup.');
    }
  }
  return out;
}

function checkValue(name: string, rule: Rule, value: string): string {
  switch (rule.kind) {
    case 'integer': {
      const v = value.trim();
      if (!/^-?\d+$/.test(v)) throw sqsErrors.invalidAttributeValue(name);
      const n = Number(v);
      if (n < rule.min || n > rule.max) throw sqsErrors.invalidAttributeValue(name);
      return String(n);
    }
    case 'boolean': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw sqsErrors.invalidAttributeValue(name);
      return v;
    }
    case 'enum':
      if (!rule.values.includes(value)) throw sqsErrors.invalidAttributeValue(name);
      return value;
    case 'text':
      // GetQueueAttributes must be able to answer the value in XML: no U+0000, other controls or
      // lone surrogates (AWS's message for this case is [unverified]).
      if (hasInvalidCharacters(value)) throw sqsErrors.invalidAttributeValue(name);
      return rule.normalize ? rule.normalize(value) : value;
  }
}

function checkPolicy(value: string): string {
  if (value === '') return value;
  try {
    const policy = JSON.parse(value);
    if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) throw new Error('not an object');
  } catch {
    throw sqsErrors.invalidAttributeValue('Policy', 'Invalid JSON.');
  }
  if (Buffer.byteLength(value) > 8192) throw sqsErrors.invalidAttributeValue('Policy', 'Policy size exceeds the maximum of 8192 bytes.');
  // A structurally broken policy (no Statement, a bad Effect or Version, no Principal, …: shared/policy/validate.ts)
  // gets SQS's bare "Invalid value for the parameter Policy." (InvalidAttributeValue, 400) [AWS-recorded:
  // hashicorp/terraform-provider-aws#42209 wire log; terraform retries on exactly that text]. SQS gives no
  // reason for any class. A statement without Resource is refused too [AWS-observed: aws/aws-cdk#1675, "the
  // actual problem was that I had a missing Resource"]. A policy without Version is not refused: SetQueueAttributes
  // succeeds on AWS, though it then does not read back as set (hashicorp/terraform-provider-aws#29497, #24046;
  // what AWS keeps instead is not recorded, so the policy is kept as sent).
  if (policyProblem(value, { requireResource: true }) !== undefined) throw sqsErrors.invalidAttributeValue('Policy');
  return value;
}

/** The value an attribute has on a queue: the stored one, else AWS's default for that queue type. */
export function effectiveAttribute(stored: Readonly<Record<string, string>>, name: string): string | undefined {
  const v = own(stored, name);
  if (v !== undefined) return v;
  const rule = ruleFor(name, isFifo(stored));
  if (!rule || rule.kind === 'text') return undefined;
  // AWS reports the data key reuse period only for queues encrypted with a KMS key.
  if (name === 'KmsDataKeyReusePeriodSeconds' && !stored.KmsMasterKeyId) return undefined;
  return rule.default === undefined ? undefined : String(rule.default);
}

/**
 * CreateQueue on an existing name is idempotent only if every given attribute equals the queue's
 * current value (AWS compares the attributes the request names); returns the first that differs.
 */
export function firstDifferentAttribute(existing: Readonly<Record<string, string>>, requested: Readonly<Record<string, string>>): string | undefined {
  for (const [name, value] of Object.entries(requested)) {
    if ((effectiveAttribute(existing, name) ?? '') !== value) return name;
  }
  return undefined;
}

/** Typed view of the attributes the message path needs, parsed once per request. */
export interface QueueSettings {
  readonly fifo: boolean;
  readonly delaySeconds: number;
  readonly maximumMessageSize: number;
  readonly retentionMs: number;
  readonly receiveWaitSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  readonly contentBasedDeduplication: boolean;
  readonly deduplicationScope: 'queue' | 'messageGroup';
  readonly redrivePolicy: RedrivePolicy | undefined;
}

export function queueSettings(stored: Readonly<Record<string, string>>): QueueSettings {
  const int = (name: string) => Number(effectiveAttribute(stored, name));
  const redrive = stored.RedrivePolicy;
  return {
    fifo: isFifo(stored),
    delaySeconds: int('DelaySeconds'),
    maximumMessageSize: int('MaximumMessageSize'),
    retentionMs: int('MessageRetentionPeriod') * 1000,
    receiveWaitSeconds: int('ReceiveMessageWaitTimeSeconds'),
    visibilityTimeoutSeconds: int('VisibilityTimeout'),
    contentBasedDeduplication: stored.ContentBasedDeduplication === 'true',
    deduplicationScope: stored.DeduplicationScope === 'messageGroup' ? 'messageGroup' : 'queue',
    redrivePolicy: redrive ? (JSON.parse(redrive) as RedrivePolicy) : undefined,
  };
}

/**
 * Expands the names a GetQueueAttributes call asks for (`All` = every readable one of this queue
 * type); unknown names → InvalidAttributeName ("Unknown Attribute FifoQueue." on a standard queue).
 */
export function requestedAttributeNames(names: readonly string[] | undefined, fifo: boolean): string[] {
  if (!names || names.length === 0) return [];
  const readable = fifo ? FIFO_READABLE : READABLE_ATTRIBUTES;
  if (names.includes('All')) return [...readable];
  for (const n of names) if (!readable.includes(n)) throw sqsErrors.unknownAttribute(n);
  return [...new Set(names)];
}

export function isComputed(name: string): name is ComputedAttribute {
  return (COMPUTED as readonly string[]).includes(name);
}

/** Every queue attribute name AWS knows (ReceiveMessage's deprecated AttributeNames may carry them). */
export const ALL_QUEUE_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(['All', ...FIFO_READABLE]);
