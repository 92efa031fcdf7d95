import { controlStringToSign, isoTimestamp, notificationEnvelope, notificationStringToSign, controlEnvelope, unsubscribeUrl, type SignatureFields } from '../domain/envelope.js';
import { messageFor, type Publication } from '../domain/publication.js';
import type { SnsStore } from '../store.js';
import { setOwn } from '../../shared/own.js';
import type { DeliveryJob, DeliveryResult } from './job.js';
import type { Log } from '../../../runtime/logger.js';
import { CONFIRMATION_SUBJECT, UNSUBSCRIBE_SUBJECT } from './email-message.js';

/**
 * Email, email-json, SMS, mobile-push, Lambda and Firehose "delivery": Switchyard sends no mail,
 * text or push and runs no function or delivery stream; it records what it would send
 * (store.recordDelivery), readable through GET /_switchyard/sns/recorded — never a silent success
 * that drops the message. With an SMTP server (--sns-smtp-url), email and email-json are sent
 * instead (email.ts), and recorded the same way with the outcome (`status`); with a Lambda-compatible
 * server (--lambda-endpoint), lambda deliveries invoke the function (lambda.ts), recorded alike.
 *
 * What is recorded, per protocol (JSON `payload`):
 *   email       { type, subject, message, unsubscribeURL }   (control messages: subscribeURL, token)
 *   email-json  { type, body }   the signed JSON document AWS mails (same as HTTP's)
 *   sms         { type, message }   the `sms` entry of a MessageStructure=json message, else default
 *   application { type, message, platform }   the platform's entry (GCM, APNS …), else default
 *   lambda      { type, event }   the invocation event, `{ Records: [{ EventSource: "aws:sns", … Sns }] }`
 *   firehose    { type, record }   the record put to the delivery stream: the unsigned JSON
 *               notification, or with RawMessageDelivery the message alone (no attributes)
 */
export type Sign = (stringToSign: string, version: '1' | '2', region: string) => Promise<SignatureFields>;

export const RECORDED_PROTOCOLS = ['email', 'email-json', 'sms', 'application', 'lambda', 'firehose'] as const;

/** The platform of an endpoint ARN `arn:aws:sns:region:account:endpoint/<PLATFORM>/<app>/<id>`. */
export function platformOf(endpointArn: string): string {
  return endpointArn.split(':')[5]?.split('/')[1] ?? '';
}

export async function recordedPayload(p: Publication, protocol: string, endpoint: string, subscriptionArn: string | null, sign: Sign, raw = false): Promise<Record<string, unknown>> {
  const region = p.topicArn.split(':')[3] ?? 'us-east-1';
  const type = p.control?.type ?? 'Notification';
  if (protocol === 'email-json') {
    const body = p.control
      ? controlEnvelope(p, await sign(controlStringToSign(p), p.signatureVersion, region))
      : notificationEnvelope(p, { subscriptionArn: subscriptionArn ?? '', protocol, signature: await sign(notificationStringToSign(p, messageFor(p, protocol)), p.signatureVersion, region) });
    return { type, body };
  }
  if (protocol === 'email') {
    if (p.control) {
      const subject = p.control.type === 'SubscriptionConfirmation' ? CONFIRMATION_SUBJECT : UNSUBSCRIBE_SUBJECT;
      return { type, subject, message: p.message, subscribeURL: p.control.subscribeUrl, token: p.control.token };
    }
    return { type, subject: p.subject ?? 'AWS Notification Message', message: messageFor(p, protocol), unsubscribeURL: unsubscribeUrl(p.baseUrl, subscriptionArn ?? '') };
  }
  if (protocol === 'lambda') return { type, event: lambdaEvent(p, subscriptionArn ?? '', await sign(notificationStringToSign(p, messageFor(p, protocol)), p.signatureVersion, region)) };
  if (protocol === 'firehose') return { type, record: raw ? messageFor(p, protocol) : firehoseRecord(p, subscriptionArn ?? '') };
  if (protocol === 'application') {
    const platform = platformOf(endpoint);
    return { type, platform, message: messageFor(p, platform), attributes: p.attributes };
  }
  return { type, message: messageFor(p, protocol), attributes: p.attributes };
}

