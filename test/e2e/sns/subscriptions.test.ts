import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { snsE2E, snsError } from '../../helpers/sns.js';

const ACCOUNT = '000000000000';

snsE2E('SNS subscriptions', (t) => {
  const topic = async (name = t().name('topic'), attributes?: Record<string, string>) =>
    (await t().sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }))).TopicArn!;

  async function rejects(p: Promise<unknown>, code: string, message?: string | RegExp, status = 400) {
    const e = await p.then(() => assert.fail('expected an error'), (err) => snsError(err));
    assert.equal(e.code, code);
    assert.equal(e.status, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
  }

  /** The confirmation token a pending subscription was given (its SubscriptionConfirmation goes to a closed port here). */
  async function tokenOf(topicArn: string, endpoint: string): Promise<string> {
    const store = t().server.engine.sns;
    const topicRecord = (await store.getTopic(topicArn))!;
    const sub = (await store.listSubscriptionsByTopic(topicRecord.id, 0, 100)).find((s) => s.endpoint === endpoint)!;
    return sub.token!;
  }

  it('subscribes a same-account queue, confirmed at once, idempotently; shows AWS attributes', async () => {
    const { sns } = t();
    const TopicArn = await topic();
    const q = await t().queue();
    const a = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'TRUE' } }));
    assert.match(a.SubscriptionArn!, new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    const b = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
    assert.equal(b.SubscriptionArn, a.SubscriptionArn);
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'false' } })), 'InvalidParameter',
      'Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
    const attrs = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: a.SubscriptionArn }))).Attributes!;
    assert.deepEqual(
      { ...attrs, SubscriptionPrincipal: undefined },
      {
        ConfirmationWasAuthenticated: 'true', Endpoint: q.arn, Owner: ACCOUNT, PendingConfirmation: 'false', Protocol: 'sqs',
        RawMessageDelivery: 'true', SubscriptionArn: a.SubscriptionArn, SubscriptionPrincipal: undefined, TopicArn,
      },
    );
    const topicAttrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.equal(topicAttrs.SubscriptionsConfirmed, '1');
  });

  it('an HTTP subscription is pending until confirmed by token — through the API or the unsigned SubscribeURL GET', async () => {
    const { sns, server } = t();
    const TopicArn = await topic();
    const pending = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'https', Endpoint: 'https://127.0.0.1:9/hook' }));
    assert.equal(pending.SubscriptionArn, 'pending confirmation');
    const withArn = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: 'http://127.0.0.1:9/hook', ReturnSubscriptionArn: true }));
    assert.match(withArn.SubscriptionArn!, /^arn:aws:sns:/);
    let topicAttrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.deepEqual([topicAttrs.SubscriptionsPending, topicAttrs.SubscriptionsConfirmed], ['2', '0']);
    const listed = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions!;
    assert.deepEqual(listed.map((s) => s.SubscriptionArn), ['PendingConfirmation', 'PendingConfirmation']);

    await rejects(sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: 'nope' })), 'InvalidParameter', 'Invalid token');
    const token = await tokenOf(TopicArn, 'https://127.0.0.1:9/hook');
    assert.match(token, /^[0-9a-f]{256}$/);
    const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: token }));
    assert.match(confirmed.SubscriptionArn!, new RegExp(`^${TopicArn}:`));
    const again = await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: token }));
    assert.equal(again.SubscriptionArn, confirmed.SubscriptionArn, 'ConfirmSubscription is idempotent');
    const attrs = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: confirmed.SubscriptionArn }))).Attributes!;
    assert.equal(attrs.PendingConfirmation, 'false');
    assert.equal(attrs.ConfirmationWasAuthenticated, 'true');
    assert.equal(JSON.parse(attrs.EffectiveDeliveryPolicy!).healthyRetryPolicy.numRetries, 3);

    // The SubscribeURL a subscriber GETs, unsigned, from a plain HTTP client.
    const token2 = await tokenOf(TopicArn, 'http://127.0.0.1:9/hook');
    const res = await fetch(`${server.url}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TopicArn)}&Token=${token2}`);
    const xml = await res.text();
    assert.equal(res.status, 200, xml);
    assert.match(xml, /<ConfirmSubscriptionResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><ConfirmSubscriptionResult><SubscriptionArn>arn:aws:sns:[^<]+<\/SubscriptionArn>/);
    const byGet = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: withArn.SubscriptionArn }))).Attributes!;
    assert.equal(byGet.PendingConfirmation, 'false');
    assert.equal(byGet.ConfirmationWasAuthenticated, 'false', 'the GET was not signed');
    topicAttrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.deepEqual([topicAttrs.SubscriptionsPending, topicAttrs.SubscriptionsConfirmed], ['0', '2']);
  });

  it('validates protocols and endpoints as AWS does', async () => {
    const { sns } = t();
    const TopicArn = await topic();
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'test-protocol', Endpoint: 'x' })), 'InvalidParameter',
      'Invalid parameter: Amazon SNS does not support this protocol string: test-protocol');
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'not-an-arn' })), 'InvalidParameter', 'Invalid parameter: SQS endpoint ARN');
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'not-an-arn' })), 'InvalidParameter', 'Invalid parameter: Lambda endpoint ARN');
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'https', Endpoint: 'http://x' })), 'InvalidParameter', 'Invalid parameter: Endpoint must match the specified protocol');
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: 'NAA+15551234567' })), 'InvalidParameter', 'Invalid SMS endpoint: NAA+15551234567');
    const fifoQueue = await t().queue(`${t().name('fq')}.fifo`, { FifoQueue: 'true' });
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: fifoQueue.arn })), 'InvalidParameter',
      'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
    const fifoTopic = await topic(`${t().name('ft')}.fifo`, { FifoTopic: 'true' });
    await sns.send(new SubscribeCommand({ TopicArn: fifoTopic, Protocol: 'sqs', Endpoint: fifoQueue.arn }));
    const standardQueue = await t().queue();
    await sns.send(new SubscribeCommand({ TopicArn: fifoTopic, Protocol: 'sqs', Endpoint: standardQueue.arn }));
    await rejects(sns.send(new SubscribeCommand({ TopicArn: fifoTopic, Protocol: 'https', Endpoint: 'https://x' })), 'InvalidParameter',
      'Invalid parameter: Invalid protocol type: https');
    await rejects(sns.send(new SubscribeCommand({ TopicArn: `${TopicArn}-missing`, Protocol: 'sqs', Endpoint: standardQueue.arn })), 'NotFound', 'Topic does not exist', 404);
  });

  it('sets subscription attributes with AWS validation messages', async () => {
    const { sns } = t();
    const TopicArn = await topic();
    const q = await t().queue();
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
    const set = (AttributeName: string, AttributeValue: string) => sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));
    await rejects(set('RawMessageDelivery', 'test-ValUe'), 'InvalidParameter', 'Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false.');
    await rejects(set('FilterPolicyScope', 'RandomValue'), 'InvalidParameter', 'Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes');
    await rejects(set('RedrivePolicy', JSON.stringify({ deadLetterTargetArn: 'fake-arn' })), 'InvalidParameter', 'Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn');
    await rejects(set('RedrivePolicy', '{invalidjson}'), 'InvalidParameter',
      "Invalid parameter: RedrivePolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]");
    await rejects(set('FilterPolicy', '{"a":{"b":["c"]}}'), 'InvalidParameter', 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy');
    await rejects(set('Nope', 'x'), 'InvalidParameter', 'Invalid parameter: AttributeName');
    await set('FilterPolicyScope', 'MessageBody');
    await set('FilterPolicy', '{"a":{"b":["c"]}}');
    await rejects(set('FilterPolicyScope', 'MessageAttributes'), 'InvalidParameter', 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy');
    await set('RawMessageDelivery', 'True');
    const attrs = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
    assert.equal(attrs.RawMessageDelivery, 'true');
    assert.equal(attrs.FilterPolicy, '{"a":{"b":["c"]}}');
    assert.equal(attrs.FilterPolicyScope, 'MessageBody');
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: (await t().queue()).arn, Attributes: { FilterPolicy: 'invalid-json' } })), 'InvalidParameter',
      /^Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON. Unrecognized token 'invalid'/);
  });

  it('unsubscribes (idempotently; an SQS subscription never by the unsigned UnsubscribeURL GET) and counts deleted subscriptions', async () => {
    const { sns, server } = t();
    const TopicArn = await topic();
    const a = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: (await t().queue()).arn }));
    const b = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: (await t().queue()).arn }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: a.SubscriptionArn }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: a.SubscriptionArn }));
    // AWS: "Amazon SQS queue subscriptions require authentication for deletion".
    const res = await fetch(`${server.url}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(b.SubscriptionArn!)}`);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>AuthorizationError<\/Code>/);
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: b.SubscriptionArn }));
    await rejects(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: a.SubscriptionArn })), 'NotFound', 'Subscription does not exist', 404);
    const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
    assert.deepEqual([attrs.SubscriptionsConfirmed, attrs.SubscriptionsDeleted], ['0', '2']);
    await rejects(sns.send(new UnsubscribeCommand({ SubscriptionArn: 'x' })), 'InvalidParameter', 'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1');
    await rejects(sns.send(new UnsubscribeCommand({ SubscriptionArn: TopicArn })), 'InvalidParameter', 'Invalid parameter: SubscriptionId');
  });

  it('lists subscriptions (all, and by topic) in pages of 100; deleting a topic removes its subscriptions', async () => {
    const { sns } = t();
    const TopicArn = await topic();
    const arns = new Set<string>();
    for (let i = 0; i < 103; i++) {
      arns.add((await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:q-${i}` }))).SubscriptionArn!);
    }
    const p1 = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    assert.equal(p1.Subscriptions!.length, 100);
    const p2 = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn, NextToken: p1.NextToken }));
    assert.equal(p2.NextToken, undefined);
    assert.deepEqual(new Set([...p1.Subscriptions!, ...p2.Subscriptions!].map((s) => s.SubscriptionArn)), arns);
    assert.deepEqual(Object.keys(p1.Subscriptions![0]!).sort(), ['Endpoint', 'Owner', 'Protocol', 'SubscriptionArn', 'TopicArn']);
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await sns.send(new ListSubscriptionsCommand({ NextToken: token }));
      all.push(...page.Subscriptions!.map((s) => s.SubscriptionArn!));
      token = page.NextToken;
    } while (token);
    for (const arn of arns) assert.ok(all.includes(arn));
    await sns.send(new DeleteTopicCommand({ TopicArn }));
    await rejects(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: [...arns][0] })), 'NotFound', 'Subscription does not exist', 404);
  });

  it('refuses tokens SNS never issued and endpoints with control characters, without a lookup', async () => {
    const { sns } = t();
    const TopicArn = await topic();
    // AWS: a token that is not hex is "Invalid token"; hex that names no subscription "Invalid parameter: Token".
    for (const Token of ['a\u0000b', '\u0000', 'not-hex', 'randomtoken']) {
      await rejects(sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token })), 'InvalidParameter', 'Invalid token');
    }
    for (const Token of ['ABCDEF', 'abc123']) {
      await rejects(sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token })), 'InvalidParameter', 'Invalid parameter: Token');
    }
    const q = await t().queue();
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `${q.arn}\u0000` })), 'InvalidParameter', 'Invalid parameter: SQS endpoint ARN');
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: 'http://127.0.0.1:9/\u0000' })), 'InvalidParameter', 'Invalid parameter: Endpoint');
    await rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'a\u0000b@example.com' })), 'InvalidParameter', 'Invalid parameter: Email address');
  });

  it('reads policies as Jackson does (the root value, what follows ignored): a bare scalar is no RedrivePolicy; NULs after the JSON are kept', async () => {
    const { sns } = t();
    const TopicArn = await topic();
    const q = await t().queue();
    const dlq = await t().queue();
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, ReturnSubscriptionArn: true }));
    const set = (AttributeName: string, AttributeValue: string) => sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));
    // `2026-13-45…` is the number 2026 to Jackson: it used to pass the JSON check and then fail JSON.parse (a 500).
    await rejects(set('RedrivePolicy', '2026-13-45T25:61:61Z'), 'InvalidParameter', 'Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn');
    const redrive = `{"deadLetterTargetArn":"${dlq.arn}"} \u0000`;
    const filter = '{"a":["x"]}\u0000';
    const delivery = '{"healthyRetryPolicy":{"numRetries":2}} \u0000';
    await set('RedrivePolicy', redrive);
    await set('FilterPolicy', filter);
    await set('DeliveryPolicy', delivery);
    const a = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
    assert.deepEqual([a.RedrivePolicy, a.FilterPolicy, a.DeliveryPolicy], [redrive, filter, delivery]);
  });
});
