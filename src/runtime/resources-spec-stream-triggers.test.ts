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
      tumblingWindowInSeconds: 0,
      destinationConfig: { onFailure: { destination: 'arn:aws:sqs:us-east-1:000000000000:bill-failures' } },
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
    rejects([{ function: 'f', startingPosition: 'LATEST', maximumConcurrency: 2 }], `${at}: unknown field "maximumConcurrency" (known: function, startingPosition, startingPositionTimestamp, batchSize, maximumBatchingWindowInSeconds, parallelizationFactor, bisectBatchOnFunctionError, maximumRetryAttempts, maximumRecordAgeInSeconds, functionResponseTypes, enabled, destinationConfig, tumblingWindowInSeconds, filterCriteria)`);
    rejects([{ function: 'f', startingPosition: 'LATEST' }, { function: 'f', startingPosition: 'TRIM_HORIZON' }], 'streams[0].triggers[1].function: a second trigger of function f on this stream');
    rejects([{ function: 'f', startingPosition: 'LATEST', tumblingWindowInSeconds: 901 }], `${at}.tumblingWindowInSeconds: must be a whole number from 0 to 900 (seconds; 0: no window)`);
    rejects([{ function: 'f', startingPosition: 'LATEST', tumblingWindowInSeconds: 60, parallelizationFactor: 2 }], `${at}.tumblingWindowInSeconds: is not supported with a parallelizationFactor above 1 here (Switchyard keeps one window state per shard)`);
    assert.deepEqual(parse([{ function: 'f', startingPosition: 'LATEST', tumblingWindowInSeconds: 900, parallelizationFactor: 1 }]).streams![0]!.triggers![0]!.tumblingWindowInSeconds, 900);
  });

  it('takes an SQS queue or SNS topic as the on-failure destination, and refuses anything else with its place', () => {
    const topic = { function: 'f', startingPosition: 'LATEST', destinationConfig: { onFailure: { destination: 'arn:aws:sns:eu-west-1:123456789012:alerts' } } };
    assert.deepEqual(parse([topic]).streams![0]!.triggers, [topic]);
    const at = 'streams[0].triggers[0].destinationConfig';
    const dest = (destinationConfig: unknown) => [{ function: 'f', startingPosition: 'LATEST', destinationConfig }];
    rejects(dest('arn:aws:sqs:us-east-1:000000000000:q'), `${at}: must be an object ({ "onFailure": { "destination": "<ARN>" } })`);
    rejects(dest({ onSuccess: { destination: 'x' } }), `${at}: unknown field "onSuccess" (known: onFailure; a stream's mapping has no onSuccess destination)`);
    rejects(dest({ onFailure: { destination: 'arn:aws:sqs:us-east-1:000000000000:q', type: 'SQS' } }), `${at}.onFailure: unknown field "type" (known: destination)`);
    rejects(dest({ onFailure: {} }), `${at}.onFailure.destination: must be the ARN of an SQS queue or SNS topic`);
    rejects(dest({ onFailure: { destination: 'arn:aws:s3:::bucket' } }), `${at}.onFailure.destination: "arn:aws:s3:::bucket" is not the ARN of an SQS queue (arn:aws:sqs:<region>:<account>:<queue>) or SNS topic (arn:aws:sns:<region>:<account>:<topic>), the destinations a Kinesis mapping takes here`);
    rejects(dest({ onFailure: { destination: 'https://sqs.us-east-1.amazonaws.com/000000000000/q' } }), `${at}.onFailure.destination: "https://sqs.us-east-1.amazonaws.com/000000000000/q" is not the ARN of an SQS queue (arn:aws:sqs:<region>:<account>:<queue>) or SNS topic (arn:aws:sns:<region>:<account>:<topic>), the destinations a Kinesis mapping takes here`);
    rejects(dest({ onFailure: { destination: 'arn:aws:sqs:us-east-1:000000000000:jobs.fifo' } }), `${at}.onFailure.destination: arn:aws:sqs:us-east-1:000000000000:jobs.fifo is a FIFO queue: Lambda sends a stream's discarded records only to a standard queue or topic (AWS)`);
    rejects(dest({ onFailure: { destination: `arn:aws:sqs:us-east-1:000000000000:${'q'.repeat(81)}` } }), `${at}.onFailure.destination: "${'q'.repeat(81)}" is not a valid queue name`);
  });

  it('takes filterCriteria on the data key, as a JSON string or an object, and refuses patterns on other keys or on the data as a string', () => {
    const filters = [{ pattern: '{"data":{"type":["buy"]}}' }, { pattern: { $or: [{ data: { qty: [{ numeric: ['>', 10] }] } }, { data: { vip: [true] } }] } }];
    const t = { function: 'f', startingPosition: 'LATEST', filterCriteria: { filters } };
    assert.deepEqual(parse([t]).streams![0]!.triggers, [t]);
    const at = 'streams[0].triggers[0].filterCriteria';
    const with_ = (pattern: unknown) => [{ function: 'f', startingPosition: 'LATEST', filterCriteria: { filters: [{ pattern }] } }];
    rejects(with_('{"partitionKey":["1"]}'), `${at}.filters[0].pattern: filters on "partitionKey": a Kinesis mapping filters on the data key only (AWS)`);
    rejects(with_({ $or: [{ data: { a: [1] } }, { eventName: ['x'] }] }), `${at}.filters[0].pattern: filters on "eventName": a Kinesis mapping filters on the data key only (AWS)`);
    assert.throws(() => parse(with_('{"data":[{"prefix":"x"}]}')), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`r.json: ${at}.filters[0].pattern: Invalid filter pattern definition.`));
    assert.throws(() => parse(with_('{"data":')), (e: unknown) => e instanceof ConfigError && e.message.includes('Invalid filter pattern definition.'));
    // Text after the pattern's object (the compiler ignores it): a SyntaxError escaped (fuzz seed 8, mutated file #581).
    assert.throws(
      () => parse(with_('{"data":{"a":[null]}}{"data":{"a":[null]}}')),
      (e: unknown) => e instanceof ConfigError && e.message.startsWith(`r.json: ${at}.filters[0].pattern: must be one JSON object, with nothing after it (`),
    );
  });
});
