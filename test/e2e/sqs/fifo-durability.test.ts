// FIFO state across kill -9 (the real CLI as a child process, per engine): senders load a FIFO queue
// across many groups, the server is SIGKILLed at a random moment and restarted on the same data.
// Then an acknowledged MessageDeduplicationId still deduplicates (same MessageId, never delivered
// twice), every group drains in its send order with nothing acknowledged missing, and a group whose
// head was in flight before the kill stays blocked until that message is deleted.
// The kill/restart cycle and the drain are test/helpers/kill-cycle.ts and sqs-drain.ts.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { E2E_ENGINES } from '../../helpers/server.js';
import { killRestartFixture, noRetryClientConfig, type StopFlag } from '../../helpers/kill-cycle.js';
import { drainQueue } from '../../helpers/sqs-drain.js';

const CYCLES = 2;
const SENDERS = 4;
const GROUPS_PER_SENDER = 4;
const DRAIN_QUIET_MS = 2_000;
const DRAIN_MAX_MS = 20_000;

const client = (url: string) => new SQSClient(noRetryClientConfig(url));

interface Sent {
  readonly group: string;
  readonly index: number;
  readonly messageId: string;
}

interface Ledger {
  /** dedup id -> the acknowledged send */
  readonly acked: Map<string, Sent>;
  /** group -> how many of its messages were attempted (indices 0..n-1) */
  readonly attempted: Map<string, number>;
  /** problems seen while the server was up (a retried send that got another MessageId) */
  readonly violations: string[];
  retriesChecked: number;
}

/**
 * SENDERS senders, each owning GROUPS_PER_SENDER groups, send until `stop`: single sends and batches
 * (two messages per owned group), each request awaited before the next, so each group's order is its
 * send order. Now and then a sender re-sends its last acknowledged message (a client retry), which
 * must be answered with the original MessageId. Never throws: the kill ends each sender.
 */
function startLoad(sqs: SQSClient, url: string, tag: string, ledger: Ledger, stop: StopFlag): Promise<unknown> {
  const sender = async (s: number) => {
    const groups = Array.from({ length: GROUPS_PER_SENDER }, (_, j) => `${tag}-s${s}g${j}`);
    const nextIndex = (g: string) => {
      const i = ledger.attempted.get(g) ?? 0;
      ledger.attempted.set(g, i + 1);
      return i;
    };
    let round = 0;
    let last: { dedup: string; group: string; messageId: string } | undefined;
    try {
      while (!stop.now) {
        round++;
        if (last && round % 7 === 0) {
          const again = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `retry|${last.dedup}`, MessageGroupId: last.group, MessageDeduplicationId: last.dedup }));
          ledger.retriesChecked++;
          if (again.MessageId !== last.messageId) ledger.violations.push(`retry of ${last.dedup} got ${again.MessageId}, the original was ${last.messageId}`);
        } else if (round % 2 === 0) {
          const g = groups[round % groups.length]!;
          const i = nextIndex(g);
          const dedup = `${g}-${i}`;
          const out = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `${g}|${i}`, MessageGroupId: g, MessageDeduplicationId: dedup }));
          ledger.acked.set(dedup, { group: g, index: i, messageId: out.MessageId! });
          last = { dedup, group: g, messageId: out.MessageId! };
        } else {
          const entries = groups.flatMap((g) => {
            const a = nextIndex(g);
            const b = nextIndex(g);
            return [a, b].map((i) => ({ g, i }));
          });
          for (let k = 0; k < entries.length; k += 10) {
            const slice = entries.slice(k, k + 10);
            const out = await sqs.send(
              new SendMessageBatchCommand({
                QueueUrl: url,
                Entries: slice.map(({ g, i }, n) => ({ Id: `e${n}`, MessageBody: `${g}|${i}`, MessageGroupId: g, MessageDeduplicationId: `${g}-${i}` })),
              }),
            );
            if (out.Failed?.length) ledger.violations.push(`batch entries failed while the server was up: ${JSON.stringify(out.Failed)}`);
            for (const ok of out.Successful ?? []) {
              const { g, i } = slice[Number(ok.Id!.slice(1))]!;
              ledger.acked.set(`${g}-${i}`, { group: g, index: i, messageId: ok.MessageId! });
              last = { dedup: `${g}-${i}`, group: g, messageId: ok.MessageId! };
            }
          }
        }
      }
    } catch {
      // the kill
    }
  };
  return Promise.all(Array.from({ length: SENDERS }, (_, s) => sender(s)));
}

