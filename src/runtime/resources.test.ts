/**
 * Applying and exporting resource files against the real services over an in-memory SQLite
 * engine, with a hand-moved clock (waiting for a stream to turn ACTIVE moves the clock).
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatResources, parseResources, readResourcesFile } from './resources-spec.js';
import { ManualClock } from './clock.js';
import { ConfigError } from './config.js';
import { sequentialIds } from './ids.js';
import { openSqliteEngine } from '../storage/sqlite/engine.js';
import type { Engine } from '../storage/engine.js';
import { createSqsService, type SqsService } from '../services/sqs/index.js';
import { createSnsService, type SnsService } from '../services/sns/index.js';
import { createKinesisService } from '../services/kinesis/index.js';
import { applyResources, exportResources, resourceContext, summaryLine, type ResourceServices, type ResourceSpec } from './resources.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const ctx = resourceContext({ accountId: ACCOUNT, region: REGION, baseUrl: 'http://localhost:4566' });
const urlOf = (name: string) => `http://localhost:4566/${ACCOUNT}/${name}`;
const ARN = (service: string, name: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;

interface World {
  engine: Engine;
  clock: ManualClock;
  services: ResourceServices & { sqs: SqsService; sns: SnsService };
  apply(spec: ResourceSpec): ReturnType<typeof applyResources>;
  call(service: keyof ResourceServices, op: string, input: object): Promise<any>;
}

async function world(): Promise<World> {
  const engine = await openSqliteEngine({ inMemory: true });
  const clock = new ManualClock();
  const ids = sequentialIds();
  const sqs = createSqsService({ store: engine.sqs, clock, ids });
  const sns = createSnsService({ store: engine.sns, sqs, clock, ids });
  const kinesis = createKinesisService({ store: engine.kinesis, clock, ids, config: { createDelayMs: 500 } });
  await kinesis.start();
  const services = { sqs, sns, kinesis };
  return {
    engine,
    clock,
    services,
    apply: (spec) => applyResources(services, spec, ctx, { sleep: async (ms) => clock.advance(ms) }),
    call: (service, op, input) => services[service].handlers[op]!(input, ctx),
  };
}

async function close(w: World): Promise<void> {
  await w.services.sns.close();
  await w.services.sqs.close();
  await w.engine.close();
}

const SPEC: ResourceSpec = {
  queues: [
    { name: 'orders', attributes: { VisibilityTimeout: 60 }, tags: { team: 'shop' }, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } },
    { name: 'orders-dlq', attributes: { MessageRetentionPeriod: '1209600' } },
    { name: 'jobs.fifo', attributes: { ContentBasedDeduplication: true } },
  ],
  topics: [
    {
      name: 'events',
      attributes: { DisplayName: 'Events' },
      tags: { team: 'shop' },
      subscriptions: [
        { protocol: 'sqs', queue: 'orders', rawMessageDelivery: true, filterPolicy: { kind: ['order'] } },
        { protocol: 'https', endpoint: 'https://example.com/hook' },
      ],
    },
  ],
  streams: [{ name: 'clicks', shards: 2, retentionHours: 48, consumers: ['audit'], tags: { team: 'web' } }],
};

describe('resources: apply', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => close(w));

  it('creates everything the file declares, in dependency order', async () => {
    const summary = await w.apply(SPEC);
    assert.deepEqual(summary.created, [
      'queue orders-dlq',
      'queue orders',
      'queue jobs.fifo',
      'topic events',
      'subscription events → queue orders',
      'stream clicks',
      'consumer clicks/audit',
    ]);
    assert.deepEqual(summary.pending, ['subscription events → https https://example.com/hook']);
    assert.match(summaryLine(summary), /^resources: 7 created \(queue orders-dlq, .*\), 1 pending confirmation \(subscription events → https/);

    const orders = (await w.call('sqs', 'GetQueueAttributes', { QueueUrl: urlOf('orders'), AttributeNames: ['All'] })).Attributes;
    assert.equal(orders.VisibilityTimeout, '60');
    assert.deepEqual(JSON.parse(orders.RedrivePolicy), { deadLetterTargetArn: ARN('sqs', 'orders-dlq'), maxReceiveCount: 3 });
    assert.deepEqual((await w.call('sqs', 'ListQueueTags', { QueueUrl: urlOf('orders') })).Tags, { team: 'shop' });
    const jobs = (await w.call('sqs', 'GetQueueAttributes', { QueueUrl: urlOf('jobs.fifo'), AttributeNames: ['All'] })).Attributes;
    assert.equal(jobs.FifoQueue, 'true');
    assert.equal(jobs.ContentBasedDeduplication, 'true');

    const topic = ARN('sns', 'events');
    assert.equal((await w.call('sns', 'GetTopicAttributes', { TopicArn: topic })).Attributes.DisplayName, 'Events');
    const subs = (await w.call('sns', 'ListSubscriptionsByTopic', { TopicArn: topic })).Subscriptions;
    assert.equal(subs.length, 2);
    const sqsSub = subs.find((s: { Protocol: string }) => s.Protocol === 'sqs');
    assert.equal(sqsSub.Endpoint, ARN('sqs', 'orders'));
    const attrs = (await w.call('sns', 'GetSubscriptionAttributes', { SubscriptionArn: sqsSub.SubscriptionArn })).Attributes;
    assert.equal(attrs.RawMessageDelivery, 'true');
    assert.deepEqual(JSON.parse(attrs.FilterPolicy), { kind: ['order'] });
    assert.equal(subs.find((s: { Protocol: string }) => s.Protocol === 'https').SubscriptionArn, 'PendingConfirmation');

    const d = (await w.call('kinesis', 'DescribeStreamSummary', { StreamName: 'clicks' })).StreamDescriptionSummary;
    assert.equal(d.StreamStatus, 'ACTIVE');
    assert.equal(d.StreamModeDetails.StreamMode, 'PROVISIONED');
    assert.equal(d.OpenShardCount, 2);
    assert.equal(d.RetentionPeriodHours, 48);
    const consumers = (await w.call('kinesis', 'ListStreamConsumers', { StreamARN: d.StreamARN })).Consumers;
    assert.deepEqual(consumers.map((c: { ConsumerName: string; ConsumerStatus: string }) => [c.ConsumerName, c.ConsumerStatus]), [['audit', 'ACTIVE']]);
  });

  it('changes nothing the second time', async () => {
    await w.apply(SPEC);
    const again = await w.apply(SPEC);
    assert.deepEqual(again.created, []);
    assert.deepEqual(again.updated, []);
    assert.deepEqual(again.pending, ['subscription events → https https://example.com/hook']);
    assert.equal(again.unchanged.length, 6);
    assert.equal(summaryLine(again), 'resources: 1 pending confirmation (subscription events → https https://example.com/hook), 6 unchanged');
  });

  it('converges on an edited file, and deletes nothing it no longer names', async () => {
    await w.apply(SPEC);
    const edited: ResourceSpec = {
      queues: [
        { name: 'orders', attributes: { VisibilityTimeout: 90 }, tags: { team: 'shop', cost: 'x' }, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 5 } },
        { name: 'audit' },
      ],
      topics: [
        {
          name: 'events',
          attributes: { DisplayName: 'All events' },
          subscriptions: [
            { queue: 'orders', rawMessageDelivery: false, filterPolicy: { detail: { kind: ['order'] } }, filterPolicyScope: 'MessageBody' },
            { queue: 'audit' },
          ],
        },
      ],
      streams: [{ name: 'clicks', shards: 5, retentionHours: 24, consumers: ['audit', 'billing'], tags: { owner: 'me' } }],
    };
    const summary = await w.apply(edited);
    assert.deepEqual(summary.created, ['queue audit', 'subscription events → queue audit', 'consumer clicks/billing']);
    assert.deepEqual(summary.updated, [
      'queue orders (VisibilityTimeout, RedrivePolicy, tag cost)',
      'topic events (DisplayName)',
      'subscription events → queue orders (RawMessageDelivery, FilterPolicyScope, FilterPolicy)',
      'stream clicks (shards 2 → 5, retention 24 h, tag owner)',
    ]);
    const orders = (await w.call('sqs', 'GetQueueAttributes', { QueueUrl: urlOf('orders'), AttributeNames: ['All'] })).Attributes;
    assert.equal(orders.VisibilityTimeout, '90');
    assert.equal(JSON.parse(orders.RedrivePolicy).maxReceiveCount, 5);
    // Not in the file any more, still there: nothing is deleted.
    await w.call('sqs', 'GetQueueUrl', { QueueName: 'jobs.fifo' });
    const subs = (await w.call('sns', 'ListSubscriptionsByTopic', { TopicArn: ARN('sns', 'events') })).Subscriptions;
    assert.equal(subs.length, 3);
    const sub = subs.find((s: { Endpoint: string }) => s.Endpoint === ARN('sqs', 'orders'));
    const attrs = (await w.call('sns', 'GetSubscriptionAttributes', { SubscriptionArn: sub.SubscriptionArn })).Attributes;
    assert.equal(attrs.FilterPolicyScope, 'MessageBody');
    assert.deepEqual(JSON.parse(attrs.FilterPolicy), { detail: { kind: ['order'] } });
    assert.equal(attrs.RawMessageDelivery, 'false');
    const d = (await w.call('kinesis', 'DescribeStreamSummary', { StreamName: 'clicks' })).StreamDescriptionSummary;
    assert.equal(d.OpenShardCount, 5);
    assert.equal(d.RetentionPeriodHours, 24);
    const tags = (await w.call('kinesis', 'ListTagsForStream', { StreamName: 'clicks' })).Tags;
    assert.deepEqual(tags, [{ Key: 'owner', Value: 'me' }, { Key: 'team', Value: 'web' }]);
    // And the edited file is now what the server has.
    const third = await w.apply(edited);
    assert.deepEqual([third.created, third.updated], [[], []]);
  });

  it('two applies at once (two nodes starting together) both succeed and make each resource once', async () => {
    const [a, b] = await Promise.all([w.apply(SPEC), w.apply(SPEC)]);
    assert.ok(a.created.length + b.created.length >= 7);
    const again = await w.apply(SPEC);
    assert.deepEqual([again.created, again.updated], [[], []]);
    assert.equal((await w.call('sns', 'ListSubscriptionsByTopic', { TopicArn: ARN('sns', 'events') })).Subscriptions.length, 2);
  });

  it('switches a stream\'s mode and scales down in steps', async () => {
    await w.apply({ streams: [{ name: 's', mode: 'ON_DEMAND' }] });
    const summary = await w.apply({ streams: [{ name: 's', shards: 1 }] });
    assert.deepEqual(summary.updated, ['stream s (mode PROVISIONED, shards 4 → 1)']);
    const d = (await w.call('kinesis', 'DescribeStreamSummary', { StreamName: 's' })).StreamDescriptionSummary;
    assert.deepEqual([d.StreamModeDetails.StreamMode, d.OpenShardCount], ['PROVISIONED', 1]);
    assert.deepEqual((await w.apply({ streams: [{ name: 's', mode: 'ON_DEMAND' }] })).updated, ['stream s (mode ON_DEMAND)']);
  });

  it('needs every queue it names, in the file or on the server, before it changes anything', async () => {
    await assert.rejects(
      w.apply({ queues: [{ name: 'a', deadLetter: { queue: 'x', maxReceiveCount: 2 } }], topics: [{ name: 't' }] }),
      new ConfigError('resources: queues[0].deadLetter.queue: no queue named "x" in this file or on the server'),
    );
    await assert.rejects(
      w.apply({ topics: [{ name: 't', subscriptions: [{ queue: 'q', deadLetter: { queue: 'd' } }] }] }),
      new ConfigError('resources: topics[0].subscriptions[0].queue: no queue named "q" in this file or on the server'),
    );
    assert.deepEqual((await w.call('sqs', 'ListQueues', {})).QueueUrls, undefined);
    assert.deepEqual((await w.call('sns', 'ListTopics', {})).Topics, []);
    // On the server is as good as in the file.
    await w.call('sqs', 'CreateQueue', { QueueName: 'x' });
    assert.deepEqual((await w.apply({ queues: [{ name: 'a', deadLetter: { queue: 'x', maxReceiveCount: 2 } }] })).created, ['queue a']);
  });

  it('reports what the services refuse, naming the place in the file', async () => {
    await assert.rejects(
      w.apply({ queues: [{ name: 'q', attributes: { VisibilityTimeout: 99999 } }] }),
      (e: unknown) => e instanceof ConfigError && e.message.startsWith('resources: queues[0] (queue q): CreateQueue failed: InvalidAttributeValue: '),
    );
    await assert.rejects(
      w.apply({ topics: [{ name: 't', attributes: { Colour: 'red' } }] }),
      new ConfigError('resources: topics[0] (topic t): CreateTopic failed: InvalidParameterException: Invalid parameter: Attributes Reason: Unknown attribute Colour'),
    );
    await assert.rejects(
      w.apply({ queues: [{ name: 'q' }], topics: [{ name: 't', subscriptions: [{ queue: 'q', filterPolicy: { a: 'not a list' } }] }] }),
      (e: unknown) => e instanceof ConfigError && e.message.startsWith('resources: topics[0].subscriptions[0] (subscription t → queue q): Subscribe failed: InvalidParameterException: Invalid parameter: Attributes Reason: FilterPolicy: '),
    );
    await assert.rejects(
      w.apply({ queues: [{ name: 'std' }, { name: 'f.fifo', deadLetter: { queue: 'std', maxReceiveCount: 1 } }] }),
      (e: unknown) => e instanceof ConfigError && e.message.startsWith('resources: queues[1] (queue f.fifo): CreateQueue failed: '),
    );
  });

  it('applies examples/resources.json (the README\'s example) twice', async () => {
    const example = readResourcesFile(new URL('../../examples/resources.json', import.meta.url).pathname);
    const first = await w.apply(example);
    assert.equal(first.created.length, 10);
    assert.deepEqual(first.pending, ['subscription order-events → https https://hooks.example.com/orders']);
    const second = await w.apply(example);
    assert.deepEqual([second.created, second.updated], [[], []]);
  });

  it('takes fauxqs\'s queue entries as they are (a RedrivePolicy string with a string count), and stays idempotent', async () => {
    const redrive = JSON.stringify({ deadLetterTargetArn: ARN('sqs', 'dlq'), maxReceiveCount: '3' });
    // The dead-letter queue comes later in the file: it is created first all the same.
    const spec: ResourceSpec = { queues: [{ name: 'q', attributes: { VisibilityTimeout: '60', RedrivePolicy: redrive } }, { name: 'dlq' }, { name: 'f.fifo', attributes: { FifoQueue: 'true' } }] };
    assert.deepEqual((await w.apply(spec)).created, ['queue dlq', 'queue q', 'queue f.fifo']);
    const again = await w.apply(spec);
    assert.deepEqual([again.created, again.updated], [[], []]);
  });

  it('checks a spec built in code as it checks a file', async () => {
    await assert.rejects(w.apply({ streams: [{ name: 's', shards: 0 }] }), new ConfigError('resources: streams[0].shards: must be a whole number from 1 to 10000'));
  });
});

describe('resources: export', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => close(w));

  it('writes the server\'s resources in the file format, defaults left out', async () => {
    await w.apply(SPEC);
    // Made by a client, not by a file: exported all the same.
    const far = 'arn:aws:sqs:us-east-1:111111111111:far';
    await w.services.sqs.handlers.CreateQueue!({ QueueName: 'far' }, { ...ctx, accountId: '111111111111' });
    await w.call('sqs', 'CreateQueue', { QueueName: 'elsewhere', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: far, maxReceiveCount: 2 }) } });
    const exported = await exportResources(w.services, ctx);
    assert.deepEqual(exported, {
      version: 1,
      queues: [
        { name: 'elsewhere', attributes: { RedrivePolicy: { deadLetterTargetArn: far, maxReceiveCount: 2 } } },
        { name: 'jobs.fifo', attributes: { ContentBasedDeduplication: 'true' } },
        { name: 'orders', attributes: { VisibilityTimeout: '60' }, tags: { team: 'shop' }, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } },
        { name: 'orders-dlq', attributes: { MessageRetentionPeriod: '1209600' } },
      ],
      topics: [
        {
          name: 'events',
          attributes: { DisplayName: 'Events' },
          tags: { team: 'shop' },
          subscriptions: [
            { protocol: 'sqs', queue: 'orders', rawMessageDelivery: true, filterPolicy: { kind: ['order'] } },
            { protocol: 'https', endpoint: 'https://example.com/hook' },
          ],
        },
      ],
      streams: [{ name: 'clicks', mode: 'PROVISIONED', shards: 2, retentionHours: 48, consumers: ['audit'], tags: { team: 'web' } }],
    });
  });

  it('round-trips: export, apply to an empty server, export again', async () => {
    await w.apply(SPEC);
    await w.apply({ streams: [{ name: 'logs', mode: 'ON_DEMAND' }], topics: [{ name: 'jobs.fifo', attributes: { ContentBasedDeduplication: 'true' }, subscriptions: [{ queue: 'jobs.fifo', filterPolicyScope: 'MessageBody', filterPolicy: { a: [1] } }] }] });
    // As `switchyard export` and `--resources` would: through the file's text.
    const exported = parseResources(formatResources(await exportResources(w.services, ctx)), 'export.json');
    const other = await world();
    try {
      const summary = await other.apply(exported);
      assert.deepEqual(summary.updated, []);
      assert.deepEqual(await exportResources(other.services, ctx), exported);
      assert.deepEqual((await other.apply(exported)).created, []);
    } finally {
      await close(other);
    }
  });

  it('writes an empty server as an empty file', async () => {
    assert.deepEqual(await exportResources(w.services, ctx), { version: 1 });
  });
});
