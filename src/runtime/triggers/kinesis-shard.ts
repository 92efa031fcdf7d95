import { isServiceError } from '../../services/shared/errors.js';
import type { LambdaInvoker } from '../../services/shared/lambda.js';
import type { Handler, RequestContext } from '../../services/shared/service.js';
import type { ShardCheckpoint, TriggerCheckpointStore } from '../../storage/trigger-checkpoints.js';
import type { Clock } from '../clock.js';
import type { Log } from '../logger.js';
import { batchResult } from './batch-result.js';
import { abortableSleep, type MappingBase } from './common.js';
import { afterPartialFailure, arrivalMs, kinesisEvent, type KinesisRecordRead } from './kinesis-event.js';

/**
 * One shard of a Kinesis event source mapping at work (what Lambda's shard poller does), in-process:
 * GetShardIterator/GetRecords through the Kinesis service's handlers, from the stored checkpoint
 * (storage/trigger-checkpoints.ts), one batch at a time, in sequence order:
 *
 * - read until batchSize records or the batching window ends (a read that finds nothing waits
 *   POLL_MS: Lambda reads a shard once a second; a local server's reads cost little), cut where
 *   the event would pass Lambda's 6 MB payload quota;
 * - invoke the function (RequestResponse) with AWS's Kinesis event (kinesis-event.ts);
 * - success: the checkpoint moves past the batch. ReportBatchItemFailures: it moves to just before
 *   the lowest failed sequence number, and the batch is retried from there. A function error: the
 *   same batch again (the shard waits), halved first with bisectBatchOnFunctionError, until
 *   maximumRetryAttempts retries or records older than maximumRecordAgeInSeconds; then the records
 *   are skipped and logged (AWS would send them to an on-failure destination: none here);
 * - a call Lambda never took (unreachable, throttled, its own 5xx) is made again, without counting
 *   as a retry, 1 s doubling to 60 s later;
 * - a closed shard read to its end is marked finished, so its children start.
 *
 * The shard's lease (one node at a time) is renewed while it works; a checkpoint write refused for
 * a lost lease stops the worker (the batch may then be invoked again by the new holder: at least once).
 */
export interface ShardMapping extends MappingBase {
  readonly mappingId: string;
  readonly streamName: string;
  readonly streamArn: string;
  readonly bisect: boolean;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeSeconds: number;
}

export interface ShardDeps {
  readonly kinesis: { readonly handlers: Readonly<Record<string, Handler>> };
  readonly checkpoints: TriggerCheckpointStore;
  readonly invoker: LambdaInvoker;
  readonly clock: Clock;
  readonly log: Log;
  readonly node: string;
  readonly signal: AbortSignal;
}

export const POLL_MS = 200;
export const LEASE_MS = 30_000;
const MAX_PAUSE_MS = 60_000;
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
/** Lambda's synchronous payload quota: a batch is cut where its event would pass it (Lambda does the same). */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;
/** Bounds a record's event fields besides its data and partition key (ARNs, ids, names). */
const RECORD_OVERHEAD_BYTES = 1024;

/** How many of `records`, from the first, fit in one event (at least one: a lone record too large fails as Lambda answers). */
export function fitting(records: readonly KinesisRecordRead[]): number {
  let bytes = 20;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    bytes += Math.ceil(r.Data.byteLength / 3) * 4 + (r.PartitionKey?.length ?? 0) + RECORD_OVERHEAD_BYTES;
    if (bytes > MAX_EVENT_BYTES) return Math.max(1, i);
  }
  return records.length;
}

type Outcome = 'done' | 'stopped';

