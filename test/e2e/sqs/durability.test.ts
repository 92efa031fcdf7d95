// The durability promise (ARCHITECTURE §3): "a request that was answered with success is on disk;
// killing the process (kill -9) at any moment loses no acknowledged message". The real CLI runs as
// a child process under concurrent SendMessage(Batch) / ReceiveMessage / DeleteMessage(Batch) load,
// is SIGKILLed at a random moment, restarted on the same data and drained; then every acknowledged
// send must be either acknowledged-deleted or found again, no acknowledged delete may come back,
// and a message received with a long visibility timeout must still be invisible.
// The kill/restart cycle and the drain are test/helpers/kill-cycle.ts and sqs-drain.ts.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { E2E_ENGINES } from '../../helpers/server.js';
import { killRestartFixture, noRetryClientConfig, type StopFlag } from '../../helpers/kill-cycle.js';
import { drainQueue } from '../../helpers/sqs-drain.js';

const CYCLES = 3;
/** The queue's visibility timeout: what the load's consumers hold a message for. */
const VISIBILITY_S = 2;
const PRODUCERS_SINGLE = 3;
const PRODUCERS_BATCH = 3;
const CONSUMERS = 4;
/** The drain ends after this long without a message (and not before in-flight messages are visible again). */
const DRAIN_QUIET_MS = 3_000;
const DRAIN_MAX_MS = 25_000;

const client = (url: string) => new SQSClient(noRetryClientConfig(url));

interface Ledger {
  /** Every body a producer tried to send. */
  readonly attempted: Set<string>;
  /** Bodies whose send was answered with success. */
  readonly sent: Set<string>;
  /** Bodies whose delete was answered with success while the receipt was certainly current. */
  readonly deleted: Set<string>;
  /** Deletes answered with success, but later than the visibility timeout after the receive (maybe stale). */
  readonly deletedLate: Set<string>;
  /** Bodies a delete was sent for, answered or not (a delete cut off by the kill may have committed). */
  readonly deleteAttempted: Set<string>;
  received: number;
  sendFailures: number;
  batchEntryFailures: number;
  receiveFailures: number;
  deleteFailures: number;
}

/** Runs producers and consumers against `url` until `stop` is set; never throws. */
function startLoad(sqs: SQSClient, queueUrl: string, tag: string, ledger: Ledger, stop: StopFlag): Promise<unknown> {
  let seq = 0;
  const body = (p: string) => `${tag}-${p}-${++seq}-${randomBytes(3).toString('hex')}`;

  const single = async (p: number) => {
    while (!stop.now) {
      const b = body(`s${p}`);
      ledger.attempted.add(b);
      try {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: b }));
        ledger.sent.add(b);
      } catch {
        ledger.sendFailures++;
        return;
      }
    }
  };
  const batch = async (p: number) => {
    while (!stop.now) {
      const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: body(`b${p}`) }));
      for (const e of entries) ledger.attempted.add(e.MessageBody);
      try {
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const byId = new Map(entries.map((e) => [e.Id, e.MessageBody]));
        for (const s of out.Successful ?? []) ledger.sent.add(byId.get(s.Id!)!);
        ledger.batchEntryFailures += out.Failed?.length ?? 0;
      } catch {
        ledger.sendFailures++;
        return;
      }
    }
  };
  const consumer = async (c: number) => {
    let round = 0;
    while (!stop.now) {
      const receivedAt = Date.now();
      let messages: Message[];
      try {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        messages = out.Messages ?? [];
      } catch {
        ledger.receiveFailures++;
        return;
      }
      ledger.received += messages.length;
      if (messages.length === 0) continue;
      // A delete answered within the visibility timeout of the receive used a current receipt, so the
      // message is gone; a later one may have used a stale receipt, which (as on AWS) deletes nothing.
      const record = (m: Message) => (Date.now() - receivedAt < VISIBILITY_S * 1000 ? ledger.deleted : ledger.deletedLate).add(m.Body!);
      try {
        if ((c + round++) % 2 === 0) {
          for (const m of messages) ledger.deleteAttempted.add(m.Body!);
          const out = await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
          for (const s of out.Successful ?? []) record(messages[Number(s.Id!.slice(1))]!);
          ledger.deleteFailures += out.Failed?.length ?? 0;
        } else {
          for (const m of messages) {
            ledger.deleteAttempted.add(m.Body!);
            await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
            record(m);
          }
        }
      } catch {
        ledger.deleteFailures++;
        return;
      }
    }
  };
  return Promise.all([
    ...Array.from({ length: PRODUCERS_SINGLE }, (_, i) => single(i)),
    ...Array.from({ length: PRODUCERS_BATCH }, (_, i) => batch(i)),
    ...Array.from({ length: CONSUMERS }, (_, i) => consumer(i)),
  ]);
}

/** Receives (and deletes) until the queue stays empty; returns every body seen, with repeats. */
async function drain(sqs: SQSClient, queueUrl: string, notBefore: number): Promise<string[]> {
  const seen: string[] = [];
  await drainQueue(sqs, queueUrl, {
    quietMs: DRAIN_QUIET_MS,
    maxMs: DRAIN_MAX_MS,
    notBefore,
    visibilityTimeout: 300, // a drained message must not come round again during the drain
    onMessages: (messages) => seen.push(...messages.map((m) => m.Body!)),
  });
  return seen;
}

async function queueCounts(sqs: SQSClient, queueUrl: string) {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return {
    visible: Number(out.Attributes?.ApproximateNumberOfMessages),
    notVisible: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(out.Attributes?.ApproximateNumberOfMessagesDelayed),
  };
}

