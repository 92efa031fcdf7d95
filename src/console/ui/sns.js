// SNS views: the topic list, a topic's page (attributes, subscriptions, publish, what was
// recorded for it), and the recorded deliveries of every topic (email, SMS, push, Lambda,
// Firehose: recorded, never sent).
import { all, call, get } from './api.js';
import { attributesTable, busy, field, h, lastPart, table, tag, time } from './dom.js';
import { messageForm } from './message-form.js';

const topicHref = (arn) => `#/sns/topic/${encodeURIComponent(arn)}`;
const RECORDED = '/_switchyard/sns/recorded';
const RECORDED_PROTOCOLS = new Set(['email', 'email-json', 'sms', 'application', 'lambda', 'firehose']);

export async function topicList(root, _arg, signal) {
  root.append(h('h1', {}, 'Topics'), h('p', {}, h('a', { href: '#/sns/recorded' }, 'Recorded deliveries (email, SMS, push, Lambda, Firehose)')));
  const topics = await all((NextToken) => call('sns', 'ListTopics', { NextToken }), (r) => r.Topics, (r) => r.NextToken);
  const rows = await Promise.all(topics.map(async ({ TopicArn }) => {
    const { Attributes: a = {} } = await call('sns', 'GetTopicAttributes', { TopicArn }).catch(() => ({}));
    return [
      h('td', {}, h('a', { href: topicHref(TopicArn) }, lastPart(TopicArn)), a.FifoTopic === 'true' && tag('FIFO')),
      h('td', { className: 'num' }, a.SubscriptionsConfirmed ?? ''),
      h('td', { className: 'num' }, a.SubscriptionsPending ?? ''),
      h('td', { className: 'mono' }, TopicArn),
    ];
  }));
  if (signal.aborted) return;
  root.append(table(['Topic', 'Confirmed', 'Pending', 'ARN'], rows, 'No topics yet.'));
}

export async function topicPage(root, topicArn, signal) {
  const { Attributes: attrs = {} } = await call('sns', 'GetTopicAttributes', { TopicArn: topicArn });
  const subs = await all((NextToken) => call('sns', 'ListSubscriptionsByTopic', { TopicArn: topicArn, NextToken }), (r) => r.Subscriptions, (r) => r.NextToken);
  const details = await Promise.all(subs.map(subscriptionAttributes));
  if (signal.aborted) return;
  const fifo = attrs.FifoTopic === 'true';
  root.append(
    h('p', {}, h('a', { href: '#/sns' }, '← Topics')),
    h('h1', {}, lastPart(topicArn), fifo && tag('FIFO')),
    h('p', { className: 'mono muted' }, topicArn),
    h('h2', {}, 'Subscriptions'),
    table(['Protocol', 'Endpoint', 'Status', 'Filter policy', 'Raw delivery', 'Redrive policy', 'Subscription'], subs.map((s, i) => {
      const a = details[i];
      const pending = s.SubscriptionArn === 'PendingConfirmation' || a.PendingConfirmation === 'true';
      return [
        s.Protocol,
        h('td', { className: 'mono' }, s.Endpoint),
        h('td', {}, pending ? tag('pending confirmation', 'warn') : tag('confirmed', 'ok')),
        h('td', {}, policy(a.FilterPolicy), a.FilterPolicyScope ? h('span', { className: 'muted' }, `scope: ${a.FilterPolicyScope}`) : ''),
        a.RawMessageDelivery === 'true' ? 'yes' : 'no',
        h('td', {}, policy(a.RedrivePolicy)),
        h('td', { className: 'mono' }, s.SubscriptionArn),
      ];
    }), 'No subscriptions.'),
    h('h2', {}, 'Publish'),
    publishForm(topicArn, fifo),
    h('h2', {}, 'Attributes'),
    attributesTable(attrs),
  );
  const recorded = subs.filter((s) => RECORDED_PROTOCOLS.has(s.Protocol));
  if (recorded.length > 0) {
    const deliveries = (await Promise.all(recorded.map((s) => get(RECORDED, { protocol: s.Protocol, endpoint: s.Endpoint, limit: 1000 }))))
      .flatMap((r) => r.recorded)
      .filter((r) => r.topicArn === topicArn)
      .sort((a, b) => a.id - b.id);
    if (!signal.aborted) root.append(h('h2', {}, 'Recorded deliveries'), recordedTable(deliveries));
  }
}

