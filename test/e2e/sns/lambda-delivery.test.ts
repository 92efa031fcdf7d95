/**
 * SNS lambda subscriptions invoking functions for real (--sns-lambda-endpoint), on every engine,
 * on a fake Lambda Invoke API (test/helpers/lambda-invoke-server.ts) that checks each call's SigV4
 * signature with the JS SDK's signer: the event AWS gives Lambda, exactly (its SNS signature
 * verified by sns-validator), Event invocations by function name with the ARN's qualifier, the
 * recording with its status, a function that never answers holding up only its own deliveries,
 * and, without the flag, nothing invoked. Retries and dead-lettering: lambda-retries; restarts:
 * lambda-durability.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import MessageValidator from 'sns-validator';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { snsClient } from '../../helpers/sns.js';
import { recorded, startCertFront, type CertFront } from '../../helpers/sns-http.js';
import { startFakeLambda, type FakeLambda } from '../../helpers/lambda-invoke-server.js';
import { startSwitchyard } from '../../../src/index.js';

const validator = new MessageValidator(/^127\.0\.0\.1:\d+$/);
const ACCOUNT = '000000000000';
const fnArn = (name: string, qualifier?: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The event's SNS record as the JSON document HTTP endpoints get (sns-validator's spelling of the URL keys; no Subject when null). */
function asHttpMessage(sns: any): Record<string, unknown> {
  const { SigningCertUrl, UnsubscribeUrl, MessageAttributes: _attributes, Subject, ...rest } = sns;
  return { ...rest, ...(Subject === null ? {} : { Subject }), SigningCertURL: SigningCertUrl, UnsubscribeURL: UnsubscribeUrl };
}

