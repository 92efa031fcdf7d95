import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HeadError, parseHead } from './h1-head.js';

/** A head as the parser gets it: lines joined by CRLF, without the final blank line. */
const head = (...lines: string[]): string => lines.join('\r\n');

describe('parseHead', () => {
  test('request line, lower-cased names, trimmed values, repeated fields joined', () => {
    const h = parseHead(head('POST /q?Action=X HTTP/1.1', 'Host: h', 'X-A:  1 ', 'x-a:\t2', 'Content-Length: 5'));
    assert.equal(h.method, 'POST');
    assert.equal(h.target, '/q?Action=X');
    assert.equal(h.minor, 1);
    assert.deepEqual(h.headers, { host: 'h', 'x-a': '1, 2', 'content-length': '5' });
    assert.equal(h.framing, 'length');
    assert.equal(h.length, '5');
    assert.equal(h.keepAlive, true);
    assert.equal(h.expectsContinue, false);
  });

  test('framing: none, zero length, chunked (case-insensitive)', () => {
    assert.equal(parseHead(head('GET / HTTP/1.1', 'Host: h')).framing, 'none');
    const zero = parseHead(head('POST / HTTP/1.1', 'Content-Length: 0'));
    assert.equal(zero.framing, 'none');
    assert.equal(zero.length, undefined);
    assert.equal(parseHead(head('POST / HTTP/1.1', 'Transfer-Encoding: Chunked')).framing, 'chunked');
    // The same Content-Length twice is one Content-Length (RFC 9110 §8.6).
    assert.equal(parseHead(head('POST / HTTP/1.1', 'Content-Length: 3', 'Content-Length: 3')).length, '3');
  });

  test('keep-alive: HTTP/1.1 unless close, HTTP/1.0 only with keep-alive', () => {
    const keep = (...lines: string[]): boolean => parseHead(head(...lines)).keepAlive;
    assert.equal(keep('GET / HTTP/1.1'), true);
    assert.equal(keep('GET / HTTP/1.1', 'Connection: Upgrade, CLOSE'), false);
    assert.equal(keep('GET / HTTP/1.0'), false);
    assert.equal(keep('GET / HTTP/1.0', 'Connection: Keep-Alive'), true);
    assert.equal(keep('GET / HTTP/1.0', 'Connection: close'), false);
  });

  test('Expect: 100-continue is honoured on HTTP/1.1 only; other expectations are 417', () => {
    assert.equal(parseHead(head('PUT / HTTP/1.1', 'Expect: 100-Continue', 'Content-Length: 1')).expectsContinue, true);
    assert.equal(parseHead(head('PUT / HTTP/1.0', 'Expect: 100-continue', 'Content-Length: 1')).expectsContinue, false);
    assert.throws(() => parseHead(head('PUT / HTTP/1.1', 'Expect: 200-ok')), (e) => e instanceof HeadError && e.status === 417);
  });

  const refused: [string, number, string][] = [
    ['HTTP/0.9 style request line', 400, 'GET /'],
    ['three spaces', 400, 'GET  / HTTP/1.1'],
    ['a method that is not a token', 400, 'G(T / HTTP/1.1'],
    ['a control character in the target', 400, 'GET /\x01 HTTP/1.1'],
    ['a version with letters after it', 400, 'GET / HTTP/1.1x'],
    ['HTTP/2.0', 505, 'GET / HTTP/2.0'],
    ['a field without a colon', 400, head('GET / HTTP/1.1', 'Host')],
    ['an empty field name', 400, head('GET / HTTP/1.1', ': x')],
    ['space before the colon', 400, head('GET / HTTP/1.1', 'Host : x')],
    ['obs-fold', 400, head('GET / HTTP/1.1', 'X-A: 1', ' 2')],
    ['a bare LF inside the head', 400, 'GET / HTTP/1.1\nHost: x'],
    ['a bare CR in a value', 400, head('GET / HTTP/1.1', 'X-A: 1\r2')],
    ['NUL in a value', 400, head('GET / HTTP/1.1', 'X-A: 1\x002')],
    ['DEL in a value', 400, head('GET / HTTP/1.1', 'X-A: 1\x7f')],
    ['two Hosts', 400, head('GET / HTTP/1.1', 'Host: a', 'Host: b')],
    ['two different Content-Lengths', 400, head('POST / HTTP/1.1', 'Content-Length: 1', 'Content-Length: 2')],
    ['a Content-Length list', 400, head('POST / HTTP/1.1', 'Content-Length: 1, 1')],
    ['a signed Content-Length', 400, head('POST / HTTP/1.1', 'Content-Length: +1')],
    ['Content-Length and Transfer-Encoding', 400, head('POST / HTTP/1.1', 'Content-Length: 1', 'Transfer-Encoding: chunked')],
    ['Transfer-Encoding on HTTP/1.0', 400, head('POST / HTTP/1.0', 'Transfer-Encoding: chunked')],
    ['a coding list not ending in chunked', 400, head('POST / HTTP/1.1', 'Transfer-Encoding: chunked, gzip')],
    ['a coding before chunked', 501, head('POST / HTTP/1.1', 'Transfer-Encoding: gzip, chunked')],
  ];
  for (const [what, status, text] of refused) {
    test(`refused with ${status}: ${what}`, () => {
      assert.throws(() => parseHead(text), (e) => e instanceof HeadError && e.status === status);
    });
  }

  test('obs-text (latin1) in a value is kept byte for byte', () => {
    assert.equal(parseHead(head('GET / HTTP/1.1', 'X-A: caf\xe9')).headers['x-a'], 'caf\xe9');
  });
});
