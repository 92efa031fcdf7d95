/**
 * Kinesis triggers on several nodes: two servers over one PostgreSQL schema, both started with the
 * same resource file. Each shard's lease (storage/trigger-checkpoints.ts) lets one node at a time
 * work it, so every record is invoked once and each shard's records in order; when a node stops,
 * it gives its leases up and the other carries on from the stored checkpoints.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { buildConfig } from '../../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../../src/runtime/server.js';
import { startFakeLambda, type FakeLambda } from '../../helpers/lambda-invoke-server.js';
import { datas, putUntilActive, until, wait } from '../../helpers/kinesis-triggers.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';

const client = (url: string) => new KinesisClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
/** A hash key inside shard `i` of 4 evenly split shards. */
const inShard = (i: number) => ((2n ** 128n / 4n) * BigInt(i) + 7n).toString();

describe('Kinesis triggers on two nodes [postgres]', { skip: E2E_ENGINES.includes('postgres') ? false : 'PostgreSQL is not among SWITCHYARD_E2E_ENGINES (several nodes need it)' }, () => {
  const schema = uniqueSchema('sy_ktrigger_nodes');
  let dir: string;
  let lambda: FakeLambda;
  let nodes: RunningServer[] = [];
  let clients: KinesisClient[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-ktrigger-nodes-'));
    const file = join(dir, 'resources.json');
    writeFileSync(file, JSON.stringify({ streams: [{ name: 'shared', shards: 4, triggers: [{ function: 'shared-fn', startingPosition: 'TRIM_HORIZON', batchSize: 5 }] }] }));
    lambda = await startFakeLambda();
    const config = () => buildConfig({ port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent', resources: file, lambdaEndpoint: lambda.url, kinesisCreateDelayMs: '0' });
    nodes = [await startServer(config()), await startServer(config())];
    clients = nodes.map((n) => client(n.url));
  });

  after(async () => {
    for (const c of clients) c.destroy();
    for (const n of nodes) await n.close();
    await lambda.close();
    await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  const perShard = () => {
    const by = new Map<string, string[]>();
    for (const c of lambda.of('shared-fn')) {
      for (const r of c.event.Records as { eventID: string; kinesis: { data: string } }[]) {
        const shard = r.eventID.split(':')[0]!;
        by.set(shard, [...(by.get(shard) ?? []), Buffer.from(r.kinesis.data, 'base64').toString()]);
      }
    }
    return by;
  };

  it('with both nodes running, every record is invoked once and each shard in order; a stopped node leaves its shards to the other', async () => {
    for (let n = 0; n < 40; n++) await putUntilActive(clients[n % 2]!, 'shared', `${n % 4}:${Math.floor(n / 4)}`, inShard(n % 4));
    await until('40 records', () => datas(lambda.of('shared-fn')).length >= 40, 20_000);
    await wait(500); // anything invoked twice would show now
    const expected = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => k + from);
    for (let s = 0; s < 4; s++) assert.deepEqual(perShard().get(`shardId-00000000000${s}`), expected(0, 10).map((k) => `${s}:${k}`), `shard ${s}: once each, in order`);

    await nodes[0]!.close();
    clients[0]!.destroy();
    nodes = nodes.slice(1);
    clients = clients.slice(1);
    for (let n = 40; n < 60; n++) await putUntilActive(clients[0]!, 'shared', `${n % 4}:${Math.floor(n / 4)}`, inShard(n % 4));
    await until('60 records', () => datas(lambda.of('shared-fn')).length >= 60, 20_000);
    await wait(500);
    for (let s = 0; s < 4; s++) assert.deepEqual(perShard().get(`shardId-00000000000${s}`), expected(0, 15).map((k) => `${s}:${k}`), `shard ${s} after the stop`);
  });
});
