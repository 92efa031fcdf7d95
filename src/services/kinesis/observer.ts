import type { PutResult, StreamInfo } from './store.js';
import type { PreparedRecord } from './domain/put.js';

/**
 * What Kinesis tells the metrics (runtime/metrics-kinesis.ts) as it serves requests: CloudWatch's
 * stream-level counts (AWS/Kinesis, dimension StreamName). Called on the request path, so an
 * implementation must be cheap and synchronous (add to numbers; no I/O, no await). The default does
 * nothing. Bytes are what the shard limits count: data plus partition key.
 *
 * - putRecord: one successful PutRecord (PutRecord.Success, .Bytes; IncomingRecords, IncomingBytes).
 * - putRecords: one PutRecords call that stored records or had them throttled: PutRecords.TotalRecords,
 *   .SuccessfulRecords, .ThrottledRecords, .Bytes (of the stored ones); PutRecords.Success when at
 *   least one record was stored (AWS's definition).
 * - writeThrottled: records refused by a shard's write limit (WriteProvisionedThroughputExceeded;
 *   PutRecords' throttled records are given through putRecords, not here).
 * - getRecords: one successful GetRecords from the shard with that index, with the age of its last record (0 when it returned
 *   none or is at the tip: GetRecords.IteratorAgeMilliseconds).
 * - readThrottled: a GetRecords refused by a shard's read limit (ReadProvisionedThroughputExceeded).
 * - subscribeEvent: one SubscribeToShard event sent (SubscribeToShardEvent.Records, .Bytes).
 *
 * `putRecord` and `putRecords` also name the records stored and where they went (`stored[i]` is
 * `records[i]`'s), for observers that look at records (the embedded spy, runtime/spy.ts). They are
 * the operation's own objects: an observer must not keep or change them.
 */
export interface KinesisObserver {
  putRecord(stream: StreamInfo, bytes: number, record: PreparedRecord, stored: PutResult): void;
  putRecords(stream: StreamInfo, total: number, successful: number, bytes: number, records: readonly PreparedRecord[], stored: readonly PutResult[]): void;
  writeThrottled(stream: StreamInfo, records: number): void;
  getRecords(stream: StreamInfo, shardIndex: number, records: number, bytes: number, iteratorAgeMs: number): void;
  readThrottled(stream: StreamInfo): void;
  subscribeEvent(stream: StreamInfo, records: number, bytes: number): void;
}

export const NO_KINESIS_OBSERVER: KinesisObserver = {
  putRecord() {},
  putRecords() {},
  writeThrottled() {},
  getRecords() {},
  readThrottled() {},
  subscribeEvent() {},
};
