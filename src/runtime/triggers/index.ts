import { parseFunctionRef, type LambdaInvoker } from '../../services/shared/lambda.js';
import type { Handler } from '../../services/shared/service.js';
import { queueArn } from '../../services/sqs/domain/queue-url.js';
import type { Clock } from '../clock.js';
import { ConfigError } from '../config.js';
import type { Log } from '../logger.js';
import { filterPatterns, TRIGGER_DEFAULTS, type TriggerSpec } from '../resources-spec-triggers.js';
import { compileFilterCriteria } from './filter-criteria.js';
import type { ResourceSpec } from '../resources-spec.js';
import { startPoller, type TriggerMapping } from './poller.js';
import type { StreamTriggerSpec } from '../resources-spec-stream-triggers.js';
import type { TriggerCheckpointStore } from '../../storage/trigger-checkpoints.js';
import { startStreamMapping, streamTriggerSettings, type StreamMapping } from './kinesis-mapping.js';

/**
 * SQS → Lambda and Kinesis → Lambda triggers: the event source mappings the resource file declares
 * on its queues (resources-spec-triggers.ts) and streams (resources-spec-stream-triggers.ts), run
 * by this server against `--lambda-endpoint` (poller.ts; kinesis-mapping.ts). They are
 * configuration: every node started with the file runs them, and the export writes back what the
 * file declared. A queue's need no state (SQS shares the work); a stream's keep a checkpoint per
 * shard in the store (storage/trigger-checkpoints.ts), with a lease so one node works a shard at a
 * time. Lambda's API (CreateEventSourceMapping …) is not served.
 */
export interface Triggers {
  /** The triggers declared for a queue, as declared (for the export); undefined for none. */
  of(queueArn: string): readonly TriggerSpec[] | undefined;
  /** The triggers declared for a stream, as declared (for the export); undefined for none. */
  ofStream(streamArn: string): readonly StreamTriggerSpec[] | undefined;
  /** Starts polling (once the file's queues and streams exist); resolves once each stream trigger has seen its shards (where LATEST is). */
  start(): Promise<void>;
  /** Stops polling: receives and calls under way are cut short; their messages come back. */
  close(): Promise<void>;
}

export interface TriggerDeps {
  readonly sqs: { readonly handlers: Readonly<Record<string, Handler>> };
  /** For stream triggers' on-failure destinations that are topics (queues go through `sqs`). */
  readonly sns?: { readonly handlers: Readonly<Record<string, Handler>> };
  /** For stream triggers: the Kinesis service and where the checkpoints are kept. */
  readonly kinesis?: { readonly handlers: Readonly<Record<string, Handler>> };
  readonly checkpoints?: TriggerCheckpointStore;
  readonly clock: Clock;
  readonly log: Log;
  /** The Invoke of `--lambda-endpoint` (runtime/lambda-client.ts); without it a file with an enabled trigger is refused. */
  readonly lambda?: LambdaInvoker;
}

/** Batches in flight per mapping without maximumConcurrency: Lambda starts an SQS mapping with five. */
export const DEFAULT_CONCURRENCY = 5;

/**
 * The mappings of a file for the account and region it is applied in; a ConfigError, before
 * anything starts, for a function in another region (AWS: the function and the queue are in one
 * region) or for enabled triggers without a Lambda server to invoke.
 */
export function triggerMappings(spec: ResourceSpec, target: { readonly accountId: string; readonly region: string }, lambdaEndpoint: string | undefined): TriggerMapping[] {
  const mappings: TriggerMapping[] = [];
  (spec.queues ?? []).forEach((q, i) =>
    (q.triggers ?? []).forEach((t, j) => {
      const fn = checkFunction(t, `resources: queues[${i}].triggers[${j}]`, 'queue', q.name, target, lambdaEndpoint);
      if (fn === undefined) return;
      mappings.push({
        queueName: q.name,
        queueUrl: `https://sqs.${target.region}.amazonaws.com/${target.accountId}/${q.name}`,
        queueArn: queueArn(target.region, target.accountId, q.name),
        accountId: target.accountId,
        region: target.region,
        fn,
        functionRef: t.function,
        batchSize: t.batchSize ?? TRIGGER_DEFAULTS.batchSize,
        windowSeconds: t.maximumBatchingWindowInSeconds ?? TRIGGER_DEFAULTS.maximumBatchingWindowInSeconds,
        reportBatchItemFailures: t.functionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
        concurrency: t.maximumConcurrency ?? DEFAULT_CONCURRENCY,
        filter: t.filterCriteria?.filters?.length ? compileFilterCriteria(filterPatterns(t.filterCriteria), 'sqs') : undefined,
      });
    }),
  );
  return mappings;
}

