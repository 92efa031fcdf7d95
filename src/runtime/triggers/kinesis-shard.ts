import { isServiceError } from '../../services/shared/errors.js';
import type { LambdaInvoker } from '../../services/shared/lambda.js';
import type { Handler, RequestContext } from '../../services/shared/service.js';
import type { ShardCheckpoint, TriggerCheckpointStore } from '../../storage/trigger-checkpoints.js';
import type { Clock } from '../clock.js';
import type { Log } from '../logger.js';
import { abortableSleep, type MappingBase } from './common.js';
import type { SendToDestination } from './destination.js';
import { deliverBatch, deliverWindowEnd, type BatchDeps } from './kinesis-deliver.js';
import { arrivalMs, kinesisFilterView, type KinesisRecordRead } from './kinesis-event.js';
import type { RecordFilter } from './filter-criteria.js';
import { laneOf, ShardProgress } from './kinesis-lanes.js';
import { MAX_STATE_BYTES, stateOf, windowEventFields, windowOf, type TumblingWindow } from './kinesis-window.js';

/**
 * One shard of a Kinesis event source mapping at work (what Lambda's shard poller does), in-process:
 * GetShardIterator/GetRecords through the Kinesis service's handlers, from the stored checkpoint
 * (storage/trigger-checkpoints.ts), in sequence order:
 *
 * - a record no FilterCriteria filter matches is finished as it is read, never invoked;
 * - the records read are dealt to parallelizationFactor lanes by partition key (kinesis-lanes.ts;
 *   one lane with the default factor 1). Each lane gathers a batch until batchSize records or the
 *   batching window ends (a read that finds nothing waits POLL_MS: Lambda reads a shard once a
 *   second; a local server's reads cost little), cut where the event would pass Lambda's 6 MB
 *   payload quota, and has one batch at a time in flight (kinesis-deliver.ts: invocation, retries,
 *   bisection, discarding to the on-failure destination). Reading stops while every lane is busy or
 *   enough records wait (a batch with one lane; 4 per lane with more), so that a lane held up
 *   holds the shard's reading up rather than filling memory;
 * - with tumblingWindowInSeconds (one lane), a batch holds records of one window, the window's
 *   state goes from call to call, and its records are finished only after its final call
 *   (kinesis-window.ts), made once none of its records waits or is left to read;
 * - the checkpoint moves over the records every lane finished with (ShardProgress), written in
 *   order, one write at a time;
 * - a closed shard read to its end and finished is marked finished, so its children start.
 *
 * The shard's lease (one node at a time) is renewed while it works; a checkpoint write refused for
 * a lost lease stops the worker and its lanes (their batches may then be invoked again by the new
 * holder: at least once).
 */
export interface ShardMapping extends MappingBase {
  readonly mappingId: string;
  readonly streamName: string;
  readonly streamArn: string;
  readonly bisect: boolean;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeSeconds: number;
  /** Batches of the shard in flight at once (1–10). */
  readonly parallelizationFactor: number;
  /** DestinationConfig.OnFailure: the SQS queue's or SNS topic's ARN discarded records are recorded to. */
  readonly onFailureDestination?: string;
  /** TumblingWindowInSeconds (0: none; with one lane only, the file checks). */
  readonly tumblingWindowSeconds: number;
  /** FilterCriteria: a record no filter matches is never invoked, and the checkpoint passes it. */
  readonly filter?: RecordFilter;
}

export interface ShardDeps {
  readonly kinesis: { readonly handlers: Readonly<Record<string, Handler>> };
  readonly checkpoints: TriggerCheckpointStore;
  readonly invoker: LambdaInvoker;
  readonly sendToDestination?: SendToDestination;
  readonly clock: Clock;
  readonly log: Log;
  readonly node: string;
  readonly signal: AbortSignal;
}

export const POLL_MS = 200;
/**
 * A shard's lease on PostgreSQL: how long a killed node's shards wait before another node takes
 * them. 10 s, the KCL's default failover time (KinesisClientLibConfiguration
 * DEFAULT_FAILOVER_TIME_MILLIS); renewed every third of it while the worker runs.
 */
export const LEASE_MS = 10_000;
const MAX_PAUSE_MS = 60_000;
/** GetRecords' largest Limit. */
const MAX_GET_RECORDS = 10_000;
/** With parallelizationFactor > 1, batches per lane the lanes may hold read ahead. */
const READ_AHEAD = 4;
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

interface Lane {
  /** Records read for this lane, not yet in a batch, in sequence order. */
  pending: KinesisRecordRead[];
  /** When its oldest pending record was read (the batching window runs from there). */
  since: number;
  busy: boolean;
  /** With tumbling windows: the window open, its state, and its records processed (behind the checkpoint once it closes). */
  window?: OpenWindow;
}

interface OpenWindow extends TumblingWindow {
  state: object;
  records: KinesisRecordRead[];
}

