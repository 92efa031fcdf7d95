/**
 * Declared resources against a real server, checked with the official SDKs: a file is applied
 * (through services built over the server's engine, as the server builds its own: the database is
 * the truth), and what clients then see is what the file says. Then: applying it again changes
 * nothing, an edited file converges, a wrong one is refused with its place named, and an export
 * applied to an empty server makes the same resources. On every engine. The apply itself is
 * in-process, so the wire protocols play no part here beyond the clients' (JSON for SQS, h2 for
 * Kinesis, query for SNS); each service's own e2e suites cover the protocol matrix.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DescribeStreamSummaryCommand, KinesisClient, ListStreamConsumersCommand } from '@aws-sdk/client-kinesis';
import { systemClock } from '../../src/runtime/clock.js';
import { randomIds } from '../../src/runtime/ids.js';
import { ConfigError } from '../../src/runtime/config.js';
import type { Engine } from '../../src/storage/engine.js';
import { createSqsService } from '../../src/services/sqs/index.js';
import { createSnsService } from '../../src/services/sns/index.js';
import { createKinesisService } from '../../src/services/kinesis/index.js';
import { applyResources, exportResources, resourceContext, type ResourceServices, type ResourceSpec } from '../../src/runtime/resources.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';
import { receiveN, receiveNone, snsClient, sqsClient } from '../helpers/sns.js';
import { KINESIS_CLIENTS } from '../helpers/kinesis.js';

const ACCOUNT = '000000000000';
const CREATE_DELAY = { kinesisCreateDelayMs: '50' };

/** The services over a server's engine, built as server.ts builds them (nothing started that delivers). */
async function servicesOver(engine: Engine): Promise<ResourceServices & { close(): Promise<void> }> {
  const sqs = createSqsService({ store: engine.sqs, clock: systemClock, ids: randomIds });
  const sns = createSnsService({ store: engine.sns, sqs, clock: systemClock, ids: randomIds });
  const kinesis = createKinesisService({ store: engine.kinesis, clock: systemClock, ids: randomIds, config: { createDelayMs: 50 } });
  await kinesis.start();
  return {
    sqs,
    sns,
    kinesis,
    async close() {
      await sns.close();
      await sqs.close();
      await kinesis.close();
    },
  };
}

interface Side {
  server: TestServer;
  services: ResourceServices & { close(): Promise<void> };
  sqs: SQSClient;
  sns: SNSClient;
  kinesis: KinesisClient;
  apply(spec: ResourceSpec): ReturnType<typeof applyResources>;
  export(): Promise<ResourceSpec>;
  close(): Promise<void>;
}

async function side(engine: (typeof E2E_ENGINES)[number]): Promise<Side> {
  const server = await startTestServer(engine, {}, CREATE_DELAY);
  const services = await servicesOver(server.engine);
  const ctx = resourceContext({ accountId: ACCOUNT, region: 'us-east-1', baseUrl: server.url });
  const s: Side = {
    server,
    services,
    sqs: sqsClient(server.url),
    sns: snsClient(server.url),
    kinesis: KINESIS_CLIENTS[0]!.client(server.url),
    apply: (spec) => applyResources(services, spec, ctx),
    export: () => exportResources(services, ctx),
    async close() {
      s.sqs.destroy();
      s.sns.destroy();
      s.kinesis.destroy();
      await services.close();
      await server.close();
    },
  };
  return s;
}

const SPEC: ResourceSpec = {
  queues: [
    { name: 'orders', attributes: { VisibilityTimeout: 30 }, tags: { team: 'shop' }, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 2 } },
    { name: 'orders-dlq' },
  ],
  topics: [{ name: 'order-events', subscriptions: [{ queue: 'orders', rawMessageDelivery: true, filterPolicy: { type: ['placed'] } }] }],
  streams: [{ name: 'clicks', shards: 2, consumers: ['analytics'] }],
};

