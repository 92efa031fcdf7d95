import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProtocolHandler } from './dispatch.js';
import { call, everything, form, kitchenService, miniSqsService } from './fixtures.test.js';
import { InputFault, planStructure } from './plan.js';
import { buildTree, decodeQueryStruct, parseForm, readQueryParams } from './query.js';

const plan = planStructure(everything);
const decode = (qs: string) => decodeQueryStruct(plan, buildTree(readQueryParams('', qs)));

/** Every shape type and naming rule, as a query client writes it. */
const FULL_QUERY = [
  'Str=h%C3%A9+%22q%22%20%3Cb%3E%26%0D%0A',
  'Int=-42',
  `Long=${2 ** 53 - 1}`,
  'Dbl=1.5e0',
  'Bool=false',
  'Blob=AAEC%2Fw%3D%3D',
  'Time=2024-01-02T03%3A04%3A05.678Z',
  'TimeEpoch=1700000000.123',
  'FlatItem.1=a',
  'FlatItem.2=b',
  'WrappedList.member.1=x',
  'NamedList.Num.1=1',
  'NamedList.Num.2=2',
  'NamedList.Num.3=3',
  'FlatEntry.1.K=k1',
  'FlatEntry.1.V=v1',
  'FlatEntry.2.K=k2',
  'FlatEntry.2.V=v2',
  'WrappedMap.entry.1.key=a',
  'WrappedMap.entry.1.value=1',
  'Nested.A=in',
  'Nested.B=7',
  'Nested.Tag.1=t1',
  'Struct.1.A=s1',
  'Struct.2.A=s2',
  'Struct.2.B=2',
  'MapOfStructs.entry.1.key=m',
  'MapOfStructs.entry.1.value.A=ma',
  'OtherName=r',
  'Shared.1=s',
  'Action=Echo',
  'Version=2020-01-01',
].join('&');

const FULL = {
  Str: 'hé "q" <b>&\r\n',
  Int: -42,
  Long: 2 ** 53 - 1,
  Dbl: 1.5,
  Bool: false,
  Blob: Buffer.from([0, 1, 2, 255]),
  Time: new Date('2024-01-02T03:04:05.678Z'),
  TimeEpoch: new Date(1_700_000_000_123),
  FlatList: ['a', 'b'],
  WrappedList: ['x'],
  NamedList: [1, 2, 3],
  FlatMap: { k1: 'v1', k2: 'v2' },
  WrappedMap: { a: '1' },
  Nested: { A: 'in', B: 7, Tags: ['t1'] },
  Structs: [{ A: 's1' }, { A: 's2', B: 2 }],
  MapOfStructs: { m: { A: 'ma' } },
  Renamed: 'r',
  Shared1: ['s'],
  Shared2: ['s'],
};

test('query decode: every shape type, flattened and member/entry naming, nested structures', () => {
  assert.deepEqual(decode(FULL_QUERY), FULL);
});

test('query decode: list and map indexes are ordered numerically, gaps allowed', () => {
  const out = decode('Str=x&FlatItem.10=ten&FlatItem.2=two&FlatItem.1=one&Struct.10.A=c&Struct.9.A=b&Struct.1.A=a&FlatEntry.10.K=z&FlatEntry.10.V=10&FlatEntry.2.K=y&FlatEntry.2.V=2');
  assert.deepEqual(out.FlatList, ['one', 'two', 'ten']);
  assert.deepEqual(out.Structs, [{ A: 'a' }, { A: 'b' }, { A: 'c' }]);
  assert.deepEqual(Object.keys(out.FlatMap as object), ['y', 'z']);
});

test('query decode: non-numeric list segments and unknown parameters are ignored', () => {
  const out = decode('Str=x&FlatItem.foo=bar&FlatItem.0=zero&FlatItem.1=one&Nobody=here&Nested.Unknown=1&Nested.A=a');
  assert.deepEqual(out, { Str: 'x', FlatList: ['one'], Nested: { A: 'a' } });
});

test('query params: a key of more than 64 segments names no member and builds no nodes (15 MB of dots took 3.7 GB)', () => {
  const deep = `${'a.'.repeat(2_000_000)}b`;
  const started = Date.now();
  const root = buildTree(readQueryParams('', `Action=X&${deep}=1&${'.'.repeat(1_000_000)}=2&${'s.'.repeat(63)}t=3&${'u.'.repeat(64)}v=4`));
  assert.ok(Date.now() - started < 2_000);
  assert.deepEqual([...root.children!.keys()], ['Action', 's']);
  let node = root.children!.get('s')!;
  for (let i = 0; i < 62; i++) node = node.children!.get('s')!;
  assert.equal(node.children!.get('t')!.value, '3'); // 64 segments: kept
});

test('query decode: an empty list/map is sent as `Name=`', () => {
  const out = decode('Str=x&FlatItem=&WrappedList=&FlatEntry=');
  assert.deepEqual(out, { Str: 'x', FlatList: [], WrappedList: [], FlatMap: {} });
});

test('query decode: members sharing one wire name both get the value', () => {
  const out = decode('Str=x&Shared.1=All&Shared.2=SentTimestamp');
  assert.deepEqual(out.Shared1, ['All', 'SentTimestamp']);
  assert.deepEqual(out.Shared2, ['All', 'SentTimestamp']);
});

test('query decode: a map key named __proto__ stays data', () => {
  const out = decode('Str=x&FlatEntry.1.K=__proto__&FlatEntry.1.V=polluted');
  const m = out.FlatMap as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(m, '__proto__')?.value, 'polluted');
});

function fault(qs: string): InputFault {
  try {
    decode(qs);
  } catch (e) {
    if (e instanceof InputFault) return e;
    throw e;
  }
  return assert.fail('expected an InputFault');
}

