import * as crypto from 'node:crypto';

const { createHash } = crypto;

/**
 * The digests SQS returns and clients verify byte for byte (AWS-WIRE §1.6): JS v3 refuses a
 * SendMessage answer whose MD5OfMessageBody is wrong; Java checks the attribute digest too.
 */
export interface AttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Uint8Array;
}

/** One-shot `crypto.hash` (Node ≥ 20.12) skips a Hash object per body; older Node falls back. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function md5Hex(text: string): string {
  return oneShot ? oneShot('md5', text, 'hex') : createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * MD5 over attributes sorted by name (code-unit order): for each, length-prefixed name and type,
 * a transport byte (1 string/number, 2 binary) and the length-prefixed value.
 */
export function md5OfAttributes(attributes: Readonly<Record<string, AttributeValue>>): string {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer) => {
    const n = Buffer.allocUnsafe(4);
    n.writeUInt32BE(bytes.length, 0);
    hash.update(n);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name]!;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(a.DataType, 'utf8'));
    if (a.StringValue !== undefined) {
      hash.update(STRING_TRANSPORT);
      lengthPrefixed(Buffer.from(a.StringValue, 'utf8'));
    } else if (a.BinaryValue !== undefined) {
      hash.update(BINARY_TRANSPORT);
      lengthPrefixed(Buffer.from(a.BinaryValue.buffer, a.BinaryValue.byteOffset, a.BinaryValue.byteLength));
    }
  }
  return hash.digest('hex');
}

const STRING_TRANSPORT = Buffer.from([1]);
const BINARY_TRANSPORT = Buffer.from([2]);
