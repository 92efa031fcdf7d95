/**
 * What SNS would send to email, email-json and SMS subscriptions is recorded and readable through
 * GET /_switchyard/sns/recorded, on every engine: email confirmations (confirmed by their
 * SubscribeURL), notifications with their subject, the `sms` entry of a MessageStructure=json
 * message, the signed JSON document of email-json, the event a Lambda function would be invoked
 * with, the record a Firehose delivery stream would receive.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
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

  it('lambda: the invocation event AWS builds, signed; firehose: the unsigned JSON notification, or the message alone when raw', async () => {
    const { sns, server } = t();
    const TopicArn = (await sns.send(new CreateTopicCommand({ Name: t().name('events') }))).TopicArn!;
    const fn = `arn:aws:lambda:us-east-1:000000000000:function:${t().name('fn')}`;
    const stream = `arn:aws:firehose:us-east-1:000000000000:deliverystream/${t().name('ds')}`;
    const rawStream = `${stream}-raw`;
    const role = 'arn:aws:iam::000000000000:role/sns-firehose';
    const lambdaSub = (await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fn }))).SubscriptionArn!;
    assert.match(lambdaSub, /^arn:aws:sns:/, 'Lambda subscriptions need no confirmation');
    const firehoseSub = (await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'firehose', Endpoint: stream, Attributes: { SubscriptionRoleArn: role } }))).SubscriptionArn!;
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'firehose', Endpoint: rawStream, Attributes: { SubscriptionRoleArn: role, RawMessageDelivery: 'true' } }));
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'order 7 paid', Subject: 'Paid', MessageAttributes: { kind: { DataType: 'String', StringValue: 'payment' } } }));

    const [invocation] = await recorded(server.url, 'lambda', fn, 1);
    const { Records } = invocation.payload.event;
    assert.equal(Records.length, 1);
    const { Sns, ...record } = Records[0];
    assert.deepEqual(record, { EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: lambdaSub });
    assert.deepEqual(Object.keys(Sns), ['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertUrl', 'UnsubscribeUrl', 'MessageAttributes']);
    assert.deepEqual([Sns.Type, Sns.MessageId, Sns.TopicArn, Sns.Subject, Sns.Message], ['Notification', MessageId, TopicArn, 'Paid', 'order 7 paid']);
    assert.deepEqual(Sns.MessageAttributes, { kind: { Type: 'String', Value: 'payment' } });
    const signed = `Message\n${Sns.Message}\nMessageId\n${Sns.MessageId}\nSubject\n${Sns.Subject}\nTimestamp\n${Sns.Timestamp}\nTopicArn\n${Sns.TopicArn}\nType\nNotification\n`;
    const { publicKeyPem } = await server.engine.sns.signingKey(() => assert.fail('the key exists'));
    assert.ok(verify('RSA-SHA1', Buffer.from(signed), publicKeyPem, Buffer.from(Sns.Signature, 'base64')), 'the signature verifies');

    const [put] = await recorded(server.url, 'firehose', stream, 1);
    assert.deepEqual(JSON.parse(put.payload.record), {
      Type: 'Notification', MessageId, TopicArn, Subject: 'Paid', Message: 'order 7 paid', Timestamp: Sns.Timestamp,
      UnsubscribeURL: `${server.url}/?Action=Unsubscribe&SubscriptionArn=${firehoseSub}`, MessageAttributes: { kind: { Type: 'String', Value: 'payment' } },
    });
    const [rawPut] = await recorded(server.url, 'firehose', rawStream, 1);
    assert.equal(rawPut.payload.record, 'order 7 paid');
  });
});
