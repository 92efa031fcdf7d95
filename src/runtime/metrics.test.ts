/** The metrics registry on its own: exposition shape, histograms from Buckets, the route, two servers in one process. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WireRequest, WireResponse } from '../protocol/wire.js';
import type { NewMessage, QueueRecord } from '../services/sqs/store.js';
import type { StreamInfo } from '../services/kinesis/store.js';
import type { Publication } from '../services/sns/domain/publication.js';
import { Buckets } from './metrics-kit.js';
import { createMetrics } from './metrics.js';

const request = (path: string, method = 'GET') => ({ path, method, requestId: 'r', query: '', headers: {}, body: Buffer.alloc(0) }) as unknown as WireRequest;
const passed: WireResponse = { status: 299, headers: {}, body: 'protocol' };
const queue = (id: number, name: string) => ({ id, accountId: '123456789012', name }) as QueueRecord;

async function scrape(metrics: ReturnType<typeof createMetrics>, gauges = { queues: [], skipped: 0 }): Promise<string> {
  const handler = metrics.route(async () => passed, async () => gauges);
  const res = await handler(request('/metrics'));
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  return res.body as string;
}

describe('metrics', () => {
  it('Buckets count per bucket, with the overflow in the last', () => {
    const b = new Buckets([1, 10]);
    for (const v of [0.5, 1, 2, 10, 11, 100]) b.observe(v);
    assert.deepEqual([...b.counts], [2, 2, 2]);
    assert.equal(b.count, 6);
    assert.equal(b.sum, 124.5);
  });

  it('exposes counters, cumulative histogram buckets and gauges in the text format', async () => {
    const m = createMetrics(() => {});
    const q = queue(7, 'orders');
    const message = {} as NewMessage; // the metrics count; they never look at the message
    const stored = { messageId: 'm', seq: 1, duplicate: false };
    m.sqs.sent(q, 100, message, stored);
    m.sqs.sent(queue(8, 'orders'), 5_000, message, stored); // the same queue created again: one series
    m.sqs.received(q, 3);
    m.sqs.received(q, 0);
    m.sqs.deleted(q, 2, [], []);
    const text = await scrape(m, { queues: [{ accountId: '123456789012', name: 'orders', visible: 4, inFlight: 1, delayed: 0, oldestAgeSeconds: 12 }], skipped: 0 } as never);
    const labels = 'account_id="123456789012",queue_name="orders"';
    for (const line of [
      '# TYPE switchyard_sqs_number_of_messages_sent_total counter',
      `switchyard_sqs_number_of_messages_sent_total{${labels}} 2`,
      `switchyard_sqs_number_of_messages_received_total{${labels}} 3`,
      `switchyard_sqs_number_of_empty_receives_total{${labels}} 1`,
      `switchyard_sqs_number_of_messages_deleted_total{${labels}} 2`,
      '# TYPE switchyard_sqs_sent_message_size_bytes histogram',
      `switchyard_sqs_sent_message_size_bytes_bucket{${labels},le="1024"} 1`,
      `switchyard_sqs_sent_message_size_bytes_bucket{${labels},le="16384"} 2`,
      `switchyard_sqs_sent_message_size_bytes_bucket{${labels},le="+Inf"} 2`,
      `switchyard_sqs_sent_message_size_bytes_sum{${labels}} 5100`,
      `switchyard_sqs_sent_message_size_bytes_count{${labels}} 2`,
      `switchyard_sqs_approximate_number_of_messages_visible{${labels}} 4`,
      `switchyard_sqs_approximate_age_of_oldest_message_seconds{${labels}} 12`,
      'switchyard_sqs_queues_not_reported 0',
    ]) {
      assert.ok(text.split('\n').includes(line), `missing: ${line}`);
    }
    assert.match(text, /^process_cpu_seconds_total /m);
  });

  it('counts requests by outcome and names unknown operations `unknown`', async () => {
    const m = createMetrics(() => {});
    m.requests('sqs', 'SendMessage', undefined, performance.now());
    m.requests('sqs', 'SendMessage', 'QueueDoesNotExist', performance.now());
    m.requests(undefined, undefined, 'UnrecognizedRequest', performance.now());
    const text = await scrape(m);
    assert.ok(text.includes('switchyard_requests_total{service="sqs",operation="SendMessage",outcome="success"} 1'));
    assert.ok(text.includes('switchyard_requests_total{service="sqs",operation="SendMessage",outcome="QueueDoesNotExist"} 1'));
    assert.ok(text.includes('switchyard_requests_total{service="unknown",operation="unknown",outcome="UnrecognizedRequest"} 1'));
    assert.ok(text.includes('switchyard_request_duration_seconds_count{service="sqs",operation="SendMessage"} 2'));
  });

  it('keeps the iterator age per shard and the latest value', async () => {
    const m = createMetrics(() => {});
    const stream = { id: 1, accountId: '123456789012', region: 'eu-west-1', name: 's' } as StreamInfo;
    m.kinesis.getRecords(stream, 0, 2, 20, 500);
    m.kinesis.getRecords(stream, 0, 0, 0, 0);
    m.kinesis.getRecords(stream, 3, 1, 10, 42);
    const text = await scrape(m);
    const labels = 'account_id="123456789012",region="eu-west-1",stream_name="s"';
    assert.ok(text.includes(`switchyard_kinesis_get_records_iterator_age_milliseconds{${labels},shard_id="shardId-000000000000"} 0`));
    assert.ok(text.includes(`switchyard_kinesis_get_records_iterator_age_milliseconds{${labels},shard_id="shardId-000000000003"} 42`));
    assert.ok(text.includes(`switchyard_kinesis_get_records_records_total{${labels}} 3`));
  });

  it('passes every other request through, and two servers in one process keep their own counts', async () => {
    const a = createMetrics(() => {});
    const b = createMetrics(() => {});
    const handler = a.route(async () => passed, async () => ({ queues: [], skipped: 0 }));
    assert.equal(await handler(request('/metrics', 'POST')), passed);
    assert.equal(await handler(request('/')), passed);
    a.sns.published('arn:aws:sns:us-east-1:123456789012:t', 10, {} as Publication);
    assert.match(await scrape(a), /switchyard_sns_number_of_messages_published_total\{account_id="123456789012",region="us-east-1",topic_name="t"\} 1/);
    assert.doesNotMatch(await scrape(b), /topic_name="t"/);
  });
});
