// SQS views: the queue list, and a queue's page (attributes, messages, send, purge, delete, and
// for a dead-letter queue its sources and the redrive button).
import { all, call, get } from './api.js';
import { attributesTable, confirmButton, field, h, lastPart, num, showError, table, tag, time } from './dom.js';
import { messageForm } from './message-form.js';
import { redrivePanel } from './redrive.js';

const queueHref = (url) => `#/sqs/queue/${encodeURIComponent(url)}`;

/** The dead-letter queue's ARN a RedrivePolicy names, or undefined. */
function deadLetterArn(attrs) {
  try {
    return JSON.parse(attrs.RedrivePolicy ?? '').deadLetterTargetArn;
  } catch {
    return undefined;
  }
}

export async function queueList(root, _arg, signal) {
  root.append(h('h1', {}, 'Queues'));
  const urls = await all((NextToken) => call('sqs', 'ListQueues', { MaxResults: 1000, NextToken }), (r) => r.QueueUrls, (r) => r.NextToken);
  const queues = await Promise.all(urls.map(async (url) => {
    try {
      return { url, attrs: (await call('sqs', 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] })).Attributes ?? {} };
    } catch (e) {
      return { url, attrs: {}, error: e }; // deleted since listed
    }
  }));
  if (signal.aborted) return;
  const byArn = new Map(queues.map((q) => [q.attrs.QueueArn, q]));
  const targets = new Set(queues.map((q) => deadLetterArn(q.attrs)).filter(Boolean));
  const rows = queues.map(({ url, attrs }) => {
    const dlqArn = deadLetterArn(attrs);
    const dlq = dlqArn && byArn.get(dlqArn);
    return [
      h('td', {}, h('a', { href: queueHref(url) }, lastPart(url)), attrs.FifoQueue === 'true' && tag('FIFO'), targets.has(attrs.QueueArn) && tag('DLQ', 'warn')),
      num(attrs.ApproximateNumberOfMessages),
      num(attrs.ApproximateNumberOfMessagesNotVisible),
      num(attrs.ApproximateNumberOfMessagesDelayed),
      dlqArn ? (dlq ? h('a', { href: queueHref(dlq.url) }, lastPart(dlqArn)) : lastPart(dlqArn)) : '',
    ];
  });
  root.append(table(['Queue', 'Visible', 'In flight', 'Delayed', 'Dead-letter queue'], rows, 'No queues yet.'));
}

export async function queuePage(root, queueUrl, signal) {
  const { Attributes: attrs = {} } = await call('sqs', 'GetQueueAttributes', { QueueUrl: queueUrl, AttributeNames: ['All'] });
  const fifo = attrs.FifoQueue === 'true';
  const sources = await all((NextToken) => call('sqs', 'ListDeadLetterSourceQueues', { QueueUrl: queueUrl, MaxResults: 1000, NextToken }), (r) => r.queueUrls, (r) => r.NextToken);
  if (signal.aborted) return;
  const dlqArn = deadLetterArn(attrs);
  root.append(
    h('p', {}, h('a', { href: '#/sqs' }, '← Queues')),
    h('h1', {}, lastPart(queueUrl), fifo && tag('FIFO'), sources.length > 0 && tag('DLQ', 'warn')),
    h('p', { className: 'mono muted' }, queueUrl),
  );
  if (dlqArn) root.append(h('p', {}, 'Dead letters go to ', await queueLink(dlqArn), '.'));
  const messages = messagesPanel(queueUrl);
  if (sources.length > 0) {
    root.append(h('h2', {}, 'Source queues (dead-letter queue of)'), table(['Queue'], sources.map((u) => [h('a', { href: queueHref(u) }, lastPart(u))])));
    root.append(redrivePanel(attrs.QueueArn, signal, () => messages.refresh()));
  }
  root.append(h('h2', {}, 'Messages'), messages);
  root.append(h('h2', {}, 'Send a message'), sendForm(queueUrl, fifo, () => messages.refresh()));
  root.append(h('h2', {}, 'Attributes'), attributesTable(attrs));
  const actions = h('div', { className: 'actions' },
    confirmButton('Purge', 'Delete every message of this queue?', async () => {
      try {
        await call('sqs', 'PurgeQueue', { QueueUrl: queueUrl });
        location.reload();
      } catch (e) {
        showError(actions, e);
      }
    }),
    confirmButton('Delete queue', `Delete the queue ${lastPart(queueUrl)}?`, async () => {
      try {
        await call('sqs', 'DeleteQueue', { QueueUrl: queueUrl });
        location.hash = '#/sqs';
      } catch (e) {
        showError(actions, e);
      }
    }),
  );
  root.append(h('h2', {}, 'Danger zone'), actions);
}

