import { sqsErrors } from '../errors.js';

/**
 * Queue attributes: which can be set, their ranges and defaults, and what GetQueueAttributes
 * reports. Stored attributes are AWS's strings; `QueueSettings` is their parsed, typed view.
 */

interface IntegerRule {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
  readonly default: number;
}
interface FreeRule {
  readonly kind: 'text';
  /** Validates and returns the value to store (e.g. canonical JSON), or throws. */
  readonly check?: (value: string) => string;
}
interface BooleanRule {
  readonly kind: 'boolean';
  readonly default?: boolean;
}
type Rule = IntegerRule | FreeRule | BooleanRule;

const integer = (min: number, max: number, dflt: number): IntegerRule => ({ kind: 'integer', min, max, default: dflt });

/** Attributes CreateQueue and SetQueueAttributes accept on standard queues. */
const SETTABLE: Readonly<Record<string, Rule>> = {
  DelaySeconds: integer(0, 900, 0),
  MaximumMessageSize: integer(1024, 1_048_576, 1_048_576),
  MessageRetentionPeriod: integer(60, 1_209_600, 345_600),
  ReceiveMessageWaitTimeSeconds: integer(0, 20, 0),
  VisibilityTimeout: integer(0, 43_200, 30),
  KmsDataKeyReusePeriodSeconds: integer(60, 86_400, 300),
  Policy: { kind: 'text', check: checkJson('Policy') },
  RedrivePolicy: { kind: 'text', check: checkJson('RedrivePolicy') },
  RedriveAllowPolicy: { kind: 'text', check: checkJson('RedriveAllowPolicy') },
  KmsMasterKeyId: { kind: 'text' },
  // New queues get SSE-SQS by default (AWS, since 2022). Nothing is encrypted at rest here: README.
  SqsManagedSseEnabled: { kind: 'boolean', default: true },
};

/** FIFO-only attributes (FIFO queues are a later issue; accepted only to reject them clearly). */
const FIFO_ONLY = new Set(['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

/** Read-only attributes GetQueueAttributes computes. */
const COMPUTED = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

/** Every name GetQueueAttributes accepts for a standard queue, in the order `All` lists them. */
export const READABLE_ATTRIBUTES: readonly string[] = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
];
// On a standard queue AWS answers "Unknown Attribute FifoQueue." for FIFO-only names.
const READABLE = new Set(READABLE_ATTRIBUTES);

export type ComputedAttribute = (typeof COMPUTED)[number];

function checkJson(name: string) {
  return (value: string): string => {
    if (value === '') return value;
    try {
      JSON.parse(value);
    } catch {
      throw sqsErrors.invalidAttributeValue(name, 'Invalid JSON.');
    }
    return value;
  };
}

/**
 * Validates attributes given to CreateQueue / SetQueueAttributes and returns them as they will be
 * stored. Unknown names → InvalidAttributeName; bad values → InvalidAttributeValue.
 */
export function validateSettableAttributes(given: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!given) return out;
  for (const [name, raw] of Object.entries(given)) {
    const rule = SETTABLE[name];
    if (!rule) {
      if (FIFO_ONLY.has(name)) {
        if (name === 'FifoQueue' && raw === 'false') continue; // an explicit standard queue
        throw sqsErrors.unsupported(`FIFO queues are not supported by Switchyard yet (attribute ${name}).`);
      }
      throw sqsErrors.unknownAttribute(name);
    }
    out[name] = checkValue(name, rule, String(raw));
  }
  return out;
}

function checkValue(name: string, rule: Rule, value: string): string {
  switch (rule.kind) {
    case 'integer': {
      if (!/^-?\d+$/.test(value.trim())) throw sqsErrors.invalidAttributeValue(name);
      const n = Number(value.trim());
      if (n < rule.min || n > rule.max) throw sqsErrors.invalidAttributeValue(name);
      return String(n);
    }
    case 'boolean': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw sqsErrors.invalidAttributeValue(name);
      return v;
    }
    case 'text':
      return rule.check ? rule.check(value) : value;
  }
}

/** The value an attribute has on a queue: the stored one, else AWS's default. */
export function effectiveAttribute(stored: Readonly<Record<string, string>>, name: string): string | undefined {
  const v = stored[name];
  if (v !== undefined) return v;
  const rule = SETTABLE[name];
  if (rule?.kind === 'integer') return String(rule.default);
  if (rule?.kind === 'boolean' && rule.default !== undefined) return String(rule.default);
  return undefined;
}

/**
 * CreateQueue on an existing name is idempotent only if every given attribute equals the queue's
 * current value (AWS compares the attributes the request names); returns the first that differs.
 */
export function firstDifferentAttribute(
  existing: Readonly<Record<string, string>>,
  requested: Readonly<Record<string, string>>,
): string | undefined {
  for (const [name, value] of Object.entries(requested)) {
    if ((effectiveAttribute(existing, name) ?? '') !== value) return name;
  }
  return undefined;
}

/** Typed view of the attributes the message path needs, parsed once per request. */
export interface QueueSettings {
  readonly delaySeconds: number;
  readonly maximumMessageSize: number;
  readonly retentionMs: number;
  readonly receiveWaitSeconds: number;
  readonly visibilityTimeoutSeconds: number;
}

export function queueSettings(stored: Readonly<Record<string, string>>): QueueSettings {
  const int = (name: string) => Number(effectiveAttribute(stored, name));
  return {
    delaySeconds: int('DelaySeconds'),
    maximumMessageSize: int('MaximumMessageSize'),
    retentionMs: int('MessageRetentionPeriod') * 1000,
    receiveWaitSeconds: int('ReceiveMessageWaitTimeSeconds'),
    visibilityTimeoutSeconds: int('VisibilityTimeout'),
  };
}

/**
 * Expands the names a GetQueueAttributes call asks for (`All` = every readable one); unknown names
 * → InvalidAttributeName. Returns the distinct names in a stable order.
 */
export function requestedAttributeNames(names: readonly string[] | undefined): string[] {
  if (!names || names.length === 0) return [];
  if (names.includes('All')) return [...READABLE_ATTRIBUTES];
  for (const n of names) if (!READABLE.has(n)) throw sqsErrors.unknownAttribute(n);
  return [...new Set(names)];
}

export function isComputed(name: string): name is ComputedAttribute {
  return (COMPUTED as readonly string[]).includes(name);
}
