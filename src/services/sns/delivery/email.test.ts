import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { composeEmail, footer, parseSender } from './email-message.js';
import { smtpFailure } from './email.js';
import { smtpRetryDelay } from './retry.js';

const topicArn = 'arn:aws:sns:us-east-1:000000000000:alarms';
const aws = parseSender(undefined);

describe('SNS e-mail', () => {
  it('the sender: AWS’s by default, an address, or a named address', () => {
    assert.deepEqual(aws, { name: 'AWS Notifications', address: 'no-reply@sns.amazonaws.com' });
    assert.deepEqual(parseSender('alerts@example.com'), { name: 'AWS Notifications', address: 'alerts@example.com' });
    assert.deepEqual(parseSender('"Ops Team" <ops@example.com>'), { name: 'Ops Team', address: 'ops@example.com' });
    assert.deepEqual(parseSender('<ops@example.com>'), { name: 'AWS Notifications', address: 'ops@example.com' });
    assert.throws(() => parseSender('not an address'), /not an e-mail address/);
  });

  it('a notification: subject, message, footer; the DisplayName names the sender', () => {
    const unsubscribeURL = 'http://sy:4566/?Action=Unsubscribe&SubscriptionArn=arn:x';
    const mail = composeEmail({ protocol: 'email', endpoint: 'a@example.com', topicArn, displayName: 'Alarms' }, { type: 'Notification', subject: 'CPU', message: 'high', unsubscribeURL }, aws);
    assert.deepEqual(mail, {
      from: { name: 'Alarms', address: 'no-reply@sns.amazonaws.com' },
      to: 'a@example.com',
      subject: 'CPU',
      text: `high\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n${unsubscribeURL}\n\nPlease do not reply directly to this email.\n`,
    });
    assert.equal(footer(unsubscribeURL), mail.text.slice('high\n\n'.length));
  });

  it('a confirmation: AWS’s subject, an HTML mail with the Confirm subscription link, and its text', () => {
    const url = 'http://sy:4566/?Action=ConfirmSubscription&TopicArn=arn&Token=ab';
    const mail = composeEmail({ protocol: 'email', endpoint: 'a@example.com', topicArn }, { type: 'SubscriptionConfirmation', subscribeURL: url }, aws);
    assert.equal(mail.subject, 'AWS Notification - Subscription Confirmation');
    assert.equal(mail.from.name, 'AWS Notifications');
    assert.match(mail.html!, /<a href="http:\/\/sy:4566\/\?Action=ConfirmSubscription&amp;TopicArn=arn&amp;Token=ab">Confirm subscription<\/a>/);
    assert.ok(mail.text.includes(`${topicArn}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary):\n${url}\n`));
  });

  it('an unsubscribe confirmation: its subject, the message and the SubscribeURL that restores the subscription', () => {
    const url = 'http://sy:4566/?Action=ConfirmSubscription&TopicArn=arn&Token=cd';
    const message = `You have chosen to deactivate subscription ${topicArn}:1.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;
    const mail = composeEmail({ protocol: 'email', endpoint: 'a@example.com', topicArn }, { type: 'UnsubscribeConfirmation', message, subscribeURL: url }, aws);
    assert.deepEqual([mail.subject, mail.text, mail.html], ['AWS Notification - Unsubscribe Confirmation', `${message}\n\n${url}\n\nPlease do not reply directly to this email.\n`, undefined]);
    const json = composeEmail({ protocol: 'email-json', endpoint: 'j@example.com', topicArn }, { type: 'UnsubscribeConfirmation', body: '{}' }, aws);
    assert.equal(json.subject, 'AWS Notification - Unsubscribe Confirmation');
  });

  it('email-json: the document as the body; the Subject, else AWS’s default subject', () => {
    const body = '{\n  "Type" : "Notification"\n}';
    const to = { protocol: 'email-json', endpoint: 'j@example.com', topicArn };
    assert.equal(composeEmail({ ...to, subject: 'Deploy' }, { type: 'Notification', body }, aws).subject, 'Deploy');
    const plain = composeEmail(to, { type: 'Notification', body }, aws);
    assert.deepEqual([plain.subject, plain.text, plain.html], ['AWS Notification Message', body, undefined]);
    assert.equal(composeEmail(to, { type: 'SubscriptionConfirmation', body }, aws).subject, 'AWS Notification - Subscription Confirmation');
  });

  it('SMTP errors: a 5xx reply is permanent; 4xx, no connection and failed authentication are retried', () => {
    assert.deepEqual(smtpFailure({ responseCode: 550, code: 'EENVELOPE', response: '550 5.1.1 no such user' }), { permanent: true, error: 'SMTP 550: 550 5.1.1 no such user' });
    assert.equal(smtpFailure({ responseCode: 451, code: 'EENVELOPE', response: '451 try later' }).permanent, false);
    assert.equal(smtpFailure({ responseCode: 535, code: 'EAUTH', response: '535 bad password' }).permanent, false);
    assert.deepEqual(smtpFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' })), { permanent: false, error: 'SMTP ESOCKET: connect ECONNREFUSED 127.0.0.1:25' });
  });

  it('retries on AWS’s SMTP schedule: 2 at 10 s, 10 backing off to 600 s, 38 at 600 s, 50 in all', () => {
    const delays = Array.from({ length: 51 }, (_, i) => smtpRetryDelay(i + 1));
    assert.deepEqual(delays.slice(0, 3), [10_000, 10_000, 10_000]);
    assert.equal(delays[11], 600_000);
    for (let i = 3; i < 12; i++) assert.ok(delays[i]! > delays[i - 1]!, `retry ${i + 1} waits longer`);
    assert.ok(delays.slice(12, 50).every((d) => d === 600_000));
    assert.equal(delays[50], undefined, 'exhausted after 50 retries');
    const total = delays.slice(0, 50).reduce((a, b) => a! + b!, 0)!;
    assert.ok(total > 6 * 3_600_000 && total < 7 * 3_600_000, `${total} ms: over about 6 hours`);
  });
});
