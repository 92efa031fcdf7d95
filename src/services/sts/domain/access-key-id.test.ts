import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountOfAccessKeyId, temporaryAccessKeyId } from './access-key-id.js';

test("AWS's published example decodes to its account", () => {
  // Tal Be'ery, "A short note on AWS KEY ID" (2023).
  assert.equal(accountOfAccessKeyId('ASIAY34FZKBOKMUTVV7A'), '609629065308');
});

test('temporary ids are ASIA + 16 base32 characters and carry their account, whatever the random bits', () => {
  for (const account of ['000000000000', '000000000001', '111111111111', '999999999999', '444455556666']) {
    for (const fill of [0x00, 0x7f, 0xff]) {
      const id = temporaryAccessKeyId(account, Buffer.alloc(5, fill));
      assert.match(id, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(accountOfAccessKeyId(id), account, `${account} ${fill}`);
    }
  }
});

test('ids not in AWS format name no account', () => {
  for (const id of ['AKIDEXAMPLE', 'AKIAALICEEXAMPLE0001', '111111111111', 'ASIA0000000000000000', 'XXXXY34FZKBOKMUTVV7A']) assert.equal(accountOfAccessKeyId(id), undefined, id);
});