for (const engine of E2E_ENGINES) {
  describe(`SQS FIFO durability under kill -9 [${engine}]`, () => {
    const fx = killRestartFixture(engine, { schemaPrefix: 'sy_fifodur', dirPrefix: 'switchyard-fifo-durability-', client });

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      it(`cycle ${cycle}: dedup ids, group order and a held group survive the kill`, async (t: TestContext) => {
        const tag = `c${cycle}${randomBytes(2).toString('hex')}`;
        const queueName = `fifo-durability-${tag}.fifo`;
        let sqs = fx.client();
        const url = (await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: { FifoQueue: 'true', VisibilityTimeout: '30' } }))).QueueUrl!;

        // The held group: its head is received with a 600 s visibility before the kill, so after the
        // restart nothing of that group may be handed out until the head is deleted.
        const held = `${tag}-held`;
        for (const i of [0, 1]) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `${held}|${i}`, MessageGroupId: held, MessageDeduplicationId: `${held}-${i}` }));
        const head = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 600 }))).Messages ?? [];
        assert.deepEqual(head.map((m) => m.Body), [`${held}|0`]);

        const ledger: Ledger = { acked: new Map(), attempted: new Map(), violations: [], retriesChecked: 0 };
        const producer = sqs;
        await fx.killDuring((stop) => startLoad(producer, url, tag, ledger, stop), Math.round(300 + (cycle - 1 + Math.random()) * 450), () => ledger.acked.size > 0);

        sqs = fx.client();
        const url2 = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl!;

        // Every acknowledged dedup id is still known: re-sending it answers the original MessageId.
        const acked = [...ledger.acked];
        const resendMismatches: string[] = [];
        for (let k = 0; k < acked.length; k += 10) {
          const slice = acked.slice(k, k + 10);
          const out = await sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: url2,
              Entries: slice.map(([dedup, s], n) => ({ Id: `r${n}`, MessageBody: `resend|${dedup}`, MessageGroupId: s.group, MessageDeduplicationId: dedup })),
            }),
          );
          assert.equal(out.Failed?.length ?? 0, 0, JSON.stringify(out.Failed));
          for (const ok of out.Successful ?? []) {
            const [dedup, s] = slice[Number(ok.Id!.slice(1))]!;
            if (ok.MessageId !== s.messageId) resendMismatches.push(`${dedup}: ${ok.MessageId} instead of ${s.messageId}`);
          }
        }

        // Drain with three receivers. A group's next message is handed out only after the previous one
        // was deleted, and each receiver records a message before deleting it, so appending at receive
        // time gives each group's delivery order.
        const delivered = new Map<string, { index: number; messageId: string }[]>();
        const strays: string[] = [];
        await drainQueue(sqs, url2, {
          quietMs: DRAIN_QUIET_MS,
          maxMs: DRAIN_MAX_MS,
          visibilityTimeout: 120,
          onMessages: (got) => {
            for (const m of got) {
              const [group, index] = m.Body!.split('|') as [string, string];
              if (!/^\d+$/.test(index) || !ledger.attempted.has(group)) {
                strays.push(m.Body!);
                continue;
              }
              (delivered.get(group) ?? delivered.set(group, []).get(group)!).push({ index: Number(index), messageId: m.MessageId! });
            }
          },
        });

        const orderProblems: string[] = [];
        const lost: string[] = [];
        let recoveredUnacked = 0;
        for (const [group, attempted] of ledger.attempted) {
          const got = delivered.get(group) ?? [];
          const indices = got.map((d) => d.index);
          // Sends within a group are sequential, so what survived is a prefix 0..k-1 of the attempts,
          // delivered in that order, each once.
          const expected = Array.from({ length: indices.length }, (_, i) => i);
          if (indices.join() !== expected.join()) orderProblems.push(`${group}: ${indices.join(',')}`);
          if (indices.length > attempted) orderProblems.push(`${group}: ${indices.length} delivered, ${attempted} attempted`);
          for (const [dedup, s] of ledger.acked) if (s.group === group && !indices.includes(s.index)) lost.push(dedup);
          for (const d of got) {
            const s = ledger.acked.get(`${group}-${d.index}`);
            if (s === undefined) recoveredUnacked++;
            else if (s.messageId !== d.messageId) orderProblems.push(`${group}-${d.index}: delivered as ${d.messageId}, acknowledged as ${s.messageId}`);
          }
        }
        t.diagnostic(
          `${engine} cycle ${cycle}: ${ledger.acked.size} sends acknowledged across ${ledger.attempted.size} groups, ` +
            `${ledger.retriesChecked} retries checked before the kill, ${acked.length} dedup ids re-sent after it, ` +
            `${[...delivered.values()].reduce((n, d) => n + d.length, 0)} drained (${recoveredUnacked} unacknowledged sends found persisted)`,
        );
        assert.ok(ledger.acked.size > 0, 'the load acknowledged some sends before the kill');
        assert.deepEqual(ledger.violations.slice(0, 5), [], 'while the server was up');
        assert.deepEqual(resendMismatches.slice(0, 5), [], `${resendMismatches.length} acknowledged dedup ids were forgotten by the restart`);
        assert.deepEqual(strays.slice(0, 5), [], 'duplicates (retries, re-sends) or the held group were delivered');
        assert.deepEqual(lost.slice(0, 5), [], `${lost.length} acknowledged sends were lost`);
        assert.deepEqual(orderProblems.slice(0, 5), [], 'every group drains in send order, each message once');

        // The held group is still blocked by its head; deleting it with the receipt from before the kill releases the group.
        const counts = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url2, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] })))
          .Attributes!;
        assert.deepEqual(counts, { ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '1' }, 'held|1 waits behind held|0');
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url2, ReceiptHandle: head[0]!.ReceiptHandle! }));
        const next = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url2, WaitTimeSeconds: 1 }))).Messages ?? [];
        assert.deepEqual(next.map((m) => m.Body), [`${held}|1`]);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url2, ReceiptHandle: next[0]!.ReceiptHandle! }));
      });
    }
  });
}
