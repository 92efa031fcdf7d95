/**
 * SQS → Lambda triggers with FilterCriteria, fuzzed end to end: random message bodies sent through
 * the AWS SDK (JSON of any shape, plain text, unicode, base64 garbage, JSON nested 100,000 deep)
 * go past a filter on `body.keep`. Exactly the messages whose body is a JSON object with keep: true
 * reach the fake Lambda; every other one is deleted as Lambda does; the queue drains and the
 * trigger goes on (a message nested deeply made the filter throw in the poller). Seeded
 * (SWITCHYARD_FUZZ_SEED); one engine (the filter runs above the store).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/runtime/clock.js';
import { E2E_ENGINES } from '../../helpers/server.js';
import { bodies, startSqsTriggerFixture, until, wait, type SqsTriggerFixture } from '../../helpers/sqs-triggers.js';
import { keepPayload, keyHoldsTrue, rngFrom } from '../../helpers/json-fuzz.js';

const SEED = Number(process.env.SWITCHYARD_FUZZ_SEED ?? 20261128);
const RESOURCES = { queues: [{ name: 'fuzzed', triggers: [{ function: 'fuzzed-fn', batchSize: 10, filterCriteria: { filters: [{ pattern: { body: { keep: [true] } } }] } }] }] };

/** A payload as an SQS body: characters SendMessage refuses (#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF) replaced. */
const body = (rng: () => number): string => keepPayload(rng).replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd]/g, '?') || 'empty';

describe(`SQS trigger FilterCriteria fuzzed [${E2E_ENGINES[0]}]`, () => {
  const clock = new ManualClock(Date.now());
  let f: SqsTriggerFixture;
  before(async () => {
    f = await startSqsTriggerFixture(E2E_ENGINES[0]!, RESOURCES, clock);
  });
  after(() => f.close());

  it('120 random bodies: exactly those with keep: true are invoked, the rest deleted, the queue drains', async () => {
    const rng = rngFrom(SEED);
    const sent = Array.from({ length: 120 }, () => body(rng));
    const QueueUrl = await f.url('fuzzed');
    for (const MessageBody of sent) await f.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody }));
    await until('the queue drained', async () => (await f.counts('fuzzed')).join() === '0,0', 20_000);
    await wait(200);
    const expected = sent.filter((b) => keyHoldsTrue(b, 'keep')).sort();
    assert.ok(expected.length > 10, `${expected.length} kept`);
    assert.deepEqual(bodies(f.lambda.of('fuzzed-fn')).sort(), expected);
  });
});
