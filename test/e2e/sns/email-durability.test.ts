// E-mail deliveries keep the durability promise: messages acknowledged while the SMTP server is not
// answering (every DATA held open) are sent after the server is SIGKILLed and restarted on the same
// data. The real CLI runs as a child process with --sns-smtp-url. At least once: duplicates
// allowed, losses not.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { spawnServer } from '../../helpers/process.js';
import { processStore } from '../../helpers/process-store.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { snsClient } from '../../helpers/sns.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';
import { until } from '../../helpers/until.js';

const MESSAGES = 20;
const ADDRESS = 'pager@example.com';

for (const engine of E2E_ENGINES) {
  describe(`SNS email durability: kill -9 with e-mails in flight [${engine}]`, () => {
    let sink: SmtpSink;
    before(async () => {
      sink = await startSmtpSink();
    });
    const store = processStore(engine, 'sy_sns_mail_dur', () => ['--sns-smtp-url', sink.url]);
    // After the store's hook (hooks run in the order registered): the server stops first.
    after(async () => {
      await sink.close();
    });

    it('every acknowledged message is mailed after the restart', async (t: TestContext) => {
      let server = (store.server = await spawnServer(store.options));
      let sns = snsClient(server.url);
      const TopicArn = (await sns.send(new CreateTopicCommand({ Name: 'durable-mail' }))).TopicArn!;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: ADDRESS }));
      const [confirmation] = await sink.waitFor(ADDRESS, 1);
      const link = /<a href="([^"]+)">Confirm subscription<\/a>/.exec(String(confirmation!.parsed.html))![1]!.replace(/&amp;/g, '&');
      assert.equal((await fetch(link)).status, 200);

      sink.hold(() => true); // notifications reach the SMTP server and hang there
      const acknowledged = new Set<string>();
      await Promise.all(
        Array.from({ length: MESSAGES }, async (_, i) => {
          await sns.send(new PublishCommand({ TopicArn, Message: `m${i}` }));
          acknowledged.add(`m${i}`);
        }),
      );
      // The deliveries reach the held endpoint soon after the publishes; a busy machine may take longer than a moment.
      await until('deliveries under way', () => sink.held() > 0);
      const inFlightAtKill = sink.held();
      assert.equal((await server.kill('SIGKILL')).signal, 'SIGKILL');
      sns.destroy();
      sink.hold(undefined);

      server = store.server = await spawnServer(store.options);
      sns = snsClient(server.url);
      const deadline = Date.now() + 40_000; // PostgreSQL: claims of the dead process run out after their 15 s lease
      const seen = () => new Set(sink.to(ADDRESS).slice(1).map((m) => (m.parsed.text ?? '').split('\n')[0]!));
      while (seen().size < acknowledged.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const missing = [...acknowledged].filter((m) => !seen().has(m));
      assert.deepEqual(missing, [], `${missing.length} acknowledged messages were never mailed`);
      sns.destroy();
      t.diagnostic(`${engine}: ${acknowledged.size} messages mailed after the restart; ${inFlightAtKill} e-mails in flight at the kill`);
    });
  });
}
