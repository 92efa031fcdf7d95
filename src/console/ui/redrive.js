// The redrive button of a dead-letter queue: StartMessageMoveTask (each message back to the queue
// it came from), then ListMessageMoveTasks until the task is done, shown as it goes.
import { call } from './api.js';
import { busy, h, lastPart, num, sleep, table, tag, time } from './dom.js';

const DONE = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/** `moved()` is called when a task ends (the queue's messages changed). */
export function redrivePanel(dlqArn, signal, moved) {
  const tasks = h('div', { className: 'tasks' });
  const start = h('button', { className: 'primary', type: 'button' }, 'Redrive to source queues');
  const panel = h('div', { className: 'panel redrive' },
    h('p', {}, 'Moves this dead-letter queue\'s messages back to the queues they came from (a message move task).'),
    h('div', { className: 'actions' }, start),
    tasks,
  );
  const show = async () => {
    const { Results = [] } = await call('sqs', 'ListMessageMoveTasks', { SourceArn: dlqArn, MaxResults: 10 });
    tasks.replaceChildren(table(['Task', 'Status', 'Moved', 'To move', 'Destination', 'Started'], Results.map((t) => [
      h('td', { className: 'mono' }, (t.TaskHandle ?? '').slice(0, 12) + (t.TaskHandle ? '…' : '')),
      h('td', { className: 'task-status' }, tag(t.Status, t.Status === 'COMPLETED' ? 'ok' : t.Status === 'FAILED' ? 'bad' : 'warn'), t.FailureReason ? ` ${t.FailureReason}` : ''),
      num(t.ApproximateNumberOfMessagesMoved),
      num(t.ApproximateNumberOfMessagesToMove),
      t.DestinationArn ? lastPart(t.DestinationArn) : 'their source queues',
      time(t.StartedTimestamp),
    ]), 'No move tasks yet.'));
    return Results[0];
  };
  start.onclick = () => busy(start, panel, async () => {
    await call('sqs', 'StartMessageMoveTask', { SourceArn: dlqArn });
    // Until the newest task is done, or the user leaves the page.
    for (let latest = await show(); latest && !DONE.has(latest.Status) && !signal.aborted; latest = await show()) await sleep(500, signal);
    if (!signal.aborted) moved();
  });
  show().catch(() => {});
  return panel;
}