for (const engine of E2E_ENGINES) {
  describe(`SNS lambda invocations [${engine}]`, () => {
    let server: TestServer;
    let lambda: FakeLambda;
    let front: CertFront;
    let sns: ReturnType<typeof snsClient>;
    let n = 0;

    before(async () => {
      lambda = await startFakeLambda();
      front = await startCertFront();
      server = await startTestServer(engine, {}, { snsLambdaEndpoint: lambda.url, snsCertBaseUrl: front.baseUrl });
      front.target = server.url;
      sns = snsClient(server.url);
    });
    after(async () => {
      sns.destroy();
      await server.close();
      await lambda.close();
      await front.close();
    });

    it('a publish with subject and attributes: one signed Event invocation with the exact event AWS sends', async () => {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `orders-${++n}` }))).TopicArn!;
      const name = `on-order-${n}`;
      const SubscriptionArn = (await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fnArn(name) }))).SubscriptionArn!;
      const blob = Buffer.from([0, 1, 2, 250]);
      const { MessageId } = await sns.send(
        new PublishCommand({
          TopicArn,
          Subject: 'Order paid',
          Message: '{"order":7,"total":"12.50"}',
          MessageAttributes: { kind: { DataType: 'String', StringValue: 'payment' }, amount: { DataType: 'Number', StringValue: '12.5' }, raw: { DataType: 'Binary', BinaryValue: blob } },
        }),
      );
      const [call] = await lambda.waitFor(name, 1);
      assert.equal(call!.invocationType, 'Event');
      assert.equal(call!.qualifier, null);
      assert.ok(call!.signatureValid, 'the SigV4 signature is what @smithy/signature-v4 computes');
      assert.match(call!.scope, /^\d{8}\/us-east-1\/lambda\/aws4_request$/);
      assert.equal(call!.accessKeyId, 'test');
      assert.equal(call!.status, 202);

      const { Records } = call!.event;
      assert.equal(Records.length, 1);
      const { Sns, ...record } = Records[0];
      assert.deepEqual(record, { EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: SubscriptionArn });
      assert.deepEqual(Object.keys(Sns).sort(), ['Message', 'MessageAttributes', 'MessageId', 'Signature', 'SignatureVersion', 'SigningCertUrl', 'Subject', 'Timestamp', 'TopicArn', 'Type', 'UnsubscribeUrl']);
      assert.deepEqual(
        { ...Sns, Signature: undefined, Timestamp: undefined, SigningCertUrl: undefined },
        {
          Type: 'Notification',
          MessageId,
          TopicArn,
          Subject: 'Order paid',
          Message: '{"order":7,"total":"12.50"}',
          SignatureVersion: '1',
          Signature: undefined,
          Timestamp: undefined,
          SigningCertUrl: undefined,
          UnsubscribeUrl: `${server.url}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`,
          MessageAttributes: { kind: { Type: 'String', Value: 'payment' }, amount: { Type: 'Number', Value: '12.5' }, raw: { Type: 'Binary', Value: blob.toString('base64') } },
        },
      );
      assert.match(Sns.Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(Sns.SigningCertUrl, new RegExp(`^${front.baseUrl}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));
      await new Promise<void>((resolve, reject) => validator.validate(asHttpMessage(Sns), (err: Error | null) => (err ? reject(err) : resolve())));

      const [row] = await recorded(server.url, 'lambda', fnArn(name), 1);
      assert.deepEqual([row.messageId, row.payload.type, row.payload.status, row.payload.statusCode, row.payload.invocationType], [MessageId, 'Notification', 'sent', 202, 'Event']);
      assert.deepEqual(row.payload.event, call!.event, 'the recorded event is the one sent');
      assert.ok(!Number.isNaN(Date.parse(row.payload.sentAt)));
    });

    it('no subject: Subject null; a qualified ARN: Qualifier; MessageStructure=json: the lambda entry', async () => {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `plain-${++n}` }))).TopicArn!;
      const name = `worker-${n}`;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fnArn(name, 'live') }));
      await sns.send(new PublishCommand({ TopicArn, Message: 'no subject here' }));
      await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'for all', lambda: 'for functions' }) }));
      const [first, second] = await lambda.waitFor(name, 2);
      assert.equal(first!.qualifier, 'live');
      assert.ok(first!.signatureValid);
      const messages = [first!, second!].map((c) => c.event.Records[0].Sns).sort((a, b) => a.Message.localeCompare(b.Message));
      assert.deepEqual(messages.map((s) => [s.Message, s.Subject]), [['for functions', null], ['no subject here', null]]);
      assert.deepEqual(messages[0].MessageAttributes, {});
      for (const s of messages) await new Promise<void>((resolve, reject) => validator.validate(asHttpMessage(s), (err: Error | null) => (err ? reject(err) : resolve())));
    });

    it('a function that never answers holds a few of its own calls; another function of the same topic gets every message', async () => {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `mixed-${++n}` }))).TopicArn!;
      const stuck = `stuck-${n}`;
      const fine = `fine-${n}`;
      lambda.respond(stuck, () => 'hold');
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fnArn(stuck) }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fnArn(fine) }));
      const started = Date.now();
      for (let i = 0; i < 12; i++) await sns.send(new PublishCommand({ TopicArn, Message: `m${i}` }));
      const calls = await lambda.waitFor(fine, 12, 5_000);
      assert.ok(Date.now() - started < 5_000);
      assert.deepEqual(new Set(calls.map((c) => c.event.Records[0].Sns.Message)).size, 12);
      await pause(200);
      assert.ok(lambda.of(stuck).length <= 4, `${lambda.of(stuck).length} calls of the stuck function at once (at most 4)`);
      lambda.respond(stuck, undefined);
      lambda.release();
    });
  });

  describe(`SNS lambda without --sns-lambda-endpoint [${engine}]`, () => {
    let server: TestServer;
    let lambda: FakeLambda;
    let sns: ReturnType<typeof snsClient>;

    before(async () => {
      lambda = await startFakeLambda();
      server = await startTestServer(engine);
      sns = snsClient(server.url);
    });
    after(async () => {
      sns.destroy();
      await server.close();
      await lambda.close();
    });

    it('recorded as before, with no status; nothing is invoked', async () => {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'unplugged' }))).TopicArn!;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fnArn('quiet') }));
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'only recorded' }));
      const [row] = await recorded(server.url, 'lambda', fnArn('quiet'), 1);
      assert.equal(row.messageId, MessageId);
      assert.equal(row.payload.event.Records[0].Sns.Message, 'only recorded');
      assert.equal(row.payload.status, undefined);
      await pause(300);
      assert.equal(lambda.invocations.length, 0);
    });
  });
}

describe('SNS lambda embedded, signed with a key of its own', () => {
  it('snsLambdaEndpoint with snsLambdaAccessKeyId / snsLambdaSecretAccessKey: the call is signed with that key', async () => {
    const key = { accessKeyId: 'AKIDSWITCHYARDSNS', secretAccessKey: 'not-the-default' };
    const lambda = await startFakeLambda(key);
    const sy = await startSwitchyard({ snsLambdaEndpoint: lambda.url, snsLambdaAccessKeyId: key.accessKeyId, snsLambdaSecretAccessKey: key.secretAccessKey });
    const sns = snsClient(sy.url);
    try {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'embedded', Attributes: {} }))).TopicArn!;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:eu-central-1:000000000000:function:embedded' }));
      await sns.send(new PublishCommand({ TopicArn, Message: 'signed by us' }));
      const [call] = await lambda.waitFor('embedded', 1);
      assert.deepEqual([call!.accessKeyId, call!.signatureValid, call!.scope.split('/').slice(1).join('/')], [key.accessKeyId, true, 'eu-central-1/lambda/aws4_request']);
      lambda.expectKey({ ...key, secretAccessKey: 'another-secret' }); // the check can fail: a signature made with another secret does not pass
      await sns.send(new PublishCommand({ TopicArn, Message: 'checked against the wrong secret' }));
      const [, second] = await lambda.waitFor('embedded', 2);
      assert.equal(second!.signatureValid, false);
    } finally {
      sns.destroy();
      await sy.close();
      await lambda.close();
    }
  });
});
