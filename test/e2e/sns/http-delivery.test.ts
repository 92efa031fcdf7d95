/**
 * SNS → HTTP/S endpoints through @aws-sdk/client-sns, on every engine: the SubscriptionConfirmation
 * POST and confirming by its unsigned SubscribeURL, notifications with AWS's headers and envelope,
 * signatures v1 and v2 verified by `sns-validator` against the certificate the server serves (via
 * an HTTPS front), raw delivery, requestPolicy.headerContentType, UnsubscribeConfirmation,
 * retries of a failing endpoint, and one failing endpoint never holding back another.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createVerify } from 'node:crypto';
import https from 'node:https';
import {
  CreateTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import MessageValidator from 'sns-validator';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { snsClient, snsError } from '../../helpers/sns.js';
import { startCertFront, startSubscriber, type CertFront, type Posted, type Subscriber } from '../../helpers/sns-http.js';

const validator = new MessageValidator(/^127\.0\.0\.1:\d+$/);
const validate = (message: unknown) =>
  new Promise<void>((resolve, reject) => validator.validate(message as Record<string, unknown>, (e) => (e ? reject(e) : resolve())));

const NOTIFICATION_KEYS = ['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes'];
const CONTROL_KEYS = ['Type', 'MessageId', 'Token', 'TopicArn', 'Message', 'SubscribeURL', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'];

for (const engine of E2E_ENGINES) {
  describe(`SNS HTTP delivery [${engine}]`, () => {
    let server: TestServer;
    let front: CertFront;
    let hook: Subscriber;
    let sns: ReturnType<typeof snsClient>;
    let n = 0;

    before(async () => {
      front = await startCertFront();
      server = await startTestServer(engine, {}, { snsCertBaseUrl: front.baseUrl });
      front.target = server.url;
      hook = await startSubscriber();
      sns = snsClient(server.url);
    });
    after(async () => {
      sns.destroy();
      await server.close();
      await hook.close();
      await front.close();
    });

    const topic = async (attributes?: Record<string, string>) => (await sns.send(new CreateTopicCommand({ Name: `h-${++n}`, Attributes: attributes }))).TopicArn!;

    /** Subscribes `path` of the test endpoint and confirms it by GETting the SubscribeURL it was sent. */
    async function subscribeConfirmed(TopicArn: string, path: string, Attributes?: Record<string, string>): Promise<{ arn: string; confirmation: Posted }> {
      const r = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${hook.url}${path}`, Attributes }));
      assert.equal(r.SubscriptionArn, 'pending confirmation');
      const [confirmation] = await hook.waitFor(path, 1);
      const res = await fetch(confirmation!.json.SubscribeURL);
      assert.equal(res.status, 200);
      const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await res.text())![1]!;
      return { arn, confirmation: confirmation! };
    }

    it('sends a signed SubscriptionConfirmation; its SubscribeURL confirms; notifications carry AWS headers and a v1 signature', async () => {
      const TopicArn = await topic();
      const path = `/c${n}`;
      const { arn, confirmation } = await subscribeConfirmed(TopicArn, path);
      const h = confirmation.headers;
      assert.equal(h['x-amz-sns-message-type'], 'SubscriptionConfirmation');
      assert.equal(h['x-amz-sns-topic-arn'], TopicArn);
      assert.equal(h['x-amz-sns-message-id'], confirmation.json.MessageId);
      assert.equal(h['x-amz-sns-subscription-arn'], undefined);
      assert.equal(h['content-type'], 'text/plain; charset=UTF-8');
      assert.equal(h['user-agent'], 'Amazon Simple Notification Service Agent');
      assert.deepEqual(Object.keys(confirmation.json), CONTROL_KEYS);
      assert.match(confirmation.json.Token, /^[0-9a-f]{256}$/);
      assert.equal(confirmation.json.SubscribeURL, `${server.url}/?Action=ConfirmSubscription&TopicArn=${TopicArn}&Token=${confirmation.json.Token}`);
      assert.match(confirmation.json.SigningCertURL, new RegExp(`^${front.baseUrl}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));
      await validate(confirmation.json);
      assert.match(arn, new RegExp(`^${TopicArn}:`));

      await sns.send(new PublishCommand({ TopicArn, Message: 'hello & <world>', Subject: 'greeting', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
      const [, note] = await hook.waitFor(path, 2);
      assert.equal(note!.headers['x-amz-sns-message-type'], 'Notification');
      assert.equal(note!.headers['x-amz-sns-subscription-arn'], arn);
      assert.equal(note!.headers['x-amz-sns-topic-arn'], TopicArn);
      assert.equal(note!.headers['x-amz-sns-message-id'], note!.json.MessageId);
      assert.equal(note!.headers['x-amz-sns-rawdelivery'], undefined);
      assert.deepEqual(Object.keys(note!.json), NOTIFICATION_KEYS);
      assert.equal(note!.json.Message, 'hello & <world>');
      assert.equal(note!.json.SignatureVersion, '1');
      assert.equal(note!.json.UnsubscribeURL, `${server.url}/?Action=Unsubscribe&SubscriptionArn=${arn}`);
      assert.deepEqual(note!.json.MessageAttributes, { k: { Type: 'String', Value: 'v' } });
      await validate(note!.json);
      // A tampered message fails the same check.
      await assert.rejects(validate({ ...note!.json, Message: 'other' }), /signature is invalid/);
    });

    it('SignatureVersion 2 (SHA256) verifies; MessageStructure picks the http entry; raw delivery posts the bare message', async () => {
      const TopicArn = await topic({ SignatureVersion: '2' });
      await subscribeConfirmed(TopicArn, `/v2-${n}`);
      const raw = await subscribeConfirmed(TopicArn, `/raw-${n}`, { RawMessageDelivery: 'true' });
      await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'd', http: 'for http' }) }));
      const [, note] = await hook.waitFor(`/v2-${n}`, 2);
      assert.equal(note!.json.SignatureVersion, '2');
      assert.equal(note!.json.Message, 'for http');
      await validate(note!.json);
      const [, bare] = await hook.waitFor(`/raw-${n}`, 2);
      assert.equal(bare!.body, 'for http');
      assert.equal(bare!.headers['x-amz-sns-rawdelivery'], 'true');
      assert.equal(bare!.headers['x-amz-sns-subscription-arn'], raw.arn);
    });

    it('DeliveryPolicy requestPolicy.headerContentType sets the Content-Type; bad policies get InvalidParameter', async () => {
      const TopicArn = await topic();
      const path = `/ct-${n}`;
      const { arn } = await subscribeConfirmed(TopicArn, path);
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: 'DeliveryPolicy', AttributeValue: JSON.stringify({ requestPolicy: { headerContentType: 'application/json' } }) }));
      await sns.send(new PublishCommand({ TopicArn, Message: '{"a":1}' }));
      const [, note] = await hook.waitFor(path, 2);
      assert.equal(note!.headers['content-type'], 'application/json');

      const bad = async (p: Promise<unknown>, message: string) => {
        const e = await p.then(() => assert.fail('expected an error'), snsError);
        assert.equal(e.code, 'InvalidParameter');
        assert.equal(e.message, message);
      };
      await bad(
        sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: 'DeliveryPolicy', AttributeValue: JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 30, maxDelayTarget: 10 } }) })),
        'Invalid parameter: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be less than or equal to maxDelayTarget',
      );
      await bad(
        sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DeliveryPolicy', AttributeValue: JSON.stringify({ http: { defaultHealthyRetryPolicy: { backoffFunction: 'cubic' } } }) })),
        'Invalid parameter: DeliveryPolicy: http.defaultHealthyRetryPolicy.backoffFunction must be one of linear, arithmetic, geometric, exponential',
      );
      await bad(
        sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: 'DeliveryPolicy', AttributeValue: JSON.stringify({ healthyRetryPolicy: { numRetries: 101, maxDelayTarget: 20 } }) })),
        'Invalid parameter: DeliveryPolicy: healthyRetryPolicy.numRetries must be less than or equal to 100',
      );
    });

    it('Unsubscribe posts a signed UnsubscribeConfirmation (v1), verified by hand: sns-validator signs it with the Notification key list', async () => {
      const TopicArn = await topic();
      const path = `/u-${n}`;
      const { arn } = await subscribeConfirmed(TopicArn, path);
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
      const [, bye] = await hook.waitFor(path, 2);
      const m = bye!.json;
      assert.equal(bye!.headers['x-amz-sns-message-type'], 'UnsubscribeConfirmation');
      assert.equal(bye!.headers['x-amz-sns-subscription-arn'], arn);
      assert.deepEqual(Object.keys(m), CONTROL_KEYS);
      assert.equal(m.Message, `You have chosen to deactivate subscription ${arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`);
      const pem = await new Promise<string>((resolve, reject) =>
        https.get(m.SigningCertURL, (res) => {
          let s = '';
          res.on('data', (c) => (s += c)).on('end', () => resolve(s));
        }).on('error', reject),
      );
      assert.match(pem, /^-----BEGIN CERTIFICATE-----/);
      const v = createVerify('RSA-SHA1');
      for (const k of ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']) v.update(`${k}\n${m[k]}\n`);
      assert.ok(v.verify(pem, m.Signature, 'base64'));
      await assert.rejects(validate(m), /signature is invalid/); // the validator's quirk (AWS-WIRE §2.5)
    });

    it('retries a failing endpoint (the default policy: 3 retries 20 s apart) without holding back a healthy one', async () => {
      const TopicArn = await topic();
      const sick = `/sick-${n}`;
      const well = `/well-${n}`;
      await subscribeConfirmed(TopicArn, sick);
      await subscribeConfirmed(TopicArn, well);
      hook.respond(sick, 503);
      await sns.send(new PublishCommand({ TopicArn, Message: 'm1' }));
      await sns.send(new PublishCommand({ TopicArn, Message: 'm2' }));
      const got = await hook.waitFor(well, 3, 5_000);
      assert.deepEqual(got.slice(1).map((p) => p.json.Message).sort(), ['m1', 'm2']);
      const tried = await hook.waitFor(sick, 3);
      assert.deepEqual(tried.slice(1).map((p) => p.status), [503, 503]);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(hook.to(sick).length, 3, 'the next attempt waits 20 s');
    });

    it('delivers to an https endpoint (its certificate checked against the trusted CAs)', async () => {
      const secure = await startSubscriber(Date.now, front.tls);
      try {
        const TopicArn = await topic();
        const Endpoint = `${secure.url}/s`;
        assert.match(Endpoint, /^https:/);
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'https', Endpoint }));
        const [confirmation] = await secure.waitFor('/s', 1);
        await validate(confirmation!.json);
        assert.equal((await fetch(confirmation!.json.SubscribeURL)).status, 200);
        await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ default: 'd', https: 'over TLS' }), MessageStructure: 'json' }));
        const [, note] = await secure.waitFor('/s', 2);
        assert.equal(note!.json.Message, 'over TLS');
        await validate(note!.json);
      } finally {
        await secure.close();
      }
    });

    it('serves the signing certificate only under its own id', async () => {
      const bad = await fetch(`${server.url}/SimpleNotificationService-${'0'.repeat(32)}.pem`);
      assert.equal(bad.status, 404);
    });
  });
}
