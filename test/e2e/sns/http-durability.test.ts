// HTTP/S deliveries keep the durability promise: messages acknowledged while the endpoint is not
// answering (every POST held open) are delivered after the server is SIGKILLed and restarted on
// the same data. The real CLI runs as a child process. At least once: duplicates allowed, losses not.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { spawnServer, type SpawnedServer, type SpawnServerOptions } from '../../helpers/process.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { dropSchema, postgresTestUrl, uniqueSchema } from '../../helpers/postgres.js';
import { snsClient } from '../../helpers/sns.js';

const MESSAGES = 20;

for (const engine of E2E_ENGINES) {
  describe(`SNS HTTP durability: kill -9 with deliveries in flight [${engine}]`, () => {
    let options: SpawnServerOptions;
    let server: SpawnedServer | undefined;
    let dataDir: string | undefined;
    let schema: string | undefined;
    let endpoint: http.Server;
    let url = '';
    let holding = true;
    const held: http.ServerResponse[] = [];
    const bodies: any[] = [];

    before(async () => {
      if (engine === 'postgres') {
        schema = uniqueSchema('sy_sns_http_dur');
        options = { databaseUrl: postgresTestUrl(), databaseSchema: schema };
      } else {
        dataDir = mkdtempSync(join(tmpdir(), 'switchyard-sns-http-durability-'));
        options = { dataDir };
      }
      endpoint = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c)).on('end', () => {
          const json = JSON.parse(body);
          if (json.Type !== 'Notification' || !holding) {
            bodies.push(json);
            res.writeHead(200).end();
          } else held.push(res); // no answer: the delivery stays in flight
        });
      });
      await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hook`;
    });

    after(async () => {
      await server?.stop();
      for (const r of held) r.destroy();
      endpoint.closeAllConnections();
      await new Promise((r) => endpoint.close(r));
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
    });

    it('every acknowledged message reaches the endpoint after the restart', async (t: TestContext) => {
      server = await spawnServer(options);
      let sns = snsClient(server.url);
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'durable-http' }))).TopicArn!;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: url }));
      const deadline = Date.now() + 10_000;
      while (!bodies.some((b) => b.Type === 'SubscriptionConfirmation')) {
        assert.ok(Date.now() < deadline, 'no SubscriptionConfirmation');
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal((await fetch(bodies.find((b) => b.Type === 'SubscriptionConfirmation').SubscribeURL)).status, 200);

      const acknowledged = new Set<string>();
      await Promise.all(
        Array.from({ length: MESSAGES }, async (_, i) => {
          await sns.send(new PublishCommand({ TopicArn, Message: `m${i}` }));
          acknowledged.add(`m${i}`);
        }),
      );
      await new Promise((r) => setTimeout(r, 200)); // some POSTs reach the endpoint and hang there
      const inFlightAtKill = held.length;
      assert.equal((await server.kill('SIGKILL')).signal, 'SIGKILL');
      sns.destroy();
      for (const r of held.splice(0)) r.destroy();
      holding = false;

      server = await spawnServer(options);
      sns = snsClient(server.url);
      const until = Date.now() + 40_000; // PostgreSQL: claims of the dead process run out after their 15 s lease
      const seen = () => new Set(bodies.filter((b) => b.Type === 'Notification').map((b) => b.Message as string));
      while (seen().size < acknowledged.size && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const missing = [...acknowledged].filter((m) => !seen().has(m));
      assert.deepEqual(missing, [], `${missing.length} acknowledged messages never reached the endpoint`);
      sns.destroy();
      t.diagnostic(`${engine}: ${acknowledged.size} messages delivered after the restart; ${inFlightAtKill} POSTs in flight at the kill`);
    });
  });
}
