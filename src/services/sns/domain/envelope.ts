import { messageFor, type Publication } from './publication.js';

/**
 * The JSON document SNS delivers for a notification (the SQS message body unless raw delivery;
 * the HTTP POST body), exactly as AWS writes it (AWS-WIRE §2.2): keys in AWS's order, pretty-
 * printed with `" : "` and two-space indents, attribute objects compact on one line
 * [AWS-recorded key order]. Standard topics carry the signature fields; FIFO topics carry
 * SequenceNumber after MessageId and no signature [AWS-recorded, test_message_to_fifo_sqs 2025].
 */

export interface SignatureFields {
  readonly SignatureVersion: '1' | '2';
  readonly Signature: string;
  readonly SigningCertURL: string;
}

/** ISO-8601 UTC with milliseconds, as the envelope's Timestamp. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

export function unsubscribeUrl(baseUrl: string, subscriptionArn: string): string {
  return `${baseUrl}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
}

/** The fields a Notification signature covers, in the order the string to sign lists them (AWS-WIRE §2.3). */
export function notificationStringToSign(p: Publication, message: string): string {
  let s = `Message\n${message}\nMessageId\n${p.messageId}\n`;
  if (p.subject !== undefined) s += `Subject\n${p.subject}\n`;
  return `${s}Timestamp\n${isoTimestamp(p.timestamp)}\nTopicArn\n${p.topicArn}\nType\nNotification\n`;
}

export interface EnvelopeOptions {
  readonly subscriptionArn: string;
  /** The protocol the message is for (MessageStructure=json picks its entry). */
  readonly protocol: string;
  /** Standard topics: the signature of `notificationStringToSign`. */
  readonly signature?: SignatureFields;
  /** FIFO topics: the message's SequenceNumber. */
  readonly sequenceNumber?: string;
}

export function notificationEnvelope(p: Publication, o: EnvelopeOptions): string {
  const fields: [string, string][] = [
    ['Type', 'Notification'],
    ['MessageId', p.messageId],
  ];
  if (o.sequenceNumber !== undefined) fields.push(['SequenceNumber', o.sequenceNumber]);
  fields.push(['TopicArn', p.topicArn]);
  if (p.subject !== undefined) fields.push(['Subject', p.subject]);
  fields.push(['Message', messageFor(p, o.protocol)], ['Timestamp', isoTimestamp(p.timestamp)]);
  if (o.signature) {
    fields.push(['SignatureVersion', o.signature.SignatureVersion], ['Signature', o.signature.Signature], ['SigningCertURL', o.signature.SigningCertURL]);
  }
  fields.push(['UnsubscribeURL', unsubscribeUrl(p.baseUrl, o.subscriptionArn)]);
  const lines = fields.map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`);
  // A replayed message: AWS adds "the boolean attribute Replayed" [AWS docs; its place in the envelope unverified].
  if (p.replay) lines.push('  "Replayed" : true');
  if (p.attributes && Object.keys(p.attributes).length > 0) {
    const attrs = Object.entries(p.attributes).map(([k, a]) => `    ${JSON.stringify(k)} : ${JSON.stringify({ Type: a.Type, Value: a.Value })}`);
    lines.push(`  "MessageAttributes" : {\n${attrs.join(',\n')}\n  }`);
  }
  return `{\n${lines.join(',\n')}\n}`;
}

/** A control message's string to sign (AWS-WIRE §2.3): Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type. */
export function controlStringToSign(p: Publication): string {
  const c = p.control!;
  return `Message\n${p.message}\nMessageId\n${p.messageId}\nSubscribeURL\n${c.subscribeUrl}\nTimestamp\n${isoTimestamp(p.timestamp)}\nToken\n${c.token}\nTopicArn\n${p.topicArn}\nType\n${c.type}\n`;
}

/**
 * SubscriptionConfirmation / UnsubscribeConfirmation as AWS posts them (AWS-WIRE §2.4), keys in
 * AWS's order: Type, MessageId, Token, TopicArn, Message, SubscribeURL, Timestamp, SignatureVersion,
 * Signature, SigningCertURL.
 */
export function controlEnvelope(p: Publication, signature: SignatureFields): string {
  const c = p.control!;
  const fields: [string, string][] = [
    ['Type', c.type],
    ['MessageId', p.messageId],
    ['Token', c.token],
    ['TopicArn', p.topicArn],
    ['Message', p.message],
    ['SubscribeURL', c.subscribeUrl],
    ['Timestamp', isoTimestamp(p.timestamp)],
    ['SignatureVersion', signature.SignatureVersion],
    ['Signature', signature.Signature],
    ['SigningCertURL', signature.SigningCertURL],
  ];
  return `{\n${fields.map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`).join(',\n')}\n}`;
}
