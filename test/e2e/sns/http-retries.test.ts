/**
 * HTTP/S delivery retries on a ManualClock, on every engine: an endpoint that fails on purpose is
 * retried on the subscription's DeliveryPolicy schedule to the millisecond (phases and backoff),
 * then the message goes to the subscription's RedrivePolicy dead-letter queue; an endpoint that
 * recovers gets the message on the topic policy's schedule and nothing is dead-lettered.
 * (ReceiveMessage never long-polls here: long polls wait on the server's clock.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { queueWithArn, receiveSoon, snsClient, sqsClient } from '../../helpers/sns.js';
import { startSubscriber, type Subscriber } from '../../helpers/sns-http.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of E2E_ENGINES) {
  describe(`SNS HTTP retries on a manual clock [${engine}]`, () => {
    let server: TestServer;
    let hook: Subscriber;
    let sns: ReturnType<typeof snsClient>;
    let sqs: ReturnType<typeof sqsClient>;
    const clock = new ManualClock();
    let n = 0;

    before(async () => {
      server = await startTestServer(engine, { clock });
      hook = await startSubscriber(() => clock.now());
      sns = snsClient(server.url);
      sqs = sqsClient(server.url);
    });
    after(async () => {
      sns.destroy();
      sqs.destroy();
      await server.close();
      await hook.close();
    });

    const queue = () => queueWithArn(sqs, `dlq-${++n}`);

    const receive = (url: string, timeoutMs?: number) => receiveSoon(sqs, url, timeoutMs);

    async function subscribe(TopicArn: string, path: string, Attributes?: Record<string, string>): Promise<void> {
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${hook.url}${path}`, Attributes }));
      const [confirmation] = await hook.waitFor(path, 1);
      assert.equal((await fetch(confirmation!.json.SubscribeURL)).status, 200);
    }

    /** Moves the clock by `ms` and expects exactly `count` posts to `path` so far. */
    async function advanceExpecting(ms: number, path: string, count: number): Promise<void> {
      clock.advance(ms);
      await hook.waitFor(path, count, 5_000);
      await pause(100);
      assert.equal(hook.to(path).length, count, `${count} posts after advancing ${ms} ms`);
    }

    it('follows the subscription policy (1 immediate, 1 at min, linear backoff, 1 at max), then dead-letters', async () => {
      const dlq = await queue();
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: `r-${++n}` }))).TopicArn!;
      const path = `/fail-${n}`;
      const DeliveryPolicy = JSON.stringify({
        healthyRetryPolicy: { numRetries: 5, numNoDelayRetries: 1, numMinDelayRetries: 1, numMaxDelayRetries: 1, minDelayTarget: 2, maxDelayTarget: 10, backoffFunction: 'linear' },
      });
      await subscribe(TopicArn, path, { DeliveryPolicy, RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) });
      hook.respond(path, 500); // every notification attempt fails
      const t0 = clock.now();
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'doomed' }));
      await hook.waitFor(path, 3); // the confirmation, the first attempt, the immediate retry
      await pause(100);
      assert.equal(hook.to(path).length, 3);
      // Schedule [0, 2 s, 6 s (backoff 1 of 2), 10 s (backoff 2 of 2), 10 s (max phase)].
      await advanceExpecting(1_999, path, 3);
      await advanceExpecting(1, path, 4);
      await advanceExpecting(5_999, path, 4);
      await advanceExpecting(1, path, 5);
      await advanceExpecting(10_000, path, 6);
      assert.equal((await receive(dlq.url, 200)).length, 0, 'not dead-lettered while retries remain');
      await advanceExpecting(10_000, path, 7);
      const attempts = hook.to(path).slice(1);
      assert.deepEqual(attempts.map((p) => p.at - t0), [0, 0, 2_000, 8_000, 18_000, 28_000]);
      assert.ok(attempts.every((p) => p.json.MessageId === MessageId && p.status === 500));
      const [dead] = await receive(dlq.url);
      const body = JSON.parse(dead!.Body!);
      assert.equal(body.MessageId, MessageId);
      assert.equal(body.Message, 'doomed');
      assert.equal(body.Type, 'Notification');
      await advanceExpecting(60_000, path, 7); // nothing more
    });

    it('a topic-level policy (exponential) applies to a subscription without its own; recovering endpoint gets it, nothing dead-lettered', async () => {
      const dlq = await queue();
      const TopicArn = (await sns.send(new CreateTopicCommand({
        Name: `r-${++n}`,
        Attributes: { DeliveryPolicy: JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 3, minDelayTarget: 1, maxDelayTarget: 8, backoffFunction: 'exponential' } } }) },
      }))).TopicArn!;
      const path = `/flaky-${n}`;
      await subscribe(TopicArn, path, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) });
      hook.respond(path, (attempt) => (attempt <= 3 ? 503 : 200)); // attempt 1 was the confirmation
      await sns.send(new PublishCommand({ TopicArn, Message: 'persistent' }));
      await hook.waitFor(path, 2);
      await pause(100); // the failed attempt's retry is scheduled (from the clock's time then)
      // Exponential from 1 s to 8 s over 3 retries: 1 + 7·(2^i − 1)/7 = 2 s, 4 s, 8 s.
      await advanceExpecting(1_999, path, 2);
      await advanceExpecting(1, path, 3);
      await advanceExpecting(4_000, path, 4);
      assert.equal(hook.to(path)[3]!.status, 200);
      await advanceExpecting(60_000, path, 4);
      assert.equal((await receive(dlq.url, 300)).length, 0);
    });
  });
}
