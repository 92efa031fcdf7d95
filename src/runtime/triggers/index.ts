import { parseFunctionRef, type LambdaInvoker } from '../../services/shared/lambda.js';
import type { Handler } from '../../services/shared/service.js';
import { queueArn } from '../../services/sqs/domain/queue-url.js';
import type { Clock } from '../clock.js';
import { ConfigError } from '../config.js';
import type { Log } from '../logger.js';
import { TRIGGER_DEFAULTS, type TriggerSpec } from '../resources-spec-triggers.js';
import type { ResourceSpec } from '../resources-spec.js';
import { startPoller, type TriggerMapping } from './poller.js';

/**
 * SQS → Lambda triggers: the event source mappings the resource file declares on its queues
 * (resources-spec-triggers.ts), run by this server against `--lambda-endpoint` (poller.ts). They
 * are configuration, not state: nothing is stored, every node started with the file polls, and the
 * export writes back what the file declared. Lambda's API (CreateEventSourceMapping …) is not served.
 */
export interface Triggers {
  /** The triggers declared for a queue, as declared (for the export); undefined for none. */
  of(queueArn: string): readonly TriggerSpec[] | undefined;
  /** Starts polling (once the file's queues exist). */
  start(): void;
  /** Stops polling: receives and calls under way are cut short; their messages come back. */
  close(): Promise<void>;
}

export interface TriggerDeps {
  readonly sqs: { readonly handlers: Readonly<Record<string, Handler>> };
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
      const path = `resources: queues[${i}].triggers[${j}]`;
      const fn = parseFunctionRef(t.function, target.region, target.accountId)!;
      if (fn.region !== target.region) throw new ConfigError(`${path}.function: ${t.function} is in ${fn.region}; a queue's trigger must be in its region, ${target.region} (AWS)`);
      if (t.enabled === false) return;
      if (lambdaEndpoint === undefined) {
        throw new ConfigError(`${path}: queue ${q.name} has a Lambda trigger, but no Lambda server is given to invoke ${t.function} on: start with --lambda-endpoint <url> (sam local start-lambda: http://127.0.0.1:3001), or set "enabled": false`);
      }
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
      });
    }),
  );
  return mappings;
}

/** The file's triggers, checked (triggerMappings' ConfigErrors), ready to start. */
export function createTriggers(spec: ResourceSpec, target: { readonly accountId: string; readonly region: string }, deps: TriggerDeps): Triggers {
  const mappings = triggerMappings(spec, target, deps.lambda?.endpoint);
  const declared = new Map<string, readonly TriggerSpec[]>();
  for (const q of spec.queues ?? []) if (q.triggers?.length) declared.set(queueArn(target.region, target.accountId, q.name), q.triggers);
  let pollers: { close(): Promise<void> }[] = [];
  return {
    of: (arn) => declared.get(arn),
    start() {
      if (mappings.length === 0 || deps.lambda === undefined || pollers.length > 0) return;
      const invoker = deps.lambda;
      pollers = mappings.map((m) => startPoller(m, { sqs: deps.sqs, clock: deps.clock, log: deps.log, invoker }));
      for (const m of mappings) {
        deps.log('info', `trigger: queue ${m.queueName} → function ${m.functionRef}`, { batchSize: m.batchSize, window: m.windowSeconds, concurrency: m.concurrency, reportBatchItemFailures: m.reportBatchItemFailures });
      }
    },
    async close() {
      await Promise.all(pollers.map((p) => p.close()));
      pollers = [];
    },
  };
}