async function subscriptionAttributes(s) {
  if (!s.SubscriptionArn || s.SubscriptionArn === 'PendingConfirmation') return {};
  try {
    return (await call('sns', 'GetSubscriptionAttributes', { SubscriptionArn: s.SubscriptionArn })).Attributes ?? {};
  } catch {
    return {};
  }
}

function policy(text) {
  if (!text) return '';
  try {
    return h('pre', {}, JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    return h('pre', {}, text);
  }
}

function publishForm(topicArn, fifo) {
  const subject = h('input', { name: 'subject' });
  const message = h('textarea', { name: 'message', required: true });
  const group = h('input', { name: 'group' });
  const dedup = h('input', { name: 'dedup' });
  const fields = [
    field('Subject', subject),
    field('Message', message),
    field(fifo ? 'Message group id' : 'Message group id (FIFO subscribers)', group),
    fifo && field('Deduplication id', dedup),
  ];
  return messageForm('Publish', 'Published', fields, async (MessageAttributes) => {
    const input = { TopicArn: topicArn, Message: message.value, MessageAttributes };
    if (subject.value) input.Subject = subject.value;
    if (group.value) input.MessageGroupId = group.value;
    if (fifo && dedup.value) input.MessageDeduplicationId = dedup.value;
    const { MessageId } = await call('sns', 'Publish', input);
    message.value = '';
    return MessageId;
  });
}

function recordedTable(rows) {
  return table(['Id', 'When', 'Protocol', 'Endpoint', 'Topic', 'Payload'], rows.map((r) => [
    r.id,
    time(r.recordedAt),
    r.protocol,
    h('td', { className: 'mono' }, r.endpoint),
    r.topicArn ? h('a', { href: topicHref(r.topicArn) }, lastPart(r.topicArn)) : '',
    h('td', {}, h('pre', {}, JSON.stringify(r.payload, null, 2))),
  ]), 'Nothing recorded.');
}

export async function recordedPage(root) {
  const protocol = h('select', {}, h('option', { value: '' }, 'any protocol'), [...RECORDED_PROTOCOLS].map((p) => h('option', { value: p }, p)));
  const endpoint = h('input', { placeholder: 'endpoint (address, number, ARN)' });
  const list = h('div', {});
  const pages = [0];
  const go = h('button', { className: 'primary', type: 'button' }, 'Show');
  const show = async () => {
    const { recorded } = await get(RECORDED, { protocol: protocol.value, endpoint: endpoint.value, after: pages[pages.length - 1], limit: 50 });
    const older = h('button', { type: 'button', disabled: pages.length === 1 }, '← Earlier');
    const newer = h('button', { type: 'button', disabled: recorded.length < 50 }, 'Later →');
    older.onclick = () => { pages.pop(); busy(older, list, show); };
    newer.onclick = () => { pages.push(recorded[recorded.length - 1].id); busy(newer, list, show); };
    list.replaceChildren(recordedTable(recorded), h('div', { className: 'actions' }, older, newer));
  };
  go.onclick = () => { pages.length = 1; busy(go, list, show); };
  root.append(
    h('p', {}, h('a', { href: '#/sns' }, '← Topics')),
    h('h1', {}, 'Recorded deliveries'),
    h('p', { className: 'muted' }, 'What SNS would have sent to email, SMS, mobile push, Lambda and Firehose endpoints: recorded, never sent.'),
    h('div', { className: 'row' }, protocol, endpoint, go),
    list,
  );
  await show();
}
