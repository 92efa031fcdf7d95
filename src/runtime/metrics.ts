import { Gauge, Registry } from 'prom-client';
import type { RequestObserver } from '../protocol/index.js';
import type { WireHandler, WireRequest, WireResponse } from '../protocol/wire.js';
import type { KinesisObserver } from '../services/kinesis/observer.js';
import type { SnsObserver } from '../services/sns/delivery/observer.js';
import type { SqsObserver } from '../services/sqs/observer.js';
import type { QueueGauges } from '../services/sqs/stats.js';
import type { StorageUsage } from '../storage/sqlite/compaction.js';
import type { Log } from './logger.js';
import { kinesisMetrics } from './metrics-kinesis.js';
import { processMetrics, storageMetrics } from './metrics-process.js';
import { requestMetrics } from './metrics-requests.js';
import { snsMetrics } from './metrics-sns.js';
import { sqsMetrics } from './metrics-sqs.js';

/**
 * Prometheus metrics on the AWS port: `GET /metrics` in the text exposition format, from a
 * Registry of this server's own (several servers run in one process in the tests; prom-client's
 * global registry is never used).
 *
 * Names: `switchyard_<service>_<CloudWatch metric name in snake case>`, so that a dashboard or alert
 * written for a CloudWatch exporter translates by a prefix (YACE and the Prometheus
 * cloudwatch_exporter both name series `aws_<namespace>_<snake case metric>_<statistic>`):
 * counters end in `_total` (`increase(…[5m])` is CloudWatch's Sum over 5 minutes), sizes and
 * durations are histograms in bytes and seconds, state is a gauge. Labels are the CloudWatch
 * dimensions in cloudwatch_exporter's snake case (`queue_name`, `topic_name`, `stream_name`,
 * `shard_id`) plus `account_id` and `region` (YACE's names).
 *
 * Counters count what this node served (Prometheus sums nodes); state gauges (queue depths, oldest
 * message) come from the database at scrape time and are the same on every node.
 *
 * States: the counters live as long as the server; a scrape reads them and, for the gauges, asks
 * the SQS service for every queue's state first (`sqs.gauges`), at most MAX_GAUGE_QUEUES queues.
 */
export interface ServerMetrics {
  readonly sqs: SqsObserver;
  readonly sns: SnsObserver;
  readonly kinesis: KinesisObserver;
  readonly requests: RequestObserver;
  /** `handler` with `GET /metrics` answered here; `queues` reads the SQS gauges (SqsService.gauges). */
  route(handler: WireHandler, queues: (maxQueues: number) => Promise<{ queues: QueueGauges[]; skipped: number }>): WireHandler;
}

export const METRICS_PATH = '/metrics';
/** Queues whose depth a scrape reports; past it `switchyard_sqs_queues_not_reported` says how many were left out. */
export const MAX_GAUGE_QUEUES = 10_000;

export function createMetrics(log: Log, storage?: () => StorageUsage): ServerMetrics {
  const registry = new Registry();
  let snapshot: readonly QueueGauges[] = [];
  let skipped = 0;
  const sqs = sqsMetrics(registry, () => snapshot);
  const sns = snsMetrics(registry);
  const kinesis = kinesisMetrics(registry);
  const requests = requestMetrics(registry);
  new Gauge({
    name: 'switchyard_sqs_queues_not_reported',
    help: `Queues left out of the SQS gauges of this scrape (a scrape reports at most ${MAX_GAUGE_QUEUES} queues)`,
    registers: [registry],
    collect() {
      this.set(skipped);
    },
  });
  // Process CPU and memory: the usual Node.js series, unprefixed as dashboards expect.
  processMetrics(registry);
  if (storage) storageMetrics(registry, storage);
  // One scrape at a time reads the database; concurrent scrapes share it.
  let scraping: Promise<string> | undefined;
  const scrape = async (queues: Parameters<ServerMetrics['route']>[1]): Promise<string> => {
    const state = await queues(MAX_GAUGE_QUEUES);
    snapshot = state.queues;
    skipped = state.skipped;
    return registry.metrics();
  };
  return {
    sqs,
    sns,
    kinesis,
    requests,
    route(handler, queues) {
      const answer = async (req: WireRequest): Promise<WireResponse> => {
        try {
          scraping ??= scrape(queues).finally(() => (scraping = undefined));
          const body = await scraping;
          return { status: 200, headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' }, body };
        } catch (error) {
          log('error', 'metrics scrape failed', { requestId: req.requestId, error: String(error) });
          return { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'metrics scrape failed\n' };
        }
      };
      // Not async itself: every other request goes on without another promise.
      return (req) => (req.path === METRICS_PATH && req.method === 'GET' ? answer(req) : handler(req));
    },
  };
}
