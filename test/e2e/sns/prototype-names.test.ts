import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTopicCommand,
  GetSMSAttributesCommand,
  ListTagsForResourceCommand,
  PublishBatchCommand,
  PublishCommand,
  SetSMSAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type MessageAttributeValue,
} from '@aws-sdk/client-sns';
import { receiveN, receiveNone, snsE2E } from '../../helpers/sns.js';

/**
 * Names of Object.prototype's members (`toString`, `constructor`, `__proto__`) as a client's names:
 * AWS takes them like any other (they are valid message attribute names and filter-policy keys).
 * Found by the wire fuzz (test/helpers/wire-fuzz.ts PROTOTYPE_NAMES): a subscription whose filter
 * policy had such a key made every Publish with attributes to its topic answer 500 (the lookup found
 * the prototype's function), and an attribute named `__proto__` replaced the prototype of the
 * object it was put in instead of becoming an entry, so it was lost.
 */
snsE2E('SNS: names of Object.prototype members are names like any other', (t) => {
  const S = (v: string): MessageAttributeValue => ({ DataType: 'String', StringValue: v });

  async function subscribed(TopicArn: string, FilterPolicy?: string) {
    const q = await t().queue();
    await t().sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: FilterPolicy ? { FilterPolicy } : {} }));
    return q;
  }

  it('filter-policy keys named toString, constructor and __proto__ match only attributes of that name', async () => {
    const { sns, sqs } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('proto') }))).TopicArn!;
    const byToString = await subscribed(TopicArn, '{"toString":["x"]}');
    const byProto = await subscribed(TopicArn, '{"__proto__":["x"]}');
    const noConstructor = await subscribed(TopicArn, '{"constructor":[{"exists":false}]}');
    const all = await subscribed(TopicArn);
    // Each was answered 500 while the policies above were subscribed.
    await sns.send(new PublishCommand({ TopicArn, Message: 'plain', MessageAttributes: { a: S('x') } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'toString', MessageAttributes: { toString: S('x') } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'proto', MessageAttributes: { ['__proto__']: S('x'), constructor: S('y') } }));
    const batch = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'e1', Message: 'batch', MessageAttributes: { hasOwnProperty: S('x') } }] }));
    assert.equal(batch.Successful?.length, 1);

    const bodies = async (q: { url: string }, n: number) => (await receiveN(sqs, q.url, n)).map((m) => JSON.parse(m.Body!) as { Message: string; MessageAttributes?: Record<string, unknown> });
    assert.deepEqual((await bodies(byToString, 1)).map((b) => b.Message), ['toString']);
    const proto = await bodies(byProto, 1);
    assert.deepEqual(proto.map((b) => b.Message), ['proto']);
    // The envelope carries the attribute named __proto__ as an entry of its own.
    assert.ok(Object.hasOwn(proto[0]!.MessageAttributes!, '__proto__'));
    assert.deepEqual(JSON.stringify(proto[0]!.MessageAttributes), '{"__proto__":{"Type":"String","Value":"x"},"constructor":{"Type":"String","Value":"y"}}');
    assert.deepEqual((await bodies(noConstructor, 3)).map((b) => b.Message).sort(), ['batch', 'plain', 'toString']);
    assert.equal((await bodies(all, 4)).length, 4);
    for (const q of [byToString, byProto, noConstructor, all]) assert.deepEqual(await receiveNone(sqs, q.url, 500), []);
  });

  it('tag keys named toString or __proto__ are tags like any other (a first toString was called a duplicate)', async () => {
    const { sns } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('tags'), Tags: [{ Key: 'toString', Value: 't' }] }))).TopicArn!;
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'constructor', Value: 'c' }, { Key: '__proto__', Value: 'p' }] }));
    const tags = async () => Object.fromEntries(((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags ?? []).map((x) => [x.Key, x.Value]));
    assert.deepEqual(await tags(), { toString: 't', constructor: 'c', ['__proto__']: 'p' });
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['__proto__', 'toString'] }));
    assert.deepEqual(await tags(), { constructor: 'c' });
  });

  it('GetSMSAttributes names nothing it was not given: toString is not the text of a JavaScript function', async () => {
    const { sns } = t();
    await sns.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: 'Transactional' } }));
    const got = await sns.send(new GetSMSAttributesCommand({ attributes: ['toString', 'constructor', 'DefaultSMSType'] }));
    assert.deepEqual(got.attributes, { DefaultSMSType: 'Transactional' });
  });
});
