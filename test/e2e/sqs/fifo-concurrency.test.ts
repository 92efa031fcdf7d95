// FIFO and redrive guarantees under concurrency, per engine, through the current JSON client:
// many receivers never see a group out of order or two of its messages in flight at once,
// concurrent duplicate sends store one message, and redrive moves every message exactly once.
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { E2E_ENGINES, startTestServer, type TestServer } from '../../helpers/server.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** No phase of a test may take longer than this. */
const PHASE_MS = 25_000;

for (const engine of E2E_ENGINES) {
  describe(`SQS FIFO and redrive under concurrency [${engine}]`, () => {
    let server: TestServer;
    const clients: SQSClient[] = [];
    let counter = 0;
    const name = (prefix: string) => `${prefix}-${++counter}`;
    /** A client of its own per worker, so requests really run side by side. */
    const client = () => {
      const c = new SQSClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        maxAttempts: 1, // a retry would hide a failed request, or turn one send into two
      });
      clients.push(c);
      return c;
    };
    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => {
      for (const c of clients) c.destroy();
      await server?.close();
    });

    const createQueue = async (sqs: SQSClient, queueName: string, attributes: Record<string, string>) =>
      (await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }))).QueueUrl!;
    const counts = async (sqs: SQSClient, url: string) => {
      const a = (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
          }),
        )
      ).Attributes!;
      return [a.ApproximateNumberOfMessages, a.ApproximateNumberOfMessagesNotVisible, a.ApproximateNumberOfMessagesDelayed].map(Number);
    };

    it('6 receivers on 20 groups × 15 messages: every group in order, never two of a group in flight', async (t: TestContext) => {
      const GROUPS = 20;
      const PER_GROUP = 15;
      const SENDERS = 4;
      const RECEIVERS = 6;
      const admin = client();
      const url = await createQueue(admin, `${name('order')}.fifo`, { FifoQueue: 'true', VisibilityTimeout: '120' });

      // Each sender owns GROUPS / SENDERS groups and sends them in batches of 10 (two entries per group
      // per batch), one batch after another, so every group's order is its send order.
      const senders = Array.from({ length: SENDERS }, async (_, s) => {
        const sqs = client();
        const groups = Array.from({ length: GROUPS / SENDERS }, (_, i) => `g${s * (GROUPS / SENDERS) + i}`);
        const pending = groups.flatMap((g) => Array.from({ length: PER_GROUP }, (_, i) => ({ g, i })));
        // interleave the groups: g0#0 g1#0 … g0#1 g1#1 …
        pending.sort((a, b) => a.i - b.i || a.g.localeCompare(b.g));
        for (let k = 0; k < pending.length; k += 10) {
          const slice = pending.slice(k, k + 10);
          const out = await sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: url,
              Entries: slice.map(({ g, i }, n) => ({ Id: `e${n}`, MessageBody: `${g}:${i}`, MessageGroupId: g, MessageDeduplicationId: `${g}-${i}` })),
            }),
          );
          assert.equal(out.Failed?.length ?? 0, 0, JSON.stringify(out.Failed));
        }
      });
      await Promise.all(senders);

      const next = new Map<string, number>(); // group -> index expected next
      const inFlight = new Map<string, string>(); // group -> body of the message a receiver holds
      const violations: string[] = [];
      let delivered = 0;
      const deadline = Date.now() + PHASE_MS;
      const receiver = async (r: number) => {
        const sqs = client();
        let round = 0;
        while (delivered < GROUPS * PER_GROUP && Date.now() < deadline && violations.length === 0) {
          const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [];
          const thisReceive = new Set<string>();
          for (const m of got) {
            const [g, i] = m.Body!.split(':') as [string, string];
            const held = inFlight.get(g);
            // several messages of one group may come in one receive, in order; not while another receive holds one
            if (held !== undefined && !thisReceive.has(g)) violations.push(`receiver ${r} got ${m.Body} while ${held} of its group was in flight`);
            thisReceive.add(g);
            const expected = next.get(g) ?? 0;
            if (Number(i) !== expected) violations.push(`receiver ${r} got ${m.Body}, expected ${g}:${expected}`);
            inFlight.set(g, m.Body!);
            next.set(g, Number(i) + 1);
          }
          if (got.length === 0) continue;
          delivered += got.length;
          await sleep(Math.random() * 15); // "processing"
          // The group is released only once the delete is about to be sent: a message of the group
          // received before that point was handed out while this one was in flight.
          const groups = new Set(got.map((m) => m.Body!.split(':')[0]!));
          for (const g of groups) inFlight.delete(g);
          if ((r + round++) % 2 === 0) {
            const out = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: got.map((m, n) => ({ Id: `d${n}`, ReceiptHandle: m.ReceiptHandle! })) }));
            if (out.Failed?.length) violations.push(`delete failed: ${JSON.stringify(out.Failed)}`);
          } else {
            for (const m of got) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
          }
        }
      };
      await Promise.all(Array.from({ length: RECEIVERS }, (_, r) => receiver(r)));
      t.diagnostic(`${engine}: ${delivered} deliveries of ${GROUPS * PER_GROUP} messages`);
      assert.deepEqual(violations.slice(0, 10), [], `${violations.length} violations`);
      assert.equal(delivered, GROUPS * PER_GROUP, 'every message delivered exactly once');
      for (let g = 0; g < GROUPS; g++) assert.equal(next.get(`g${g}`), PER_GROUP, `group g${g} complete`);
      assert.deepEqual(await counts(admin, url), [0, 0, 0]);
    });

    it('concurrent duplicate sends: one message per dedup id, and every sender gets its MessageId', async () => {
      const IDS = 10;
      const SENDERS = 10;
      const admin = client();
      const url = await createQueue(admin, `${name('dedup')}.fifo`, { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
      const senders = Array.from({ length: SENDERS }, () => client());
      // explicit ids (different bodies), and content-based (same body, no id)
      const results = await Promise.all(
        Array.from({ length: IDS }, (_, d) =>
          senders.flatMap((sqs, s) => [
            sqs
              .send(new SendMessageCommand({ QueueUrl: url, MessageBody: `explicit-${d} from ${s}`, MessageGroupId: `g${d % 3}`, MessageDeduplicationId: `id-${d}` }))
              .then((out) => ({ key: `id-${d}`, out })),
            sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `content-${d}`, MessageGroupId: `g${s % 3}` })).then((out) => ({ key: `content-${d}`, out })),
          ]),
        ).flat(),
      );
      const idsByKey = new Map<string, Set<string>>();
      const seqByKey = new Map<string, Set<string>>();
      for (const { key, out } of results) {
        (idsByKey.get(key) ?? idsByKey.set(key, new Set()).get(key)!).add(out.MessageId!);
        (seqByKey.get(key) ?? seqByKey.set(key, new Set()).get(key)!).add(out.SequenceNumber!);
      }
      assert.equal(idsByKey.size, 2 * IDS);
      for (const [key, ids] of idsByKey) assert.equal(ids.size, 1, `${SENDERS} sends of ${key} got ${ids.size} MessageIds`);
      for (const [key, seqs] of seqByKey) assert.equal(seqs.size, 1, `${SENDERS} sends of ${key} got ${seqs.size} SequenceNumbers`);

      const delivered: Message[] = [];
      const deadline = Date.now() + PHASE_MS;
      while (Date.now() < deadline) {
        const got = (await admin.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [];
        if (got.length === 0) break;
        delivered.push(...got);
        await admin.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: got.map((m, n) => ({ Id: `d${n}`, ReceiptHandle: m.ReceiptHandle! })) }));
      }
      assert.equal(delivered.length, 2 * IDS, `delivered: ${delivered.map((m) => m.Body).join(', ')}`);
      const expectedIds = new Set([...idsByKey.values()].map((s) => [...s][0]!));
      assert.deepEqual(new Set(delivered.map((m) => m.MessageId)), expectedIds);
      for (let d = 0; d < IDS; d++) {
        assert.equal(delivered.filter((m) => m.Body!.startsWith(`explicit-${d} from `)).length, 1);
        assert.equal(delivered.filter((m) => m.Body === `content-${d}`).length, 1);
      }
    });

    for (const fifo of [false, true]) {
      it(`redrive under concurrent receivers (${fifo ? 'FIFO' : 'standard'}, maxReceiveCount 1, visibility 0): every message reaches the DLQ exactly once`, async (t: TestContext) => {
        const MESSAGES = 120;
        const RECEIVERS = 8;
        const admin = client();
        const suffix = fifo ? '.fifo' : '';
        const fifoAttributes: Record<string, string> = fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : {};
        const dlq = await createQueue(admin, `${name('dlq')}${suffix}`, fifoAttributes);
        const dlqArn = (await admin.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
        const source = await createQueue(admin, `${name('src')}${suffix}`, {
          ...fifoAttributes,
          VisibilityTimeout: '0',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }),
        });
        for (let k = 0; k < MESSAGES; k += 10) {
          const out = await admin.send(
            new SendMessageBatchCommand({
              QueueUrl: source,
              Entries: Array.from({ length: 10 }, (_, n) => ({
                Id: `e${n}`,
                MessageBody: `m${k + n}`,
                MessageGroupId: fifo ? `g${(k + n) % 7}` : undefined,
              })),
            }),
          );
          assert.equal(out.Failed?.length ?? 0, 0);
        }

        const returned = new Map<string, number>(); // body -> times the source returned it
        const deadline = Date.now() + PHASE_MS;
        let done = false;
        const receiver = async () => {
          const sqs = client();
          while (!done && Date.now() < deadline) {
            const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10 }))).Messages ?? [];
            for (const m of got) returned.set(m.Body!, (returned.get(m.Body!) ?? 0) + 1);
            if (got.length === 0) {
              const [visible, inFlight, delayed] = await counts(sqs, source);
              if (visible + inFlight + delayed === 0) done = true;
            }
          }
        };
        await Promise.all(Array.from({ length: RECEIVERS }, () => receiver()));
        assert.ok(done, 'the source queue emptied in time');

        const inDlq = new Map<string, number>();
        let lastSeen = Date.now();
        while (Date.now() < deadline && Date.now() - lastSeen < 2_000) {
          const got = (await admin.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 1 }))).Messages ?? [];
          if (got.length === 0) continue;
          lastSeen = Date.now();
          for (const m of got) inDlq.set(m.Body!, (inDlq.get(m.Body!) ?? 0) + 1);
          await admin.send(new DeleteMessageBatchCommand({ QueueUrl: dlq, Entries: got.map((m, n) => ({ Id: `d${n}`, ReceiptHandle: m.ReceiptHandle! })) }));
        }
        const all = Array.from({ length: MESSAGES }, (_, i) => `m${i}`);
        const missing = all.filter((b) => !inDlq.has(b));
        const twice = [...inDlq].filter(([, n]) => n > 1).map(([b]) => b);
        const returnedWrong = all.filter((b) => returned.get(b) !== 1);
        t.diagnostic(`${engine} ${fifo ? 'FIFO' : 'standard'}: ${inDlq.size} of ${MESSAGES} in the DLQ`);
        assert.deepEqual(missing, [], 'every message reached the DLQ');
        assert.deepEqual(twice, [], 'no message reached the DLQ twice');
        assert.deepEqual(
          returnedWrong.map((b) => `${b}×${returned.get(b) ?? 0}`),
          [],
          'with maxReceiveCount 1 the source returns each message exactly once before moving it',
        );
        assert.deepEqual(await counts(admin, dlq), [0, 0, 0]);
      });
    }
  });
}
