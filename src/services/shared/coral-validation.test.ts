import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kinesisModel } from '../kinesis/model.js';
import { coralValidationMessage, coralViolations } from './coral-validation.js';

const opts = { javaPackage: 'com.amazonaws.kinesis.v20131202' };
const check = (op: string, input: Record<string, unknown>) => coralValidationMessage(coralViolations(kinesisModel.operations[op]!.input, input, opts));

test("CreateStream: kinesalite's recorded messages, members in alphabetical order, pattern before length", () => {
  assert.equal(
    check('CreateStream', { StreamName: '', ShardCount: 0 }),
    "3 validation errors detected: Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
      "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
      "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
  );
  const long = 'a'.repeat(129);
  assert.equal(
    check('CreateStream', { StreamName: long, ShardCount: 1 }),
    `1 validation error detected: Value '${long}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128`,
  );
  assert.deepEqual(coralViolations(kinesisModel.operations.CreateStream!.input, { StreamName: 'ok.name-1_x', ShardCount: 2 }, opts), []);
});

test('nested members: list items as records.N.member, blobs as ByteBuffers, enums listed', () => {
  assert.equal(
    check('PutRecords', { StreamName: 's', Records: [{ Data: Buffer.alloc(1), PartitionKey: 'k' }, { Data: Buffer.alloc(2), PartitionKey: '', ExplicitHashKey: 'x' }] }),
    "2 validation errors detected: Value 'x' at 'records.2.member.explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38}); " +
      "Value '' at 'records.2.member.partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
  );
  assert.match(check('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: Buffer.alloc(10485761) }), /Value 'java\.nio\.HeapByteBuffer\[pos=0 lim=10485761 cap=10485761\]' at 'data'/);
  assert.equal(
    check('GetShardIterator', { StreamName: 's', ShardId: 'shardId-0', ShardIteratorType: 'NEWEST' }),
    "1 validation error detected: Value 'NEWEST' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]",
  );
});

test('lists and maps of scalars: one clause for the collection; list length', () => {
  assert.equal(
    check('RemoveTagsFromStream', { StreamName: 's', TagKeys: ['ok', ''] }),
    "1 validation error detected: Value '[ok, ]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]",
  );
  assert.equal(
    check('AddTagsToStream', { StreamName: 's', Tags: { ['k'.repeat(129)]: 'v' } }),
    `1 validation error detected: Value '{${'k'.repeat(129)}=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]`,
  );
  assert.match(check('RemoveTagsFromStream', { StreamName: 's', TagKeys: [] }), /at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1$/);
});

test('at most 10 clauses', () => {
  const records = Array.from({ length: 20 }, () => ({ Data: Buffer.alloc(1), PartitionKey: '' }));
  assert.match(check('PutRecords', { StreamName: 's', Records: records }), /^10 validation errors detected: /);
});
