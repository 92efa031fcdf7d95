import type { MessageAttributeValue, SendMessageRequest } from '@aws-sdk/client-sqs';
import { isServiceError } from '../../shared/errors.js';
import { setOwn } from '../../shared/own.js';
import type { Handler, RequestContext } from '../../shared/service.js';
import { parseQueueArn } from '../domain/arn.js';
import { notificationEnvelope, notificationStringToSign, type SignatureFields } from '../domain/envelope.js';
import { messageFor, type Publication } from '../domain/publication.js';
import { sequenceNumber } from '../domain/sequence-number.js';
import type { DeliveryJob, DeliveryResult } from './job.js';

/**
 * Delivery to SQS queues, by calling the SQS service's SendMessage handler in-process (never over
 * HTTP, never through the SQS store: ARCHITECTURE §1), in the queue owner's account, as the
 * service principal sns.amazonaws.com for the topic: with --enforce-policies the queue's policy
 * must allow it, as on AWS, even in the same account ("Allow Amazon SNS to send messages to an
 * Amazon SQS queue"); a refusal (AccessDenied) fails the delivery for good, and the message goes to
 * the subscription's dead-letter queue, whose policy must allow SNS too.
 *
 * What AWS puts in the queue (AWS-WIRE §2.2): the JSON envelope as the body, or with
 * RawMessageDelivery the message itself plus the SNS message attributes as SQS message
 * attributes (String.Array becomes String; more than 10 attributes cannot be delivered). A FIFO
 * queue gets the message group and deduplication id (so a delivery repeated after a crash is
 * deduplicated by the queue); a standard queue gets the message group only (fair queues).
 */

/** The in-process SQS operations SNS needs. */
export interface SqsGateway {
  readonly handlers: Readonly<Record<string, Handler>>;
}

/** SQS errors that repeating the same send cannot fix: AWS's "client-side" delivery errors. */
const PERMANENT = new Set([
  'QueueDoesNotExist', 'InvalidAddress', 'InvalidSecurity', 'AccessDeniedException', 'UnsupportedOperation',
  'InvalidParameterValueException', 'InvalidMessageContents', 'InvalidAttributeName', 'InvalidAttributeValue',
  'MissingRequiredParameterException', 'KmsAccessDenied', 'KmsDisabled', 'KmsInvalidKeyUsage', 'KmsInvalidState',
  'KmsNotFound', 'KmsOptInRequired',
]);

const MAX_RAW_ATTRIBUTES = 10;
const NEVER = new AbortController().signal;

export interface SqsPayload {
  readonly body: string;
  readonly attributes?: Record<string, MessageAttributeValue>;
  readonly groupId?: string;
  readonly dedupId?: string;
  /** The publisher's trace header (Publication.traceHeader), kept by SQS as AWSTraceHeader. */
  readonly traceHeader?: string;
}

/** A message's delivery to one queue: the subscription it is for and how it receives. */
export interface QueueDelivery {
  readonly subscriptionArn: string;
  readonly raw: boolean;
  /** FIFO topics: the message's sequence number (the outbox's seq). */
  readonly messageSeq?: number;
}

/** What a queue receives for a delivery, or why it cannot receive it. */
export function sqsPayload(p: Publication, d: QueueDelivery, signature: SignatureFields | undefined): SqsPayload | { error: string } {
  const base = { groupId: p.groupId, dedupId: p.dedupId, traceHeader: p.traceHeader };
  if (!d.raw) {
    const body = notificationEnvelope(p, {
      subscriptionArn: d.subscriptionArn,
      protocol: 'sqs',
      signature,
      // A replayed message keeps the SequenceNumber it was published with (archive.ts) [unverified: AWS docs name MessageId and Timestamp].
      sequenceNumber: p.fifo && d.messageSeq !== undefined ? sequenceNumber(p.replay?.seq ?? d.messageSeq) : undefined,
    });
    return { ...base, body };
  }
  const entries = Object.entries(p.attributes ?? {});
  if (entries.length > MAX_RAW_ATTRIBUTES) return { error: `InvalidParameterValue: ${entries.length} message attributes, at most ${MAX_RAW_ATTRIBUTES} can be delivered raw to SQS` };
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, a] of entries) {
    if (a.Type.startsWith('Binary')) setOwn(attributes, name, { DataType: a.Type, BinaryValue: Buffer.from(a.Value, 'base64') });
    else setOwn(attributes, name, { DataType: a.Type === 'String.Array' ? 'String' : a.Type, StringValue: a.Value });
  }
  return { ...base, body: messageFor(p, 'sqs'), attributes: entries.length > 0 ? attributes : undefined };
}

