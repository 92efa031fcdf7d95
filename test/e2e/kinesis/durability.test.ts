// The durability promise for Kinesis (ARCHITECTURE §3): a PutRecord(s) answered with success is on
// disk. The real CLI runs as a child process under concurrent PutRecords / PutRecord load, is
// SIGKILLed at a random moment and restarted on the same data; then every acknowledged record must
// be read back from TRIM_HORIZON with the same shard and sequence number, nothing twice, sequence
// numbers still increasing per shard, and new records must get higher numbers than any before.
// The kill/restart cycle is test/helpers/kill-cycle.ts.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { E2E_ENGINES } from '../../helpers/server.js';
import { killRestartFixture, noRetryClientConfig, type StopFlag } from '../../helpers/kill-cycle.js';
import { waitUntilActive } from '../../helpers/kinesis.js';

const SHARDS = 4;
const client = (url: string) => new KinesisClient(noRetryClientConfig(url));

interface Acked {
  readonly shardId: string;
  readonly seq: string;
}

/** Producers write until `stop`; every acknowledged record's data → where it went. */
function startLoad(kinesis: KinesisClient, stream: string, tag: string, acked: Map<string, Acked>, stop: StopFlag): Promise<unknown> {
  let n = 0;
  const batch = async () => {
    while (!stop.now) {
      const data = Array.from({ length: 50 }, () => `${tag}-${++n}-${randomBytes(2).toString('hex')}`);
      try {
        const out = await kinesis.send(
          new PutRecordsCommand({ StreamName: stream, Records: data.map((d) => ({ PartitionKey: d, Data: Buffer.from(d) })) }),
        );
        out.Records!.forEach((r, i) => acked.set(data[i]!, { shardId: r.ShardId!, seq: r.SequenceNumber! }));
      } catch {
        return;
      }
    }
  };
  const single = async () => {
    while (!stop.now) {
      const d = `${tag}-${++n}-single`;
      try {
        const r = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: d, Data: Buffer.from(d) }));
        acked.set(d, { shardId: r.ShardId!, seq: r.SequenceNumber! });
      } catch {
        return;
      }
    }
  };
  return Promise.all([batch(), batch(), batch(), single(), single()]);
}

/** Every record of every shard, from TRIM_HORIZON. */
async function readAll(kinesis: KinesisClient, stream: string): Promise<Map<string, { shardId: string; seq: string }[]>> {
  const out = new Map<string, { shardId: string; seq: string }[]>();
  for (let s = 0; s < SHARDS; s++) {
    const shardId = `shardId-${String(s).padStart(12, '0')}`;
    let it = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    let last = -1n;
    for (;;) {
      const r = await kinesis.send(new GetRecordsCommand({ ShardIterator: it }));
      for (const rec of r.Records!) {
        const seq = BigInt(rec.SequenceNumber!);
        assert.ok(seq > last, `${shardId}: sequence numbers went back`);
        last = seq;
        const data = Buffer.from(rec.Data!).toString();
        out.set(data, [...(out.get(data) ?? []), { shardId, seq: rec.SequenceNumber! }]);
      }
      if (r.Records!.length === 0) break;
      it = r.NextShardIterator;
    }
  }
  return out;
}

for (const engine of E2E_ENGINES) {
  describe(`Kinesis durability under kill -9 [${engine}]`, () => {
    const fx = killRestartFixture(engine, {
      schemaPrefix: 'sy_kdur',
      dirPrefix: 'switchyard-kinesis-durability-',
      extraArgs: ['--kinesis-create-delay-ms', '0'],
      client,
    });

    for (let cycle = 1; cycle <= 2; cycle++) {
      it(`cycle ${cycle}: every acknowledged record is there after restart, with the same shard and sequence number`, async (t: TestContext) => {
        const tag = `c${cycle}${randomBytes(2).toString('hex')}`;
        const stream = `durable-${tag}`;
        let kinesis = fx.client();
        await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: SHARDS }));
        await waitUntilActive(kinesis, stream);

        const acked = new Map<string, Acked>();
        const producer = kinesis;
        await fx.killDuring((stop) => startLoad(producer, stream, tag, acked, stop), 300 + Math.random() * 900, () => acked.size > 0);

        kinesis = fx.client();
        const found = await readAll(kinesis, stream);
        const lost = [...acked].filter(([d, a]) => {
          const f = found.get(d);
          return !f || f.length !== 1 || f[0]!.shardId !== a.shardId || f[0]!.seq !== a.seq;
        });
        const duplicates = [...found].filter(([, f]) => f.length > 1).length;
        const foreign = [...found.keys()].filter((d) => !d.startsWith(tag)).length;
        t.diagnostic(`${engine} cycle ${cycle}: ${acked.size} records acknowledged before the kill, ${found.size} found after restart`);
        assert.ok(acked.size > 0, 'the load acknowledged some records before the kill');
        assert.deepEqual(lost.slice(0, 5), [], `${lost.length} acknowledged records are missing or moved`);
        assert.equal(duplicates, 0);
        assert.equal(foreign, 0);

        // new records continue above every number handed out before the kill
        const top = new Map<string, bigint>();
        for (const a of acked.values()) top.set(a.shardId, (top.get(a.shardId) ?? 0n) > BigInt(a.seq) ? top.get(a.shardId)! : BigInt(a.seq));
        for (const [shardId, max] of top) {
          const index = BigInt(shardId.slice(-12));
          const quarter = (1n << 128n) / BigInt(SHARDS);
          const r = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'after', ExplicitHashKey: String(index * quarter), Data: Buffer.from('after') }));
          assert.equal(r.ShardId, shardId);
          assert.ok(BigInt(r.SequenceNumber!) > max, `${shardId}: a number from before the kill was handed out again`);
        }
      });
    }
  });
}
