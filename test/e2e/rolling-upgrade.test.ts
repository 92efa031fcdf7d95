/**
 * A rolling upgrade on PostgreSQL with real server processes (README "Upgrading"). The processes
 * run this build; the newer Switchyard is simulated the way its start would migrate: this build's
 * migrations plus one more, applied to the shared schema, with the rule it declares for older
 * nodes. A compatible one: nodes already running keep serving, a node starting on it serves
 * without migrating. An incompatible one is refused while nodes of this build are seen running,
 * naming them; applied anyway (a node the newer one could not see), the running node stops
 * (exit 1, naming the migration) within the check interval, and a new process of this build
 * refuses to start.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import pg from 'pg';
import { migrate } from '../../src/storage/postgres/migrate.js';
import { migrations } from '../../src/storage/postgres/migrations/index.js';
import { SCHEMA_CHECK_MS } from '../../src/storage/postgres/schema-watch.js';
import { spawnServer, type SpawnedServer } from '../helpers/process.js';
import { E2E_ENGINES } from '../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../helpers/postgres.js';
import { sqsClient } from '../helpers/sns.js';

const COMPATIBLE = { version: 999, name: '0999-new-table', sql: 'CREATE TABLE newer_feature (x integer)', olderNodes: 'compatible' } as const;
const INCOMPATIBLE = { version: 1000, name: '1000-drop-a-column', sql: 'ALTER TABLE sqs_queues DROP COLUMN last_purge_at', olderNodes: 'incompatible' } as const;

async function until(what: string, test: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('rolling upgrade on PostgreSQL, real processes', { skip: !E2E_ENGINES.includes('postgres') && 'PostgreSQL e2e runs are switched off (SWITCHYARD_E2E_ENGINES)' }, () => {
  const schema = uniqueSchema('sy_rolling_e2e');
  const newer = new pg.Pool({ connectionString: postgresTestUrl(), max: 1 });
  const nodes: SpawnedServer[] = [];
  after(async () => {
    for (const n of nodes) await n.stop();
    await newer.end();
    await dropSchema(schema);
  });
  const start = async () => {
    const node = await spawnServer({ databaseUrl: postgresTestUrl(), databaseSchema: schema });
    nodes.push(node);
    return node;
  };

  it('nodes keep serving through a compatible migration; an incompatible one waits for them, and stops one it could not see', { timeout: 90_000 }, async () => {
    const known = Math.max(...migrations.map((m) => m.version));
    const a = await start();
    const sqsA = sqsClient(a.url);
    const { QueueUrl } = await sqsA.send(new CreateQueueCommand({ QueueName: 'rolling' }));
    await sqsA.send(new SendMessageCommand({ QueueUrl, MessageBody: 'before the upgrade' }));

    // The newer node's start migrates the store while a runs.
    await migrate(newer, schema, [...migrations, COMPATIBLE]);
    const b = await start();
    assert.match(b.stderr(), new RegExp(`"level":"warn","message":"PostgreSQL schema \\\\"${schema}\\\\" is at migration 999, newer than this Switchyard knows \\(${known}\\);`));
    await until('a to notice the newer store', () => a.stderr().includes('is at migration 999'), SCHEMA_CHECK_MS * 3);
    const sqsB = sqsClient(b.url);
    const got = await sqsB.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 }));
    assert.equal(got.Messages?.[0]?.Body, 'before the upgrade');
    await sqsA.send(new SendMessageCommand({ QueueUrl, MessageBody: 'sent to a after the migration' }));
    const got2 = await sqsB.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 }));
    assert.equal(got2.Messages?.[0]?.Body, 'sent to a after the migration');
    sqsA.destroy();
    sqsB.destroy();

    // A newer node with an incompatible migration: refused while older nodes run, naming them.
    const withIncompatible = [...migrations, COMPATIBLE, INCOMPATIBLE];
    const refusal = await migrate(newer, schema, withIncompatible).then(() => assert.fail('migrated under running older nodes'), (e: Error) => e.message);
    assert.match(refusal, /^migration 1000 \(1000-drop-a-column\) is incompatible with older nodes, and 2 nodes running older code are using this schema \(.*\): stop them, then start this node again/);
    for (const node of [a, b]) assert.match(refusal, new RegExp(`pid ${node.child.pid} #\\w+, knows up to ${known}, seen \\d+ s ago`));
    assert.deepEqual(await b.kill('SIGTERM'), { code: 0, signal: null }, b.stderr());
    await assert.rejects(migrate(newer, schema, withIncompatible), /and 1 node running older code is using this schema/);

    // Applied anyway, as by a node that could not see a (cut off from the database meanwhile): a stops.
    await newer.query(`BEGIN; SET LOCAL search_path TO "${schema}"; ${INCOMPATIBLE.sql}; INSERT INTO schema_migrations (version, name, older_nodes) VALUES (1000, '${INCOMPATIBLE.name}', 'incompatible'); COMMIT`);
    const exit = await Promise.race([a.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`a did not stop${a.stderr()}`)), SCHEMA_CHECK_MS * 4))]);
    assert.deepEqual(exit, { code: 1, signal: null }, a.stderr());
    assert.match(a.stderr(), /"level":"error","message":"a newer Switchyard migrated the store while this node ran: .* migration 1000 \(1000-drop-a-column\) is marked incompatible with older nodes: .*; this node stops using the database"/);
    assert.match(a.stderr(), /switchyard: stopped: a newer Switchyard migrated the store while this node ran/);

    await assert.rejects(start(), /the server exited \(code 1[^]*is at migration 1000, newer than this Switchyard knows .* migration 1000 \(1000-drop-a-column\) is marked incompatible/);
  });
});
