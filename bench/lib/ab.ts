import { Agent } from 'node:http';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { CreateTopicCommand, GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { cpuMs } from './proc.js';
import { percentile } from './payload.js';
import type { BenchServer } from './switchyard-server.js';

/**
 * The A/B method of bench/floor-ab.ts and bench/auth-ab.ts: two servers run at once and batches of
 * trivial requests alternate between them (A B, then B A: neither always goes first), so both see
 * the same slow and fast spells of a host whose speed drifts. What is measured per batch is the
 * server's CPU (utime + stime, all threads) per request.
 */
export interface AbSide {
  readonly name: 'A' | 'B';
  readonly pid: number;
  readonly stop: () => Promise<void>;
  /** Operation name → one request of it. */
  readonly call: Readonly<Record<string, () => Promise<unknown>>>;
}

/** Server CPU µs per request over one batch of `size`, 4 requests in flight. */
export async function cpuPerRequest(s: AbSide, op: string, size: number): Promise<number> {
  const call = s.call[op]!;
  const before = cpuMs(s.pid)!;
  let left = size;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) await call();
    }),
  );
  return ((cpuMs(s.pid)! - before) * 1000) / size;
}

/** One warm-up batch each, then `rounds` rounds of one batch each, alternating who goes first: µs per request, by round. */
export async function interleavedRounds(a: AbSide, b: AbSide, op: string, rounds: number, size: number): Promise<{ A: number[]; B: number[] }> {
  for (const s of [a, b]) await cpuPerRequest(s, op, size);
  const us = { A: [] as number[], B: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const s of r % 2 === 0 ? [a, b] : [b, a]) us[s.name].push(await cpuPerRequest(s, op, size));
  }
  return us;
}

/** One line of an A/B report: medians of `us` per request, and of the per-round B − A differences and B/A ratios. */
export function abLine(op: string, us: { A: number[]; B: number[] }, rounds: number, size: number): string {
  const diffs = us.B.map((x, r) => x - us.A[r]!);
  const ratios = us.B.map((x, r) => x / us.A[r]!);
  const med = (xs: number[]) => percentile(xs, 50);
  return (
    `${op}: A ${med(us.A).toFixed(0)} µs, B ${med(us.B).toFixed(0)} µs server CPU per request (medians of ${rounds} batches of ${size}); ` +
    `B − A median ${med(diffs).toFixed(1)} µs (quartiles ${percentile(diffs, 25).toFixed(1)} … ${percentile(diffs, 75).toFixed(1)}), B/A ${med(ratios).toFixed(3)}`
  );
}

/** What a floor side made: its clients and the `floor` queue, topic and stream, for more calls. */
export interface Floor {
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly kinesis: KinesisClient;
  readonly queueUrl: string;
  readonly topicArn: string;
}

/**
 * The side the A/B benches share: SQS, SNS and Kinesis clients on `server` (keep-alive, signing
 * with `credentials`), a queue, a topic and a stream named `floor`, and one trivial request of each
 * service (`sqs` GetQueueUrl, `sns` GetTopicAttributes, `kinesis` DescribeStreamSummary); `more`
 * adds calls made with the same clients. stop() closes the clients and the server.
 */
export async function floorSide(
  name: 'A' | 'B',
  server: BenchServer,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  more: (f: Floor) => Record<string, () => Promise<unknown>> = () => ({}),
): Promise<AbSide> {
  const common = { endpoint: server.url, region: 'us-east-1', credentials, requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true }) }) };
  const sqs = new SQSClient(common);
  const sns = new SNSClient(common);
  const kinesis = new KinesisClient(common);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'floor', Attributes: { VisibilityTimeout: '30' } }));
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'floor' }))).TopicArn!;
  await kinesis.send(new CreateStreamCommand({ StreamName: 'floor', ShardCount: 1 }));
  return {
    name,
    pid: server.pid,
    stop: async () => {
      for (const c of [sqs, sns, kinesis]) c.destroy();
      await server.stop();
    },
    call: {
      sqs: () => sqs.send(new GetQueueUrlCommand({ QueueName: 'floor' })),
      sns: () => sns.send(new GetTopicAttributesCommand({ TopicArn })),
      kinesis: () => kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'floor' })),
      ...more({ sqs, sns, kinesis, queueUrl: QueueUrl!, topicArn: TopicArn }),
    },
  };
}
