import nodemailer from 'nodemailer';
import type { Clock } from '../../../runtime/clock.js';
import type { Log } from '../../../runtime/logger.js';
import { isoTimestamp } from '../domain/envelope.js';
import type { SnsRecordsStore } from '../records-store.js';
import { composeEmail, parseSender, type EmailPayload, type OutgoingEmail } from './email-message.js';
import { smtpRetryDelay } from './retry.js';
import type { DeliveryJob, DeliveryResult } from './job.js';
import { recordedPayload, type Sign } from './recorder.js';

/**
 * Real e-mail for `email` and `email-json` subscriptions (opt-in: `--sns-smtp-url`): each delivery
 * of the outbox is one message handed to the SMTP server, composed as AWS composes it
 * (email-message.ts). The outbox makes it durable and retried as HTTP/S deliveries are:
 *
 * - accepted by the SMTP server (2xx after DATA) → delivered;
 * - refused with a 4xx, or no connection, no answer, TLS or authentication trouble → retried on
 *   AWS's SMTP schedule (retry.ts); a wrong password is the operator's to fix, so it is
 *   retried, not a reason to drop mail;
 * - refused with a 5xx (no such mailbox, message rejected) → permanent: the dispatcher sends it to
 *   the subscription's RedrivePolicy queue at once (AWS dead-letters client-side errors), else fails.
 *
 * What was sent stays readable at GET /_switchyard/sns/recorded, as without SMTP, with the outcome:
 * `status` "sent" (with `sentAt` and the server's `smtpResponse`) or "failed" (with `error`),
 * recorded once the delivery is final (sent, permanently refused, or out of retries).
 *
 * Every subscription's mail goes to one SMTP server, so at most `maxInFlight` messages are being
 * handed over at once (more are handed back to the outbox untried for a second), and one attempt
 * takes at most `timeoutMs`: a slow or silent SMTP server holds a few of the dispatcher's slots,
 * never all of them, and HTTP/S, SQS and the other deliveries carry on.
 */
export interface EmailDeliveryOptions {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start); nodemailer's URL options (`?tls.rejectUnauthorized=false`). */
  readonly smtpUrl: string;
  /** The sender: an address, or `Name <address>` (default `no-reply@sns.amazonaws.com`, named "AWS Notifications" or the topic's DisplayName). */
  readonly from?: string;
  /** Longest attempt, connection to the server's answer to DATA (default 12 s: below the dispatcher's 15 s lease). */
  readonly timeoutMs?: number;
  /** Messages being handed to the SMTP server at once, at most (default 8 of the dispatcher's 64 slots). */
  readonly maxInFlight?: number;
}

export function emailDelivery(options: EmailDeliveryOptions, store: SnsRecordsStore, clock: Clock, sign: Sign, log: Log) {
  const sender = parseSender(options.from);
  const timeoutMs = options.timeoutMs ?? 12_000;
  const maxInFlight = options.maxInFlight ?? 8;
  const socketTimeout = Math.min(10_000, timeoutMs);
  const transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: socketTimeout, greetingTimeout: socketTimeout, socketTimeout } as never);
  const closing = new AbortController();
  let inFlight = 0;

  async function send(mail: OutgoingEmail): Promise<string> {
    const attempt = new AbortController();
    const stop = () => attempt.abort();
    closing.signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(() => attempt.abort(new Error(`no answer from the SMTP server within ${timeoutMs} ms`)), timeoutMs);
    try {
      const info = await transport.sendMail({ ...mail, signal: attempt.signal } as never);
      return String((info as { response?: unknown }).response ?? '');
    } catch (e) {
      if (attempt.signal.aborted && attempt.signal.reason instanceof Error && !closing.signal.aborted) throw attempt.signal.reason;
      throw e;
    } finally {
      clearTimeout(timer);
      closing.signal.removeEventListener('abort', stop);
    }
  }

  async function attempt(job: DeliveryJob): Promise<DeliveryResult> {
    const p = job.publication;
    const { protocol, endpoint } = job.target;
    const subscriptionArn = job.delivery.subscriptionArn;
    const payload = await recordedPayload(p, protocol, endpoint, subscriptionArn, sign, job.target.raw);
    const mail = composeEmail({ protocol, endpoint, topicArn: p.topicArn, subject: p.subject, displayName: job.target.displayName }, payload as unknown as EmailPayload, sender);
    const record = (outcome: Record<string, string>) =>
      store
        .recordDelivery({
          deliveryKey: `${subscriptionArn}\n${p.messageId}`,
          protocol,
          endpoint,
          messageId: p.messageId,
          subscriptionArn,
          topicArn: p.topicArn,
          payload: JSON.stringify({ ...payload, timestamp: isoTimestamp(p.timestamp), ...outcome }),
          recordedAt: clock.now(),
        })
        // The mail's fate is decided; a lost record must not make it be sent again.
        .catch((e: unknown) => log('warn', 'sns: recording an e-mail delivery failed', { subscription: subscriptionArn, messageId: p.messageId, error: String(e) }));
    let response: string;
    try {
      response = await send(mail);
    } catch (e) {
      if (closing.signal.aborted) return { ok: false, permanent: false, error: 'interrupted: the server is shutting down', retryInMs: 0 };
      const failure = smtpFailure(e);
      // The dispatcher retries on smtpRetryDelay: when it has none left, this was the last attempt.
      if (failure.permanent || smtpRetryDelay(job.delivery.attempts) === undefined) await record({ status: 'failed', error: failure.error });
      return { ok: false, ...failure };
    }
    await record({ status: 'sent', sentAt: isoTimestamp(clock.now()), smtpResponse: response });
    return { ok: true };
  }

  async function deliver(job: DeliveryJob): Promise<DeliveryResult> {
    if (inFlight >= maxInFlight) return { ok: false, permanent: false, deferred: true, retryInMs: 1_000, error: `${inFlight} e-mails being handed to the SMTP server` };
    inFlight++;
    try {
      return await attempt(job);
    } finally {
      inFlight--;
    }
  }

  return {
    deliver,
    /** AWS's fixed schedule for SMTP endpoints. */
    retryDelay: (_job: DeliveryJob, attempts: number) => smtpRetryDelay(attempts),
    /** Aborts the sends under way (server shutdown): they are tried again after the restart. */
    close: () => {
      closing.abort();
      transport.close();
    },
  };
}

/** nodemailer's error as a delivery outcome: an SMTP 5xx reply is permanent, anything else is retried. */
export function smtpFailure(e: unknown): { permanent: boolean; error: string } {
  const err = (e ?? {}) as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const status = typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const permanent = status !== undefined && status >= 500 && status < 600 && err.code !== 'EAUTH';
  const detail = typeof err.response === 'string' && err.response !== '' ? err.response : String(err.message ?? e);
  return { permanent, error: `SMTP ${status ?? (typeof err.code === 'string' ? err.code : 'error')}: ${detail}` };
}
