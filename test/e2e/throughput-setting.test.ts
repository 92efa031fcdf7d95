import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { ManualClock } from '../../src/runtime/clock.js';
import { buildConfig, ConfigError, configFromEnv } from '../../src/runtime/config.js';
import { E2E_ENGINES, startTestServer, type TestServer } from '../helpers/server.js';

/** `--throughput-limits` / SWITCHYARD_THROUGHPUT_LIMITS: one switch for AWS's rate quotas in all three services. */
describe('the throughput-limits setting', () => {
  it('is off by default, read from the flag, the environment or an embedder\'s boolean; anything else is a ConfigError', () => {
    assert.equal(buildConfig({}).throughputLimits, false);
    assert.equal(buildConfig({ throughputLimits: true }).throughputLimits, true);
    assert.equal(configFromEnv({ SWITCHYARD_THROUGHPUT_LIMITS: 'on' }).throughputLimits, true);
    assert.equal(configFromEnv({ SWITCHYARD_THROUGHPUT_LIMITS: 'false' }).throughputLimits, false);
    assert.throws(() => buildConfig({ throughputLimits: 'sometimes' }), (e) => e instanceof ConfigError && /throughput-limits/.test(e.message));
    // The Kinesis-only switch stays as it was.
    assert.equal(buildConfig({ throughputLimits: 'true' }).kinesisThroughputLimits, false);
  });
});

for (const engine of E2E_ENGINES) {
  describe(`--throughput-limits turns on the Kinesis mode too [${engine}]`, () => {
    let server: TestServer;
    let kinesis: KinesisClient;
    before(async () => {
      server = await startTestServer(engine, { clock: new ManualClock(Date.now()) }, { throughputLimits: 'true' });
      kinesis = new KinesisClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    });
    after(async () => {
      kinesis.destroy();
      await server.close();
    });

    it('ListStreams: five a second per account, the sixth refused (LimitExceededException)', async () => {
      for (let i = 0; i < 5; i++) await kinesis.send(new ListStreamsCommand({}));
      await assert.rejects(kinesis.send(new ListStreamsCommand({})), (e: any) => e.name === 'LimitExceededException' && e.message === 'Rate exceeded for account 000000000000.');
    });
  });
}
