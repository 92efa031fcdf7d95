/**
 * The event a Kinesis event source mapping invokes its function with [Lambda developer guide,
 * "Using Lambda with Kinesis Data Streams", its example event]: `{"Records": [...]}`, one record
 * per Kinesis record of one shard, in sequence order:
 *
 *   kinesis: { kinesisSchemaVersion "1.0", partitionKey, sequenceNumber, data (base64),
 *              approximateArrivalTimestamp (Unix seconds, with milliseconds as the fraction) },
 *   eventSource "aws:kinesis", eventVersion "1.0", eventID "<shardId>:<sequenceNumber>",
 *   eventName "aws:kinesis:record", invokeIdentityArn, awsRegion, eventSourceARN (the stream's ARN).
 *
 * invokeIdentityArn is the function's execution role on AWS; there are no roles here, so it
 * names one after the function (arn:aws:iam::<account>:role/<function name>), said in the README.
 */
export interface KinesisRecordRead {
  readonly SequenceNumber: string;
  readonly ApproximateArrivalTimestamp: number | Date;
  readonly Data: Uint8Array;
  readonly PartitionKey?: string;
}

export interface KinesisEventSource {
  readonly shardId: string;
  readonly streamArn: string;
  readonly region: string;
  readonly invokeIdentityArn: string;
}

export function kinesisEventRecord(r: KinesisRecordRead, source: KinesisEventSource) {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: r.PartitionKey ?? '',
      sequenceNumber: r.SequenceNumber,
      data: Buffer.from(r.Data.buffer, r.Data.byteOffset, r.Data.byteLength).toString('base64'),
      approximateArrivalTimestamp: arrivalMs(r) / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${source.shardId}:${r.SequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: source.invokeIdentityArn,
    awsRegion: source.region,
    eventSourceARN: source.streamArn,
  };
}

export function kinesisEvent(records: readonly KinesisRecordRead[], source: KinesisEventSource): { Records: ReturnType<typeof kinesisEventRecord>[] } {
  return { Records: records.map((r) => kinesisEventRecord(r, source)) };
}

/**
 * What a FilterCriteria pattern is matched against (filter-criteria.ts): the event record's
 * `kinesis` fields, its data decoded from base64 to text (read as JSON by a pattern on it).
 */
export function kinesisFilterView(r: KinesisRecordRead): object {
  return { partitionKey: r.PartitionKey ?? '', sequenceNumber: r.SequenceNumber, data: Buffer.from(r.Data.buffer, r.Data.byteOffset, r.Data.byteLength).toString('utf8'), approximateArrivalTimestamp: arrivalMs(r) / 1000 };
}

export function arrivalMs(r: KinesisRecordRead): number {
  return typeof r.ApproximateArrivalTimestamp === 'number' ? r.ApproximateArrivalTimestamp : r.ApproximateArrivalTimestamp.getTime();
}

/**
 * Where a batch leaves the shard after a partial batch response [Lambda developer guide,
 * "Configuring partial batch response with Kinesis Data Streams and Lambda"]: the checkpoint moves
 * to the record just before the lowest failed sequence number (none: it stays), and the retry
 * starts at that record, with every record after it in the batch.
 */
export function afterPartialFailure<R extends { readonly SequenceNumber: string }>(batch: readonly R[], failed: ReadonlySet<string>): { readonly checkpoint?: string; readonly retry: R[] } {
  let lowest = -1;
  batch.forEach((r, i) => {
    if (failed.has(r.SequenceNumber) && (lowest < 0 || BigInt(r.SequenceNumber) < BigInt(batch[lowest]!.SequenceNumber))) lowest = i;
  });
  if (lowest < 0) return { checkpoint: batch[batch.length - 1]?.SequenceNumber, retry: [] };
  return { checkpoint: lowest > 0 ? batch[lowest - 1]!.SequenceNumber : undefined, retry: batch.slice(lowest) };
}