for (const engine of E2E_ENGINES) {
  describe(`SQS durability under kill -9 [${engine}]`, () => {
    const fx = killRestartFixture(engine, { schemaPrefix: 'sy_dur', dirPrefix: 'switchyard-durability-', client });
    const totals = { sent: 0, deleted: 0, recovered: 0, unacknowledgedFound: 0 };

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      it(`cycle ${cycle}: nothing acknowledged is lost, nothing acknowledged-deleted comes back`, async (t: TestContext) => {
        const tag = `c${cycle}${randomBytes(2).toString('hex')}`;
        const queueName = `durability-${tag}`;
        let sqs = fx.client();
        const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: { VisibilityTimeout: String(VISIBILITY_S) } })))
          .QueueUrl!;

        // The special message: received once with a 600 s visibility, which must survive the kill. It is
        // received before the load starts, so that no load consumer can take it first.
        const specialBody = `${tag}-special`;
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: specialBody }));
        const special = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 600, WaitTimeSeconds: 1 }));
        assert.equal(special.Messages?.[0]?.Body, specialBody, 'the special message is received before the load starts');
        const specialReceipt = special.Messages![0]!.ReceiptHandle!;

        const ledger: Ledger = {
          attempted: new Set(),
          sent: new Set(),
          deleted: new Set(),
          deletedLate: new Set(),
          deleteAttempted: new Set(),
          received: 0,
          sendFailures: 0,
          batchEntryFailures: 0,
          receiveFailures: 0,
          deleteFailures: 0,
        };
        // each cycle kills in a different third of 300..1500 ms, at a random point within it
        const killAfter = Math.round(300 + (cycle - 1 + Math.random()) * 400);
        const producer = sqs;
        const { loadStarted, killedAt } = await fx.killDuring((stop) => startLoad(producer, queueUrl, tag, ledger, stop), killAfter, () => ledger.sent.size > 0);
        const loadMs = killedAt - loadStarted;

        sqs = fx.client();
        // the queue survived, and the URL now carries the new port
        const url2 = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl!;
        const drained = await drain(sqs, url2, killedAt + (VISIBILITY_S + 2) * 1000);
        const counts = await queueCounts(sqs, url2);

        const drainedSet = new Set(drained);
        // lost: acknowledged, never the subject of a delete, and not found again
        const lost = [...ledger.sent].filter((b) => !ledger.deleteAttempted.has(b) && !drainedSet.has(b));
        // a delete cut off by the kill that had committed (allowed: the client just never heard)
        const deletedUnanswered = [...ledger.deleteAttempted].filter((b) => !ledger.deleted.has(b) && !ledger.deletedLate.has(b) && !drainedSet.has(b)).length;
        const resurrected = [...ledger.deleted].filter((b) => drainedSet.has(b));
        const neverSent = drained.filter((b) => !ledger.attempted.has(b));
        const duplicates = drained.length - drainedSet.size;
        const recovered = [...drainedSet].filter((b) => ledger.sent.has(b)).length;
        const unacknowledgedFound = [...drainedSet].filter((b) => ledger.attempted.has(b) && !ledger.sent.has(b)).length;
        totals.sent += ledger.sent.size;
        totals.deleted += ledger.deleted.size;
        totals.recovered += recovered;
        totals.unacknowledgedFound += unacknowledgedFound;

        t.diagnostic(
          `${engine} cycle ${cycle}: killed after ${loadMs} ms of load; sends acknowledged ${ledger.sent.size} of ${ledger.attempted.size} attempted, ` +
            `received ${ledger.received}, deletes acknowledged ${ledger.deleted.size} (+${ledger.deletedLate.size} late), ` +
            `recovered after restart ${recovered} acknowledged + ${unacknowledgedFound} unacknowledged sends, ` +
            `deletes cut off by the kill that had committed ${deletedUnanswered}, lost ${lost.length}, resurrected ${resurrected.length}, duplicates in drain ${duplicates}; ` +
            `failures at the kill: ${ledger.sendFailures} send, ${ledger.receiveFailures} receive, ${ledger.deleteFailures} delete; ` +
            `after drain: visible ${counts.visible}, not visible ${counts.notVisible}, delayed ${counts.delayed}`,
        );

        assert.ok(ledger.sent.size > 0, 'the load acknowledged some sends before the kill');
        assert.equal(ledger.batchEntryFailures, 0, 'no batch entry failed while the server was up');
        assert.deepEqual(lost.slice(0, 10), [], `${lost.length} acknowledged sends were lost`);
        assert.deepEqual(resurrected.slice(0, 10), [], `${resurrected.length} acknowledged deletes came back`);
        assert.ok(!drainedSet.has(specialBody), 'the message received with a 600 s visibility came back during the drain');
        assert.deepEqual(neverSent.slice(0, 10), [], 'the drain returned bodies nobody sent');
        assert.equal(duplicates, 0, 'a message came back twice during the drain (received with a 300 s visibility)');
        assert.equal(counts.visible, 0, 'the drained queue is empty');
        assert.equal(counts.delayed, 0);
        assert.equal(counts.notVisible, 1, 'the special message is in flight, and nothing else');

        // The receipt handle from before the kill still names the current receive: deleting with it works.
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url2, ReceiptHandle: specialReceipt }));
        const afterDelete = await queueCounts(sqs, url2);
        assert.equal(afterDelete.notVisible, 0, 'a receipt handle from before the restart deletes its message');
      });
    }

    it('totals', (t: TestContext) => {
      t.diagnostic(
        `${engine} over ${CYCLES} kills: ${totals.sent} sends acknowledged, ${totals.deleted} deletes acknowledged, ` +
          `${totals.recovered} acknowledged messages recovered after restart, ${totals.unacknowledgedFound} unacknowledged sends found persisted`,
      );
    });
  });
}
