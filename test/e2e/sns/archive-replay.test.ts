/**
 * SNS message archiving and replay for FIFO topics, through @aws-sdk/client-sns and client-sqs on
 * every engine, on a ManualClock (replay windows are times; retention is days). A topic with an
 * ArchivePolicy archives what is published; a new FIFO queue subscribed with a ReplayPolicy gets the
 * archived messages of the window its filter policy accepts, per group in publish order, with their
 * MessageId, Timestamp and SequenceNumber and the Replayed marker, then live messages (or, with an
 * EndingPoint, nothing after it). Housekeeping drops archived messages past the retention period.
 * (ReceiveMessage never long-polls here: long polls wait on the server's clock.)
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, PublishCommand, SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand, SubscribeCommand,
} from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { snsE2E, snsError } from '../../helpers/sns.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

const clock = new ManualClock();

snsE2E('SNS FIFO archive and replay', (t) => {
  const fifoQueue = () => t().queue(`${t().name('rq')}.fifo`, { FifoQueue: 'true' });

  async function archivingTopic(days = '7'): Promise<string> {
    const Attributes = { FifoTopic: 'true', ContentBasedDeduplication: 'true', ArchivePolicy: JSON.stringify({ MessageRetentionPeriod: days }) };
    return (await t().sns.send(new CreateTopicCommand({ Name: `${t().name('at')}.fifo`, Attributes }))).TopicArn!;
  }

  /** Publishes `body` in group `g` (attribute color), then moves the clock 10 ms; returns what Publish answered and when. */
  async function publish(TopicArn: string, body: string, g: string, color = 'red') {
    const at = clock.now();
    const r = await t().sns.send(new PublishCommand({
      TopicArn, Message: body, MessageGroupId: g, MessageAttributes: { color: { DataType: 'String', StringValue: color } },
    }));
    clock.advance(10);
    return { body, g, at, messageId: r.MessageId!, sequenceNumber: r.SequenceNumber! };
  }

  /** Receives and deletes until `count` messages came or `timeoutMs` (real time) passed; returns their envelopes. */
  async function drain(url: string, count: number, timeoutMs = 8_000): Promise<Record<string, any>[]> {
    const got: Message[] = [];
    const deadline = Date.now() + timeoutMs;
    while (got.length < count && Date.now() < deadline) {
      const r = await t().sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
      for (const m of r.Messages ?? []) {
        got.push(m);
        await t().sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
      }
      if (!r.Messages?.length) await pause(20);
    }
    return got.map((m) => JSON.parse(m.Body!));
  }

  async function replayStatus(SubscriptionArn: string, want: string): Promise<string | undefined> {
    let status: string | undefined;
    for (let i = 0; i < 100 && status !== want; i++) {
      status = (await t().sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!.ReplayStatus;
      if (status !== want) await pause(20);
    }
    return status;
  }

  it('replays the filtered window in group order, marked, with the original ids, then delivers live messages', async () => {
    const TopicArn = await archivingTopic();
    const attrs = (await t().sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.equal(attrs.ArchivePolicy, '{"MessageRetentionPeriod":"7"}');
    assert.equal(attrs.BeginningArchiveTime, iso(clock.now()), 'archiving began at creation');
    await publish(TopicArn, 'before-window', 'g1');
    clock.advance(1_000);
    const start = clock.now();
    const window = [
      await publish(TopicArn, 'a1', 'g1'), await publish(TopicArn, 'b1', 'g2'), await publish(TopicArn, 'a2', 'g1'),
      await publish(TopicArn, 'c1', 'g3', 'blue'), await publish(TopicArn, 'b2', 'g2'),
    ];
    const queue = await fifoQueue();
    const ReplayPolicy = JSON.stringify({ PointType: 'Timestamp', StartingPoint: iso(start) });
    const { SubscriptionArn } = await t().sns.send(new SubscribeCommand({
      TopicArn, Protocol: 'sqs', Endpoint: queue.arn, ReturnSubscriptionArn: true,
      Attributes: { ReplayPolicy, FilterPolicy: JSON.stringify({ color: ['red'] }) },
    }));
    const replayed = await drain(queue.url, 4);
    const red = window.filter((m) => m.body !== 'c1');
    for (const g of ['g1', 'g2']) {
      assert.deepEqual(replayed.filter((e) => red.find((m) => m.messageId === e.MessageId)?.g === g).map((e) => e.Message),
        red.filter((m) => m.g === g).map((m) => m.body), `group ${g} in publish order`);
    }
    assert.equal(replayed.length, 4, 'only the window, only what the filter policy accepts');
    for (const e of replayed) {
      const original = red.find((m) => m.messageId === e.MessageId)!;
      assert.equal(e.Replayed, true);
      assert.equal(e.Timestamp, iso(original.at));
      assert.equal(e.SequenceNumber, original.sequenceNumber);
    }
    assert.equal(await replayStatus(SubscriptionArn!, 'Completed'), 'Completed');
    const attributes = (await t().sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
    assert.equal(attributes.ReplayPolicy, ReplayPolicy);
    const live = await publish(TopicArn, 'live', 'g2');
    const [next] = await drain(queue.url, 1);
    assert.deepEqual([next?.MessageId, next?.Message, next?.Replayed], [live.messageId, 'live', undefined], 'then live, unmarked');
  });

  it('with an EndingPoint replays up to it and pauses; a new policy without one resumes and supersedes', async () => {
    const TopicArn = await archivingTopic();
    const start = clock.now();
    const inWindow = [await publish(TopicArn, 'w1', 'g1'), await publish(TopicArn, 'w2', 'g2')];
    const end = clock.now();
    clock.advance(1_000);
    const late = await publish(TopicArn, 'late', 'g1');
    const queue = await fifoQueue();
    const { SubscriptionArn } = await t().sns.send(new SubscribeCommand({
      TopicArn, Protocol: 'sqs', Endpoint: queue.arn, ReturnSubscriptionArn: true,
      Attributes: { ReplayPolicy: JSON.stringify({ PointType: 'Timestamp', StartingPoint: iso(start), EndingPoint: iso(end) }) },
    }));
    const got = await drain(queue.url, 2);
    assert.deepEqual(got.map((e) => e.MessageId).sort(), inWindow.map((m) => m.messageId).sort());
    await publish(TopicArn, 'while-paused', 'g2');
    assert.deepEqual(await drain(queue.url, 1, 600), [], 'paused after the EndingPoint');
    await t().sns.send(new SetSubscriptionAttributesCommand({
      SubscriptionArn, AttributeName: 'ReplayPolicy', AttributeValue: JSON.stringify({ PointType: 'Timestamp', StartingPoint: iso(late.at) }),
    }));
    const resumed = await drain(queue.url, 2);
    assert.deepEqual(resumed.map((e) => [e.Message, e.Replayed]).sort(), [['late', true], ['while-paused', true]], 'two groups: any order');
    const live = await publish(TopicArn, 'live', 'g1');
    assert.deepEqual((await drain(queue.url, 1)).map((e) => e.MessageId), [live.messageId]);
  });

  it('an EndingPoint set while a Publish is under way holds that message back too (the pause and the live delivery agree)', async () => {
    const TopicArn = await archivingTopic();
    const queue = await fifoQueue();
    const { SubscriptionArn } = await t().sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, ReturnSubscriptionArn: true }));
    const start = clock.now();
    clock.advance(10);
    const ReplayPolicy = JSON.stringify({ PointType: 'Timestamp', StartingPoint: iso(start), EndingPoint: iso(clock.now()) });
    clock.advance(1_000);
    // The race, made certain: the policy commits after this Publish chose its live subscribers (none
    // paused then) and before it stores the message.
    const store = t().server.engine.sns;
    const own = Object.getOwnPropertyDescriptor(store, 'publish');
    const original = store.publish;
    let raced = 0;
    store.publish = async (...args) => {
      if (raced++ === 0) await t().sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'ReplayPolicy', AttributeValue: ReplayPolicy }));
      return original.apply(store, args);
    };
    let held;
    try {
      held = await publish(TopicArn, 'held', 'g1');
    } finally {
      if (own) Object.defineProperty(store, 'publish', own);
      else delete (store as { publish?: unknown }).publish;
    }
    assert.equal(raced, 2, 'the first attempt found the policy changed and was made again');
    assert.deepEqual(await drain(queue.url, 1, 800), [], 'paused: not delivered live');
    await t().sns.send(new SetSubscriptionAttributesCommand({
      SubscriptionArn, AttributeName: 'ReplayPolicy', AttributeValue: JSON.stringify({ PointType: 'Timestamp', StartingPoint: iso(held.at) }),
    }));
    assert.deepEqual((await drain(queue.url, 1)).map((e) => [e.MessageId, e.Replayed]), [[held.messageId, true]], 'archived, so replayed on resuming');
  });

  it("resumes a Subscribe's replay that a crash left Pending (housekeeping), once, less what arrived live meanwhile", async () => {
    const TopicArn = await archivingTopic();
    const start = clock.now();
    const window = [await publish(TopicArn, 'r1', 'g1'), await publish(TopicArn, 'r2', 'g1')];
    const queue = await fifoQueue();
    const store = t().server.engine.sns;
    const topic = (await store.getTopic(TopicArn))!;
    // What a kill -9 between Subscribe's two steps leaves: the subscription with its ReplayPolicy, no replay queued.
    const ReplayPolicy = JSON.stringify({ PointType: 'Timestamp', StartingPoint: iso(start) });
    const { subscription } = await store.createSubscription({
      arn: `${TopicArn}:${t().name('crashed')}`, topicId: topic.id, topicArn: TopicArn, owner: topic.accountId, region: topic.region,
      protocol: 'sqs', endpoint: queue.arn, attributes: { ReplayPolicy }, pendingConfirmation: false, confirmationWasAuthenticated: true,
      token: null, createdAt: clock.now(),
    });
    const SubscriptionArn = subscription.arn;
    assert.equal((await t().sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!.ReplayStatus, 'Pending');
    const live = await publish(TopicArn, 'live', 'g2');
    assert.deepEqual((await drain(queue.url, 1)).map((e) => [e.Message, e.Replayed]), [['live', undefined]], 'a subscriber meanwhile');
    for (let i = 0; i < 100 && (await store.deliveriesOf(live.messageId))[0]?.state !== 'delivered'; i++) await pause(20);
    let status: string | undefined = 'Pending';
    for (let i = 0; i < 100 && status === 'Pending'; i++) {
      clock.advance(60_000); // the housekeeping job's interval
      await pause(20);
      status = (await t().sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!.ReplayStatus;
    }
    const replayed = await drain(queue.url, 3, 1_500);
    assert.deepEqual(replayed.map((e) => [e.MessageId, e.Replayed]), window.map((m) => [m.messageId, true]), 'the window once, in order, not the live one again');
    assert.equal(await replayStatus(SubscriptionArn, 'Completed'), 'Completed');
    clock.advance(60_000);
    await pause(100);
    assert.deepEqual(await drain(queue.url, 1, 300), [], 'later housekeeping runs queue nothing more');
  });

  it('refuses bad archive and replay policies with InvalidParameter; {} switches archiving off', async () => {
    const bad = async (p: Promise<unknown>) => snsError(await p.then(() => assert.fail('accepted'), (e) => e));
    for (const ArchivePolicy of ['{"MessageRetentionPeriod":"0"}', '{"MessageRetentionPeriod":"366"}', '{"MessageRetentionPeriod":"x"}', '{"Days":"3"}', 'nope']) {
      const e = await bad(t().sns.send(new CreateTopicCommand({ Name: `${t().name('bad')}.fifo`, Attributes: { FifoTopic: 'true', ArchivePolicy } })));
      assert.deepEqual([e.code, e.status], ['InvalidParameter', 400], ArchivePolicy);
      assert.match(e.message, /^Invalid parameter: Attributes Reason: ArchivePolicy: /);
    }
    const standard = await bad(t().sns.send(new CreateTopicCommand({ Name: t().name('std'), Attributes: { ArchivePolicy: '{"MessageRetentionPeriod":"1"}' } })));
    assert.equal(standard.code, 'InvalidParameter');
    const TopicArn = await archivingTopic();
    const set = (AttributeName: string, AttributeValue: string) => t().sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName, AttributeValue }));
    assert.equal((await bad(set('BeginningArchiveTime', iso(0)))).message, 'Invalid parameter: AttributeName');
    const queue = await fifoQueue();
    const { SubscriptionArn } = await t().sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn, ReturnSubscriptionArn: true }));
    const replay = (policy: object) =>
      bad(t().sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'ReplayPolicy', AttributeValue: JSON.stringify(policy) })));
    const now = clock.now();
    for (const policy of [
      { PointType: 'Offset', StartingPoint: iso(now) }, { PointType: 'Timestamp' }, { PointType: 'Timestamp', StartingPoint: 'yesterday' },
      { PointType: 'Timestamp', StartingPoint: iso(now - DAY) }, { PointType: 'Timestamp', StartingPoint: iso(now), EndingPoint: iso(now - 1) },
    ]) {
      const e = await replay(policy);
      assert.deepEqual([e.code, e.status], ['InvalidParameter', 400], JSON.stringify(policy));
      assert.match(e.message, /^Invalid parameter: ReplayPolicy: /);
    }
    await set('ArchivePolicy', '{}');
    const attrs = (await t().sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.deepEqual([attrs.ArchivePolicy, attrs.BeginningArchiveTime], [undefined, undefined]);
    const e = await replay({ PointType: 'Timestamp', StartingPoint: iso(now) });
    assert.match(e.message, /no ArchivePolicy/);
  });

  it('keeps archived messages for the retention period: housekeeping removes them after it', async () => {
    const TopicArn = await archivingTopic('1');
    const old = await publish(TopicArn, 'old', 'g1');
    const topic = (await t().server.engine.sns.getTopic(TopicArn))!;
    assert.deepEqual((await t().server.engine.sns.archivedMessages(topic.id, 0, 10)).map((m) => m.messageId), [old.messageId]);
    clock.advance(DAY / 2);
    const young = await publish(TopicArn, 'young', 'g1');
    clock.advance(DAY / 2); // past the old one's day: the housekeeping job (every 60 s) runs
    let left: string[] = [];
    for (let i = 0; i < 100; i++) {
      left = (await t().server.engine.sns.archivedMessages(topic.id, 0, 10)).map((m) => m.messageId);
      if (left.length === 1) break;
      await pause(20);
      clock.advance(60_000); // the job reschedules itself after each run: a run still going at the last advance missed it
    }
    assert.deepEqual(left, [young.messageId]);
    const attrs = (await t().sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.equal(attrs.BeginningArchiveTime, iso(clock.now() - DAY), 'now minus the retention period');
  });
}, E2E_ENGINES, { clock });
