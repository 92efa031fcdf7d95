/**
 * Which operations an audit log records, and how: AWS CloudTrail's classification of the SQS, SNS
 * and Kinesis operations, and the parts of a record that depend on the operation (its request
 * parameters with message contents hidden, the resource it names, the response elements of a create).
 *
 * CloudTrail's split, from each service's "Logging … API calls using AWS CloudTrail" page:
 *   - data events (high volume, off unless asked for): SQS SendMessage(Batch), ReceiveMessage,
 *     DeleteMessage(Batch), ChangeMessageVisibility(Batch); SNS Publish, PublishBatch; Kinesis
 *     PutRecord(s), GetRecords, GetShardIterator, SubscribeToShard;
 *   - management events: everything else, read-only ones (List*, Get*, Describe*) included;
 *   - not logged at all: SNS ConfirmSubscription and Unsubscribe made without signing in (the
 *     links in a confirmation message or a delivered notification).
 */
import type { Shape, StructureShape } from '../protocol/index.js';
import { setOwn } from '../services/shared/own.js';

export type EventCategory = 'Management' | 'Data';

const DATA_EVENTS: Readonly<Record<string, ReadonlySet<string>>> = {
  sqs: new Set(['SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage', 'DeleteMessageBatch', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch']),
  sns: new Set(['Publish', 'PublishBatch']),
  kinesis: new Set(['PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator', 'SubscribeToShard']),
};

/** Reads that are not named List/Get/Describe/Check…: they change nothing the account owns. */
const ALSO_READ_ONLY = new Set(['ReceiveMessage', 'SubscribeToShard']);

/** Operations whose response elements a record keeps: they create something and answer with its URL or ARN. */
const CREATES: Readonly<Record<string, ReadonlySet<string>>> = {
  sqs: new Set(['CreateQueue']),
  sns: new Set(['CreateTopic', 'Subscribe', 'ConfirmSubscription', 'CreatePlatformApplication', 'CreatePlatformEndpoint']),
  kinesis: new Set(['CreateStream', 'RegisterStreamConsumer']),
};

/**
 * Members (and map keys) never written to the log: message contents and secrets. CloudTrail shows
 * an SQS message body as this marker; blobs (Kinesis record data, binary attributes) are hidden too.
 */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const HIDDEN_MEMBERS: Readonly<Record<string, ReadonlySet<string>>> = {
  sqs: new Set(['MessageBody', 'MessageAttributes', 'MessageSystemAttributes']),
  // Token: a subscription's confirmation token or a device token; PlatformCredential and
  // PlatformPrincipal: a push platform's keys (platform application attributes).
  sns: new Set(['Message', 'Subject', 'MessageAttributes', 'Token', 'PlatformCredential', 'PlatformPrincipal']),
  kinesis: new Set(['Data']),
  // An MFA device's one-time code (AssumeRole, GetSessionToken).
  sts: new Set(['TokenCode']),
};
const NOTHING: ReadonlySet<string> = new Set();

export function eventCategory(service: string, operation: string): EventCategory {
  return DATA_EVENTS[service]?.has(operation) ? 'Data' : 'Management';
}

export function isReadOnly(operation: string): boolean {
  return /^(List|Get|Describe|Check)/.test(operation) || ALSO_READ_ONLY.has(operation);
}

/** SNS ConfirmSubscription and Unsubscribe made without a signature: CloudTrail does not log them. */
export function isUnloggedAnonymousCall(service: string, operation: string, accessKeyId: string | undefined): boolean {
  return accessKeyId === undefined && service === 'sns' && (operation === 'ConfirmSubscription' || operation === 'Unsubscribe');
}

export function keepsResponse(service: string, operation: string): boolean {
  return CREATES[service]?.has(operation) === true;
}

/**
 * A request or response in CloudTrail's form: member names with their first letter lower-cased
 * (`QueueUrl` → `queueUrl`, `MD5OfMessageBody` → `mD5OfMessageBody`), map keys as they are, blobs
 * and hidden members replaced by HIDDEN, timestamps as ISO text, credentials in URLs (an HTTP
 * subscription's `https://user:password@host`) masked.
 */
export function cloudTrailForm(service: string, shape: StructureShape | undefined, value: unknown): unknown {
  if (shape === undefined || value === undefined || value === null) return null;
  return convert(shape, value, HIDDEN_MEMBERS[service] ?? NOTHING);
}

function convert(shape: Shape, value: unknown, hidden: ReadonlySet<string>): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (shape.eventStream === true) return undefined;
      const out: Record<string, unknown> = {};
      const v = value as Record<string, unknown>;
      for (const name in v) {
        const member = shape.members[name];
        if (member === undefined || v[name] === undefined || v[name] === null) continue;
        out[name.charAt(0).toLowerCase() + name.slice(1)] = hidden.has(name) ? HIDDEN : convert(member.shape, v[name], hidden);
      }
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      const v = value as Record<string, unknown>;
      for (const key in v) setOwn(out, key, hidden.has(key) ? HIDDEN : convert(shape.value, v[key], hidden)); // a `__proto__` key stays an entry
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => convert(shape.member, item, hidden));
    case 'blob':
      return HIDDEN;
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : value;
    case 'string':
      return typeof value === 'string' && value.includes('@') ? maskUrlPassword(value) : value;
    default:
      return value;
  }
}

