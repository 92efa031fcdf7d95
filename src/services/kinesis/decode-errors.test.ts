import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awsPath, decodeErrors, serializationMessage } from './decode-errors.js';

test('decoder paths become AWS paths: lower-camel members, list items as N.member', () => {
  assert.equal(awsPath('StreamName'), 'streamName');
  assert.equal(awsPath('Records.3.Data'), 'records.3.member.data');
  assert.equal(
    decodeErrors.missing('Records.1.PartitionKey').message,
    "1 validation error detected: Value null at 'records.1.member.partitionKey' failed to satisfy constraint: Member must not be null",
  );
});

test("wrong JSON types get the Java deserializer's messages [kinesalite]", () => {
  assert.equal(serializationMessage(5, 'string'), 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
  assert.equal(serializationMessage(true, 'integer'), 'class java.lang.Boolean can not be converted to an Integer');
  assert.equal(serializationMessage('x', 'integer'), 'class java.lang.String can not be converted to an Integer');
  assert.equal(serializationMessage('yes', 'boolean'), "'YES' can not be converted to an Boolean");
  assert.equal(serializationMessage([], 'string'), 'Start of list found where not expected');
  assert.equal(serializationMessage({}, 'string'), 'Start of structure or map found where not expected.');
  assert.equal(serializationMessage('abc', 'blob (base64)'), "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  assert.equal(serializationMessage('ab!d', 'blob (base64)'), "'ab!d' can not be converted to a Blob: Invalid Base64 character: '!'");
  assert.equal(serializationMessage('x', 'list'), 'Expected list or null');
  assert.equal(serializationMessage(true, 'timestamp'), 'class java.lang.Boolean can not be converted to milliseconds since epoch');
  assert.equal(decodeErrors.invalidType('ShardCount', 'x', 'integer').name, 'SerializationException');
});
