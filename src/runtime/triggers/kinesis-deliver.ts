import { randomUUID } from 'node:crypto';
import { isServiceError } from '../../services/shared/errors.js';
import type { LambdaInvoker } from '../../services/shared/lambda.js';
import type { Clock } from '../clock.js';
import type { Log } from '../logger.js';
import { batchResult } from './batch-result.js';
import { abortableSleep } from './common.js';
import type { SendToDestination } from './destination.js';
import { invocationRecord, type DiscardCondition, type LastResponse } from './destination-record.js';
import { afterPartialFailure, arrivalMs, kinesisEvent, type KinesisRecordRead } from './kinesis-event.js';
import type { ShardMapping } from './kinesis-shard.js';
import { stateOf, windowEventFields, type TumblingWindow } from './kinesis-window.js';

/**
 * One batch of a shard's lane (kinesis-shard.ts) until it is processed or discarded, as Lambda
 * handles a stream batch [Lambda developer guide, "Retain discarded batch records for a Kinesis Data
 * Streams event source", "Configuring partial batch response with Kinesis"]:
 *
 * - success: every record is finished. ReportBatchItemFailures: the records before the lowest
 *   failed sequence number are, and the batch is retried from that record on;
 * - a function error: the same batch again (the lane waits, 100 ms doubling to 10 s), halved first
 *   with bisectBatchOnFunctionError (each half in order, with its own retries: splitting counts as
 *   no retry), until maximumRetryAttempts retries, or records older than maximumRecordAgeInSeconds;
 *   then the records are discarded: their invocation record goes to the on-failure destination
 *   (destination-record.ts) and, once the destination took it, they are finished. A destination
 *   that refuses it is tried again (1 s doubling to 60 s), the lane waiting, so that no discarded
 *   batch goes unrecorded (what AWS does then for a stream is not documented: for asynchronous
 *   invocations it drops the record and counts a DestinationDeliveryFailures metric);
 * - a call Lambda never took (unreachable, throttled, its own 5xx) is made again, 1 s doubling to
 *   60 s, and counts as no retry and no invocation.
 *
 * "Finished" hands the records to the shard's checkpoint (ShardProgress); nothing here writes it.
 */
export interface BatchDeps {
  readonly m: ShardMapping;
  readonly shardId: string;
  readonly invoker: LambdaInvoker;
  readonly clock: Clock;
  readonly log: Log;
  readonly sendToDestination?: SendToDestination;
  /** Aborted when the shard's worker stops (shutdown, the lease lost). */
  readonly signal: AbortSignal;
  /** The records are done with (processed or discarded). */
  finish(records: readonly KinesisRecordRead[]): void;
  /** With a tumbling window: its event fields (state …), and what an answer's state means (a reason when it has none: a failed invocation). */
  readonly window?: { eventFields(): object; accept(body: string): string | undefined };
}

const MAX_PAUSE_MS = 60_000;
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
const backoff = (pause: number) => Math.min(Math.max(pause * 2, 1_000), MAX_PAUSE_MS);

export async function deliverBatch(batch: KinesisRecordRead[], deps: BatchDeps): Promise<'done' | 'stopped'> {
  const { m, shardId, clock, log, signal } = deps;
  const fields = { stream: m.streamName, shard: shardId, function: m.functionRef };
  const sleep = (ms: number) => abortableSleep(clock, ms, signal);
  let retries = 0;
  let invoked = 0;
  let last: LastResponse | undefined;
  let pause = 0;
  while (batch.length > 0) {
    if (signal.aborted) return 'stopped';
    if (m.maximumRecordAgeSeconds >= 0) {
      const oldest = clock.now() - m.maximumRecordAgeSeconds * 1000;
      const young = batch.findIndex((r) => arrivalMs(r) >= oldest);
      const drop = young < 0 ? batch.length : young;
      if (drop > 0) {
        const reason = `${drop} records older than maximumRecordAgeInSeconds (${m.maximumRecordAgeSeconds})`;
        if (!(await discard(batch.slice(0, drop), 'RecordAgeExceeded', invoked, last, reason, deps))) return 'stopped';
        batch = batch.slice(drop);
        continue;
      }
    }
    const event = JSON.stringify({ ...kinesisEvent(batch, { shardId, streamArn: m.streamArn, region: m.region, invokeIdentityArn: `arn:aws:iam::${m.accountId}:role/${m.fn.name}` }), ...deps.window?.eventFields() });
    let answer;
    try {
      answer = await deps.invoker.invoke(m.fn, event, 'RequestResponse', { timeoutMs: 900_000, signal, maxBodyBytes: MAX_RESPONSE_BYTES });
    } catch (error) {
      if (signal.aborted) return 'stopped';
      pause = backoff(pause);
      log('warn', `trigger: Lambda did not answer (${String(error)}); the batch is tried again`, { ...fields, retryInMs: pause });
      await sleep(pause);
      continue;
    }
    let result = batchResult(answer, batch.map((r) => r.SequenceNumber), m.reportBatchItemFailures);
    const noState = result.ok ? deps.window?.accept(answer.body) : undefined;
    if (noState !== undefined) result = { ok: false, functionError: true, reason: noState };
    if (!result.ok && !result.functionError) {
      pause = backoff(pause);
      log('warn', `trigger: ${result.reason}; the batch is tried again`, { ...fields, retryInMs: pause });
      await sleep(pause);
      continue;
    }
    pause = 0;
    invoked++;
    last = { statusCode: answer.status, functionError: answer.functionError, executedVersion: answer.executedVersion };
    if (result.ok && result.failedIds.size === 0) {
      deps.finish(batch);
      return 'done';
    }
    let reason: string;
    if (result.ok) {
      const after = afterPartialFailure(batch, result.failedIds);
      deps.finish(batch.slice(0, batch.length - after.retry.length));
      batch = after.retry;
      reason = `the function reported ${result.failedIds.size} failed records; retried from ${batch[0]!.SequenceNumber}`;
    } else if (m.bisect && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      log('info', `trigger: ${result.reason}; the batch of ${batch.length} is split in two`, fields);
      const left = await deliverBatch(batch.slice(0, half), deps);
      return left === 'done' ? deliverBatch(batch.slice(half), deps) : left;
    } else {
      reason = result.reason;
    }
    retries++;
    if (m.maximumRetryAttempts >= 0 && retries > m.maximumRetryAttempts) {
      return (await discard(batch, 'RetryAttemptsExhausted', invoked, last, `${reason}; maximumRetryAttempts (${m.maximumRetryAttempts}) reached`, deps)) ? 'done' : 'stopped';
    }
    log('info', `trigger: ${reason}; retry ${retries}`, fields);
    await sleep(Math.min(100 * 2 ** (retries - 1), 10_000));
  }
  return 'done';
}

