import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { spawnServer, type SpawnedServer } from '../../helpers/process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = join(ROOT, 'src/cli/run.ts');
const run = promisify(execFile);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** `switchyard start --resources <file>` and `switchyard export`, as real processes. */
describe('switchyard start --resources and switchyard export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-resources-cli-'));
  const servers: SpawnedServer[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, spec: object | string) => {
    const path = join(dir, name);
    writeFileSync(path, typeof spec === 'string' ? spec : JSON.stringify(spec));
    return path;
  };
  const spec = {
    queues: [{ name: 'jobs-dlq' }, { name: 'jobs', attributes: { VisibilityTimeout: 45 }, deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 3 } }],
    topics: [{ name: 'job-events', subscriptions: [{ queue: 'jobs', rawMessageDelivery: true }] }],
  };

  it('applies the file at start, again at a restart without change, and exports it back', async () => {
    const path = file('resources.json', spec);
    const dataDir = join(dir, 'data');
    let server = await spawnServer({ dataDir, extraArgs: ['--resources', path, '--log-level', 'info'] });
    servers.push(server);
    assert.match(server.stdout() + server.stderr(), /resources: .*created/);
    const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials });
    const sns = new SNSClient({ endpoint: server.url, region: 'us-east-1', credentials });
    try {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }));
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'] }));
      assert.equal(attrs.Attributes?.VisibilityTimeout, '45');
      assert.deepEqual(JSON.parse(attrs.Attributes!.RedrivePolicy!), { deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:jobs-dlq', maxReceiveCount: 3 });
      const subs = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:job-events' }));
      assert.equal(subs.Subscriptions?.[0]?.Endpoint, 'arn:aws:sqs:us-east-1:000000000000:jobs');

      const exported = await run(process.execPath, ['--import', 'tsx', ENTRY, 'export', '--endpoint', server.url], { cwd: ROOT, timeout: 60_000 });
      const back = JSON.parse(exported.stdout);
      assert.deepEqual(back.queues.map((q: { name: string }) => q.name).sort(), ['jobs', 'jobs-dlq']);
      assert.equal(back.topics[0].name, 'job-events');
      assert.equal(back.topics[0].subscriptions.length, 1);
    } finally {
      sqs.destroy();
      sns.destroy();
    }
    await server.stop();
    server = await spawnServer({ dataDir, extraArgs: ['--resources', path, '--log-level', 'info'] });
    servers.push(server);
    assert.match(server.stdout() + server.stderr(), /resources: .*unchanged/);
    assert.doesNotMatch(server.stdout() + server.stderr(), /created/);
  });

  it('refuses to start on a bad file, naming the place, with exit code 2', async () => {
    const bad = file('bad.json', { queues: [{ name: 'x', deadLetter: { queue: 'nowhere', maxReceiveCount: 3 } }] });
    const out = await run(process.execPath, ['--import', 'tsx', ENTRY, 'start', '--port', '0', '--in-memory', '--resources', bad], { cwd: ROOT, timeout: 60_000 }).then(
      () => assert.fail('the server started'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(out.code, 2);
    assert.match(out.stderr, /queues\[0\].*nowhere/);
    const missing = await run(process.execPath, ['--import', 'tsx', ENTRY, 'start', '--port', '0', '--in-memory', '--resources', join(dir, 'absent.json')], { cwd: ROOT, timeout: 60_000 }).then(
      () => assert.fail('the server started'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /absent\.json/);
  });

  it('export says so when no server answers', async () => {
    const out = await run(process.execPath, ['--import', 'tsx', ENTRY, 'export', '--endpoint', 'http://127.0.0.1:9'], { cwd: ROOT, timeout: 60_000 }).then(
      () => assert.fail('export succeeded'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(out.code, 1);
    assert.match(out.stderr, /cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});
