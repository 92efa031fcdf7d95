/**
 * Access key ids in AWS's own layout, so that the account can be read back from the id alone
 * (GetAccessKeyInfo, and what tools such as `aws sts get-access-key-info` or trufflehog expect).
 *
 * An AWS key id is a 4-letter prefix (`AKIA` long-term, `ASIA` temporary) and 16 base32 characters
 * (RFC 4648 alphabet), i.e. 10 bytes. Of the first 6 bytes read as a big-endian integer, bits 7–46
 * (mask 0x7fffffffff80) are the 12-digit account number; the rest is random [published by Tal
 * Be'ery, "A short note on AWS KEY ID", 2023, and used by AWS-key scanners since].
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const FORMAT = /^(AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z2-7]{16}$/;

/** A temporary (`ASIA…`) key id for `accountId`, its other bits from `random` (at least 5 bytes). */
export function temporaryAccessKeyId(accountId: string, random: Buffer): string {
  const bytes = Buffer.alloc(10);
  // 48 bits: 0 | account (40 bits) | 7 random bits. Number arithmetic is exact below 2^53.
  const high = Number(accountId) * 128 + (random[0]! & 0x7f);
  bytes.writeUIntBE(high, 0, 6);
  random.copy(bytes, 6, 1, 5);
  return `ASIA${base32(bytes)}`;
}

/** The account an AWS-format key id encodes, or undefined when the id is not in that format. */
export function accountOfAccessKeyId(accessKeyId: string): string | undefined {
  if (!FORMAT.test(accessKeyId)) return undefined;
  const bytes = unbase32(accessKeyId.slice(4));
  const account = Math.floor(bytes.readUIntBE(0, 6) / 128) % 2 ** 40;
  return account > 999_999_999_999 ? undefined : String(account).padStart(12, '0');
}

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function unbase32(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    value = (value << 5) | ALPHABET.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}
