// The tail of a stream: GetShardIterator for the shard and iterator type the user picks, then
// GetRecords about once a second (AWS allows five reads a second per shard, shared with every
// other reader), until Stop, the end of a closed shard, or leaving the page.
import { call } from './api.js';
import { field, h, showError, sleep, time } from './dom.js';

const TYPES = ['TRIM_HORIZON', 'LATEST', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER', 'AT_TIMESTAMP'];
const KEEP = 500; // records shown at most; the oldest go first
const POLL_MS = 1000;

export function tailPanel(streamName, shards, pageSignal) {
  const shard = h('select', { name: 'shard' }, shards.map((s) => h('option', { value: s.ShardId }, s.ShardId)));
  const type = h('select', { name: 'iterator' }, TYPES.map((t) => h('option', { value: t }, t)));
  const sequence = h('input', { name: 'sequence', size: 60, placeholder: 'for AT_/AFTER_SEQUENCE_NUMBER' });
  const at = h('input', { name: 'timestamp', type: 'datetime-local', step: 1 });
  const start = h('button', { className: 'primary', type: 'button' }, 'Start');
  const stop = h('button', { type: 'button', disabled: true }, 'Stop');
  const status = h('p', { className: 'muted tail-status' }, 'Stopped.');
  const body = h('tbody', {});
  const records = h('table', { className: 'records' }, h('thead', {}, h('tr', {}, ['Arrival', 'Partition key', 'Sequence number', 'Data'].map((x) => h('th', {}, x)))), body);
  const panel = h('div', { className: 'panel tail' },
    field('Shard', shard), field('Iterator type', type), field('Sequence number', sequence), field('Timestamp', at),
    h('div', { className: 'actions' }, start, stop), status, records);
  let run;

  start.onclick = async () => {
    run = new AbortController();
    const signal = AbortSignal.any ? AbortSignal.any([run.signal, pageSignal]) : run.signal;
    start.disabled = true;
    stop.disabled = false;
    body.replaceChildren();
    panel.querySelector(':scope > .error')?.remove();
    try {
      await tail(signal);
    } catch (e) {
      if (!signal.aborted) showError(panel, e);
    } finally {
      start.disabled = false;
      stop.disabled = true;
      if (signal.aborted) status.textContent = 'Stopped.';
    }
  };
  stop.onclick = () => run?.abort();
  pageSignal.addEventListener('abort', () => run?.abort(), { once: true });

  async function tail(signal) {
    const input = { StreamName: streamName, ShardId: shard.value, ShardIteratorType: type.value };
    if (type.value.endsWith('SEQUENCE_NUMBER')) input.StartingSequenceNumber = sequence.value.trim();
    if (type.value === 'AT_TIMESTAMP') input.Timestamp = at.value ? new Date(at.value).getTime() / 1000 : undefined;
    let { ShardIterator: iterator } = await call('kinesis', 'GetShardIterator', input);
    let seen = 0;
    while (iterator && !signal.aborted) {
      const r = await call('kinesis', 'GetRecords', { ShardIterator: iterator, Limit: 1000 });
      for (const rec of r.Records ?? []) body.append(row(rec));
      while (body.rows.length > KEEP) body.deleteRow(0);
      seen += r.Records?.length ?? 0;
      iterator = r.NextShardIterator;
      status.textContent = `Tailing ${shard.value}: ${seen} record(s), ${r.MillisBehindLatest ?? 0} ms behind the latest.`;
      if (!iterator) status.textContent = `End of the closed shard ${shard.value}: ${seen} record(s).`;
      // A full answer may have more behind it: ask again soon, yet within the five reads a second.
      else await sleep((r.Records ?? []).length === 0 ? POLL_MS : 250, signal);
    }
  }
  return panel;
}

function row(rec) {
  const { text, base64 } = decode(rec.Data);
  return h('tr', {},
    h('td', {}, time(rec.ApproximateArrivalTimestamp)),
    h('td', { className: 'mono' }, rec.PartitionKey),
    h('td', { className: 'mono' }, rec.SequenceNumber),
    h('td', {}, text !== undefined ? h('pre', { className: 'data' }, text) : h('pre', { className: 'data' }, base64, ' ', h('span', { className: 'tag' }, 'base64'))));
}

/** A record's data as UTF-8 text when it is valid UTF-8, else as the base64 it came in. */
function decode(base64) {
  const bytes = Uint8Array.from(atob(base64 ?? ''), (c) => c.charCodeAt(0));
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { base64 };
  }
}
