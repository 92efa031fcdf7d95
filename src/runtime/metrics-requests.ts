import type { Registry } from 'prom-client';
import type { RequestObserver } from '../protocol/index.js';
import { Buckets, counter, histogram, type Labels } from './metrics-kit.js';

/** Request duration buckets, seconds: sub-millisecond answers up to 20-second long polls. */
const DURATION_BOUNDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

class OperationStats {
  successes = 0;
  /** Error answers by the error's code (its shape: `QueueDoesNotExist` …). */
  readonly errors = new Map<string, number>();
  readonly duration = new Buckets(DURATION_BOUNDS);
  constructor(readonly labels: Labels) {}
}

/**
 * Every request the protocol layer answered, by service, operation and outcome
 * (`switchyard_requests_total`), and how long it took to answer
 * (`switchyard_request_duration_seconds`, by service and operation; a long poll counts its wait; an
 * event stream until it starts). Requests that named no operation this server knows count as
 * service and operation `unknown`. This node's counts.
 */
export function requestMetrics(registry: Registry): RequestObserver {
  const byService = new Map<string, Map<string, OperationStats>>();
  const stats = (service: string, operation: string): OperationStats => {
    let ops = byService.get(service);
    if (ops === undefined) byService.set(service, (ops = new Map()));
    let s = ops.get(operation);
    if (s === undefined) ops.set(operation, (s = new OperationStats({ service, operation })));
    return s;
  };
  const all = function* () {
    for (const ops of byService.values()) yield* ops.values();
  };
  const outcomes = {
    series: function* () {
      for (const s of all()) {
        yield { s, outcome: 'success', n: s.successes };
        for (const [outcome, n] of s.errors) yield { s, outcome, n };
      }
    },
    labels: (x: { s: OperationStats; outcome: string }): Labels => ({ ...x.s.labels, outcome: x.outcome }),
  };
  counter(registry, 'switchyard_requests_total', 'Requests answered, by service, operation and outcome (success or the error code)', ['service', 'operation', 'outcome'], outcomes, (x) => x.n);
  histogram(
    registry,
    'switchyard_request_duration_seconds',
    'Time to answer a request, by service and operation',
    ['service', 'operation'],
    { series: all, labels: (s: OperationStats) => s.labels },
    (s) => s.duration,
    DURATION_BOUNDS,
  );
  return (service, operation, error, startedAt) => {
    const s = stats(service ?? 'unknown', operation ?? 'unknown');
    if (error === undefined) s.successes += 1;
    else s.errors.set(error, (s.errors.get(error) ?? 0) + 1);
    s.duration.observe((performance.now() - startedAt) / 1000);
  };
}
