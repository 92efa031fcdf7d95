import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand, type MessageAttributeValue } from '@aws-sdk/client-sns';
import { receiveN, receiveNone, snsE2E } from '../../helpers/sns.js';

snsE2E('SNS filter policies end to end', (t) => {
  const S = (v: string): MessageAttributeValue => ({ DataType: 'String', StringValue: v });
  const N = (v: string): MessageAttributeValue => ({ DataType: 'Number', StringValue: v });

  async function subscribed(TopicArn: string, attributes: Record<string, string>) {
    const q = await t().queue();
    await t().sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true', ...attributes } }));
    return q;
  }

  it('attribute policies: each subscription gets exactly the messages its policy accepts', async () => {
    const { sns, sqs } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('orders') }))).TopicArn!;
    const big = await subscribed(TopicArn, { FilterPolicy: JSON.stringify({ amount: [{ numeric: ['>=', 100] }], currency: ['EUR', 'USD'] }) });
    const notTest = await subscribed(TopicArn, { FilterPolicy: JSON.stringify({ env: [{ 'anything-but': ['test'] }] }) });
    const tagged = await subscribed(TopicArn, { FilterPolicy: JSON.stringify({ tags: [{ prefix: 'vip' }] }) });
    const noEnv = await subscribed(TopicArn, { FilterPolicy: JSON.stringify({ env: [{ exists: false }] }) });
    const everything = await subscribed(TopicArn, {});
    const publish = (Message: string, MessageAttributes: Record<string, MessageAttributeValue>) => sns.send(new PublishCommand({ TopicArn, Message, MessageAttributes }));
    await publish('m1', { amount: N('150'), currency: S('EUR'), env: S('prod') });
    await publish('m2', { amount: N('99.99'), currency: S('EUR'), env: S('test') });
    await publish('m3', { amount: N('1e3'), currency: S('GBP'), tags: { DataType: 'String.Array', StringValue: '["new","vip-gold"]' } });
    await publish('m4', { amount: N('100'), currency: S('USD') });
    const bodies = async (q: { url: string }, n: number) => (await receiveN(sqs, q.url, n)).map((m) => m.Body!).sort();
    assert.deepEqual(await bodies(big, 2), ['m1', 'm4']);
    assert.deepEqual(await bodies(notTest, 1), ['m1'], 'anything-but does not match a message without the key');
    assert.deepEqual(await bodies(tagged, 1), ['m3']);
    assert.deepEqual(await bodies(noEnv, 2), ['m3', 'm4']);
    assert.deepEqual(await bodies(everything, 4), ['m1', 'm2', 'm3', 'm4']);
    for (const q of [big, notTest, tagged, noEnv]) assert.deepEqual(await receiveNone(sqs, q.url, 1_000), [], 'nothing else arrives');
  });

  it('body policies (FilterPolicyScope=MessageBody): nested keys, arrays, $or', async () => {
    const { sns, sqs } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('events') }))).TopicArn!;
    const q = await subscribed(TopicArn, {
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: JSON.stringify({ detail: { status: ['paid'], $or: [{ total: [{ numeric: ['>', 10] }] }, { items: { sku: [{ prefix: 'gift-' }] } }] } }),
    });
    const send = (body: unknown) => sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify(body) }));
    await send({ id: 1, detail: { status: 'paid', total: 11 } });
    await send({ id: 2, detail: { status: 'paid', total: 5, items: [{ sku: 'book' }, { sku: 'gift-card' }] } });
    await send({ id: 3, detail: { status: 'open', total: 50 } });
    await send({ id: 4, detail: { status: 'paid', total: 5, items: [{ sku: 'book' }] } });
    await sns.send(new PublishCommand({ TopicArn, Message: 'not json at all' }));
    const ids = (await receiveN(sqs, q.url, 2)).map((m) => JSON.parse(m.Body!).id).sort();
    assert.deepEqual(ids, [1, 2]);
    assert.deepEqual(await receiveNone(sqs, q.url, 1_000), []);
  });
});
