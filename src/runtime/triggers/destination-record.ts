/**
 * The invocation record a Kinesis event source mapping sends to its on-failure destination when it
 * discards records [Lambda developer guide, "Retain discarded batch records for a Kinesis Data
 * Streams event source in Lambda", its example invocation record]:
 *
 *   { "requestContext": { requestId, functionArn, condition, approximateInvokeCount },
 *     "responseContext": { statusCode, executedVersion, functionError },
 *     "version": "1.0", "timestamp": ISO 8601 with milliseconds,
 *     "KinesisBatchInfo": { shardId, startSequenceNumber, endSequenceNumber,
 *                           approximateArrivalOfFirstRecord, approximateArrivalOfLastRecord
 *                           (ISO 8601 with milliseconds), batchSize, streamArn } }
 *
 * The records themselves are not in it (AWS sends them only to an S3 destination, which this server
 * has not): the receiver reads them from the stream by sequence number.
 *
 * - condition: "RetryAttemptsExhausted" after maximumRetryAttempts; "RecordAgeExceeded" for records
 *   older than maximumRecordAgeInSeconds. (The first is in AWS's example; the second is the value
 *   LocalStack and other emulators send, not verified against AWS.)
 * - approximateInvokeCount: how many times these records were invoked.
 * - responseContext: the last invocation's answer. functionError is null when the function did not
 *   fail (records failed through ReportBatchItemFailures), as a record AWS sent shows. Records
 *   discarded for their age before any invocation have no answer: the field is left out then (not
 *   verified against AWS).
 * - executedVersion: Lambda's X-Amz-Executed-Version of the last call; when the server sent none,
 *   the function's qualifier if it is a version number, else "$LATEST".
 */
import type { KinesisRecordRead } from './kinesis-event.js';
import { arrivalMs } from './kinesis-event.js';

export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface LastResponse {
  readonly statusCode: number;
  readonly functionError?: string;
  /** Lambda's X-Amz-Executed-Version, when it sent one. */
  readonly executedVersion?: string;
}

export interface DiscardedBatch {
  readonly requestId: string;
  readonly functionArn: string;
  readonly qualifier?: string;
  readonly condition: DiscardCondition;
  readonly invokeCount: number;
  readonly lastResponse?: LastResponse;
  readonly at: number;
  readonly shardId: string;
  readonly streamArn: string;
  readonly records: readonly KinesisRecordRead[];
}

export function invocationRecord(d: DiscardedBatch) {
  const first = d.records[0]!;
  const last = d.records[d.records.length - 1]!;
  return {
    requestContext: { requestId: d.requestId, functionArn: d.functionArn, condition: d.condition, approximateInvokeCount: d.invokeCount },
    ...(d.lastResponse && {
      responseContext: {
        statusCode: d.lastResponse.statusCode,
        executedVersion: d.lastResponse.executedVersion ?? (d.qualifier !== undefined && /^\d+$/.test(d.qualifier) ? d.qualifier : '$LATEST'),
        functionError: d.lastResponse.functionError ?? null,
      },
    }),
    version: '1.0',
    timestamp: new Date(d.at).toISOString(),
    KinesisBatchInfo: {
      shardId: d.shardId,
      startSequenceNumber: first.SequenceNumber,
      endSequenceNumber: last.SequenceNumber,
      approximateArrivalOfFirstRecord: new Date(arrivalMs(first)).toISOString(),
      approximateArrivalOfLastRecord: new Date(arrivalMs(last)).toISOString(),
      batchSize: d.records.length,
      streamArn: d.streamArn,
    },
  };
}
