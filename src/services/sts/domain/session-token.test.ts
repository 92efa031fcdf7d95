import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomIds } from '../../../runtime/ids.js';
import { SessionTokens } from './session-token.js';

const KEY = Buffer.alloc(32, 7);
const session = { accountId: '444455556666', issuedAt: 1_000, expiresAt: 901_000, role: { name: 'app', path: '/', sessionName: 's' }, tags: [{ Key: 'team', Value: 'a' }] };

test('a token opens, on another instance over the same server key too, to the session it was issued for', () => {
  const issued = new SessionTokens(KEY, randomIds).issue(session);
  assert.match(issued.session.accessKeyId, /^ASIA/);
  const other = new SessionTokens(Buffer.from(KEY), randomIds); // another node, or after a restart
  assert.deepEqual(other.open(issued.sessionToken, issued.session.accessKeyId), issued.session);
  assert.equal(other.secretFor(issued.session.accessKeyId), issued.secretAccessKey);
  assert.equal(issued.secretAccessKey.length, 40);
});

test('a token for another key id, altered, under another server key or not base64 does not open', () => {
  const tokens = new SessionTokens(KEY, randomIds);
  const a = tokens.issue(session);
  const b = tokens.issue(session);
  assert.equal(tokens.open(a.sessionToken, b.session.accessKeyId), undefined);
  assert.notEqual(a.secretAccessKey, b.secretAccessKey);
  const raw = Buffer.from(a.sessionToken, 'base64');
  for (const i of [0, 1, 20, raw.length - 1]) {
    const bad = Buffer.from(raw);
    bad[i]! ^= 1;
    assert.equal(tokens.open(bad.toString('base64'), a.session.accessKeyId), undefined, `byte ${i}`);
  }
  assert.equal(new SessionTokens(Buffer.alloc(32, 8), randomIds).open(a.sessionToken, a.session.accessKeyId), undefined);
  assert.equal(tokens.open('IQoJb3JpZ2luX2Vj'.repeat(10), a.session.accessKeyId), undefined);
  assert.equal(tokens.open(a.sessionToken, undefined), undefined);
});
