/**
 * The SQLite file's disk use in /metrics (storage/sqlite/compaction.ts storageUsage): present on a
 * SQLite file and growing with what is stored; absent on PostgreSQL (its size is the database
 * server's to report).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';
import { scrape, value } from './scrape.js';

for (const engine of E2E_ENGINES) {
  describe(`storage metrics [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => {
      await server.close();
    });

    it(engine === 'sqlite' ? 'reports the file, its WAL and its free space, growing with the messages stored' : 'reports no SQLite file', async () => {
      const before = await scrape(server.url);
      const fileBytes = (samples: typeof before) => value(samples, 'switchyard_storage_file_bytes', {});
      if (engine !== 'sqlite') {
        assert.equal(fileBytes(before), undefined);
        return;
      }
      const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'storage-metrics' }));
      const body = 'x'.repeat(100_000);
      for (let i = 0; i < 20; i++) await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 5 }, (_, j) => ({ Id: String(j), MessageBody: body })) }));
      sqs.destroy();
      const after = await scrape(server.url);
      const stored = (samples: typeof before) => fileBytes(samples)! + value(samples, 'switchyard_storage_wal_bytes', {})!;
      assert.ok(fileBytes(before)! > 0);
      // 100 messages of 100 KB are somewhere in the file or the WAL (not yet checkpointed)
      assert.ok(stored(after) - stored(before) >= 10_000_000, `grew by ${stored(after) - stored(before)} bytes`);
      assert.ok(value(after, 'switchyard_storage_free_bytes', {})! >= 0);
    });
  });
}
