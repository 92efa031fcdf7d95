// Lambda invocations keep the durability promise: messages acknowledged while the Lambda server is
// not answering (every Invoke call held open) are invoked after the server is SIGKILLed and
// restarted on the same data. The real CLI runs as a child process with --sns-lambda-endpoint.
// At least once: duplicates allowed, losses not.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { spawnServer } from '../../helpers/process.js';
import { processStore } from '../../helpers/process-store.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { snsClient } from '../../helpers/sns.js';
import { startFakeLambda, type FakeLambda } from '../../helpers/lambda-invoke-server.js';
import { until } from '../../helpers/until.js';

const MESSAGES = 20;
const FUNCTION = 'durable-consumer';

for (const engine of E2E_ENGINES) {
  describe(`SNS lambda durability: kill -9 with invocations in flight [${engine}]`, () => {
    let lambda: FakeLambda;
    before(async () => {
      lambda = await startFakeLambda();
    });
    const store = processStore(engine, 'sy_sns_fn_dur', () => ['--sns-lambda-endpoint', lambda.url]);
    // After the store's hook (hooks run in the order registered): the server stops first.
    after(async () => {
      await lambda.close();
    });

    it('every acknowledged message is invoked after the restart', async (t: TestContext) => {
      let server = (store.server = await spawnServer(store.options));
      let sns = snsClient(server.url);
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'durable-fn' }))).TopicArn!;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}` }));

      lambda.respond(FUNCTION, () => 'hold'); // calls reach the Lambda server and hang there
      const acknowledged = new Set<string>();
      await Promise.all(
        Array.from({ length: MESSAGES }, async (_, i) => {
          await sns.send(new PublishCommand({ TopicArn, Message: `m${i}` }));
          acknowledged.add(`m${i}`);
        }),
      );
      // The deliveries reach the held endpoint soon after the publishes; a busy machine may take longer than a moment.
      await until('deliveries under way', () => lambda.held() > 0);
      const inFlightAtKill = lambda.held();
      assert.ok(inFlightAtKill > 0, 'some calls were under way at the kill');
      assert.equal((await server.kill('SIGKILL')).signal, 'SIGKILL');
      sns.destroy();
      lambda.respond(FUNCTION, undefined);
      lambda.release();

      server = store.server = await spawnServer(store.options);
      sns = snsClient(server.url);
      const deadline = Date.now() + 40_000; // PostgreSQL: claims of the dead process run out after their 15 s lease
      const seen = () => new Set(lambda.of(FUNCTION).filter((c) => c.status === 202).map((c) => c.event.Records[0].Sns.Message as string));
      while (seen().size < acknowledged.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const missing = [...acknowledged].filter((m) => !seen().has(m));
      assert.deepEqual(missing, [], `${missing.length} acknowledged messages were never invoked`);
      assert.ok(lambda.of(FUNCTION).every((c) => c.signatureValid));
      sns.destroy();
      t.diagnostic(`${engine}: ${acknowledged.size} messages invoked after the restart; ${inFlightAtKill} calls in flight at the kill`);
    });
  });
}
