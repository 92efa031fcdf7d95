// Every operation of every service fed broken inputs through the console API (plausible inputs
// from the model, broken in one or two places: test/helpers/wire-fuzz.ts): each answer is a success
// or an error in the console's form with a 4xx status, never a 500. SNS matters most here: on the
// wire it speaks only query, so the console is the one way JSON-decoded input reaches its handlers.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { CreateStreamCommand } from '@aws-sdk/client-kinesis';
import { kinesisModel } from '../../../src/services/kinesis/model.js';
import { snsModel } from '../../../src/services/sns/model.js';
import { sqsModel } from '../../../src/services/sqs/model.js';
import type { ServiceModel } from '../../../src/services/shared/shapes.js';
import { waitUntilActive } from '../../helpers/kinesis.js';
import { breakInput, FUZZ_SEED, plausible, rngFrom, type Rng } from '../../helpers/wire-fuzz.js';
import { consoleE2E } from './console-e2e.js';

const PER_OPERATION = Number(process.env.SWITCHYARD_FUZZ_N ?? 12);

/** The handler-form input as the console's JSON: blobs base64 (timestamps go as ISO text). */
const asJson = (input: unknown): string =>
  JSON.stringify(input, (_k, v) => (v && v.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data).toString('base64') : v));

consoleE2E('console API: fuzz', (t) => {
  it('answers every broken input with a success or a 4xx in the console error form', { timeout: 300_000 }, async () => {
    const { api, sns, kinesis } = t();
    const queue = await t().queue(t().name('fq'));
    const topic = (await sns.send(new CreateTopicCommand({ Name: t().name('ft') }))).TopicArn!;
    const stream = t().name('fs');
    await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
    await waitUntilActive(kinesis, stream);
    const either = <T>(rng: Rng, real: T, made: () => unknown) => (rng() < 0.7 ? real : made());
    const hints: Record<string, (rng: Rng) => unknown> = {
      QueueUrl: (rng) => either(rng, queue.url, () => `${t().server.url}/000000000000/nope`),
      TopicArn: (rng) => either(rng, topic, () => 'arn:aws:sns:us-east-1:000000000000:nope'),
      StreamName: (rng) => either(rng, stream, () => 'nope'),
      ShardId: () => 'shardId-000000000000',
    };
    const failures: string[] = [];
    let answered = 0;
    for (const [service, model] of [['sqs', sqsModel], ['sns', snsModel], ['kinesis', kinesisModel]] as [string, ServiceModel][]) {
      for (const op of Object.values(model.operations)) {
        const rng = rngFrom(FUZZ_SEED ^ op.name.length ^ service.length);
        for (let k = 0; k < PER_OPERATION; k++) {
          const input = plausible(rng, op.input, hints) as Record<string, unknown>;
          const what = k === 0 ? 'plausible' : breakInput(rng, input, op.input, hints);
          // A valid long poll would wait up to 20 s for nothing.
          if (typeof input.WaitTimeSeconds === 'number') input.WaitTimeSeconds = 0;
          const body = asJson(input);
          const res = await api(service, op.name, body);
          answered++;
          const error = res.body?.error;
          const wellFormed = res.status < 300 ? res.body !== undefined && error === undefined : res.status < 500 && typeof error?.code === 'string' && typeof error?.message === 'string';
          if (!wellFormed) failures.push(`${service} ${op.name} (${what}; seed ${FUZZ_SEED}): ${res.status} ${JSON.stringify(res.body)} for ${body.slice(0, 300)}`);
        }
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${answered} answers`);
    // The server still answers (the fuzz may well have deleted the resources themselves).
    for (const [service, op] of [['sqs', 'ListQueues'], ['sns', 'ListTopics'], ['kinesis', 'ListStreams']]) assert.equal((await api(service!, op!, {})).status, 200, op);
  });
});