test('query decode: bad scalars are invalid types, with wire paths', () => {
  const cases: [string, string, string][] = [
    ['Str=x&Int=1.5', 'Int', 'integer'],
    ['Str=x&Int=', 'Int', 'integer'],
    ['Str=x&Int=0x10', 'Int', 'integer'],
    ['Str=x&Dbl=abc', 'Dbl', 'double'],
    ['Str=x&Bool=yes', 'Bool', 'boolean'],
    ['Str=x&Blob=%%%', 'Blob', 'blob (base64)'],
    ['Str=x&Time=never', 'Time', 'timestamp'],
    ['Str=x&NamedList.Num.1=1&NamedList.Num.2=x', 'NamedList.Num.2', 'integer'],
    ['Str=x&Struct.1.A=a&Struct.2.A=b&Struct.2.B=x', 'Struct.2.B', 'integer'],
  ];
  for (const [qs, path, expected] of cases) {
    const f = fault(qs);
    assert.equal(f.reason, 'type', qs);
    assert.equal(f.path.join('.'), path, qs);
    assert.equal(f.expected, expected, qs);
  }
  assert.equal(decode('Str=x&Bool=TRUE').Bool, true);
});

test('query decode: missing required members, with wire paths', () => {
  for (const [qs, path] of [
    ['Int=1', 'Str'],
    ['Str=x&Struct.1.A=a&Struct.3.B=1', 'Struct.3.A'],
    ['Str=x&MapOfStructs.entry.1.key=k&MapOfStructs.entry.1.value.B=1', 'MapOfStructs.entry.1.value.A'],
    ['Str=x&FlatEntry.1.K=k', 'FlatEntry.1.V'],
  ]) {
    const f = fault(qs!);
    assert.equal(f.reason, 'missing', qs);
    assert.equal(f.path.join('.'), path, qs);
  }
});

test('query params: body and URL both count, body wins, + and %20 are spaces', () => {
  const p = readQueryParams('Action=SendMessage&MessageBody=url&A=a+b', 'MessageBody=body%20text&B=c+d');
  assert.equal(p.get('Action'), 'SendMessage');
  assert.equal(p.get('MessageBody'), 'body text');
  assert.equal(p.get('A'), 'a b');
  assert.equal(p.get('B'), 'c d');
});

const kitchen = createProtocolHandler({ services: [kitchenService()], defaultRegion: 'us-east-1', defaultAccountId: '000000000000' });

test('query over the wire: form body with Action and Version last, charset parameter', async () => {
  const res = await call(kitchen, form('Str=x&Int=5&Action=Echo&Version=2020-01-01', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }));
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/xml');
  assert.equal(
    res.text,
    '<?xml version="1.0"?><EchoResponse xmlns="https://kitchen.example/doc/2020-01-01/"><EchoResult><Str>x</Str><Int>5</Int></EchoResult>' +
      '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></EchoResponse>',
  );
});

test('query over the wire: Action in the URL, parameters in the body', async () => {
  const res = await call(kitchen, { ...form('Str=from-body'), query: 'Action=Echo&Str=from-url' });
  assert.equal(res.status, 200);
  assert.match(res.text, /<Str>from-body<\/Str>/);
});

test('query over the wire: GET with Action in the query string', async () => {
  const res = await call(kitchen, { method: 'GET', query: 'Action=Echo&Version=2020-01-01&Str=hello%20world' });
  assert.equal(res.status, 200);
  assert.match(res.text, /<EchoResult><Str>hello world<\/Str><\/EchoResult>/);
});

test('query over the wire: missing required and invalid type use the service input errors', async () => {
  let res = await call(kitchen, form('Action=Echo&Version=2020-01-01&Struct.1.B=1&Str=x'));
  assert.equal(res.status, 400);
  assert.match(res.text, /<Code>MissingParameter<\/Code><Message>The request must contain the parameter Struct.1.A.<\/Message>/);
  res = await call(kitchen, form('Action=Echo&Version=2020-01-01&Str=x&Int=abc'));
  assert.match(res.text, /<Code>InvalidParameterValue<\/Code><Message>Value abc for parameter Int is invalid \(expected integer\).<\/Message>/);
});

test('query over the wire: the SQS ReceiveMessage AttributeName.N trap fills both members', async () => {
  let seen: unknown;
  const sqs = createProtocolHandler({
    services: [miniSqsService({ ReceiveMessage: async (input) => ((seen = input), {}) })],
    defaultRegion: 'us-east-1',
    defaultAccountId: '000000000000',
  });
  const res = await call(sqs, form('Action=ReceiveMessage&Version=2012-11-05&QueueUrl=http%3A%2F%2Fx%2F000000000000%2Fq&AttributeName.1=All&MessageAttributeName.1=a'));
  assert.equal(res.status, 200);
  assert.deepEqual(seen, {
    QueueUrl: 'http://x/000000000000/q',
    AttributeNames: ['All'],
    MessageSystemAttributeNames: ['All'],
    MessageAttributeNames: ['a'],
  });
});

test('parseForm gives exactly what URLSearchParams gives (deterministic fuzz, malformed escapes included)', () => {
  const alphabet = ['a', 'b', '=', '&', '+', '%', '%2', '%20', '%2B', '%26', '%3D', '%E2%9C%93', '%C3', '%FF', '%zz', 'é', '✓', ' ', '.', '1', '%25', '%F0%9F%98%80', '%ED%A0%80'];
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let i = 0; i < 20_000; i++) {
    let s = '';
    for (let j = rand(12); j > 0; j--) s += alphabet[rand(alphabet.length)];
    const ours: [string, string][] = [];
    parseForm(s, (k, v) => void ours.push([k, v]));
    assert.deepEqual(ours, [...new URLSearchParams(s)], JSON.stringify(s));
  }
});