for (const engine of E2E_ENGINES) {
  describe(`declared resources [${engine}]`, () => {
    let a: Side;
    before(async () => {
      a = await side(engine);
    });
    after(() => a.close());

    it('applies a file: what clients see is what it says', async () => {
      const summary = await a.apply(SPEC);
      assert.deepEqual(summary.created, ['queue orders-dlq', 'queue orders', 'topic order-events', 'subscription order-events → queue orders', 'stream clicks', 'consumer clicks/analytics']);
      const url = (QueueName: string) => a.sqs.send(new GetQueueUrlCommand({ QueueName })).then((r) => r.QueueUrl!);
      const [orders, dlq] = [await url('orders'), await url('orders-dlq')];
      assert.deepEqual((await a.sqs.send(new ListQueueTagsCommand({ QueueUrl: orders }))).Tags, { team: 'shop' });

      // A publish reaches the queue only if the filter policy takes it, raw.
      const TopicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:order-events`;
      const publish = (type: string, Message: string) => a.sns.send(new PublishCommand({ TopicArn, Message, MessageAttributes: { type: { DataType: 'String', StringValue: type } } }));
      await publish('cancelled', 'no');
      await publish('placed', 'yes');
      const [delivered] = await receiveN(a.sqs, orders, 1);
      assert.equal(delivered!.Body, 'yes');
      assert.deepEqual(await receiveNone(a.sqs, orders, 1_000), []);

      // Received maxReceiveCount (2) times, a message moves to the dead-letter queue.
      await a.sqs.send(new SendMessageCommand({ QueueUrl: orders, MessageBody: 'poison' }));
      for (let i = 0; i < 2; i++) {
        const r = await a.sqs.send(new ReceiveMessageCommand({ QueueUrl: orders, VisibilityTimeout: 0, WaitTimeSeconds: 1 }));
        assert.equal(r.Messages?.[0]?.Body, 'poison');
      }
      assert.deepEqual(await receiveNone(a.sqs, orders, 1_000), []);
      assert.deepEqual((await receiveN(a.sqs, dlq, 1)).map((m) => m.Body), ['poison']);

      const d = (await a.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }))).StreamDescriptionSummary!;
      assert.deepEqual([d.StreamStatus, d.StreamModeDetails?.StreamMode, d.OpenShardCount], ['ACTIVE', 'PROVISIONED', 2]);
      const consumers = (await a.kinesis.send(new ListStreamConsumersCommand({ StreamARN: d.StreamARN }))).Consumers ?? [];
      assert.deepEqual(consumers.map((c) => [c.ConsumerName, c.ConsumerStatus]), [['analytics', 'ACTIVE']]);
    });

    it('applied again, changes nothing', async () => {
      const again = await a.apply(SPEC);
      assert.deepEqual([again.created, again.updated, again.pending], [[], [], []]);
      assert.equal(again.unchanged.length, 5);
    });

    it('converges on an edited file', async () => {
      const edited: ResourceSpec = {
        queues: [{ name: 'orders', attributes: { VisibilityTimeout: 45 }, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 4 } }, { name: 'audit' }],
        topics: [{ name: 'order-events', subscriptions: [{ queue: 'orders', filterPolicy: { type: ['placed', 'paid'] } }, { queue: 'audit' }] }],
        streams: [{ name: 'clicks', shards: 3, retentionHours: 72, consumers: ['analytics', 'billing'] }],
      };
      const summary = await a.apply(edited);
      assert.deepEqual(summary.created, ['queue audit', 'subscription order-events → queue audit', 'consumer clicks/billing']);
      assert.deepEqual(summary.updated, ['queue orders (VisibilityTimeout, RedrivePolicy)', 'subscription order-events → queue orders (FilterPolicy)', 'stream clicks (shards 2 → 3, retention 72 h)']);
      const orders = (await a.sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl!;
      const attributes = (await a.sqs.send(new GetQueueAttributesCommand({ QueueUrl: orders, AttributeNames: ['All'] }))).Attributes!;
      assert.equal(attributes.VisibilityTimeout, '45');
      assert.equal(JSON.parse(attributes.RedrivePolicy!).maxReceiveCount, 4);
      const subs = (await a.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:order-events` }))).Subscriptions!;
      const sub = subs.find((s) => s.Endpoint === `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`)!;
      const subAttributes = (await a.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn }))).Attributes!;
      assert.deepEqual(JSON.parse(subAttributes.FilterPolicy!), { type: ['placed', 'paid'] });
      assert.equal(subAttributes.RawMessageDelivery, 'true', 'left as it was: the file no longer says');
      const d = (await a.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }))).StreamDescriptionSummary!;
      assert.deepEqual([d.OpenShardCount, d.RetentionPeriodHours], [3, 72]);
      const again = await a.apply(edited);
      assert.deepEqual([again.created, again.updated], [[], []]);
    });

    it('refuses a wrong file, naming the place', async () => {
      await assert.rejects(
        a.apply({ topics: [{ name: 'order-events', subscriptions: [{ queue: 'nowhere' }] }] }),
        new ConfigError('resources: topics[0].subscriptions[0].queue: no queue named "nowhere" in this file or on the server'),
      );
      await assert.rejects(
        a.apply({ queues: [{ name: 'orders', attributes: { DelaySeconds: 901 } }] }),
        (e: unknown) => e instanceof ConfigError && e.message.startsWith('resources: queues[0] (queue orders): SetQueueAttributes failed: InvalidAttributeValue: '),
      );
    });

    it('two nodes applying the same file at once both succeed', async () => {
      const other = await servicesOver(a.server.engine);
      try {
        const ctx = resourceContext({ accountId: ACCOUNT, region: 'us-east-1', baseUrl: a.server.url });
        const spec: ResourceSpec = { queues: [{ name: 'race' }], topics: [{ name: 'race', subscriptions: [{ queue: 'race' }] }], streams: [{ name: 'race', shards: 1, consumers: ['c'] }] };
        const [x, y] = await Promise.all([a.apply(spec), applyResources(other, spec, ctx)]);
        assert.ok(x.created.length + y.created.length >= 5);
        const again = await a.apply(spec);
        assert.deepEqual([again.created, again.updated], [[], []]);
      } finally {
        await other.close();
      }
    });

    it('exports what it has; the export applied to an empty server makes the same', async () => {
      const exported = await a.export();
      assert.deepEqual(exported.streams?.[0], { name: 'clicks', mode: 'PROVISIONED', shards: 3, retentionHours: 72, consumers: ['analytics', 'billing'] });
      const b = await side(engine);
      try {
        await b.apply(exported);
        assert.deepEqual(await b.export(), exported);
        const again = await b.apply(exported);
        assert.deepEqual([again.created, again.updated], [[], []]);
      } finally {
        await b.close();
      }
    });
  });
}