export async function runShard(m: ShardMapping, shardId: string, deps: ShardDeps): Promise<'finished' | 'stopped' | 'taken'> {
  const { clock, log, checkpoints, signal } = deps;
  const fields = { stream: m.streamName, shard: shardId, function: m.functionRef };
  let requests = 0;
  const context = (): RequestContext => ({ requestId: `trigger-${m.streamName}-${shardId}-${++requests}`, accountId: m.accountId, region: m.region, baseUrl: `https://kinesis.${m.region}.amazonaws.com`, signal });
  const call = async <T>(operation: string, input: object): Promise<T> => (await deps.kinesis.handlers[operation]!(input, context())) as T;
  const sleep = (ms: number) => abortableSleep(clock, ms, signal);

  let leaseUntil = 0;
  const holdLease = async (): Promise<ShardCheckpoint | undefined> => {
    const now = clock.now();
    const cp = await checkpoints.lease(m.mappingId, shardId, deps.node, now, now + LEASE_MS);
    if (cp) leaseUntil = now + LEASE_MS;
    return cp;
  };
  const first = await holdLease();
  if (!first) return 'taken';
  if (first.finished) return 'finished';
  let checkpoint = first.sequenceNumber;

  const advance = async (seq: string | null, finished = false): Promise<boolean> => {
    if (!(await checkpoints.advance(m.mappingId, shardId, deps.node, seq, finished))) {
      log('warn', 'trigger: another node took the shard; this one stops working it', fields);
      return false;
    }
    checkpoint = seq;
    return true;
  };

  const openIterator = async (): Promise<string> => {
    const at = checkpoint !== null
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: checkpoint }
      : first.startMs > 0 ? { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(first.startMs) } : { ShardIteratorType: 'TRIM_HORIZON' };
    return (await call<{ ShardIterator: string }>('GetShardIterator', { StreamName: m.streamName, ShardId: shardId, ...at })).ShardIterator;
  };

  /** Invokes `batch` until it is processed or given up (see the header); false when the lease was lost. */
  async function deliver(batch: KinesisRecordRead[]): Promise<Outcome | 'lost'> {
    let retries = 0;
    let pause = 0;
    while (batch.length > 0) {
      if (signal.aborted) return 'stopped';
      if (m.maximumRecordAgeSeconds >= 0) {
        const oldest = clock.now() - m.maximumRecordAgeSeconds * 1000;
        const expired = batch.findIndex((r) => arrivalMs(r) >= oldest);
        const drop = expired < 0 ? batch.length : expired;
        if (drop > 0) {
          log('warn', `trigger: ${drop} records older than maximumRecordAgeInSeconds skipped (no on-failure destination here)`, { ...fields, first: batch[0]!.SequenceNumber, last: batch[drop - 1]!.SequenceNumber });
          if (!(await advance(batch[drop - 1]!.SequenceNumber))) return 'lost';
          batch = batch.slice(drop);
          continue;
        }
      }
      const event = JSON.stringify(kinesisEvent(batch, { shardId, streamArn: m.streamArn, region: m.region, invokeIdentityArn: `arn:aws:iam::${m.accountId}:role/${m.fn.name}` }));
      let answer;
      try {
        answer = await deps.invoker.invoke(m.fn, event, 'RequestResponse', { timeoutMs: 900_000, signal, maxBodyBytes: MAX_RESPONSE_BYTES });
      } catch (error) {
        if (signal.aborted) return 'stopped';
        pause = Math.min(Math.max(pause * 2, 1_000), MAX_PAUSE_MS);
        log('warn', `trigger: Lambda did not answer (${String(error)}); the batch is tried again`, { ...fields, retryInMs: pause });
        await sleep(pause);
        continue;
      }
      const result = batchResult(answer, batch.map((r) => r.SequenceNumber), m.reportBatchItemFailures);
      if (!result.ok && !result.functionError) {
        pause = Math.min(Math.max(pause * 2, 1_000), MAX_PAUSE_MS);
        log('warn', `trigger: ${result.reason}; the batch is tried again`, { ...fields, retryInMs: pause });
        await sleep(pause);
        continue;
      }
      pause = 0;
      if (result.ok && result.failedIds.size === 0) return (await advance(batch[batch.length - 1]!.SequenceNumber)) ? 'done' : 'lost';
      let reason: string;
      if (result.ok) {
        const after = afterPartialFailure(batch, result.failedIds);
        if (after.checkpoint !== undefined && after.checkpoint !== checkpoint && !(await advance(after.checkpoint))) return 'lost';
        batch = after.retry;
        reason = `the function reported ${result.failedIds.size} failed records; retried from ${batch[0]!.SequenceNumber}`;
      } else if (m.bisect && batch.length > 1) {
        // Halves are retried in order, each with its own retries (bisecting counts as none, as on AWS).
        const half = Math.ceil(batch.length / 2);
        log('info', `trigger: ${result.reason}; the batch of ${batch.length} is split in two`, fields);
        const left = await deliver(batch.slice(0, half));
        return left === 'done' ? deliver(batch.slice(half)) : left;
      } else {
        reason = result.reason;
      }
      retries++;
      if (m.maximumRetryAttempts >= 0 && retries > m.maximumRetryAttempts) {
        log('warn', `trigger: ${reason}; maximumRetryAttempts (${m.maximumRetryAttempts}) reached, ${batch.length} records skipped (no on-failure destination here)`, { ...fields, first: batch[0]!.SequenceNumber, last: batch[batch.length - 1]!.SequenceNumber });
        return (await advance(batch[batch.length - 1]!.SequenceNumber)) ? 'done' : 'lost';
      }
      log('info', `trigger: ${reason}; retry ${retries}`, fields);
      await sleep(Math.min(100 * 2 ** (retries - 1), 10_000));
    }
    return 'done';
  }

  // The lease is renewed on a timer too, so that a long invocation or a batch retried for minutes
  // keeps the shard. Lost (this node was cut off longer than the lease): the next checkpoint write
  // is refused and the worker stops.
  const renewing = new AbortController();
  const renewer = (async () => {
    while (!renewing.signal.aborted) {
      await abortableSleep(clock, LEASE_MS / 3, renewing.signal);
      if (!renewing.signal.aborted) await holdLease().catch(() => undefined);
    }
  })();

  let iterator: string | undefined;
  let pending: KinesisRecordRead[] = [];
  let gatheringSince = 0;
  let pause = 0;
  try {
    while (!signal.aborted) {
      try {
        if (clock.now() > leaseUntil - LEASE_MS / 2 && !(await holdLease())) return 'taken';
        iterator ??= await openIterator();
        const out = await call<{ Records: KinesisRecordRead[]; NextShardIterator?: string }>('GetRecords', { ShardIterator: iterator, Limit: Math.max(1, m.batchSize - pending.length) });
        if (pending.length === 0 && out.Records.length > 0) gatheringSince = clock.now();
        pending.push(...out.Records);
        iterator = out.NextShardIterator;
        const windowOver = clock.now() - gatheringSince >= m.windowSeconds * 1000;
        while (pending.length > 0 && (pending.length >= m.batchSize || windowOver || iterator === undefined || fitting(pending) < pending.length)) {
          const n = fitting(pending);
          const batch = pending.slice(0, n);
          pending = pending.slice(n);
          const outcome = await deliver(batch);
          if (outcome === 'lost') return 'taken';
          if (outcome === 'stopped') return 'stopped';
        }
        if (iterator === undefined) {
          // A closed shard read to its end: its children may start.
          return (await advance(checkpoint, true)) ? 'finished' : 'taken';
        }
        pause = 0;
        if (out.Records.length === 0 || pending.length > 0) await sleep(POLL_MS);
      } catch (error) {
        if (signal.aborted) break;
        // The shard or stream is gone (past the retention period, deleted): the mapping's next look decides.
        if (isServiceError(error) && error.shape === 'ResourceNotFoundException') return 'taken';
        // An expired iterator, a throttled read, a store that failed: read again from the checkpoint.
        iterator = undefined;
        pending = [];
        pause = Math.min(Math.max(pause * 2, 1_000), MAX_PAUSE_MS);
        const text = isServiceError(error) ? `${error.shape}: ${error.message}` : String(error);
        log('error', `trigger: cannot read the shard: ${text}`, { ...fields, retryInMs: pause });
        await sleep(pause);
      }
    }
    return 'stopped';
  } finally {
    renewing.abort();
    await renewer;
    await checkpoints.release(m.mappingId, shardId, deps.node).catch(() => {});
  }
}
