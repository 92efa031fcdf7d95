/**
 * DeliveryPolicy throttlePolicy.maxReceivesPerSecond (AWS: the maximum number of deliveries per
 * second, per subscription) holds for the subscription, not per node: on PostgreSQL two nodes over
 * one schema, with messages published through both (each node's dispatcher claims some), deliver
 * at most 2 a second to an endpoint throttled at 2; on SQLite one node does. Every message arrives
 * once, and waiting for a slot is no attempt: with numRetries 0, each delivery is made on attempt 1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { buildConfig } from '../../../src/runtime/config.js';
import { startServer, type RunningServer } from '../../../src/runtime/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';
import { E2E_ENGINES, startTestServer } from '../../helpers/server.js';
import { snsClient } from '../../helpers/sns.js';
import { startSubscriber, type Subscriber } from '../../helpers/sns-http.js';

const RATE = 2;
const MESSAGES = 10;
/** POST latency jitter allowed between a slot's start and the endpoint's clock reading. */
const SLACK_MS = 150;

for (const engine of E2E_ENGINES) {
  const nodes = engine === 'postgres' ? 2 : 1;
  describe(`SNS HTTP throttlePolicy across ${nodes} node(s) [${engine}]`, () => {
    const schema = uniqueSchema('sy_snsthr');
    let servers: RunningServer[] = [];
    let hook: Subscriber;
    let close: () => Promise<void>;

    before(async () => {
      hook = await startSubscriber();
      if (engine === 'postgres') {
        const config = () => buildConfig({ port: '0', databaseUrl: postgresTestUrl(), databaseSchema: schema, logLevel: 'silent' });
        servers = [await startServer(config()), await startServer(config())];
        close = async () => {
          for (const s of servers) await s.close();
          await dropSchema(schema);
        };
      } else {
        const s = await startTestServer(engine);
        servers = [s];
        close = () => s.close();
      }
    });
    after(async () => {
      await close?.();
      await hook?.close();
    });

    it(`an endpoint at maxReceivesPerSecond ${RATE} gets at most ${RATE} deliveries in any second, all of them, none counted as a failed attempt`, async () => {
      const clients = servers.map((s) => snsClient(s.url));
      try {
        const TopicArn = (await clients[0]!.send(new CreateTopicCommand({ Name: 'throttled' }))).TopicArn!;
        const DeliveryPolicy = JSON.stringify({ healthyRetryPolicy: { numRetries: 0 }, throttlePolicy: { maxReceivesPerSecond: RATE } });
        await clients[clients.length - 1]!.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `${hook.url}/t`, Attributes: { DeliveryPolicy } }));
        const [confirmation] = await hook.waitFor('/t', 1);
        assert.equal((await fetch(confirmation!.json.SubscribeURL)).status, 200);
        await new Promise((r) => setTimeout(r, 600)); // the confirmation's slot is behind us

        const published = await Promise.all(
          Array.from({ length: MESSAGES }, async (_, i) => (await clients[i % clients.length]!.send(new PublishCommand({ TopicArn, Message: `m${i}` }))).MessageId!),
        );
        const posts = (await hook.waitFor('/t', MESSAGES + 1, 30_000)).slice(1);
        await new Promise((r) => setTimeout(r, 700)); // a duplicate would show up here
        const notifications = hook.to('/t').slice(1);
        assert.deepEqual(notifications.map((p) => p.json.MessageId).sort(), [...published].sort(), 'every message once');

        const at = posts.map((p) => p.at).sort((x, y) => x - y);
        for (let i = 0; i + RATE < at.length; i++) {
          const span = at[i + RATE]! - at[i]!;
          assert.ok(span >= 1000 - SLACK_MS, `deliveries ${i + 1}-${i + RATE + 1} arrived within ${span} ms: more than ${RATE} in one second`);
        }
        assert.ok(at.at(-1)! - at[0]! >= ((MESSAGES - 1) * 1000) / RATE - SLACK_MS, 'paced over the whole run');

        for (const id of published) {
          const [d] = await servers[0]!.engine.sns.deliveriesOf(id);
          assert.equal(d?.state, 'delivered');
          assert.equal(d?.attempts, 1, 'waits for a slot are no attempts (numRetries 0 would have failed it)');
        }
      } finally {
        for (const c of clients) c.destroy();
      }
    });
  });
}
