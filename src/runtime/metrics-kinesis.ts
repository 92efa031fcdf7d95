import type { Registry } from 'prom-client';
import { shardIdOf } from '../services/kinesis/domain/names.js';
import type { KinesisObserver } from '../services/kinesis/observer.js';
import type { StreamInfo } from '../services/kinesis/store.js';
import { counter, gauge, type Labels } from './metrics-kit.js';

class StreamCounters {
  incomingRecords = 0;
  incomingBytes = 0;
  putRecordSuccess = 0;
  putRecordBytes = 0;
  putRecordsSuccess = 0;
  putRecordsTotalRecords = 0;
  putRecordsSuccessfulRecords = 0;
  putRecordsThrottledRecords = 0;
  putRecordsBytes = 0;
  getRecordsSuccess = 0;
  getRecordsRecords = 0;
  getRecordsBytes = 0;
  writeThrottled = 0;
  readThrottled = 0;
  subscribeRecords = 0;
  subscribeBytes = 0;
  /** GetRecords.IteratorAgeMilliseconds by shard index. */
  readonly ages = new Map<number, ShardAge>();
  constructor(readonly labels: Labels) {}
}

interface ShardAge {
  readonly labels: Labels;
  ageMs: number;
}

type Counted = Exclude<keyof StreamCounters, 'labels' | 'ages'>;

/**
 * Kinesis's CloudWatch stream-level metrics (AWS/Kinesis, dimension StreamName) as Prometheus
 * counters labelled `account_id`, `region` and `stream_name`, this node's counts
 * (services/kinesis/observer.ts says what each counts). CloudWatch's dotted names become
 * underscores: PutRecords.ThrottledRecords is `…_put_records_throttled_records_total`.
 * GetRecords.IteratorAgeMilliseconds is a gauge per shard (`shard_id`, CloudWatch's shard-level
 * dimension): the age of the last record of that shard's latest GetRecords on this node; take the
 * `max` over shards (and nodes) for the stream's.
 */
export function kinesisMetrics(registry: Registry): KinesisObserver {
  const byId = new Map<number, StreamCounters>();
  const byName = new Map<string, StreamCounters>();
  const of = (stream: StreamInfo): StreamCounters => {
    let c = byId.get(stream.id);
    if (c === undefined) {
      const key = `${stream.accountId}/${stream.region}/${stream.name}`;
      c = byName.get(key) ?? new StreamCounters({ account_id: stream.accountId, region: stream.region, stream_name: stream.name });
      byName.set(key, c);
      byId.set(stream.id, c);
    }
    return c;
  };
  const streams = { series: () => byName.values(), labels: (c: StreamCounters) => c.labels };
  const names = ['account_id', 'region', 'stream_name'];
  const count = (suffix: string, metric: string, what: string, field: Counted) =>
    counter(registry, `switchyard_kinesis_${suffix}_total`, `${what} (CloudWatch AWS/Kinesis ${metric}; this node's count)`, names, streams, (c) => c[field]);
  count('incoming_records', 'IncomingRecords', 'Records stored by PutRecord and PutRecords', 'incomingRecords');
  count('incoming_bytes', 'IncomingBytes', 'Bytes (data and partition key) stored by PutRecord and PutRecords', 'incomingBytes');
  count('put_record_success', 'PutRecord.Success', 'Successful PutRecord calls', 'putRecordSuccess');
  count('put_record_bytes', 'PutRecord.Bytes', 'Bytes stored by PutRecord', 'putRecordBytes');
  count('put_records_success', 'PutRecords.Success', 'PutRecords calls that stored at least one record', 'putRecordsSuccess');
  count('put_records_total_records', 'PutRecords.TotalRecords', 'Records sent in PutRecords calls', 'putRecordsTotalRecords');
  count('put_records_successful_records', 'PutRecords.SuccessfulRecords', 'Records PutRecords stored', 'putRecordsSuccessfulRecords');
  count('put_records_throttled_records', 'PutRecords.ThrottledRecords', 'Records PutRecords refused for the shard write limit', 'putRecordsThrottledRecords');
  count('put_records_bytes', 'PutRecords.Bytes', 'Bytes stored by PutRecords', 'putRecordsBytes');
  count('get_records_success', 'GetRecords.Success', 'Successful GetRecords calls', 'getRecordsSuccess');
  count('get_records_records', 'GetRecords.Records', 'Records returned by GetRecords', 'getRecordsRecords');
  count('get_records_bytes', 'GetRecords.Bytes', 'Bytes returned by GetRecords', 'getRecordsBytes');
  count('write_provisioned_throughput_exceeded', 'WriteProvisionedThroughputExceeded', 'Records refused for the shard write limit (--kinesis-throughput-limits)', 'writeThrottled');
  count('read_provisioned_throughput_exceeded', 'ReadProvisionedThroughputExceeded', 'GetRecords calls refused for the shard read limit (--kinesis-throughput-limits)', 'readThrottled');
  count('subscribe_to_shard_event_records', 'SubscribeToShardEvent.Records', 'Records sent in SubscribeToShard events', 'subscribeRecords');
  count('subscribe_to_shard_event_bytes', 'SubscribeToShardEvent.Bytes', 'Bytes sent in SubscribeToShard events', 'subscribeBytes');
  gauge(
    registry,
    'switchyard_kinesis_get_records_iterator_age_milliseconds',
    "Age of the last record of the shard's latest GetRecords on this node, 0 when at the tip (CloudWatch AWS/Kinesis GetRecords.IteratorAgeMilliseconds)",
    [...names, 'shard_id'],
    {
      series: function* () {
        for (const c of byName.values()) yield* c.ages.values();
      },
      labels: (a: ShardAge) => a.labels,
    },
    (a) => a.ageMs,
  );

  return {
    putRecord(stream, bytes) {
      const c = of(stream);
      c.putRecordSuccess += 1;
      c.putRecordBytes += bytes;
      c.incomingRecords += 1;
      c.incomingBytes += bytes;
    },
    putRecords(stream, total, successful, bytes) {
      const c = of(stream);
      if (successful > 0) c.putRecordsSuccess += 1;
      c.putRecordsTotalRecords += total;
      c.putRecordsSuccessfulRecords += successful;
      c.putRecordsThrottledRecords += total - successful;
      c.putRecordsBytes += bytes;
      c.incomingRecords += successful;
      c.incomingBytes += bytes;
    },
    writeThrottled(stream, records) {
      of(stream).writeThrottled += records;
    },
    getRecords(stream, shardIndex, records, bytes, iteratorAgeMs) {
      const c = of(stream);
      c.getRecordsSuccess += 1;
      c.getRecordsRecords += records;
      c.getRecordsBytes += bytes;
      const age = c.ages.get(shardIndex);
      if (age !== undefined) age.ageMs = iteratorAgeMs;
      else c.ages.set(shardIndex, { labels: { ...c.labels, shard_id: shardIdOf(shardIndex) }, ageMs: iteratorAgeMs });
    },
    readThrottled(stream) {
      of(stream).readThrottled += 1;
    },
    subscribeEvent(stream, records, bytes) {
      const c = of(stream);
      c.subscribeRecords += records;
      c.subscribeBytes += bytes;
    },
  };
}
