// The SDK compatibility matrix as a test: every SDK this machine has runs the same scenario
// (test/compat/clients/) against one server, and every check it reports must pass. An SDK that
// is not installed is skipped, saying so (.ci/run installs the Debian ones). The server checks
// SigV4 (--credentials), so each SDK's signing is checked too. The wire protocol is
// engine-independent, so this runs on SQLite only; COMPATIBILITY.md is this run, as a table.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_ORDER, protocolName, runClient, startCompatServer, type CompatServer } from './clients.js';

// Two at a time, in RUN_ORDER (clients.ts).
describe('SDK compatibility matrix', { concurrency: 2 }, () => {
  let server: CompatServer;
  before(async () => {
    server = await startCompatServer();
  });
  after(async () => server.close());

  for (const client of RUN_ORDER) {
    it(client.id, async (t) => {
      const missing = await client.unavailable();
      if (missing) return t.skip(missing);
      const report = await runClient(client, server);
      t.diagnostic(`${report.sdk} ${report.version}: ${report.ms} ms${report.buildMs !== undefined ? ` after a ${report.buildMs} ms build` : ''}`);

      assert.deepEqual(
        report.checks.map((c) => c.check),
        client.checks,
        'the program ran every check, in order',
      );
      const failed = report.checks.filter((c) => !c.ok && !c.unsupported);
      assert.deepEqual(failed, [], `${report.sdk} ${report.version}`);
      assert.deepEqual(
        report.checks.filter((c) => c.unsupported).map((c) => c.check),
        client.unsupported ?? [],
        'only the checks the SDK is known not to express are unsupported',
      );
      for (const [service, protocol] of Object.entries(client.wire ?? {})) {
        assert.equal(protocolName(report.wire[service], report.transport[service]), protocol, `${service} wire protocol`);
      }
      // Where the session token went (header, query string, body): recorded for every service used with it.
      for (const [check, service] of [['sts.session-identity', 'sts'], ['sts.session-sqs', 'sqs'], ['sts.session-sns', 'sns']] as const) {
        if (client.checks.includes(check) && !client.unsupported?.includes(check)) assert.ok(report.token[service], `${service}: where the session token went is recorded`);
      }
    });
  }
});