/** A link to the queue of `arn`, or its name alone when it does not exist (any more). */
async function queueLink(arn) {
  const [, , , , account, name] = arn.split(':');
  try {
    const { QueueUrl } = await call('sqs', 'GetQueueUrl', { QueueName: name, QueueOwnerAWSAccountId: account });
    return h('a', { href: queueHref(QueueUrl) }, name);
  } catch {
    return h('span', {}, name, tag('missing', 'bad'));
  }
}

/** The queue's messages as the admin peek shows them (no receive), a page at a time. */
function messagesPanel(queueUrl) {
  const panel = h('div', { className: 'messages' });
  const pages = [0];
  const show = async () => {
    const after = pages[pages.length - 1];
    const { messages, next } = await get('/_switchyard/sqs/messages', { QueueUrl: queueUrl, after, limit: 25 });
    const rows = messages.map(({ seq, state, visibleAt, message: m }) => [
      num(seq),
      h('td', {}, tag(state, state === 'visible' ? 'ok' : 'warn')),
      h('td', { className: 'mono' }, m.MessageId),
      h('td', {}, h('pre', { className: 'body' }, m.Body)),
      h('td', {}, messageMeta(m)),
      h('td', {}, state === 'visible' ? '' : time(visibleAt)),
    ]);
    const prev = h('button', { type: 'button', disabled: pages.length === 1 }, '← Previous');
    const more = h('button', { type: 'button', disabled: next === null }, 'Next →');
    prev.onclick = () => { pages.pop(); refresh(); };
    more.onclick = () => { pages.push(next); refresh(); };
    const reload = h('button', { type: 'button' }, 'Refresh');
    reload.onclick = refresh;
    panel.replaceChildren(
      h('p', { className: 'muted' }, 'A peek: nothing is received, no visibility or receive count changes.'),
      table(['Seq', 'State', 'Message id', 'Body', 'Attributes', 'Visible at'], rows, 'No messages.'),
      h('div', { className: 'actions' }, prev, more, reload),
    );
  };
  const refresh = () => show().catch((e) => showError(panel, e));
  refresh();
  panel.refresh = refresh;
  return panel;
}

function messageMeta(m) {
  const lines = [];
  for (const [k, v] of Object.entries(m.Attributes ?? {})) lines.push(`${k}: ${v}`);
  for (const [k, v] of Object.entries(m.MessageAttributes ?? {})) lines.push(`${k} (${v.DataType}): ${v.StringValue ?? v.BinaryValue ?? ''}`);
  return h('pre', {}, lines.join('\n'));
}

function sendForm(queueUrl, fifo, sent) {
  const body = h('textarea', { name: 'body', required: true });
  const group = h('input', { name: 'group' });
  const dedup = h('input', { name: 'dedup' });
  const delay = h('input', { name: 'delay', type: 'number', min: 0, max: 900 });
  const fields = [
    field('Body', body),
    field(fifo ? 'Message group id' : 'Message group id (fair queue)', group),
    fifo && field('Deduplication id', dedup),
    !fifo && field('Delay seconds', delay),
  ];
  return messageForm('Send', 'Sent', fields, async (MessageAttributes) => {
    const input = { QueueUrl: queueUrl, MessageBody: body.value, MessageAttributes };
    if (group.value) input.MessageGroupId = group.value;
    if (fifo && dedup.value) input.MessageDeduplicationId = dedup.value;
    if (!fifo && delay.value !== '') input.DelaySeconds = Number(delay.value);
    const { MessageId } = await call('sqs', 'SendMessage', input);
    body.value = '';
    sent();
    return MessageId;
  });
}
