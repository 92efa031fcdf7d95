/**
 * The e-mail SNS sends an `email` or `email-json` subscription, built from what the recorder keeps
 * for it (recorder.ts recordedPayload), in AWS's words as its mails show them:
 *
 * - From `AWS Notifications <no-reply@sns.amazonaws.com>`; a topic's DisplayName replaces the name.
 * - SubscriptionConfirmation (`email`): subject "AWS Notification - Subscription Confirmation", an
 *   HTML mail "You have chosen to subscribe to the topic: …" with the "Confirm subscription" link.
 *   Here the link is the SubscribeURL the HTTP/S flow uses (GET ConfirmSubscription on this server),
 *   where AWS links a confirmation page of its own that makes the same call.
 * - Notification (`email`): plain text, the message (its `email` entry under MessageStructure=json),
 *   subject the Subject or "AWS Notification Message", and AWS's footer with the unsubscribe link.
 * - `email-json`: the JSON document an HTTP/S endpoint gets (signed), as the plain-text body.
 *
 * Left out of AWS's text on purpose: the lines that send the reader to AWS (sns-opt-out@amazon.com
 * in the confirmation, https://aws.amazon.com/support in the footer): they are not true of this server.
 */
export interface OutgoingEmail {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** The sender AWS uses. */
export const AWS_EMAIL_FROM = 'no-reply@sns.amazonaws.com';
const AWS_SENDER_NAME = 'AWS Notifications';

export interface EmailSender {
  /** Shown when the topic has no DisplayName. */
  readonly name: string;
  readonly address: string;
}

/** `--sns-email-from`: an address, or `Name <address>` (the name then replaces "AWS Notifications"). */
export function parseSender(text: string | undefined): EmailSender {
  const value = (text ?? '').trim();
  if (value === '') return { name: AWS_SENDER_NAME, address: AWS_EMAIL_FROM };
  const named = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(value);
  if (named) return { name: named[1]!.replace(/^"(.*)"$/, '$1').trim() || AWS_SENDER_NAME, address: named[2]! };
  if (/^[^<>\s]+@[^<>\s]+$/.test(value)) return { name: AWS_SENDER_NAME, address: value };
  throw new Error(`not an e-mail address: ${value} (an address, or "Name <address>")`);
}

/** What recordedPayload keeps for email and email-json (the fields used here). */
export interface EmailPayload {
  readonly type: string;
  readonly subject?: string;
  readonly message?: string;
  readonly unsubscribeURL?: string;
  readonly subscribeURL?: string;
  /** email-json: the JSON document. */
  readonly body?: string;
}

export const CONFIRMATION_SUBJECT = 'AWS Notification - Subscription Confirmation';
const NOTIFICATION_SUBJECT = 'AWS Notification Message';
/**
 * [unverified] AWS documents that an Unsubscribe mails the endpoint "a final cancellation message"
 * (API reference, Unsubscribe), but no copy of that mail was found (searched issue threads, Q&A
 * pages and code for its subject): this follows the confirmation's subject.
 */
export const UNSUBSCRIBE_SUBJECT = 'AWS Notification - Unsubscribe Confirmation';

/** Who gets the mail and about what: the delivery's target and message. */
export interface EmailAddressing {
  readonly protocol: string;
  readonly endpoint: string;
  readonly topicArn: string;
  /** The Publish's Subject (email-json's payload carries it only inside the document). */
  readonly subject?: string;
  /** The topic's DisplayName when the message was published. */
  readonly displayName?: string;
}

export function composeEmail(to: EmailAddressing, payload: EmailPayload, sender: EmailSender): OutgoingEmail {
  const from = { name: to.displayName || sender.name, address: sender.address };
  const base = { from, to: to.endpoint };
  if (to.protocol === 'email-json') {
    const subject = payload.type === 'SubscriptionConfirmation' ? CONFIRMATION_SUBJECT : payload.type === 'UnsubscribeConfirmation' ? UNSUBSCRIBE_SUBJECT : (to.subject ?? NOTIFICATION_SUBJECT);
    return { ...base, subject, text: payload.body ?? '' };
  }
  if (payload.type === 'SubscriptionConfirmation') return { ...base, subject: CONFIRMATION_SUBJECT, ...confirmationBody(to.topicArn, payload.subscribeURL ?? '') };
  if (payload.type === 'UnsubscribeConfirmation') {
    return { ...base, subject: UNSUBSCRIBE_SUBJECT, text: `${payload.message ?? ''}\n\n${payload.subscribeURL ?? ''}\n\n${DO_NOT_REPLY}\n` };
  }
  return { ...base, subject: payload.subject ?? NOTIFICATION_SUBJECT, text: `${payload.message ?? ''}\n\n${footer(payload.unsubscribeURL ?? '')}` };
}

const DO_NOT_REPLY = 'Please do not reply directly to this email.';

/** AWS's footer under every `email` notification ("--" line, the unsubscribe link). */
export function footer(unsubscribeUrl: string): string {
  return `--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n${unsubscribeUrl}\n\n${DO_NOT_REPLY}\n`;
}

function confirmationBody(topicArn: string, subscribeUrl: string): { text: string; html: string } {
  const intro = 'To confirm this subscription, click or visit the link below (If this was in error no action is necessary):';
  const text = `You have chosen to subscribe to the topic:\n${topicArn}\n\n${intro}\n${subscribeUrl}\n\n${DO_NOT_REPLY}\n`;
  const html =
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>' +
    `You have chosen to subscribe to the topic: <br><b>${escapeHtml(topicArn)}</b><br><br>${intro}<br>` +
    `<a href="${escapeHtml(subscribeUrl)}">Confirm subscription</a><br><br><small>${DO_NOT_REPLY}</small></body></html>`;
  return { text, html };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
