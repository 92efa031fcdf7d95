/** The resource file's queue triggers (SQS event source mappings): what is taken, and each refusal with its place. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config.js';
import { parseResources } from './resources-spec.js';
import { filterPatterns } from './resources-spec-triggers.js';

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
    rejects([{ name: 'q', triggers: [{ function: 'f', batch: 1 }] }], 'queues[0].triggers[0]: unknown field "batch" (known: function, batchSize, maximumBatchingWindowInSeconds, functionResponseTypes, maximumConcurrency, filterCriteria, enabled)');
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

  it('filterCriteria: patterns as JSON strings or objects, kept as given; {} and no filters are no filter', () => {
    const filterCriteria = { filters: [{ pattern: '{"body":{"kind":["order"]}}' }, { pattern: { messageAttributes: { color: { stringValue: ['blue'] } } } }] };
    const spec = parse([
      { name: 'q', triggers: [{ function: 'f', filterCriteria }] },
      { name: 'r', triggers: [{ function: 'f', filterCriteria: {} }, { function: 'g', filterCriteria: { filters: [] } }] },
    ]);
    assert.deepEqual(spec.queues![0]!.triggers![0]!.filterCriteria, filterCriteria);
    assert.deepEqual(filterPatterns(filterCriteria), ['{"body":{"kind":["order"]}}', '{"messageAttributes":{"color":{"stringValue":["blue"]}}}']);
    assert.deepEqual(spec.queues![1]!.triggers!.map((t) => t.filterCriteria), [{}, { filters: [] }]);
  });

  it('filterCriteria: refuses a wrong shape or a pattern Lambda refuses, naming the trigger and the pattern', () => {
    const fc = (filterCriteria: unknown) => [{ name: 'q', triggers: [{ function: 'f' }, { function: 'g', filterCriteria }] }];
    rejects(fc([]), 'queues[0].triggers[1].filterCriteria: must be an object ({ "filters": [{ "pattern": … }] }, FilterCriteria)');
    rejects(fc({ Filters: [] }), 'queues[0].triggers[1].filterCriteria: unknown field "Filters" (known: filters)');
    rejects(fc({ filters: {} }), 'queues[0].triggers[1].filterCriteria.filters: must be a list of { "pattern": … }');
    rejects(fc({ filters: [{ Pattern: '{}' }] }), 'queues[0].triggers[1].filterCriteria.filters[0]: unknown field "Pattern" (known: pattern)');
    rejects(fc({ filters: [{}] }), 'queues[0].triggers[1].filterCriteria.filters[0].pattern: is missing');
    rejects(fc({ filters: [{ pattern: ['x'] }] }), 'queues[0].triggers[1].filterCriteria.filters[0].pattern: must be a JSON string (as AWS takes it) or an object');
    rejects(
      fc({ filters: [{ pattern: { body: ['x'] } }, { pattern: '{"body": {"kind": "order"}}' }] }),
      'queues[0].triggers[1].filterCriteria.filters[1].pattern: Invalid filter pattern definition. "kind" must be an object or an array (line 1, column 20) (InvalidParameterValueException)',
    );
    rejects(fc({ filters: [{ pattern: { body: { n: [{ numeric: ['<', 'x'] }] } } }] }), 'queues[0].triggers[1].filterCriteria.filters[0].pattern: Invalid filter pattern definition. Value of < must be numeric (line 1, column 32) (InvalidParameterValueException)');
    rejects(
      fc({ filters: Array.from({ length: 6 }, () => ({ pattern: { a: ['x'] } })) }),
      "queues[0].triggers[1].filterCriteria.filters: at most 5 filters per event source mapping (Lambda's default quota), not 6 (InvalidParameterValueException)",
    );
  });
});