export async function runShard(m: ShardMapping, shardId: string, deps: ShardDeps): Promise<'finished' | 'stopped' | 'taken'> {
  const { clock, log, checkpoints } = deps;
  const fields = { stream: m.streamName, shard: shardId, function: m.functionRef };
  // Stops the lanes too: at shutdown, when the lease is lost, or on a failure nothing here expects.
  const stop = new AbortController();
  const signal = AbortSignal.any([deps.signal, stop.signal]);
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

  let taken = false;
  const giveUp = (why: string) => {
    if (!taken) log('warn', `trigger: ${why}; this node stops working the shard`, fields);
    taken = true;
    stop.abort();
  };

  // The checkpoint: `stored` is what the store holds, `target` where ShardProgress has moved it.
  // One writer at a time, in order; a store that fails is tried again (the lanes go on meanwhile),
  // until the worker stops. At a stop the last move is still written, once.
  let stored = first.sequenceNumber;
  let target = stored;
  let writing: Promise<void> = Promise.resolve();
  const write = async (): Promise<void> => {
    let pause = 0;
    while (target !== stored && !taken) {
      const to = target;
      try {
        if (!(await checkpoints.advance(m.mappingId, shardId, deps.node, to, false))) return giveUp('another node took the shard');
        stored = to;
        pause = 0;
      } catch (error) {
        if (signal.aborted) return;
        pause = Math.min(Math.max(pause * 2, 1_000), MAX_PAUSE_MS);
        log('error', `trigger: cannot store the checkpoint: ${String(error)}`, { ...fields, retryInMs: pause });
        await sleep(pause);
      }
    }
  };
  const progress = new ShardProgress();
  const finish = (records: readonly KinesisRecordRead[]) => {
    const moved = progress.finish(records.map((r) => r.SequenceNumber));
    if (moved === undefined) return;
    target = moved;
    writing = writing.then(write);
  };

  // The reader sleeps POLL_MS between reads, and wakes early when a lane finishes a batch.
  let woken = false;
  let waking: AbortController | undefined;
  const wake = () => {
    woken = true;
    waking?.abort();
  };
  const nap = async (ms: number) => {
    if (woken) return void (woken = false);
    waking = new AbortController();
    await abortableSleep(clock, ms, AbortSignal.any([signal, waking.signal]));
    waking = undefined;
    woken = false;
  };

  const factor = Math.max(1, m.parallelizationFactor);
  const lanes: Lane[] = Array.from({ length: factor }, () => ({ pending: [], since: 0, busy: false }));
  const inFlight = new Set<Promise<void>>();
  let waiting = 0; // records in lanes' pending lists
  const batchDeps: BatchDeps = { m, shardId, invoker: deps.invoker, clock, log, sendToDestination: deps.sendToDestination, signal, finish };
  const source = { shardId, streamArn: m.streamArn };

  /** Runs `work` as the lane's one task in flight. */
  const occupy = (lane: Lane, work: () => Promise<unknown>) => {
    lane.busy = true;
    const running: Promise<void> = work()
      .then(() => undefined, (error: unknown) => giveUp(`a batch failed unexpectedly (${String(error)})`))
      .finally(() => {
        lane.busy = false;
        inFlight.delete(running);
        wake();
      });
    inFlight.add(running);
  };

  /** A tumbling window's end: its final invocation, then its records behind the checkpoint (ended early: the same window goes on with a fresh state). */
  const closeWindow = async (lane: Lane, w: OpenWindow, early: boolean) => {
    if ((await deliverWindowEnd(w, w.state, early, batchDeps)) !== 'done') return;
    finish(w.records);
    if (early) Object.assign(w, { state: {}, records: [] });
    else lane.window = undefined;
  };

  /** A batch of a lane in a tumbling window: its records count in the window, its state goes from call to call. */
  const inWindow = (lane: Lane, w: OpenWindow): BatchDeps => ({
    ...batchDeps,
    finish: (records) => void w.records.push(...records),
    window: {
      eventFields: () => windowEventFields(w, w.state, source, false, false),
      accept(body) {
        const answered = stateOf(body);
        if ('reason' in answered) return answered.reason;
        w.state = answered.state;
        return undefined;
      },
    },
  });

  /**
   * Starts work on each idle lane that has some due: a tumbling window that ended (its time passed,
   * a record of a later window, the shard's end), or a batch (full, its batching window over, the
   * shard's end, the payload quota or a tumbling window's end reached).
   */
  const dispatch = (shardEnded: boolean) => {
    for (const lane of lanes) {
      if (lane.busy || signal.aborted) continue;
      const open = lane.window;
      const next = lane.pending[0];
      // A window ends once none of its records waits and none is left to read: a record of a later
      // window came, a read begun after its end found none, or the shard ended.
      if (open !== undefined && (next === undefined ? shardEnded || readFrom >= open.end : arrivalMs(next) >= open.end)) {
        occupy(lane, () => closeWindow(lane, open, false));
        continue;
      }
      if (next === undefined) continue;
      let fit = Math.min(fitting(lane.pending), m.batchSize);
      const w = m.tumblingWindowSeconds > 0 ? (open ?? windowOf(arrivalMs(next), m.tumblingWindowSeconds)) : undefined;
      if (w !== undefined) {
        const later = lane.pending.findIndex((r) => arrivalMs(r) >= w.end);
        if (later >= 0) fit = Math.min(fit, later);
      }
      const due = lane.pending.length >= m.batchSize || clock.now() - lane.since >= m.windowSeconds * 1000 || shardEnded || fit < lane.pending.length;
      if (!due) continue;
      const batch = lane.pending.slice(0, fit);
      lane.pending = lane.pending.slice(fit);
      waiting -= batch.length;
      if (w === undefined) {
        occupy(lane, () => deliverBatch(batch, batchDeps));
        continue;
      }
      const window = (lane.window ??= { ...w, state: {}, records: [] });
      occupy(lane, async () => {
        // A state past 1 MB ends the window early (checked after each batch here; AWS does not say when).
        if ((await deliverBatch(batch, inWindow(lane, window))) === 'done' && JSON.stringify(window.state).length > MAX_STATE_BYTES) await closeWindow(lane, window, true);
      });
    }
  };

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

  // Reading resumes after the last record read (the checkpoint at first): after a failed read, the
  // records already dealt to lanes are not read twice.
  let lastRead = first.sequenceNumber;
  const openIterator = async (): Promise<string> => {
    const at = lastRead !== null
      ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: lastRead }
      : first.startMs > 0 ? { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(first.startMs) } : { ShardIteratorType: 'TRIM_HORIZON' };
    return (await call<{ ShardIterator: string }>('GetShardIterator', { StreamName: m.streamName, ShardId: shardId, ...at })).ShardIterator;
  };

  // How many records may wait in the lanes: one lane reads a batch ahead at most; several read more
  // ahead, so that a lane held up (a batch retried) does not stop the others at once.
  /** When the last read that came back began (a tumbling window ends once a read begun after its end came back). */
  let readFrom = 0;
  const room = factor === 1 ? m.batchSize : m.batchSize * factor * READ_AHEAD;
  let iterator: string | undefined;
  let ended = false;
  let pause = 0;
  try {
    while (!signal.aborted) {
      try {
        if (clock.now() > leaseUntil - LEASE_MS / 2 && !(await holdLease())) return 'taken';
        let read = 0;
        if (!ended && waiting < room && lanes.some((l) => !l.busy)) {
          iterator ??= await openIterator();
          const began = clock.now();
          const out = await call<{ Records: KinesisRecordRead[]; NextShardIterator?: string }>('GetRecords', { ShardIterator: iterator, Limit: Math.min(MAX_GET_RECORDS, Math.max(1, room - waiting)) });
          const now = clock.now();
          progress.read(out.Records.map((r) => r.SequenceNumber));
          // Records no filter matches are discarded as they are read (AWS: "Lambda discards the record").
          const filteredOut: KinesisRecordRead[] = [];
          for (const r of out.Records) {
            if (m.filter !== undefined && !m.filter.matches(kinesisFilterView(r))) {
              filteredOut.push(r);
              continue;
            }
            const lane = lanes[laneOf(r.PartitionKey ?? '', factor)]!;
            if (lane.pending.length === 0) lane.since = now;
            lane.pending.push(r);
            waiting++;
          }
          if (filteredOut.length > 0) finish(filteredOut);
          read = out.Records.length;
          if (read > 0) lastRead = out.Records[read - 1]!.SequenceNumber;
          iterator = out.NextShardIterator;
          ended = iterator === undefined;
          readFrom = began;
        }
        dispatch(ended);
        if (ended && waiting === 0 && inFlight.size === 0 && lanes.every((l) => l.window === undefined)) {
          // A closed shard read to its end and finished: its children may start.
          await writing;
          if (taken || signal.aborted) break;
          if (!(await checkpoints.advance(m.mappingId, shardId, deps.node, stored, true))) return 'taken';
          return 'finished';
        }
        pause = 0;
        // Read again at once while records come and there is room; else wait for the poll or a lane.
        const canRead = !ended && waiting < room && lanes.some((l) => !l.busy);
        if (read === 0 || waiting > 0 || !canRead) await nap(POLL_MS);
      } catch (error) {
        if (signal.aborted) break;
        // The shard or stream is gone (past the retention period, deleted): the mapping's next look decides.
        if (isServiceError(error) && error.shape === 'ResourceNotFoundException') return 'taken';
        // An expired iterator, a throttled read, a store that failed: read again after the last record read.
        iterator = undefined;
        pause = Math.min(Math.max(pause * 2, 1_000), MAX_PAUSE_MS);
        const text = isServiceError(error) ? `${error.shape}: ${error.message}` : String(error);
        log('error', `trigger: cannot read the shard: ${text}`, { ...fields, retryInMs: pause });
        await sleep(pause);
      }
    }
    return taken ? 'taken' : 'stopped';
  } finally {
    stop.abort();
    await Promise.all(inFlight);
    await writing;
    renewing.abort();
    await renewer;
    await checkpoints.release(m.mappingId, shardId, deps.node).catch(() => {});
  }
}
