/**
 * Two nodes over one PostgreSQL database: each node's counters count what it served, the SQS
 * state gauges are the database's and read the same on both (README "Metrics": sum counters, never
 * gauges). PostgreSQL only: one SQLite file serves one process.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildConfig } from '../../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../../src/runtime/server.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';
import { sqsClient } from '../../helpers/sns.js';
import { scrape, value } from './scrape.js';

describe('metrics on two nodes [postgres]', { skip: !E2E_ENGINES.includes('postgres') && 'PostgreSQL e2e runs are switched off (SWITCHYARD_E2E_ENGINES)' }, () => {
  const schema = uniqueSchema('sy_metrics');
  let nodes: RunningServer[] = [];
  before(async () => {
    const config = () => buildConfig({ port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent' });
    nodes = [await startServer(config())];
    nodes.push(await startServer(config()));
  });
  after(async () => {
    for (const n of nodes) await n.close();
    await dropSchema(schema);
  });

  it('counts per node and reports the same queue state on every node', async () => {
    const [a, b] = nodes.map((n) => sqsClient(n.url));
    try {
      const { QueueUrl } = await a!.send(new CreateQueueCommand({ QueueName: 'shared' }));
      for (let i = 0; i < 3; i++) await a!.send(new SendMessageCommand({ QueueUrl, MessageBody: `a${i}` }));
      await b!.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b' }));
      const got = await b!.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2, VisibilityTimeout: 300 }));
      assert.equal(got.Messages?.length, 2);

      const [onA, onB] = await Promise.all(nodes.map((n) => scrape(n.url)));
      const q = { account_id: '000000000000', queue_name: 'shared' };
      assert.equal(value(onA!, 'switchyard_sqs_number_of_messages_sent_total', q), 3);
      assert.equal(value(onB!, 'switchyard_sqs_number_of_messages_sent_total', q), 1);
      assert.equal(value(onA!, 'switchyard_sqs_number_of_messages_received_total', q), 0); // A served no receive
      assert.equal(value(onB!, 'switchyard_sqs_number_of_messages_received_total', q), 2);
      for (const samples of [onA!, onB!]) {
        assert.equal(value(samples, 'switchyard_sqs_approximate_number_of_messages_visible', q), 2);
        assert.equal(value(samples, 'switchyard_sqs_approximate_number_of_messages_not_visible', q), 2);
      }
    } finally {
      a!.destroy();
      b!.destroy();
    }
  });
});
