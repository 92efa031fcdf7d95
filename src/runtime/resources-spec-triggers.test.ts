/** The resource file's queue triggers (SQS event source mappings): what is taken, and each refusal with its place. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config.js';
import { parseResources } from './resources-spec.js';

const parse = (queues: unknown[]) => parseResources(JSON.stringify({ queues }), 'r.json');

function rejects(queues: unknown[], message: string): void {
  assert.throws(
    () => parse(queues),
    (e: unknown) => e instanceof ConfigError && e.message === `r.json: ${message}`,
    message,
  );
}

describe('resource file: queue triggers', () => {
  it('takes a function by name or ARN with the mapping settings, and keeps only what is given', () => {
    const spec = parse([
      {
        name: 'orders',
        triggers: [
          { function: 'resize' },
          {
            function: 'arn:aws:lambda:us-east-1:000000000000:function:bill:live',
            batchSize: 500,
            maximumBatchingWindowInSeconds: 5,
            functionResponseTypes: ['ReportBatchItemFailures'],
            maximumConcurrency: 2,
            enabled: false,
          },
        ],
      },
      { name: 'jobs.fifo', triggers: [{ function: 'work', batchSize: 10, maximumBatchingWindowInSeconds: 0 }] },
    ]);
    assert.deepEqual(spec.queues![0]!.triggers, [
      { function: 'resize' },
      { function: 'arn:aws:lambda:us-east-1:000000000000:function:bill:live', batchSize: 500, maximumBatchingWindowInSeconds: 5, functionResponseTypes: ['ReportBatchItemFailures'], maximumConcurrency: 2, enabled: false },
    ]);
    assert.deepEqual(spec.queues![1]!.triggers, [{ function: 'work', batchSize: 10, maximumBatchingWindowInSeconds: 0 }]);
  });

  it("refuses what CreateEventSourceMapping refuses for SQS, naming the place", () => {
    rejects([{ name: 'q', triggers: {} }], 'queues[0].triggers: must be a list of triggers');
    rejects([{ name: 'q', triggers: [{}] }], 'queues[0].triggers[0].function: is missing');
    rejects([{ name: 'q', triggers: [{ function: 'a b' }] }], 'queues[0].triggers[0].function: "a b" is not a function name (1–64 of A–Z a–z 0–9 _ -) or ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>])');
    rejects([{ name: 'q', triggers: [{ function: 'arn:aws:sqs:us-east-1:000000000000:q' }] }], 'queues[0].triggers[0].function: "arn:aws:sqs:us-east-1:000000000000:q" is not a function name (1–64 of A–Z a–z 0–9 _ -) or ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>])');
    rejects([{ name: 'q', triggers: [{ function: 'f', batch: 1 }] }], 'queues[0].triggers[0]: unknown field "batch" (known: function, batchSize, maximumBatchingWindowInSeconds, functionResponseTypes, maximumConcurrency, enabled)');
    rejects([{ name: 'q', triggers: [{ function: 'f', batchSize: 0 }] }], 'queues[0].triggers[0].batchSize: must be a whole number from 1 to 10000');
    rejects([{ name: 'q', triggers: [{ function: 'f', batchSize: 10_001, maximumBatchingWindowInSeconds: 1 }] }], 'queues[0].triggers[0].batchSize: must be a whole number from 1 to 10000');
    rejects([{ name: 'q', triggers: [{ function: 'f', batchSize: 11 }] }], 'queues[0].triggers[0].batchSize: above 10 needs maximumBatchingWindowInSeconds of at least 1 (AWS)');
    rejects([{ name: 'q.fifo', triggers: [{ function: 'f', batchSize: 11, maximumBatchingWindowInSeconds: 0 }] }], 'queues[0].triggers[0].batchSize: must be a whole number from 1 to 10 on a FIFO queue');
    rejects([{ name: 'q.fifo', triggers: [{ function: 'f', maximumBatchingWindowInSeconds: 1 }] }], 'queues[0].triggers[0].maximumBatchingWindowInSeconds: a batching window is not supported for FIFO queues (AWS)');
    rejects([{ name: 'q', triggers: [{ function: 'f', maximumBatchingWindowInSeconds: 301 }] }], 'queues[0].triggers[0].maximumBatchingWindowInSeconds: must be a whole number from 0 to 300 (seconds)');
    rejects([{ name: 'q', triggers: [{ function: 'f', maximumConcurrency: 1 }] }], 'queues[0].triggers[0].maximumConcurrency: must be a whole number from 2 to 1000 (ScalingConfig.MaximumConcurrency)');
    rejects([{ name: 'q', triggers: [{ function: 'f', functionResponseTypes: ['Other'] }] }], 'queues[0].triggers[0].functionResponseTypes: must be [] or ["ReportBatchItemFailures"]');
    rejects([{ name: 'q', triggers: [{ function: 'f', enabled: 'yes' }] }], 'queues[0].triggers[0].enabled: must be true or false');
    rejects([{ name: 'q', triggers: [{ function: 'f' }, { function: 'arn:aws:lambda:us-east-1:000000000000:function:f' }] }], 'queues[0].triggers[1].function: a second trigger of function arn:aws:lambda:us-east-1:000000000000:function:f on this queue');
  });
});
