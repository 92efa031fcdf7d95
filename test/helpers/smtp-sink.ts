import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { selfSignedTls } from './tls.js';

/**
 * A local SMTP server for e-mail delivery tests (smtp-server on 127.0.0.1, any port), with
 * mailparser reading what arrives. It speaks plain SMTP (no STARTTLS), or TLS from the start
 * (`secure`, a self-signed certificate), and wants AUTH PLAIN/LOGIN as its one user before a mail. Per recipient it can refuse on purpose (a status for the RCPT
 * TO of each attempt) or hold the message (never answer its DATA) while `hold` says so.
 */
export interface ReceivedMail {
  readonly to: string;
  readonly from: string;
  readonly parsed: ParsedMail;
  /** The raw message. */
  readonly raw: string;
}

export interface SmtpSink {
  /** `smtp://user:pass@127.0.0.1:<port>`, or `smtps://…?tls.rejectUnauthorized=false`. */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Every RCPT TO seen, accepted or not, by address. */
  attempts(address: string): number;
  /** The SMTP status to answer RCPT TO for `address` with (default 250), or a function of the attempt (1-based). */
  respond(address: string, status: number | ((attempt: number) => number)): void;
  /** While it returns true for a message, its DATA is taken but never answered. */
  hold(rule: ((mail: ReceivedMail) => boolean) | undefined): void;
  /** How many messages are being held. */
  held(): number;
  /** Resolves once `count` messages to `address` were accepted (fails after timeoutMs). */
  waitFor(address: string, count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Listen there (a server already pointed at it gets its connection refused until then); default any. */
  readonly port?: number;
  /** TLS from the start (smtps). */
  readonly secure?: boolean;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}, user = 'switchyard', pass = 'secret'): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const rcpts = new Map<string, number>();
  const rules = new Map<string, number | ((attempt: number) => number)>();
  let holdRule: ((mail: ReceivedMail) => boolean) | undefined;
  let holding = 0;
  const server = new SMTPServer({
    ...(options.secure ? { secure: true, ...selfSignedTls() } : { disabledCommands: ['STARTTLS'], allowInsecureAuth: true }),
    logger: false,
    closeTimeout: 500, // held connections are cut at close
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === pass) callback(null, { user });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const key = address.address.toLowerCase();
      const attempt = (rcpts.get(key) ?? 0) + 1;
      rcpts.set(key, attempt);
      const rule = rules.get(key) ?? 250;
      const status = typeof rule === 'function' ? rule(attempt) : rule;
      if (status >= 400) callback(Object.assign(new Error(status >= 500 ? 'Mailbox unavailable (test)' : 'Try again later (test)'), { responseCode: status }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        void simpleParser(raw).then((parsed) => {
          const rcpt = session.envelope.rcptTo.map((a) => a.address);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const mails = rcpt.map((to) => ({ to: to.toLowerCase(), from, parsed, raw }));
          if (holdRule && mails.some((m) => holdRule!(m))) {
            holding++;
            return; // never answered: the client waits until it gives up or dies
          }
          received.push(...mails);
          callback();
        });
      });
    },
  });
  // A client killed mid-session (the kill -9 suites) resets its connection: expected, not a failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const bound = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return {
    url: options.secure ? `smtps://${user}:${pass}@127.0.0.1:${bound}?tls.rejectUnauthorized=false` : `smtp://${user}:${pass}@127.0.0.1:${bound}`,
    received,
    attempts: (address) => rcpts.get(address.toLowerCase()) ?? 0,
    respond: (address, status) => void rules.set(address.toLowerCase(), status),
    hold: (rule) => void (holdRule = rule),
    held: () => holding,
    to: (address) => received.filter((m) => m.to === address.toLowerCase()),
    async waitFor(address, count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = received.filter((m) => m.to === address.toLowerCase());
        if (got.length >= count) return got;
        if (Date.now() > deadline) throw new Error(`only ${got.length} of ${count} e-mails reached ${address} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
