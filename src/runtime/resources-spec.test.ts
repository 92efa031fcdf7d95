/** The resource file's reader: what it accepts, how it normalises, and each error with its path. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.js';
import { formatResources, parseResources, readResourcesFile } from './resources-spec.js';

const parse = (value: unknown) => parseResources(JSON.stringify(value), 'r.json');

function rejects(value: unknown, message: string): void {
  assert.throws(
    () => parse(value),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, `a ConfigError, not ${String(e)}`);
      assert.equal(e.message, `r.json: ${message}`);
      return true;
    },
  );
}

describe('resource file: reading', () => {
  it('reads every kind of resource and keeps what it says', () => {
    const spec = {
      version: 1,
      queues: [
        { name: 'orders-dlq' },
        { name: 'orders', attributes: { VisibilityTimeout: 60, Policy: { Version: '2012-10-17' } }, tags: { team: 'a' }, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } },
        { name: 'jobs.fifo', attributes: { FifoQueue: true, ContentBasedDeduplication: 'true' } },
      ],
      topics: [
        {
          name: 'events',
          subscriptions: [
            { queue: 'orders', rawMessageDelivery: true, filterPolicy: { kind: ['order'] }, filterPolicyScope: 'MessageBody', deadLetter: { queue: 'orders-dlq' } },
            { protocol: 'https', endpoint: 'https://example.com/hook', attributes: { DeliveryPolicy: { healthyRetryPolicy: { numRetries: 3 } } } },
          ],
        },
      ],
      streams: [{ name: 'clicks', shards: 2, retentionHours: 48, consumers: ['audit'], tags: { a: 'b' } }, { name: 'logs', mode: 'ON_DEMAND' }],
    };
    const parsed = parse(spec);
    // A subscription naming a queue is an sqs subscription.
    assert.equal(parsed.topics![0]!.subscriptions![0]!.protocol, 'sqs');
    assert.deepEqual(parsed.queues, spec.queues);
    assert.deepEqual(parsed.streams, spec.streams);
    assert.deepEqual(parse(JSON.parse(formatResources(parsed))), parsed);
  });

  it('writes a spec as a person would: what fits in 100 columns on one line', () => {
    const spec = {
      queues: [{ name: 'q', tags: { a: 'b' } }],
      topics: [{ name: 't', subscriptions: [{ protocol: 'sqs', queue: 'q', filterPolicy: { kind: ['order', 'refund'], amount: [{ numeric: ['>', 0] }] } }] }],
    };
    const text = formatResources(spec);
    assert.equal(
      text,
      [
        '{',
        '  "queues": [{ "name": "q", "tags": { "a": "b" } }],',
        '  "topics": [',
        '    {',
        '      "name": "t",',
        '      "subscriptions": [',
        '        {',
        '          "protocol": "sqs",',
        '          "queue": "q",',
        '          "filterPolicy": { "kind": ["order", "refund"], "amount": [{ "numeric": [">", 0] }] }',
        '        }',
        '      ]',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parseResources(text, 'r.json'), spec);
  });

  it('takes an empty file, and a filter policy written as a string', () => {
    assert.deepEqual(parse({}), {});
    const parsed = parse({ topics: [{ name: 't', subscriptions: [{ queue: 'q', filterPolicy: '{"a":["b"]}' }] }] });
    assert.deepEqual(parsed.topics![0]!.subscriptions![0]!.filterPolicy, { a: ['b'] });
  });

  it('refuses a file nested too deeply to be written back (a version or a Policy thousands deep), as a ConfigError', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const refused = (text: string, message: string) => assert.throws(() => parseResources(text, 'r.json'), (e: unknown) => e instanceof ConfigError && e.message === message);
    refused(`{"version": ${deep}}`, 'r.json: version: unknown version (a value nested too deeply to show) (this server reads version 1)');
    refused(`{"queues": [{"name": "q", "attributes": {"Policy": {"Statement": ${deep}}}}]}`, 'r.json: (top level): nested too deeply to be read back as JSON');
  });

  it('says where JSON is broken', () => {
    assert.throws(() => parseResources('{"queues": [', 'r.json'), (e: unknown) => e instanceof ConfigError && /^r\.json: not valid JSON: /.test(e.message));
  });

  it('rejects each wrong field with its path', () => {
    rejects([], '(top level): must be an object, not a list');
    rejects({ queue: [] }, '(top level): unknown field "queue" (known: $schema, version, queues, topics, streams)');
    rejects({ version: 2 }, 'version: unknown version 2 (this server reads version 1)');
    rejects({ queues: {} }, 'queues: must be a list, not an object');
    rejects({ queues: [{}] }, 'queues[0].name: is missing');
    rejects({ queues: [{ name: 'a b' }] }, 'queues[0].name: "a b" is not a queue name (1–80 of A–Z a–z 0–9 _ -, a FIFO queue\'s ending in .fifo)');
    rejects({ queues: [{ name: 'a' }, { name: 'a' }] }, 'queues[1]: a second queue a');
    rejects({ queues: [{ name: 'a', visibility: 3 }] }, 'queues[0]: unknown field "visibility" (known: name, attributes, tags, deadLetter, triggers)');
    rejects({ queues: [{ name: 'a', attributes: { DelaySeconds: null } }] }, 'queues[0].attributes.DelaySeconds: must be a string, a number, true/false, or (for a JSON-valued attribute) an object');
    rejects({ queues: [{ name: 'a', tags: { t: 1 } }] }, 'queues[0].tags.t: a tag value must be a string');
    rejects({ queues: [{ name: 'a', attributes: { FifoQueue: 'true' } }] }, 'queues[0].attributes.FifoQueue: a FIFO queue\'s name must end in .fifo');
    rejects({ queues: [{ name: 'a.fifo', attributes: { FifoQueue: false } }] }, 'queues[0].attributes.FifoQueue: a queue named .fifo is a FIFO queue');
    rejects({ queues: [{ name: 'a', deadLetter: { queue: 'b' } }] }, 'queues[0].deadLetter.maxReceiveCount: must be a whole number from 1 to 1000');
    rejects({ queues: [{ name: 'a', deadLetter: { queue: 'arn:aws:sqs:us-east-1:000000000000:b', maxReceiveCount: 2 } }] }, 'queues[0].deadLetter.queue: "arn:aws:sqs:us-east-1:000000000000:b" is not a queue name (a name, not a URL or ARN)');
    rejects(
      { queues: [{ name: 'a', deadLetter: { queue: 'b', maxReceiveCount: 2 }, attributes: { RedrivePolicy: '{}' } }] },
      'queues[0].attributes.RedrivePolicy: give either deadLetter or a RedrivePolicy attribute, not both',
    );
    rejects({ queues: [{ name: 'a', deadLetter: { queue: 'a', maxReceiveCount: 2 } }] }, 'queues[0].deadLetter.queue: the dead-letter chain loops: a → a');
    rejects(
      { queues: [{ name: 'a', deadLetter: { queue: 'b', maxReceiveCount: 2 } }, { name: 'b', deadLetter: { queue: 'a', maxReceiveCount: 2 } }] },
      'queues[0].deadLetter.queue: the dead-letter chain loops: a → b → a',
    );
  });

  it('rejects wrong topics and subscriptions with their path', () => {
    rejects({ topics: [{ name: 't.fifo', attributes: { FifoTopic: 'false' } }] }, 'topics[0].attributes.FifoTopic: a topic named .fifo is a FIFO topic');
    rejects({ topics: [{ name: 't', attributes: { FifoTopic: 'true' } }] }, 'topics[0].attributes.FifoTopic: a FIFO topic\'s name must end in .fifo');
    rejects({ topics: [{ name: 't/x' }] }, 'topics[0].name: "t/x" is not a topic name (1–256 of A–Z a–z 0–9 _ -, a FIFO topic\'s ending in .fifo)');
    const sub = (s: object) => ({ topics: [{ name: 't', subscriptions: [s] }] });
    rejects(sub({}), 'topics[0].subscriptions[0].protocol: is missing');
    rejects(sub({ protocol: 'smtp', endpoint: 'x' }), 'topics[0].subscriptions[0].protocol: "smtp" is not an SNS protocol (sqs, http, https, email, email-json, sms, application, lambda, firehose)');
    rejects(sub({ protocol: 'https', queue: 'q' }), 'topics[0].subscriptions[0].queue: a queue is for the sqs protocol; for https give an endpoint');
    rejects(sub({ protocol: 'https' }), 'topics[0].subscriptions[0]: needs an endpoint');
    rejects(sub({ protocol: 'sqs' }), 'topics[0].subscriptions[0]: needs a queue (a name in this file or on the server) or an endpoint (a queue ARN)');
    rejects(sub({ queue: 'q', endpoint: 'arn:aws:sqs:us-east-1:000000000000:q' }), 'topics[0].subscriptions[0]: give either queue (a name) or endpoint (a queue ARN), not both');
    rejects(sub({ queue: 'q', rawMessageDelivery: 'yes' }), 'topics[0].subscriptions[0].rawMessageDelivery: must be true or false');
    rejects(sub({ queue: 'q', filterPolicy: '{' }), 'topics[0].subscriptions[0].filterPolicy: is a string that is not JSON (write the policy as an object)');
    rejects(sub({ queue: 'q', filterPolicy: ['a'] }), 'topics[0].subscriptions[0].filterPolicy: must be an object, not a list');
    rejects(sub({ queue: 'q', filterPolicyScope: 'Body' }), 'topics[0].subscriptions[0].filterPolicyScope: must be MessageAttributes or MessageBody');
    rejects(sub({ queue: 'q', deadLetter: { queue: 'd', maxReceiveCount: 1 } }), 'topics[0].subscriptions[0].deadLetter: unknown field "maxReceiveCount" (known: queue)');
    rejects(sub({ queue: 'q', filterPolicy: {}, attributes: { FilterPolicy: '{}' } }), 'topics[0].subscriptions[0].attributes.FilterPolicy: give either filterPolicy or the FilterPolicy attribute, not both');
    rejects({ topics: [{ name: 't', subscriptions: [{ queue: 'q' }, { protocol: 'sqs', queue: 'q' }] }] }, 'topics[0].subscriptions[1]: a second subscription sqs q');
  });

  it('rejects wrong streams with their path', () => {
    rejects({ streams: [{ name: 's', mode: 'provisioned' }] }, 'streams[0].mode: must be PROVISIONED or ON_DEMAND');
    rejects({ streams: [{ name: 's', shards: 0 }] }, 'streams[0].shards: must be a whole number from 1 to 10000');
    rejects({ streams: [{ name: 's', mode: 'ON_DEMAND', shards: 2 }] }, 'streams[0].shards: is for PROVISIONED streams (an ON_DEMAND stream scales itself)');
    rejects({ streams: [{ name: 's', retentionHours: 12 }] }, 'streams[0].retentionHours: must be a whole number of hours from 24 to 8760');
    rejects({ streams: [{ name: 's', consumers: ['a', 'a'] }] }, 'streams[0].consumers[1]: a second consumer a');
    rejects({ streams: [{ name: 's', consumers: ['a b'] }] }, 'streams[0].consumers[0]: "a b" is not a consumer name (1–128 of A–Z a–z 0–9 _ . -)');
    rejects({ streams: [{ name: 's', consumers: Array.from({ length: 21 }, (_, i) => `c${i}`) }] }, 'streams[0].consumers: a stream has at most 20 consumers');
    rejects({ streams: [{ name: 's' }, { name: 's' }] }, 'streams[1]: a second stream s');
  });

  it('reads a file, and says when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'resources-'));
    try {
      writeFileSync(join(dir, 'r.json'), '{"queues":[{"name":"q"}]}');
      assert.deepEqual(readResourcesFile(join(dir, 'r.json')), { queues: [{ name: 'q' }] });
      assert.throws(() => readResourcesFile(join(dir, 'none.json')), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`cannot read the resource file ${join(dir, 'none.json')}: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
