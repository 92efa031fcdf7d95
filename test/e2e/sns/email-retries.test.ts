/**
 * SMTP delivery retries on a ManualClock, on every engine, on AWS's schedule for SMTP endpoints
 * (2 retries 10 s apart, 10 backing off to 600 s, 38 at 600 s): a server not listening yet, then
 * one refusing with 4xx, get the mail later; a 5xx goes to the subscription's dead-letter queue at
 * once; 4xx to the end dead-letters after the 50th retry. The recording says sent or failed.
 * (ReceiveMessage never long-polls here: long polls wait on the server's clock.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { ManualClock } from '../../../src/runtime/clock.js';
import { smtpRetryDelay } from '../../../src/services/sns/delivery/retry.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { queueWithArn, receiveSoon, snsClient, sqsClient } from '../../helpers/sns.js';
import { recorded } from '../../helpers/sns-http.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

for (const engine of E2E_ENGINES) {
  describe(`SNS email retries on a manual clock [${engine}]`, () => {
    let server: TestServer;
    let sink: SmtpSink | undefined;
    let port: number;
    let sns: ReturnType<typeof snsClient>;
    let sqs: ReturnType<typeof sqsClient>;
    const clock = new ManualClock();
    let n = 0;

    before(async () => {
      port = await freePort();
      server = await startTestServer(engine, { clock }, { snsSmtpUrl: `smtp://switchyard:secret@127.0.0.1:${port}` });
      sns = snsClient(server.url);
      sqs = sqsClient(server.url);
    });
    after(async () => {
      sns.destroy();
      sqs.destroy();
      await server.close();
      await sink?.close();
    });

    const dlq = () => queueWithArn(sqs, `mail-dlq-${++n}`);

    const receive = (url: string, timeoutMs?: number) => receiveSoon(sqs, url, timeoutMs);

    /** Moves the clock by `ms` and expects exactly `count` RCPT attempts for `address` so far. */
    async function advanceExpecting(ms: number, address: string, count: number): Promise<void> {
      clock.advance(ms);
      const deadline = Date.now() + 5_000;
      while (sink!.attempts(address) < count && Date.now() < deadline) await pause(10);
      await pause(100); // the attempt's outcome is stored, its retry scheduled from the clock's time then
      assert.equal(sink!.attempts(address), count, `${count} attempts after advancing ${ms} ms`);
    }

    /** Subscribes `address` (the sink's rule must accept attempt 1) and confirms it by the mail's link. */
    async function subscribe(TopicArn: string, address: string, Attributes?: Record<string, string>): Promise<void> {
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: address, Attributes }));
      const [mail] = await sink!.waitFor(address, 1);
      const link = /<a href="([^"]+)">Confirm subscription<\/a>/.exec(String(mail!.parsed.html))![1]!.replace(/&amp;/g, '&');
      assert.equal((await fetch(link)).status, 200);
    }

    it('no SMTP server listening: the confirmation is sent 10 s later, once one is', async () => {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `down-${++n}` }))).TopicArn!;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'early@example.com' }));
      await pause(500); // the first attempt finds nothing listening (connection refused)
      sink = await startSmtpSink({ port });
      await advanceExpecting(9_999, 'early@example.com', 0);
      await advanceExpecting(1, 'early@example.com', 1);
      const [mail] = await sink.waitFor('early@example.com', 1);
      assert.equal(mail!.parsed.subject, 'AWS Notification - Subscription Confirmation');
    });

    it('refused with 451 twice: retried 10 s and 20 s after the first attempt, then sent', async () => {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `busy-${++n}` }))).TopicArn!;
      const address = `busy-${n}@example.com`;
      sink!.respond(address, (attempt) => (attempt === 2 || attempt === 3 ? 451 : 250)); // attempt 1: the confirmation
      await subscribe(TopicArn, address);
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Subject: 'Retry me', Message: 'eventually' }));
      await advanceExpecting(0, address, 2);
      await advanceExpecting(9_999, address, 2);
      await advanceExpecting(1, address, 3);
      await advanceExpecting(10_000, address, 4);
      const [, mail] = await sink!.waitFor(address, 2);
      assert.equal(mail!.parsed.subject, 'Retry me');
      const [, row] = await recorded(server.url, 'email', address, 2);
      assert.equal(row.messageId, MessageId);
      assert.equal(row.payload.status, 'sent');
    });

    it('refused with 550: dead-lettered at once, recorded as failed, never retried', async () => {
      const queue = await dlq();
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `gone-${++n}` }))).TopicArn!;
      const address = `gone-${n}@example.com`;
      sink!.respond(address, (attempt) => (attempt === 1 ? 250 : 550));
      await subscribe(TopicArn, address, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queue.arn }) });
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'undeliverable' }));
      const [dead] = await receive(queue.url);
      const body = JSON.parse(dead!.Body!);
      assert.deepEqual([body.Type, body.MessageId, body.Message], ['Notification', MessageId, 'undeliverable']);
      const [, row] = await recorded(server.url, 'email', address, 2);
      assert.equal(row.payload.status, 'failed');
      assert.match(row.payload.error, /^SMTP 550: /);
      await advanceExpecting(3_600_000, address, 2);
    });

    it('refused with 451 every time: 50 retries over about 6 hours, then dead-lettered and recorded as failed', async () => {
      const queue = await dlq();
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `stuck-${++n}` }))).TopicArn!;
      const address = `stuck-${n}@example.com`;
      sink!.respond(address, (attempt) => (attempt === 1 ? 250 : 451));
      await subscribe(TopicArn, address, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queue.arn }) });
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'never accepted' }));
      await advanceExpecting(0, address, 2);
      for (let retry = 1; retry <= 50; retry++) {
        const delay = smtpRetryDelay(retry)!;
        if (retry === 50) assert.equal((await receive(queue.url, 100)).length, 0, 'not dead-lettered while retries remain');
        await advanceExpecting(delay, address, 2 + retry);
      }
      const [dead] = await receive(queue.url);
      assert.equal(JSON.parse(dead!.Body!).MessageId, MessageId);
      const [, row] = await recorded(server.url, 'email', address, 2);
      assert.equal(row.payload.status, 'failed');
      assert.match(row.payload.error, /^SMTP 451: /);
      await advanceExpecting(3_600_000, address, 52);
    });
  });
}
