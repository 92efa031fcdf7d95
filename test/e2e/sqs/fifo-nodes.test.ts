/**
 * A FIFO message group released on one node wakes a long poll waiting on another (PostgreSQL's
 * DELETE_MESSAGES notifies when the group still holds a message): the waiting ReceiveMessage
 * returns the group's next message at once, not when its wait runs out. PostgreSQL only: one
 * SQLite file serves one process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { buildConfig } from '../../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../../src/runtime/server.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';
import { sqsClient } from '../../helpers/sns.js';

describe('FIFO group released on another node [postgres]', { skip: !E2E_ENGINES.includes('postgres') && 'PostgreSQL e2e runs are switched off (SWITCHYARD_E2E_ENGINES)' }, () => {
  const schema = uniqueSchema('sy_fifo_nodes');
  let nodes: RunningServer[] = [];
  let clients: SQSClient[] = [];
  before(async () => {
    const config = () => buildConfig({ port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent' });
    nodes = [await startServer(config()), await startServer(config())];
    clients = nodes.map((n) => sqsClient(n.url));
  });
  after(async () => {
    for (const c of clients) c.destroy();
    for (const n of nodes) await n.close();
    await dropSchema(schema);
  });

  it('a delete on node a hands the group to a long poll waiting on node b', async () => {
    const [a, b] = clients as [SQSClient, SQSClient];
    const { QueueUrl } = await a.send(new CreateQueueCommand({ QueueName: 'released.fifo', Attributes: { FifoQueue: 'true' } }));
    for (const body of ['first', 'second']) {
      await a.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'g', MessageDeduplicationId: body }));
    }
    const got = await a.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 300 }));
    assert.equal(got.Messages?.[0]?.Body, 'first');
    // The group is in flight: b's long poll has nothing to take and waits.
    const waiting = b.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await new Promise((r) => setTimeout(r, 500));
    const deleted = Date.now();
    await a.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: got.Messages![0]!.ReceiptHandle! }));
    const next = await waiting;
    const waited = Date.now() - deleted;
    assert.equal(next.Messages?.[0]?.Body, 'second');
    assert.ok(waited < 3_000, `the long poll answered ${waited} ms after the delete`);
  });
});