/** The string a standard topic's signature covers for an SQS delivery. */
export function sqsStringToSign(p: Publication): string {
  return notificationStringToSign(p, messageFor(p, 'sqs'));
}

export async function sendToQueue(sqs: SqsGateway, queueArn: string, payload: SqsPayload, requestId: string, topicArn: string): Promise<DeliveryResult> {
  const q = parseQueueArn(queueArn);
  if (!q) return { ok: false, permanent: true, error: `InvalidAddress: ${queueArn} is not an SQS queue ARN` };
  const fifo = q.name.endsWith('.fifo');
  if (fifo && payload.groupId === undefined) return { ok: false, permanent: true, error: 'MissingParameter: a FIFO queue needs a MessageGroupId' };
  const input: SendMessageRequest = {
    // SQS finds a queue by the account and name in the URL's path; the host is not used.
    QueueUrl: `https://sqs.${q.region}.amazonaws.com/${q.accountId}/${q.name}`,
    MessageBody: payload.body,
    MessageAttributes: payload.attributes,
    MessageGroupId: payload.groupId,
    MessageDeduplicationId: fifo ? payload.dedupId : undefined,
  };
  const ctx: RequestContext = {
    requestId,
    accountId: q.accountId,
    region: q.region,
    baseUrl: `https://sqs.${q.region}.amazonaws.com`,
    signal: NEVER,
    traceHeader: payload.traceHeader,
    servicePrincipal: { service: 'sns.amazonaws.com', sourceArn: topicArn, sourceAccount: topicArn.split(':')[4] ?? '' },
  };
  const send = sqs.handlers.SendMessage;
  if (!send) return { ok: false, permanent: false, error: 'the SQS service has no SendMessage handler' };
  try {
    await send(input, ctx);
    return { ok: true };
  } catch (e) {
    if (isServiceError(e)) return { ok: false, permanent: PERMANENT.has(e.shape), error: `${e.shape}: ${e.message}` };
    return { ok: false, permanent: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Whether a delivery's envelope carries a signature: standard topics sign, FIFO topics and raw delivery do not. */
const signed = (p: Publication, raw: boolean): boolean => !p.fifo && !raw;

/**
 * The SQS protocol handler, the dead-letter sender every protocol uses (dead-letter queues are
 * SQS queues), and the immediate fan-out of a standard topic's publish to its queues (fan-out.ts).
 * A message's signature is computed once and shared by its SQS deliveries.
 */
export function sqsDelivery(sqs: SqsGateway, sign: (p: Publication) => Promise<SignatureFields>, requestId: () => string) {
  const signatures = new Map<number, Promise<SignatureFields>>();
  const signatureOf = (job: DeliveryJob): Promise<SignatureFields> => {
    let s = signatures.get(job.delivery.messageSeq);
    if (!s) {
      s = sign(job.publication);
      s.catch(() => signatures.delete(job.delivery.messageSeq));
      if (signatures.size >= 1_000) signatures.delete(signatures.keys().next().value!);
      signatures.set(job.delivery.messageSeq, s);
    }
    return s;
  };
  const sendPayload = (p: Publication, d: QueueDelivery, signature: SignatureFields | undefined, queueArn: string): Promise<DeliveryResult> => {
    const payload = sqsPayload(p, d, signature);
    if ('error' in payload) return Promise.resolve({ ok: false, permanent: true, error: payload.error });
    return sendToQueue(sqs, queueArn, payload, requestId(), p.topicArn);
  };
  const send = async (job: DeliveryJob, queueArn: string): Promise<DeliveryResult> => {
    const p = job.publication;
    const d: QueueDelivery = { subscriptionArn: job.delivery.subscriptionArn, raw: job.target.raw, messageSeq: job.delivery.messageSeq };
    return sendPayload(p, d, signed(p, d.raw) ? await signatureOf(job) : undefined, queueArn);
  };
  return {
    deliver: (job: DeliveryJob) => send(job, job.target.endpoint),
    /** The message the subscription would have received, to its RedrivePolicy's queue [AWS-recorded: no extra attributes]. */
    deadLetter: (job: DeliveryJob, queueArn: string) => send(job, queueArn),
    /** One attempt per queue, at once and concurrently, with one signature for them all. */
    deliverNow: async (p: Publication, deliveries: readonly (QueueDelivery & { readonly queueArn: string })[]): Promise<DeliveryResult[]> => {
      const signature = deliveries.some((d) => signed(p, d.raw)) ? await sign(p).catch((e: unknown) => e as Error) : undefined;
      if (signature instanceof Error) return deliveries.map(() => ({ ok: false, permanent: false, error: `signing failed: ${signature.message}` }));
      return Promise.all(deliveries.map((d) => sendPayload(p, d, signed(p, d.raw) ? signature : undefined, d.queueArn)));
    },
  };
}
