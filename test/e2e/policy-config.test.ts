// The --enforce-policies setting: its environment variable, a bad value, the CLI flag's help line,
// and embedding (startSwitchyard({ enforcePolicies: true })) enforcing the same as the server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError, startSwitchyard } from '../../src/index.js';
import { buildConfig, configFromEnv } from '../../src/runtime/config.js';
import { main } from '../../src/cli/main.js';
import { isSqsError } from '../helpers/sqs-clients.js';

describe('--enforce-policies setting', () => {
  it('is off by default, on from SWITCHYARD_ENFORCE_POLICIES or the flag, and refuses a value that is not true or false', () => {
    assert.equal(buildConfig({}).enforcePolicies, false);
    assert.equal(configFromEnv({ SWITCHYARD_ENFORCE_POLICIES: 'true' }).enforcePolicies, true);
    assert.equal(configFromEnv({ SWITCHYARD_ENFORCE_POLICIES: '0' }).enforcePolicies, false);
    assert.equal(configFromEnv({}, { enforcePolicies: true }).enforcePolicies, true);
    assert.throws(() => buildConfig({ enforcePolicies: 'sometimes' }), (e) => e instanceof ConfigError && /invalid enforce-policies setting: sometimes/.test(e.message));
  });

  it('is in the CLI help', async () => {
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (out.push(chunk), true)) as typeof process.stdout.write;
    try {
      assert.equal(await main(['start', '--help']), 0);
    } finally {
      process.stdout.write = write;
    }
    assert.match(out.join(''), /--enforce-policies .*SWITCHYARD_ENFORCE_POLICIES \(default off\)/s);
  });

  it('embedded: startSwitchyard({ enforcePolicies: true }) refuses another account without a policy', async () => {
    const s = await startSwitchyard({ enforcePolicies: true });
    const owner = new SQSClient(s.clientConfig);
    const other = new SQSClient({ ...s.clientConfig, credentials: { accessKeyId: '222222222222', secretAccessKey: 'x' } });
    try {
      const url = (await owner.send(new CreateQueueCommand({ QueueName: 'embedded' }))).QueueUrl!;
      await owner.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'mine' }));
      await assert.rejects(other.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'theirs' })), (e: any) => isSqsError(e, 'AccessDeniedException', 'AccessDenied') && e.$metadata.httpStatusCode === 403);
    } finally {
      owner.destroy();
      other.destroy();
      await s.close();
    }
  });
});
