/**
 * What SNS would send to email, email-json and SMS subscriptions is recorded and readable through
 * GET /_switchyard/sns/recorded, on every engine: email confirmations (confirmed by their
 * SubscribeURL), notifications with their subject, the `sms` entry of a MessageStructure=json
 * message, the signed JSON document of email-json.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { snsE2E } from '../../helpers/sns.js';
import { recorded } from '../../helpers/sns-http.js';

snsE2E('SNS recorded deliveries', (t) => {
  it('email: the confirmation is recorded, its SubscribeURL confirms, notifications are recorded with their subject', async () => {
    const { sns, server } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('mail') }))).TopicArn!;
    const address = `${t().name('someone')}@example.com`;
    assert.equal((await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: address }))).SubscriptionArn, 'pending confirmation');
    const [confirmation] = await recorded(server.url, 'email', address, 1);
    assert.equal(confirmation.payload.type, 'SubscriptionConfirmation');
    assert.equal(confirmation.topicArn, TopicArn);
    assert.match(confirmation.payload.message, /^You have chosen to subscribe to the topic /);
    const res = await fetch(confirmation.payload.subscribeURL);
    assert.equal(res.status, 200);
    const arn = /<SubscriptionArn>([^<]+)</.exec(await res.text())![1]!;
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'your order shipped', Subject: 'Order 42' }));
    const [, note] = await recorded(server.url, 'email', address, 2);
    assert.equal(note.messageId, MessageId);
    assert.equal(note.subscriptionArn, arn);
    assert.deepEqual({ ...note.payload, timestamp: undefined }, {
      type: 'Notification', subject: 'Order 42', message: 'your order shipped', unsubscribeURL: `${server.url}/?Action=Unsubscribe&SubscriptionArn=${arn}`, timestamp: undefined,
    });
  });

  it('sms subscriptions are confirmed at once and get the sms entry of a JSON message; email-json gets the signed document', async () => {
    const { sns, server } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('texts') }))).TopicArn!;
    const phone = '+15555550123';
    const sub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: phone }));
    assert.match(sub.SubscriptionArn!, /^arn:aws:sns:/);
    const json = `${t().name('j')}@example.com`;
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email-json', Endpoint: json }));
    const [confirmation] = await recorded(server.url, 'email-json', json, 1);
    const doc = JSON.parse(confirmation.payload.body);
    assert.equal(doc.Type, 'SubscriptionConfirmation');
    assert.equal((await fetch(doc.SubscribeURL)).status, 200);
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'long text', sms: 'short' }) }));
    const [text] = await recorded(server.url, 'sms', phone, 1);
    assert.equal(text.payload.message, 'short');
    const [, mail] = await recorded(server.url, 'email-json', json, 2);
    const note = JSON.parse(mail.payload.body);
    assert.equal(note.Type, 'Notification');
    assert.equal(note.Message, 'long text');
    assert.equal(note.SignatureVersion, '1');
    const bad = await fetch(`${server.url}/_switchyard/sns/recorded?limit=0`);
    assert.equal(bad.status, 400);
  });
});
