import { controlStringToSign, isoTimestamp, notificationEnvelope, notificationStringToSign, controlEnvelope, unsubscribeUrl, type SignatureFields } from '../domain/envelope.js';
import { messageFor, type Publication } from '../domain/publication.js';
import type { SnsStore } from '../store.js';
import type { DeliveryJob, DeliveryResult } from './job.js';

/**
 * Email, email-json, SMS and mobile-push "delivery": Switchyard sends no mail, text or push; it
 * records what it would send (store.recordDelivery), readable through
 * GET /_switchyard/sns/recorded — never a silent success that drops the message.
 *
 * What is recorded, per protocol (JSON `payload`):
 *   email       { type, subject, message, unsubscribeURL }   (control messages: subscribeURL, token)
 *   email-json  { type, body }   the signed JSON document AWS mails (same as HTTP's)
 *   sms         { type, message }   the `sms` entry of a MessageStructure=json message, else default
 *   application { type, message, platform }   the platform's entry (GCM, APNS …), else default
 */
export type Sign = (stringToSign: string, version: '1' | '2', region: string) => Promise<SignatureFields>;

export const RECORDED_PROTOCOLS = ['email', 'email-json', 'sms', 'application'] as const;

/** The platform of an endpoint ARN `arn:aws:sns:region:account:endpoint/<PLATFORM>/<app>/<id>`. */
export function platformOf(endpointArn: string): string {
  return endpointArn.split(':')[5]?.split('/')[1] ?? '';
}

export async function recordedPayload(p: Publication, protocol: string, endpoint: string, subscriptionArn: string | null, sign: Sign): Promise<Record<string, unknown>> {
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
      const subject = p.control.type === 'SubscriptionConfirmation' ? 'AWS Notification - Subscription Confirmation' : 'AWS Notification - Unsubscribe Confirmation'; // [unverified]
      return { type, subject, message: p.message, subscribeURL: p.control.subscribeUrl, token: p.control.token };
    }
    return { type, subject: p.subject ?? 'AWS Notification Message', message: messageFor(p, protocol), unsubscribeURL: unsubscribeUrl(p.baseUrl, subscriptionArn ?? '') };
  }
  if (protocol === 'application') {
    const platform = platformOf(endpoint);
    return { type, platform, message: messageFor(p, platform), attributes: p.attributes };
  }
  return { type, message: messageFor(p, protocol), attributes: p.attributes };
}

export function recorderDelivery(store: SnsStore, now: () => number, sign: Sign) {
  return async (job: DeliveryJob): Promise<DeliveryResult> => {
    const p = job.publication;
    const payload = await recordedPayload(p, job.target.protocol, job.target.endpoint, job.delivery.subscriptionArn, sign);
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
