/** Settings: the Kinesis quotas and TLS (flags over environment, checked like every other setting). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfig, ConfigError, configFromEnv } from './config.js';

describe('Kinesis quota settings', () => {
  it('unset: no shard quota (AWS default by region applies), 50 on-demand streams', () => {
    const c = buildConfig({});
    assert.equal(c.kinesisShardLimit, undefined);
    assert.equal(c.kinesisOnDemandStreamLimit, 50);
  });

  it('take whole numbers from 0 to 1,000,000 (the range DescribeLimits reports), from flags over the environment', () => {
    const env = { SWITCHYARD_KINESIS_SHARD_LIMIT: '40000', SWITCHYARD_KINESIS_ON_DEMAND_STREAM_LIMIT: '0' };
    const fromEnv = configFromEnv(env);
    assert.equal(fromEnv.kinesisShardLimit, 40_000);
    assert.equal(fromEnv.kinesisOnDemandStreamLimit, 0);
    const flagged = configFromEnv(env, { kinesisShardLimit: '1000000', kinesisOnDemandStreamLimit: '7' });
    assert.equal(flagged.kinesisShardLimit, 1_000_000);
    assert.equal(flagged.kinesisOnDemandStreamLimit, 7);
  });

  for (const bad of ['-1', '1.5', 'many', '1000001']) {
    it(`refuse ${bad}`, () => {
      assert.throws(() => buildConfig({ kinesisShardLimit: bad }), (e) => e instanceof ConfigError && e.message === `invalid Kinesis shard limit: ${bad} (0 … 1000000)`);
      assert.throws(
        () => buildConfig({ kinesisOnDemandStreamLimit: bad }),
        (e) => e instanceof ConfigError && e.message === `invalid Kinesis on-demand stream limit: ${bad} (0 … 1000000)`,
      );
    });
  }
});

describe('TLS settings', () => {
  it('both files or neither; paths are made absolute; from flags over the environment', () => {
    assert.equal(buildConfig({}).tlsCert, undefined);
    const c = configFromEnv({ SWITCHYARD_TLS_CERT: 'env-cert.pem', SWITCHYARD_TLS_KEY: 'key.pem' }, { tlsCert: 'flag-cert.pem' });
    assert.match(c.tlsCert!, /^\/.*\/flag-cert\.pem$/);
    assert.match(c.tlsKey!, /^\/.*\/key\.pem$/);
    for (const half of [{ tlsCert: 'c.pem' }, { tlsKey: 'k.pem' }]) {
      assert.throws(() => buildConfig(half), (e) => e instanceof ConfigError && e.message === 'TLS needs both --tls-cert and --tls-key');
    }
  });
});

describe('metrics setting', () => {
  it('is on by default; true/false, 1/0, on/off from the flag over the environment', () => {
    assert.equal(buildConfig({}).metrics, true);
    assert.equal(configFromEnv({ SWITCHYARD_METRICS: 'false' }).metrics, false);
    assert.equal(configFromEnv({ SWITCHYARD_METRICS: 'off' }, { metrics: 'true' }).metrics, true);
    assert.equal(buildConfig({ metrics: '0' }).metrics, false);
    assert.equal(buildConfig({ metrics: 'ON' }).metrics, true);
  });

  it('refuses anything else', () => {
    assert.throws(() => buildConfig({ metrics: 'maybe' }), (e) => e instanceof ConfigError && e.message === 'invalid metrics setting: maybe (true | false)');
  });
});

describe('console setting', () => {
  it('on unless turned off, from flags over the environment; anything but true or false is refused', () => {
    assert.equal(buildConfig({}).console, true);
    assert.equal(configFromEnv({ SWITCHYARD_CONSOLE: 'false' }).console, false);
    assert.equal(configFromEnv({ SWITCHYARD_CONSOLE: 'false' }, { console: 'true' }).console, true);
    assert.throws(() => buildConfig({ console: 'maybe' }), (e) => e instanceof ConfigError && e.message === 'invalid console setting: maybe (true | false)');
  });
});

describe('Lambda endpoint setting', () => {
  it('--lambda-endpoint and its key; the --sns-lambda-* names of before still read into them', () => {
    const c = configFromEnv({ SWITCHYARD_LAMBDA_ENDPOINT: 'http://127.0.0.1:3001/', SWITCHYARD_LAMBDA_ACCESS_KEY_ID: 'AKID', SWITCHYARD_LAMBDA_SECRET_ACCESS_KEY: 's' });
    assert.deepEqual([c.lambdaEndpoint, c.lambdaAccessKeyId, c.lambdaSecretAccessKey], ['http://127.0.0.1:3001', 'AKID', 's']);
    const old = configFromEnv({ SWITCHYARD_SNS_LAMBDA_ENDPOINT: 'http://h:1' }, { snsLambdaAccessKeyId: 'K', snsLambdaSecretAccessKey: 'S' });
    assert.deepEqual([old.lambdaEndpoint, old.lambdaAccessKeyId, old.lambdaSecretAccessKey, old.snsLambdaEndpoint], ['http://h:1', 'K', 'S', undefined]);
    assert.equal(buildConfig({ lambdaEndpoint: 'http://h:1', snsLambdaEndpoint: 'http://h:1' }).lambdaEndpoint, 'http://h:1');
    assert.throws(() => buildConfig({ lambdaEndpoint: 'http://h:1', snsLambdaEndpoint: 'http://h:2' }), /--lambda-endpoint and its old name --sns-lambda-endpoint disagree/);
    assert.throws(() => buildConfig({ lambdaEndpoint: 'ftp://h' }), /--lambda-endpoint must be an http/);
    assert.throws(() => buildConfig({ lambdaAccessKeyId: 'K' }), /needs both --lambda-access-key-id and --lambda-secret-access-key/);
  });
});

describe('encryption key file setting', () => {
  it('unset by default; a path from the flag over the environment, made absolute (read at start, not here)', () => {
    assert.equal(buildConfig({}).encryptionKeyFile, undefined);
    assert.match(configFromEnv({ SWITCHYARD_ENCRYPTION_KEY_FILE: 'env.hex' }).encryptionKeyFile!, /^\/.*\/env\.hex$/);
    assert.match(configFromEnv({ SWITCHYARD_ENCRYPTION_KEY_FILE: 'env.hex' }, { encryptionKeyFile: 'flag.hex' }).encryptionKeyFile!, /^\/.*\/flag\.hex$/);
  });

  it('is the SQLite engine\'s: refused with PostgreSQL and with an in-memory store', () => {
    assert.throws(
      () => buildConfig({ encryptionKeyFile: 'k.hex', databaseUrl: 'postgres://h/db' }),
      (e) => e instanceof ConfigError && e.message.startsWith("--encryption-key-file encrypts the SQLite engine's file; on PostgreSQL encrypt at rest"),
    );
    assert.throws(() => buildConfig({ encryptionKeyFile: 'k.hex', inMemory: true }), (e) => e instanceof ConfigError && e.message === '--encryption-key-file with --in-memory: nothing is kept at rest to encrypt');
  });
});
