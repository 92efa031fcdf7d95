/** The resource file's stream triggers (Kinesis event source mappings): what is taken, and each refusal with its place. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config.js';
import { parseResources } from './resources-spec.js';

const parse = (triggers: unknown[]) => parseResources(JSON.stringify({ streams: [{ name: 'events', triggers }] }), 'r.json');

function rejects(triggers: unknown[], message: string): void {
  assert.throws(
    () => parse(triggers),
    (e: unknown) => e instanceof ConfigError && e.message === `r.json: ${message}`,
    message,
  );
}

describe('resource file: stream triggers', () => {
  it('takes every CreateEventSourceMapping setting of a Kinesis mapping, and keeps only what is given', () => {
    const all = {
      function: 'arn:aws:lambda:us-east-1:000000000000:function:bill:live',
      startingPosition: 'AT_TIMESTAMP',
      startingPositionTimestamp: 1700000000.5,
      batchSize: 10_000,
      maximumBatchingWindowInSeconds: 300,
      parallelizationFactor: 10,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 10_000,
      maximumRecordAgeInSeconds: 604_800,
      functionResponseTypes: ['ReportBatchItemFailures'],
      enabled: false,
    };
    const spec = parse([{ function: 'resize', startingPosition: 'LATEST' }, all, { function: 'keep', startingPosition: 'TRIM_HORIZON', maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1 }]);
    assert.deepEqual(spec.streams![0]!.triggers, [{ function: 'resize', startingPosition: 'LATEST' }, all, { function: 'keep', startingPosition: 'TRIM_HORIZON', maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1 }]);
  });

  it('refuses what CreateEventSourceMapping refuses for a stream, naming the place', () => {
    const at = 'streams[0].triggers[0]';
    rejects([{ function: 'f' }], `${at}.startingPosition: is missing (TRIM_HORIZON, LATEST or AT_TIMESTAMP: AWS requires it for a stream)`);
    rejects([{ function: 'f', startingPosition: 'EARLIEST' }], `${at}.startingPosition: must be TRIM_HORIZON, LATEST or AT_TIMESTAMP`);
    rejects([{ function: 'f', startingPosition: 'AT_TIMESTAMP' }], `${at}.startingPositionTimestamp: is required with AT_TIMESTAMP (Unix time in seconds)`);
    rejects([{ function: 'f', startingPosition: 'LATEST', startingPositionTimestamp: 1 }], `${at}.startingPositionTimestamp: is only valid with startingPosition AT_TIMESTAMP (AWS)`);
    rejects([{ function: 'f', startingPosition: 'LATEST', batchSize: 10_001 }], `${at}.batchSize: must be a whole number from 1 to 10000`);
    rejects([{ function: 'f', startingPosition: 'LATEST', maximumBatchingWindowInSeconds: 301 }], `${at}.maximumBatchingWindowInSeconds: must be a whole number from 0 to 300 (seconds)`);
    rejects([{ function: 'f', startingPosition: 'LATEST', parallelizationFactor: 11 }], `${at}.parallelizationFactor: must be a whole number from 1 to 10`);
    rejects([{ function: 'f', startingPosition: 'LATEST', maximumRetryAttempts: -2 }], `${at}.maximumRetryAttempts: must be a whole number from -1 to 10000 (-1: until the records expire)`);
    rejects([{ function: 'f', startingPosition: 'LATEST', maximumRecordAgeInSeconds: 59 }], `${at}.maximumRecordAgeInSeconds: must be -1 (no limit) or from 60 to 604800 seconds (AWS)`);
    rejects([{ function: 'f', startingPosition: 'LATEST', bisectBatchOnFunctionError: 'yes' }], `${at}.bisectBatchOnFunctionError: must be true or false`);
    rejects([{ function: 'f', startingPosition: 'LATEST', maximumConcurrency: 2 }], `${at}: unknown field "maximumConcurrency" (known: function, startingPosition, startingPositionTimestamp, batchSize, maximumBatchingWindowInSeconds, parallelizationFactor, bisectBatchOnFunctionError, maximumRetryAttempts, maximumRecordAgeInSeconds, functionResponseTypes, enabled)`);
    rejects([{ function: 'f', startingPosition: 'LATEST' }, { function: 'f', startingPosition: 'TRIM_HORIZON' }], 'streams[0].triggers[1].function: a second trigger of function f on this stream');
  });
});
