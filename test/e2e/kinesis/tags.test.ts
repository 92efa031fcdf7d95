import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  ListTagsForResourceCommand,
  ListTagsForStreamCommand,
  RemoveTagsFromStreamCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-kinesis';
import { isKinesisError, kinesisE2E } from '../../helpers/kinesis.js';

const ARN = (name: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;

kinesisE2E('Kinesis tags', (t) => {
  it('stream tags: add (also at creation), overwrite, list in key order with paging, remove', async () => {
    const { kinesis } = t();
    const name = t().name('tags');
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1, Tags: { team: 'a' } }));
    await kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { env: 'test', team: 'b', 'x.y/z=+-@ ü': '' } }));
    const all = await kinesis.send(new ListTagsForStreamCommand({ StreamName: name }));
    assert.deepEqual(all.Tags, [
      { Key: 'env', Value: 'test' },
      { Key: 'team', Value: 'b' },
      { Key: 'x.y/z=+-@ ü', Value: '' },
    ]);
    assert.equal(all.HasMoreTags, false);
    const page = await kinesis.send(new ListTagsForStreamCommand({ StreamARN: ARN(name), ExclusiveStartTagKey: 'env', Limit: 1 }));
    assert.deepEqual([page.Tags, page.HasMoreTags], [[{ Key: 'team', Value: 'b' }], true]);
    await kinesis.send(new RemoveTagsFromStreamCommand({ StreamName: name, TagKeys: ['team', 'absent'] }));
    assert.deepEqual((await kinesis.send(new ListTagsForStreamCommand({ StreamName: name }))).Tags!.map((x) => x.Key), ['env', 'x.y/z=+-@ ü']);
  });

  it('resource tags by stream ARN; at most 50 tags; invalid characters; unknown streams', async () => {
    const { kinesis } = t();
    const name = await t().activeStream({ ShardCount: 1 });
    await kinesis.send(new TagResourceCommand({ ResourceARN: ARN(name), Tags: { a: '1', b: '2' } }));
    await kinesis.send(new UntagResourceCommand({ ResourceARN: ARN(name), TagKeys: ['a'] }));
    assert.deepEqual((await kinesis.send(new ListTagsForResourceCommand({ ResourceARN: ARN(name) }))).Tags, [{ Key: 'b', Value: '2' }]);

    const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
    await kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: many })); // 50 with b
    await assert.rejects(kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { one: 'more' } })), (e) =>
      isKinesisError(
        e,
        'InvalidArgumentException',
        `Failed to add tags to stream ${name} under account 000000000000 because a given stream cannot have more than 50 tags associated with it.`,
      ),
    );
    await kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { b: 'overwrite is fine' } }));
    await assert.rejects(kinesis.send(new AddTagsToStreamCommand({ StreamName: name, Tags: { 'bad#key': 'v' } })), (e) =>
      isKinesisError(e, 'InvalidArgumentException', 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.'),
    );
    await assert.rejects(kinesis.send(new ListTagsForResourceCommand({ ResourceARN: ARN('nope') })), (e) =>
      isKinesisError(e, 'ResourceNotFoundException', 'Stream nope under account 000000000000 not found.'),
    );
  });
});
