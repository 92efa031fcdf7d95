/**
 * Diagnostic for Kinesis' read path alone, with less noise than bench/kinesis.ts: one Switchyard
 * (SQLite), a 4-shard stream filled with --records × 1 KiB (PutRecords through the SDK, not
 * measured), then --passes reads of every shard from TRIM_HORIZON (GetRecords, Limit 10000) by a
 * raw HTTP/1.1 client that does not parse the records (a few µs of client CPU per call, so the
 * cores go to the server). Prints the server's CPU per record read for each pass and the median.
 *
 *   npm run build && node --import tsx bench/kinesis-out.ts [--records 100000] [--passes 5] [--cpu-prof <dir>] (SERVER_NODE_ARGS='<node flags>' for the server)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { CreateStreamCommand, DescribeStreamCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { cpuMs } from './lib/proc.js';
import { intFlag, parseFlags, sleep } from './lib/payload.js';
import { kinesisRequest, RawConnection } from './lib/raw-http.js';
import { startSwitchyard } from './lib/switchyard-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const flags = parseFlags(process.argv.slice(2));
const N = intFlag(flags, 'records', 100_000);
const PASSES = intFlag(flags, 'passes', 5);
const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-kinesis-out-'));
const srv = await startSwitchyard({ dataDir, cpuProfDir: flags.get('cpu-prof'), nodeArgs: (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), env: { SWITCHYARD_KINESIS_CREATE_DELAY_MS: '0' } });
const kinesis = new KinesisClient({
  endpoint: srv.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true }) }),
});
try {
  const StreamName = 'out';
  await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 4 }));
  let shards: string[] = [];
  for (let i = 0; i < 100 && shards.length === 0; i++) {
    const d = await kinesis.send(new DescribeStreamCommand({ StreamName }));
    if (d.StreamDescription?.StreamStatus === 'ACTIVE') shards = d.StreamDescription.Shards!.map((s) => s.ShardId!);
    else await sleep(100);
  }
  const data = new Uint8Array(1024).fill(97);
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < N) {
      const first = next;
      next += 500;
      await kinesis.send(new PutRecordsCommand({ StreamName, Records: Array.from({ length: 500 }, (_, k) => ({ PartitionKey: `pk-${first + k}`, Data: data })) }));
    }
  }));
  const port = Number(new URL(srv.url).port);
  const host = `127.0.0.1:${port}`;
  const results: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    const before = cpuMs(srv.pid)!;
    let records = 0;
    await Promise.all(shards.map(async (ShardId) => {
      const c = new RawConnection(port);
      let r = await c.request(kinesisRequest(host, 'GetShardIterator', JSON.stringify({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' })));
      let it = (JSON.parse(r.body.toString()) as { ShardIterator: string }).ShardIterator;
      for (;;) {
        r = await c.request(kinesisRequest(host, 'GetRecords', JSON.stringify({ ShardIterator: it, Limit: 10_000 })));
        if (r.status !== 200) throw new Error(`GetRecords: ${r.status} ${r.body.toString().slice(0, 200)}`);
        const text = r.body.toString('latin1');
        const n = text.split('"SequenceNumber"').length - 1;
        records += n;
        if (n === 0) break;
        it = /"NextShardIterator":"([^"]+)"/.exec(text)![1]!;
      }
      c.close();
    }));
    const us = ((cpuMs(srv.pid)! - before) * 1000) / records;
    results.push(us);
    console.log(`pass ${pass + 1}: ${records} records, ${us.toFixed(1)} µs server CPU per record`);
  }
  console.log(`median ${results.sort((a, b) => a - b)[results.length >> 1]!.toFixed(1)} µs per record`);
} finally {
  kinesis.destroy();
  await srv.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
