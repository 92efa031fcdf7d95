import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProtocolHandler } from './dispatch.js';
import { call, everything, form, full, kitchenService } from './fixtures.test.js';
import { planStructure } from './plan.js';
import { encodeXml, encodeXmlError, escapeXml, xmlEnvelope } from './xml.js';

const plan = planStructure(everything);
const NS = 'https://kitchen.example/doc/2020-01-01/';

test('XML encode: every shape type, flattened vs member/entry naming, model order', () => {
  const xml = encodeXml(xmlEnvelope('Echo', NS, true), plan, full, 'rid');
  assert.equal(
    xml,
    '<?xml version="1.0"?><EchoResponse xmlns="https://kitchen.example/doc/2020-01-01/"><EchoResult>' +
      '<Str>hé &quot;quoted&quot; &lt;b&gt;&amp;&#xD;\n✓</Str>' +
      '<Int>-42</Int>' +
      '<Long>9007199254740991</Long>' +
      '<Dbl>1.5</Dbl>' +
      '<Bool>false</Bool>' +
      '<Blob>AAEC/w==</Blob>' +
      '<Time>2024-01-02T03:04:05.678Z</Time>' +
      '<TimeEpoch>1700000000.123</TimeEpoch>' +
      '<FlatItem>a</FlatItem><FlatItem>b</FlatItem>' +
      '<WrappedList><member>x</member></WrappedList>' +
      '<NamedList><Num>1</Num><Num>2</Num><Num>3</Num></NamedList>' +
      '<FlatEntry><K>k1</K><V>v1</V></FlatEntry><FlatEntry><K>k2</K><V>v2</V></FlatEntry>' +
      '<WrappedMap><entry><key>a</key><value>1</value></entry></WrappedMap>' +
      '<Nested><A>in</A><B>7</B><Tag>t1</Tag></Nested>' +
      '<Struct><A>s1</A></Struct><Struct><A>s2</A><B>2</B></Struct>' +
      '<MapOfStructs><entry><key>m</key><value><A>ma</A></value></entry></MapOfStructs>' +
      '<OtherName>r</OtherName>' +
      '<Shared>s</Shared>' +
      '<Shared>s</Shared>' +
      '</EchoResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></EchoResponse>',
  );
});

test('XML encode: empty lists, absent members and unknown fields', () => {
  const xml = encodeXml(xmlEnvelope('Echo', NS, true), plan, { Str: '', FlatList: [], WrappedList: [], Int: null, Extra: 'x' }, 'r');
  assert.match(xml, /<EchoResult><Str><\/Str><WrappedList><\/WrappedList><\/EchoResult>/);
});

test('XML encode: operation without output has no Result element', () => {
  assert.equal(
    encodeXml(xmlEnvelope('DeleteMessage', 'http://queue.amazonaws.com/doc/2012-11-05/', false), undefined, undefined, 'r'),
    '<?xml version="1.0"?><DeleteMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' +
      '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteMessageResponse>',
  );
});

test('escapeXml: & < > " and \\r escaped; \\n, apostrophe and unicode literal', () => {
  assert.equal(escapeXml('a & b < c > d " e \r f \n g \' h'), 'a &amp; b &lt; c &gt; d &quot; e &#xD; f \n g \' h');
  assert.equal(escapeXml('日本語 ✓ 😀 ü'), '日本語 ✓ 😀 ü');
  const plain = 'nothing to escape';
  assert.equal(escapeXml(plain), plain);
  assert.equal(escapeXml('&amp;'), '&amp;amp;');
});

test('XML error document', () => {
  assert.equal(
    encodeXmlError('http://queue.amazonaws.com/doc/2012-11-05/', 'Sender', 'AWS.SimpleQueueService.NonExistentQueue', 'no "such" <queue>', 'rid'),
    '<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type>' +
      '<Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>no &quot;such&quot; &lt;queue&gt;</Message><Detail/></Error>' +
      '<RequestId>rid</RequestId></ErrorResponse>',
  );
});

test('query → XML over the wire: decode then encode every shape type', async () => {
  const kitchen = createProtocolHandler({ services: [kitchenService()], defaultRegion: 'us-east-1', defaultAccountId: '000000000000' });
  const qs = [
    'Action=Echo',
    'Str=%22%26%3C%3E%0D%0A%E2%9C%93',
    'Blob=AAEC%2Fw%3D%3D',
    'Time=1704164645.678',
    'FlatEntry.2.K=b&FlatEntry.2.V=2&FlatEntry.1.K=a&FlatEntry.1.V=1',
    'MapOfStructs.entry.1.key=k&MapOfStructs.entry.1.value.A=v&MapOfStructs.entry.1.value.Tag.1=t',
  ].join('&');
  const res = await call(kitchen, form(qs));
  assert.equal(res.status, 200);
  assert.equal(
    res.text,
    '<?xml version="1.0"?><EchoResponse xmlns="https://kitchen.example/doc/2020-01-01/"><EchoResult>' +
      '<Str>&quot;&amp;&lt;&gt;&#xD;\n✓</Str><Blob>AAEC/w==</Blob><Time>2024-01-02T03:04:05.678Z</Time>' +
      '<FlatEntry><K>a</K><V>1</V></FlatEntry><FlatEntry><K>b</K><V>2</V></FlatEntry>' +
      '<MapOfStructs><entry><key>k</key><value><A>v</A><Tag>t</Tag></value></entry></MapOfStructs>' +
      '</EchoResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></EchoResponse>',
  );
});