/** `scheme://user:password@host…` → `scheme://user:****@host…`; anything else unchanged. */
export function maskUrlPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, '$1:****@');
}

/** The resource a request names, as CloudTrail's `resources` entry: its ARN, type and owner. */
export interface NamedResource {
  readonly ARN: string;
  readonly accountId: string;
  readonly type: string;
}

/**
 * The queue, topic, stream or consumer a request is about, from its input: an SQS queue URL
 * (`…/<account>/<name>`), an SNS topic ARN, a Kinesis stream ARN or name, a consumer ARN. Names
 * without an account (CreateQueue, a stream name) belong to the caller.
 */
export function namedResource(service: string, input: Record<string, unknown> | undefined, region: string, callerAccount: string | undefined): NamedResource | undefined {
  if (input === undefined) return undefined;
  const text = (k: string): string | undefined => (typeof input[k] === 'string' && input[k] !== '' ? (input[k] as string) : undefined);
  if (service === 'sqs') {
    const url = text('QueueUrl');
    if (url !== undefined) {
      const m = /\/(\d{12})\/([^/?#]+)\/?$/.exec(url);
      return m ? { ARN: `arn:aws:sqs:${region}:${m[1]}:${m[2]}`, accountId: m[1]!, type: 'AWS::SQS::Queue' } : undefined;
    }
    const name = text('QueueName');
    return name !== undefined && callerAccount !== undefined ? { ARN: `arn:aws:sqs:${region}:${callerAccount}:${name}`, accountId: callerAccount, type: 'AWS::SQS::Queue' } : undefined;
  }
  if (service === 'sns') return fromArn(text('TopicArn'), 'AWS::SNS::Topic');
  if (service === 'kinesis') {
    const consumer = fromArn(text('ConsumerARN'), 'AWS::Kinesis::StreamConsumer');
    if (consumer !== undefined) return consumer;
    const stream = fromArn(text('StreamARN'), 'AWS::Kinesis::Stream');
    if (stream !== undefined) return stream;
    const name = text('StreamName');
    return name !== undefined && callerAccount !== undefined ? { ARN: `arn:aws:kinesis:${region}:${callerAccount}:stream/${name}`, accountId: callerAccount, type: 'AWS::Kinesis::Stream' } : undefined;
  }
  return undefined;
}

function fromArn(arn: string | undefined, type: string): NamedResource | undefined {
  const account = arn?.split(':')[4];
  return arn !== undefined && account !== undefined && /^\d{12}$/.test(account) ? { ARN: arn, accountId: account, type } : undefined;
}
