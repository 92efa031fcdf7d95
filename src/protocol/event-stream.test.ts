/**
 * Event-stream framing: the verified initial-response bytes from AWS-WIRE §3.4, and agreement
 * with `@smithy/core/event-streams` (the codec the JS v3 SDK decodes with) in both directions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventStreamCodec, Int64 } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { ServiceError } from '../services/shared/errors.js';
import type { EventStreamOutput, StreamEvent } from '../services/shared/service.js';
import { decodeCbor } from './cbor.js';
import {
  CBOR_PAYLOADS,
  JSON_PAYLOADS,
  decodeFrames,
  encodeFrame,
  errorFrame,
  eventFrame,
  eventStreamBody,
  exceptionFrame,
  isEventStreamOutput,
  payloadJson,
  type HeaderValue,
  type StreamFailure,
} from './event-stream.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const smithy = new EventStreamCodec(toUtf8, fromUtf8);

// AWS-WIRE §3.4: accepted by JS v3 and boto3.
const INITIAL_RESPONSE = hex(`
  00000068 00000056 4e681724 0b3a6576656e742d74797065 07 0010 696e697469616c2d726573706f6e7365
  0d3a636f6e74656e742d74797065 07 0010 6170706c69636174696f6e2f6a736f6e 0d3a6d6573736167652d74797065 07 0005 6576656e74
  7b7d d591c62b`);

test('fixture: the initial-response frame is byte-identical to the verified one', () => {
  assert.deepEqual(eventFrame('initial-response', '{}'), INITIAL_RESPONSE);
  const [f] = decodeFrames(INITIAL_RESPONSE);
  assert.deepEqual(f!.headers, { ':event-type': 'initial-response', ':content-type': 'application/json', ':message-type': 'event' });
  assert.equal(f!.payload.toString(), '{}');
});

test('the three message kinds decode with @smithy/core/event-streams', () => {
  const payload = payloadJson({ Records: [{ SequenceNumber: '1', Data: Buffer.from('hello'), ApproximateArrivalTimestamp: new Date(1_700_000_000_123), PartitionKey: 'pk' }], MillisBehindLatest: 0 });
  const ev = smithy.decode(eventFrame('SubscribeToShardEvent', payload));
  assert.deepEqual(ev.headers, {
    ':event-type': { type: 'string', value: 'SubscribeToShardEvent' },
    ':content-type': { type: 'string', value: 'application/json' },
    ':message-type': { type: 'string', value: 'event' },
  });
  assert.deepEqual(JSON.parse(toUtf8(ev.body)), {
    Records: [{ SequenceNumber: '1', Data: 'aGVsbG8=', ApproximateArrivalTimestamp: 1700000000.123, PartitionKey: 'pk' }],
    MillisBehindLatest: 0,
  });
  const ex = smithy.decode(exceptionFrame('ResourceInUseException', '{"message":"busy"}'));
  assert.equal(ex.headers[':message-type']!.value, 'exception');
  assert.equal(ex.headers[':exception-type']!.value, 'ResourceInUseException');
  assert.equal(toUtf8(ex.body), '{"message":"busy"}');
  const er = smithy.decode(errorFrame('InternalFailure', 'We encountered an internal error.'));
  assert.deepEqual(er.headers, {
    ':error-code': { type: 'string', value: 'InternalFailure' },
    ':error-message': { type: 'string', value: 'We encountered an internal error.' },
    ':message-type': { type: 'string', value: 'error' },
  });
  assert.equal(er.body.length, 0);
});

test('every header type, both ways against @smithy/core/event-streams', () => {
  const ours: Record<string, HeaderValue> = {
    s: 'x✓',
    t: true,
    f: false,
    b: { type: 'byte', value: -3 },
    sh: { type: 'short', value: 300 },
    i: { type: 'integer', value: -70000 },
    l: { type: 'long', value: 5_000_000_000n },
    bin: Buffer.from([1, 2, 3]),
    ts: new Date(1_700_000_000_123),
    u: { type: 'uuid', value: '12345678-1234-1234-1234-123456789abc' },
  };
  const theirs = {
    s: { type: 'string', value: 'x✓' },
    t: { type: 'boolean', value: true },
    f: { type: 'boolean', value: false },
    b: { type: 'byte', value: -3 },
    sh: { type: 'short', value: 300 },
    i: { type: 'integer', value: -70000 },
    l: { type: 'long', value: Int64.fromNumber(5_000_000_000) },
    bin: { type: 'binary', value: new Uint8Array([1, 2, 3]) },
    ts: { type: 'timestamp', value: new Date(1_700_000_000_123) },
    u: { type: 'uuid', value: '12345678-1234-1234-1234-123456789abc' },
  } as const;
  const body = Buffer.from('payload');
  const mine = encodeFrame(ours, body);
  assert.deepEqual(mine, Buffer.from(smithy.encode({ headers: theirs, body })));
  const decoded = smithy.decode(mine);
  assert.equal(decoded.headers.l!.value.valueOf(), 5_000_000_000);
  assert.deepEqual(decodeFrames(mine), [{ headers: ours, payload: body }]);
});

test('decodeFrames reads back-to-back frames and rejects corruption', () => {
  const two = Buffer.concat([eventFrame('A', '{"a":1}'), errorFrame('E', 'm')]);
  const frames = decodeFrames(two);
  assert.deepEqual(frames.map((f) => f.headers[':message-type']), ['event', 'error']);
  const bad = Buffer.from(two);
  bad[20] ^= 1;
  assert.throws(() => decodeFrames(bad), /Message CRC mismatch/);
  bad[20] ^= 1;
  bad[2] ^= 1;
  assert.throws(() => decodeFrames(bad), /Prelude CRC mismatch/);
  assert.throws(() => decodeFrames(two.subarray(0, two.length - 1)), /lengths|Truncated/);
});

test('payloadJson: blobs base64, Dates epoch seconds, null/undefined members left out', () => {
  assert.equal(
    payloadJson({ a: new Uint8Array([255]), t: new Date(1_000), n: null, u: undefined, list: [1, { x: null }], big: 7n }),
    '{"a":"/w==","t":1,"list":[1,{}],"big":7}',
  );
});

async function* gen(items: StreamEvent[], thenThrow?: unknown): AsyncGenerator<StreamEvent> {
  for (const x of items) yield x;
  if (thenThrow !== undefined) throw thenThrow;
}

async function collect(
  out: EventStreamOutput,
  onError = (e: unknown): StreamFailure => ({ code: 'X', message: String(e) }),
): Promise<Record<string, HeaderValue>[]> {
  const frames: Record<string, HeaderValue>[] = [];
  for await (const chunk of eventStreamBody(out, JSON_PAYLOADS, onError)) {
    for (const f of decodeFrames(chunk)) frames.push({ ...f.headers, body: f.payload.toString() });
  }
  return frames;
}

test('eventStreamBody: initial-response first, events in order, an exception ends the stream', async () => {
  const frames = await collect({
    initial: { Note: 'hi' },
    events: gen([
      { type: 'E1', payload: { n: 1 } },
      { type: 'E2', payload: { n: 2 } },
      { exception: 'ResourceInUseException', payload: { message: 'busy' } },
      { type: 'Never', payload: {} },
    ]),
  });
  assert.deepEqual(
    frames.map((f) => [f[':message-type'], f[':event-type'] ?? f[':exception-type'], f.body]),
    [
      ['event', 'initial-response', '{"Note":"hi"}'],
      ['event', 'E1', '{"n":1}'],
      ['event', 'E2', '{"n":2}'],
      ['exception', 'ResourceInUseException', '{"message":"busy"}'],
    ],
  );
});

test('eventStreamBody: a throw from events ends the stream the way onError says', async () => {
  let frames = await collect(
    { initial: {}, events: gen([{ type: 'E1', payload: {} }], new ServiceError('Boom', 'bad')) },
    (e) => ({ code: (e as ServiceError).shape, message: (e as Error).message }),
  );
  assert.deepEqual(frames.at(-1), { ':error-code': 'Boom', ':error-message': 'bad', ':message-type': 'error', body: '' });
  assert.equal(frames.length, 3);
  frames = await collect({ initial: {}, events: gen([], new Error('x')) }, () => ({ exception: 'Modelled', payload: { message: 'm' } }));
  assert.deepEqual(frames.at(-1), { ':exception-type': 'Modelled', ':content-type': 'application/json', ':message-type': 'exception', body: '{"message":"m"}' });
});

test('eventStreamBody with CBOR payloads: the CBOR content type, blobs as byte strings, timestamps as tag 1 ms', async () => {
  const events = gen([{ type: 'SubscribeToShardEvent', payload: { Records: [{ Data: Buffer.from('hi'), At: new Date(1_700_000_000_123) }], MillisBehindLatest: 2 ** 33 } }]);
  const frames: { headers: Record<string, HeaderValue>; payload: Buffer }[] = [];
  for await (const chunk of eventStreamBody({ initial: {}, events }, CBOR_PAYLOADS, () => ({ code: 'X', message: 'x' }))) frames.push(...decodeFrames(chunk));
  assert.deepEqual(frames.map((f) => f.headers[':content-type']), ['application/x-amz-cbor-1.1', 'application/x-amz-cbor-1.1']);
  assert.deepEqual(frames[0]!.payload, Buffer.from([0xa0]));
  assert.deepEqual(decodeCbor(frames[1]!.payload), { Records: [{ Data: Buffer.from('hi'), At: new Date(1_700_000_000_123) }], MillisBehindLatest: 2 ** 33 });
  assert.match(frames[1]!.payload.toString('hex'), /c11b0000018bcfe5687b/);
});

test('eventStreamBody: the initial response does not wait for the first event; return() closes events', async () => {
  let closed = false;
  let release!: () => void;
  const events = (async function* () {
    try {
      await new Promise<void>((r) => (release = r));
      yield { type: 'E1', payload: {} };
      yield { type: 'E2', payload: {} };
    } finally {
      closed = true;
    }
  })();
  const it = eventStreamBody({ initial: {}, events }, JSON_PAYLOADS, () => ({ code: 'X', message: 'x' }));
  const first = await it.next();
  assert.equal(decodeFrames(first.value!)[0]!.headers[':event-type'], 'initial-response');
  const second = it.next();
  release();
  assert.equal(decodeFrames((await second).value!)[0]!.headers[':event-type'], 'E1');
  await it.return(undefined);
  assert.equal(closed, true);
});

test('isEventStreamOutput: only objects whose events is async-iterable', () => {
  assert.equal(isEventStreamOutput({ initial: {}, events: gen([]) }), true);
  assert.equal(isEventStreamOutput({ events: [1, 2] }), false);
  assert.equal(isEventStreamOutput({ Events: gen([]) }), false);
  assert.equal(isEventStreamOutput(undefined), false);
  assert.equal(isEventStreamOutput('x'), false);
});
