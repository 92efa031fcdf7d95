/**
 * Lambda invocation retries on a ManualClock, on every engine, on AWS's schedule for AWS-managed
 * endpoints (3 immediate retries, 2 at 1 s, then backing off to 20 s): throttled (429) and failing
 * (503) calls are made again and delivered; a function that does not exist (404
 * ResourceNotFoundException, a client-side error) goes to the subscription's dead-letter queue at
 * once and is never called again; a server that refuses Event invocations with 501 (SAM CLI before
 * its Event support) is called with RequestResponse. The recording says sent or failed.
 * (ReceiveMessage never long-polls here: long polls wait on the server's clock.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { queueWithArn, receiveSoon, snsClient, sqsClient } from '../../helpers/sns.js';
import { recorded } from '../../helpers/sns-http.js';
import { startFakeLambda, type FakeLambda } from '../../helpers/lambda-invoke-server.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

for (const engine of E2E_ENGINES) {
  describe(`SNS lambda retries on a manual clock [${engine}]`, () => {
    let server: TestServer;
    let lambda: FakeLambda;
    let sns: ReturnType<typeof snsClient>;
    let sqs: ReturnType<typeof sqsClient>;
    const clock = new ManualClock();
    let n = 0;

    before(async () => {
      lambda = await startFakeLambda();
      server = await startTestServer(engine, { clock }, { snsLambdaEndpoint: lambda.url });
      sns = snsClient(server.url);
      sqs = sqsClient(server.url);
    });
    after(async () => {
      sns.destroy();
      sqs.destroy();
      await server.close();
      await lambda.close();
    });

    const dlq = () => queueWithArn(sqs, `fn-dlq-${++n}`);

    const receive = (url: string, timeoutMs?: number) => receiveSoon(sqs, url, timeoutMs);

    /** Moves the clock by `ms` and expects exactly `count` calls of `name` so far. */
    async function advanceExpecting(ms: number, name: string, count: number): Promise<void> {
      clock.advance(ms);
      const deadline = Date.now() + 5_000;
      while (lambda.of(name).length < count && Date.now() < deadline) await pause(10);
      await pause(150); // the attempt's outcome is stored, its retry scheduled from the clock's time then
      assert.equal(lambda.of(name).length, count, `${count} calls after advancing ${ms} ms`);
    }

    async function topicWith(name: string, Attributes?: Record<string, string>): Promise<string> {
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `t-${name}` }))).TopicArn!;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fnArn(name), Attributes }));
      return TopicArn;
    }

    it('throttled twice (429 TooManyRequestsException): the immediate retries deliver it', async () => {
      const name = `throttled-${++n}`;
      lambda.respond(name, (attempt) => (attempt <= 2 ? { status: 429, errorType: 'TooManyRequestsException', message: 'Rate Exceeded.' } : { status: 202 }));
      const TopicArn = await topicWith(name);
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'busy' }));
      await advanceExpecting(0, name, 3);
      const calls = lambda.of(name);
      assert.ok(calls.every((c) => c.signatureValid && c.event.Records[0].Sns.MessageId === MessageId), 'every retry is the same signed event');
      const [row] = await recorded(server.url, 'lambda', fnArn(name), 1);
      assert.deepEqual([row.payload.status, row.payload.statusCode], ['sent', 202]);
      await advanceExpecting(60_000, name, 3);
    });

    it('503 five times: 4 calls at once (3 immediate retries), then 1 s apart, then delivered', async () => {
      const name = `flaky-${++n}`;
      lambda.respond(name, (attempt) => (attempt <= 5 ? { status: 503, errorType: 'ServiceException' } : { status: 202 }));
      const TopicArn = await topicWith(name);
      await sns.send(new PublishCommand({ TopicArn, Message: 'eventually' }));
      await advanceExpecting(0, name, 4);
      await advanceExpecting(999, name, 4);
      await advanceExpecting(1, name, 5);
      await advanceExpecting(1_000, name, 6);
      const [row] = await recorded(server.url, 'lambda', fnArn(name), 1);
      assert.equal(row.payload.status, 'sent');
      await advanceExpecting(60_000, name, 6);
    });

    it('the function does not exist (404 ResourceNotFoundException): dead-lettered at once, recorded as failed, never called again', async () => {
      const queue = await dlq();
      const name = `deleted-${++n}`;
      lambda.respond(name, () => ({ status: 404, errorType: 'ResourceNotFoundException', message: `Function not found: ${fnArn(name)}` }));
      const TopicArn = await topicWith(name, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queue.arn }) });
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Subject: 'lost', Message: 'nobody home' }));
      const [dead] = await receive(queue.url);
      const body = JSON.parse(dead!.Body!);
      assert.deepEqual([body.Type, body.MessageId, body.Message, body.Subject], ['Notification', MessageId, 'nobody home', 'lost']);
      const [row] = await recorded(server.url, 'lambda', fnArn(name), 1);
      assert.equal(row.payload.status, 'failed');
      assert.equal(row.payload.error, `Lambda answered HTTP 404 ResourceNotFoundException: Function not found: ${fnArn(name)}`);
      await advanceExpecting(3_600_000, name, 1);
    });

    it('a server without Event invocations (501 NotImplemented): called again with RequestResponse, and so from then on', async () => {
      const name = `sync-only-${++n}`;
      const syncOnly = (_attempt: number, type: string) =>
        type === 'Event' ? { status: 501, errorType: 'NotImplemented', message: 'invocation-type: Event is not supported. RequestResponse is only supported.' } : { status: 200 };
      lambda.respond(name, syncOnly);
      const TopicArn = await topicWith(name);
      await sns.send(new PublishCommand({ TopicArn, Message: 'one' }));
      await advanceExpecting(0, name, 2);
      assert.deepEqual(lambda.of(name).map((c) => [c.invocationType, c.status]), [['Event', 501], ['RequestResponse', 200]]);
      assert.ok(lambda.of(name)[1]!.signatureValid);
      const [row] = await recorded(server.url, 'lambda', fnArn(name), 1);
      assert.deepEqual([row.payload.status, row.payload.statusCode, row.payload.invocationType], ['sent', 200, 'RequestResponse']);
      await sns.send(new PublishCommand({ TopicArn, Message: 'two' }));
      await advanceExpecting(0, name, 3);
      assert.equal(lambda.of(name)[2]!.invocationType, 'RequestResponse');
    });
  });
}