const streamArn = (target: { readonly accountId: string; readonly region: string }, name: string) => `arn:aws:kinesis:${target.region}:${target.accountId}:stream/${name}`;

/** The stream mappings of a file, with the same checks as a queue's (checkFunction). */
export function streamTriggerMappings(spec: ResourceSpec, target: { readonly accountId: string; readonly region: string }, lambdaEndpoint: string | undefined): StreamMapping[] {
  const mappings: StreamMapping[] = [];
  (spec.streams ?? []).forEach((s, i) =>
    (s.triggers ?? []).forEach((t, j) => {
      const fn = checkFunction(t, `resources: streams[${i}].triggers[${j}]`, 'stream', s.name, target, lambdaEndpoint);
      if (fn === undefined) return;
      mappings.push({ streamName: s.name, streamArn: streamArn(target, s.name), accountId: target.accountId, region: target.region, fn, functionRef: t.function, ...streamTriggerSettings(t) });
    }),
  );
  return mappings;
}

/**
 * A trigger's function for the account and region the file is applied in, or undefined when the
 * trigger is disabled; a ConfigError for a function in another region (AWS: the function and its
 * source are in one region) or for an enabled trigger without a Lambda server to invoke.
 */
function checkFunction(t: { readonly function: string; readonly enabled?: boolean }, path: string, kind: 'queue' | 'stream', name: string, target: { readonly accountId: string; readonly region: string }, lambdaEndpoint: string | undefined) {
  const fn = parseFunctionRef(t.function, target.region, target.accountId)!;
  if (fn.region !== target.region) throw new ConfigError(`${path}.function: ${t.function} is in ${fn.region}; a ${kind}'s trigger must be in its region, ${target.region} (AWS)`);
  if (t.enabled === false) return undefined;
  if (lambdaEndpoint === undefined) {
    throw new ConfigError(`${path}: ${kind} ${name} has a Lambda trigger, but no Lambda server is given to invoke ${t.function} on: start with --lambda-endpoint <url> (sam local start-lambda: http://127.0.0.1:3001), or set "enabled": false`);
  }
  return fn;
}

/** The file's triggers, checked (triggerMappings' ConfigErrors), ready to start. */
export function createTriggers(spec: ResourceSpec, target: { readonly accountId: string; readonly region: string }, deps: TriggerDeps): Triggers {
  const mappings = triggerMappings(spec, target, deps.lambda?.endpoint);
  const streamMappings = streamTriggerMappings(spec, target, deps.lambda?.endpoint);
  const declared = new Map<string, readonly TriggerSpec[]>();
  for (const q of spec.queues ?? []) if (q.triggers?.length) declared.set(queueArn(target.region, target.accountId, q.name), q.triggers);
  const declaredOnStreams = new Map<string, readonly StreamTriggerSpec[]>();
  for (const s of spec.streams ?? []) if (s.triggers?.length) declaredOnStreams.set(streamArn(target, s.name), s.triggers);
  let pollers: { close(): Promise<void> }[] = [];
  return {
    of: (arn) => declared.get(arn),
    ofStream: (arn) => declaredOnStreams.get(arn),
    async start() {
      if (mappings.length + streamMappings.length === 0 || deps.lambda === undefined || pollers.length > 0) return;
      const invoker = deps.lambda;
      pollers = mappings.map((m) => startPoller(m, { sqs: deps.sqs, clock: deps.clock, log: deps.log, invoker }));
      for (const m of mappings) {
        deps.log('info', `trigger: queue ${m.queueName} → function ${m.functionRef}`, { batchSize: m.batchSize, window: m.windowSeconds, concurrency: m.concurrency, reportBatchItemFailures: m.reportBatchItemFailures });
      }
      if (streamMappings.length > 0 && (deps.kinesis === undefined || deps.checkpoints === undefined)) throw new Error('stream triggers need the Kinesis service and a checkpoint store');
      const started = streamMappings.map((m) => startStreamMapping(m, { kinesis: deps.kinesis!, destinations: { sqs: deps.sqs, sns: deps.sns }, checkpoints: deps.checkpoints!, invoker, clock: deps.clock, log: deps.log }));
      pollers.push(...started);
      for (const m of streamMappings) {
        deps.log('info', `trigger: stream ${m.streamName} → function ${m.functionRef}`, { startingPosition: m.startingPosition, batchSize: m.batchSize, window: m.windowSeconds, maximumRetryAttempts: m.maximumRetryAttempts, bisect: m.bisect, reportBatchItemFailures: m.reportBatchItemFailures, parallelizationFactor: m.parallelizationFactor, onFailure: m.onFailureDestination });
      }
      await Promise.all(started.map((p) => p.ready));
    },
    async close() {
      await Promise.all(pollers.map((p) => p.close()));
      pollers = [];
    },
  };
}