/** Discards records: their invocation record to the on-failure destination (until it takes it), then finished. False when stopped first. */
async function discard(records: readonly KinesisRecordRead[], condition: DiscardCondition, invokeCount: number, lastResponse: LastResponse | undefined, reason: string, deps: BatchDeps): Promise<boolean> {
  const { m, shardId, clock, log, signal } = deps;
  const fields = { stream: m.streamName, shard: shardId, function: m.functionRef, first: records[0]!.SequenceNumber, last: records[records.length - 1]!.SequenceNumber };
  const destination = m.onFailureDestination;
  if (destination === undefined || deps.sendToDestination === undefined) {
    log('warn', `trigger: ${reason}; ${records.length} records skipped (no on-failure destination)`, fields);
    deps.finish(records);
    return true;
  }
  const fnArn = `arn:aws:lambda:${m.fn.region}:${m.fn.account}:function:${m.fn.name}${m.fn.qualifier ? `:${m.fn.qualifier}` : ''}`;
  const record = invocationRecord({ requestId: randomUUID(), functionArn: fnArn, qualifier: m.fn.qualifier, condition, invokeCount, lastResponse, at: clock.now(), shardId, streamArn: m.streamArn, records });
  let pause = 0;
  for (;;) {
    if (signal.aborted) return false;
    try {
      await deps.sendToDestination(destination, record, signal);
      break;
    } catch (error) {
      if (signal.aborted) return false;
      pause = backoff(pause);
      const text = isServiceError(error) ? `${error.shape}: ${error.message}` : String(error);
      log('error', `trigger: the on-failure destination ${destination} refused the invocation record (${text}); tried again, the records wait`, { ...fields, retryInMs: pause });
      await abortableSleep(clock, pause, signal);
    }
  }
  log('warn', `trigger: ${reason}; ${records.length} records discarded, their invocation record sent to ${destination}`, fields);
  deps.finish(records);
  return true;
}

/**
 * A tumbling window's final invocation (kinesis-window.ts): no records, its state, isFinalInvokeForWindow
 * (and isWindowTerminatedEarly when its state grew past 1 MB). Made again until it succeeds, the
 * lane waiting: "If invocation is unsuccessful, your Lambda function suspends further processing
 * until a successful invocation" (AWS). That the final invocation carries no records is not
 * documented (its example shows an aggregation invocation).
 */
export async function deliverWindowEnd(w: TumblingWindow, state: object, terminatedEarly: boolean, deps: Omit<BatchDeps, 'finish' | 'window'>): Promise<'done' | 'stopped'> {
  const { m, shardId, clock, log, signal } = deps;
  const fields = { stream: m.streamName, shard: shardId, function: m.functionRef, window: new Date(w.start).toISOString() };
  const event = JSON.stringify({ Records: [], ...windowEventFields(w, state, { shardId, streamArn: m.streamArn }, true, terminatedEarly) });
  let pause = 0;
  for (;;) {
    if (signal.aborted) return 'stopped';
    let problem: string;
    try {
      const answer = await deps.invoker.invoke(m.fn, event, 'RequestResponse', { timeoutMs: 900_000, signal, maxBodyBytes: MAX_RESPONSE_BYTES });
      const result = batchResult(answer, [], false);
      const answered = stateOf(answer.body);
      if (result.ok && 'state' in answered) return 'done';
      problem = result.ok ? ('reason' in answered ? answered.reason : '') : result.reason;
    } catch (error) {
      if (signal.aborted) return 'stopped';
      problem = `Lambda did not answer (${String(error)})`;
    }
    pause = backoff(pause);
    log('warn', `trigger: ${problem}; the window's final invocation is made again, the shard waits`, { ...fields, retryInMs: pause });
    await abortableSleep(clock, pause, signal);
  }
}
