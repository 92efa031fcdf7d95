import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The few pieces every metrics module is built of. Counting happens on the request path, so it is
 * kept away from prom-client's label handling (a child's `inc` hashes its label values on every
 * call): each service keeps plain numbers in an object per queue, topic or stream, found by id in a
 * Map, and prom-client reads them only when Prometheus scrapes (`collect`). An observation is then
 * one Map lookup and an addition: no allocation, no await.
 */
export type Labels = Readonly<Record<string, string>>;

/** A histogram's counts as the observing code keeps them: per bucket (not cumulative), plus +Inf. */
export class Buckets {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]! += 1;
    this.sum += value;
    this.count += 1;
  }
}

/** A family of series read at scrape time: `series()` lists them, `labels` and `value` read one. */
export interface Source<S> {
  readonly series: () => Iterable<S>;
  readonly labels: (s: S) => Labels;
}

/** A counter whose values are the running totals `value` reads (never reset, so `rate()` works). */
export function counter<S>(registry: Registry, name: string, help: string, labelNames: readonly string[], source: Source<S>, value: (s: S) => number): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of source.series()) this.inc(source.labels(s), value(s));
    },
  });
}

/** A gauge whose values `value` reads at scrape time (series no longer listed disappear). */
export function gauge<S>(registry: Registry, name: string, help: string, labelNames: readonly string[], source: Source<S>, value: (s: S) => number): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of source.series()) this.set(source.labels(s), value(s));
    },
  });
}

/** A histogram exposed from Buckets kept by the observing code. */
export function histogram<S>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly string[],
  source: Source<S>,
  buckets: (s: S) => Buckets,
  bounds: readonly number[],
): void {
  registry.registerMetric(new BucketsHistogram(name, help, labelNames, bounds, source, buckets));
}

type HistogramValues = Awaited<ReturnType<Histogram['get']>>;

/**
 * prom-client's Histogram, its values read from Buckets: `get` (and `getForPromString`, which the
 * registry prefers) answer what prom-client's own histogram would, in the same shape (`_bucket` with
 * cumulative counts per `le`, then `+Inf`, `_sum`, `_count`).
 */
class BucketsHistogram<S> extends Histogram {
  constructor(
    private readonly metricName: string,
    private readonly metricHelp: string,
    labelNames: readonly string[],
    bounds: readonly number[],
    private readonly source: Source<S>,
    private readonly bucketsOf: (s: S) => Buckets,
  ) {
    super({ name: metricName, help: metricHelp, labelNames, buckets: [...bounds], registers: [] });
  }

  override async get(): Promise<HistogramValues> {
    const values: HistogramValues['values'] = [];
    for (const s of this.source.series()) {
      const labels = this.source.labels(s);
      const b = this.bucketsOf(s);
      let cumulative = 0;
      for (let i = 0; i < b.bounds.length; i++) {
        cumulative += b.counts[i]!;
        values.push({ labels: { ...labels, le: b.bounds[i]! }, value: cumulative, metricName: `${this.metricName}_bucket` });
      }
      values.push({ labels: { ...labels, le: '+Inf' }, value: b.count, metricName: `${this.metricName}_bucket` });
      values.push({ labels, value: b.sum, metricName: `${this.metricName}_sum` });
      values.push({ labels, value: b.count, metricName: `${this.metricName}_count` });
    }
    return { name: this.metricName, help: this.metricHelp, type: 'histogram', values, aggregator: 'sum' } as unknown as HistogramValues;
  }

  getForPromString(): Promise<HistogramValues> {
    return this.get();
  }
}
