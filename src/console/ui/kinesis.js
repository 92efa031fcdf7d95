// Kinesis views: the stream list, and a stream's page (summary, shards, consumers, tail).
import { all, call } from './api.js';
import { attributesTable, h, num, table, tag, time } from './dom.js';
import { tailPanel } from './tail.js';

const streamHref = (name) => `#/kinesis/stream/${encodeURIComponent(name)}`;
const statusTag = (s) => tag(s, s === 'ACTIVE' ? 'ok' : 'warn');

export async function streamList(root, _arg, signal) {
  root.append(h('h1', {}, 'Streams'));
  const streams = await all((NextToken) => call('kinesis', 'ListStreams', NextToken ? { NextToken } : { Limit: 1000 }), (r) => r.StreamSummaries, (r) => (r.HasMoreStreams ? r.NextToken : undefined));
  const rows = await Promise.all(streams.map(async (s) => {
    const summary = await call('kinesis', 'DescribeStreamSummary', { StreamName: s.StreamName }).then((r) => r.StreamDescriptionSummary, () => ({}));
    return [
      h('td', {}, h('a', { href: streamHref(s.StreamName) }, s.StreamName)),
      h('td', {}, statusTag(s.StreamStatus)),
      s.StreamModeDetails?.StreamMode ?? '',
      num(summary.OpenShardCount),
      num(summary.ConsumerCount),
      time(s.StreamCreationTimestamp),
    ];
  }));
  if (signal.aborted) return;
  root.append(table(['Stream', 'Status', 'Mode', 'Open shards', 'Consumers', 'Created'], rows, 'No streams yet.'));
}

export async function streamPage(root, streamName, signal) {
  const { StreamDescriptionSummary: s } = await call('kinesis', 'DescribeStreamSummary', { StreamName: streamName });
  const shards = await all((NextToken) => call('kinesis', 'ListShards', NextToken ? { NextToken } : { StreamName: streamName }), (r) => r.Shards, (r) => r.NextToken);
  const consumers = await all((NextToken) => call('kinesis', 'ListStreamConsumers', { StreamARN: s.StreamARN, NextToken }), (r) => r.Consumers, (r) => r.NextToken);
  if (signal.aborted) return;
  root.append(
    h('p', {}, h('a', { href: '#/kinesis' }, '← Streams')),
    h('h1', {}, streamName, statusTag(s.StreamStatus)),
    h('p', { className: 'mono muted' }, s.StreamARN),
    attributesTable({
      Mode: s.StreamModeDetails?.StreamMode,
      RetentionPeriodHours: String(s.RetentionPeriodHours),
      OpenShardCount: String(s.OpenShardCount),
      ConsumerCount: String(s.ConsumerCount ?? consumers.length),
      EncryptionType: s.EncryptionType,
      Created: time(s.StreamCreationTimestamp),
    }),
    h('h2', {}, 'Shards'),
    table(['Shard', 'State', 'Parent(s)', 'Hash keys', 'Sequence numbers'], shards.map((sh) => [
      h('td', { className: 'mono' }, sh.ShardId),
      h('td', {}, sh.SequenceNumberRange?.EndingSequenceNumber ? tag('closed') : tag('open', 'ok')),
      h('td', { className: 'mono' }, [sh.ParentShardId, sh.AdjacentParentShardId].filter(Boolean).join(', ')),
      h('td', {}, h('pre', {}, `${sh.HashKeyRange.StartingHashKey}\n… ${sh.HashKeyRange.EndingHashKey}`)),
      h('td', {}, h('pre', {}, `${sh.SequenceNumberRange.StartingSequenceNumber}\n… ${sh.SequenceNumberRange.EndingSequenceNumber ?? ''}`)),
    ]), 'No shards.'),
    h('h2', {}, 'Consumers (enhanced fan-out)'),
    table(['Consumer', 'Status', 'Registered', 'ARN'], consumers.map((c) => [
      c.ConsumerName,
      h('td', {}, statusTag(c.ConsumerStatus)),
      time(c.ConsumerCreationTimestamp),
      h('td', { className: 'mono' }, c.ConsumerARN),
    ]), 'No consumers.'),
    h('h2', {}, 'Tail'),
    tailPanel(streamName, shards, signal),
  );
}
