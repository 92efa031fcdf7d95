/** The encryption key file (`--encryption-key-file`): what is accepted, what is refused and how. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptionError, readEncryptionKeyFile } from './encryption.js';

describe('readEncryptionKeyFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-key-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const HEX = '0123456789abcdefABCDEF0123456789abcdef0123456789abcdef0123456789';
  const file = (name: string, content: string, mode = 0o600) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  };

  it('takes 64 hex characters, whitespace and newlines around them ignored, as openssl rand -hex 32 writes them', () => {
    const warnings: string[] = [];
    for (const [name, content] of [['plain', HEX], ['newline', `${HEX}\n`], ['spaced', `  \n${HEX}\r\n\t`]] as const) {
      const key = readEncryptionKeyFile(file(name, content), (m) => warnings.push(m));
      assert.equal(key.hex, HEX.toLowerCase());
      assert.equal(key.file, join(dir, name));
    }
    assert.deepEqual(warnings, []);
  });

  for (const [what, content] of [
    ['an empty file', ''],
    ['63 characters', HEX.slice(1)],
    ['65 characters', `${HEX}0`],
    ['a non-hex character', `${HEX.slice(1)}g`],
    ['a passphrase', 'correct horse battery staple'],
    ['two keys', `${HEX}\n${HEX}`],
    ['a space inside', `${HEX.slice(0, 32)} ${HEX.slice(32)}`],
    ['the 32 raw bytes', Buffer.from(HEX.slice(0, 64), 'hex').toString('latin1')],
  ] as const) {
    it(`refuses ${what}, naming the file and what it must hold, never its content`, () => {
      const path = file('bad', content);
      assert.throws(
        () => readEncryptionKeyFile(path),
        (e) =>
          e instanceof EncryptionError &&
          e.message.startsWith(`the encryption key file ${path} must hold a 256-bit key as 64 hex characters (make one with: openssl rand -hex 32)`) &&
          (content.trim() === '' || !e.message.includes(content.trim())),
      );
    });
  }

  it('refuses a file it cannot read', () => {
    assert.throws(() => readEncryptionKeyFile(join(dir, 'absent')), (e) => e instanceof EncryptionError && e.message.startsWith(`cannot read the encryption key file ${join(dir, 'absent')}: ENOENT`));
  });

  it('warns (does not refuse) when group or others may read the file', () => {
    const warnings: string[] = [];
    const path = file('shared', HEX, 0o644);
    assert.equal(readEncryptionKeyFile(path, (m) => warnings.push(m)).hex, HEX.toLowerCase());
    assert.deepEqual(warnings, [`the encryption key file ${path} is readable by others (mode 644): chmod 600 it`]);
    assert.equal(warnings[0]!.includes(HEX.toLowerCase()), false);
  });
});