/**
 * The event Lambda is invoked with [AWS Lambda docs, "Using Lambda with Amazon SNS"]: one record,
 * Subject null when there is none, the URLs spelt `SigningCertUrl` / `UnsubscribeUrl`.
 */
function lambdaEvent(p: Publication, subscriptionArn: string, signature: SignatureFields) {
  const attributes: Record<string, { Type: string; Value: string }> = {};
  for (const [k, a] of Object.entries(p.attributes ?? {})) setOwn(attributes, k, { Type: a.Type, Value: a.Value });
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: p.messageId,
          TopicArn: p.topicArn,
          Subject: p.subject ?? null,
          Message: messageFor(p, 'lambda'),
          Timestamp: isoTimestamp(p.timestamp),
          SignatureVersion: signature.SignatureVersion,
          Signature: signature.Signature,
          SigningCertUrl: signature.SigningCertURL,
          UnsubscribeUrl: unsubscribeUrl(p.baseUrl, subscriptionArn),
          MessageAttributes: attributes,
        },
      },
    ],
  };
}

/**
 * A notification as Firehose receives it (and writes it to S3, one per line) [AWS SNS docs,
 * "Formatting Amazon SNS notifications for storage in Amazon S3 destinations"]: compact JSON
 * with no signature fields.
 */
function firehoseRecord(p: Publication, subscriptionArn: string): string {
  const attributes = Object.entries(p.attributes ?? {});
  return JSON.stringify({
    Type: 'Notification',
    MessageId: p.messageId,
    TopicArn: p.topicArn,
    Subject: p.subject,
    Message: messageFor(p, 'firehose'),
    Timestamp: isoTimestamp(p.timestamp),
    UnsubscribeURL: unsubscribeUrl(p.baseUrl, subscriptionArn),
    MessageAttributes: attributes.length > 0 ? Object.fromEntries(attributes.map(([k, a]) => [k, { Type: a.Type, Value: a.Value }])) : undefined,
  });
}

/**
 * Records a delivery that was really made (e-mail, Lambda) with its outcome once it is final:
 * `status` "sent" or "failed" and details. A failed write is logged, not thrown: the delivery's
 * fate is decided, and a lost record must not make it be made again.
 */
export function recordOutcome(store: Pick<SnsStore, 'recordDelivery'>, job: DeliveryJob, payload: Record<string, unknown>, outcome: Record<string, string | number>, now: number, log: Log): Promise<void> {
  const p = job.publication;
  const subscriptionArn = job.delivery.subscriptionArn;
  return store
    .recordDelivery({
      deliveryKey: `${subscriptionArn}\n${p.messageId}`,
      protocol: job.target.protocol,
      endpoint: job.target.endpoint,
      messageId: p.messageId,
      subscriptionArn,
      topicArn: p.topicArn,
      payload: JSON.stringify({ ...payload, timestamp: isoTimestamp(p.timestamp), ...outcome }),
      recordedAt: now,
    })
    .catch((e: unknown) => log('warn', `sns: recording a ${job.target.protocol} delivery failed`, { subscription: subscriptionArn, messageId: p.messageId, error: String(e) }));
}

export function recorderDelivery(store: SnsStore, now: () => number, sign: Sign) {
  return async (job: DeliveryJob): Promise<DeliveryResult> => {
    const p = job.publication;
    const payload = await recordedPayload(p, job.target.protocol, job.target.endpoint, job.delivery.subscriptionArn, sign, job.target.raw);
    await store.recordDelivery({
      deliveryKey: `${job.delivery.subscriptionArn}\n${p.messageId}`,
      protocol: job.target.protocol,
      endpoint: job.target.endpoint,
      messageId: p.messageId,
      subscriptionArn: job.delivery.subscriptionArn,
      topicArn: p.topicArn,
      payload: JSON.stringify({ ...payload, timestamp: isoTimestamp(p.timestamp) }),
      recordedAt: now(),
    });
    return { ok: true };
  };
}
