import { NUMBER_TEXT } from '../../shared/number-text.js';
import { setOwn } from '../../shared/own.js';
import { snsErrors } from '../errors.js';

/**
 * Publish message attributes: AWS's checks and messages [AWS-recorded, LocalStack test_sns
 * snapshots], the bytes they add to a message, and the `{Type, Value}` form they are kept in (the
 * form of the JSON envelope's MessageAttributes; Binary values base64).
 *
 * Types: String, Number, Binary, each optionally `.label`; `String.Array` is a String with a JSON
 * array as its value (filter policies read its elements).
 */

export interface MessageAttributeValue {
  readonly DataType?: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Uint8Array;
}

/** An attribute as kept with a published message (and written in the envelope). */
export interface StoredAttribute {
  readonly Type: string;
  /** The string value, or the base64 of a binary one. */
  readonly Value: string;
}

const NAME_CHARS = /^[A-Za-z0-9_.-]$/;
const TYPE = /^(String|Number|Binary)(\..+)?$/;
const NUMBER = NUMBER_TEXT;

/**
 * Validates the attributes of one message and converts them; `entry` is the 1-based position in a
 * PublishBatch (AWS names it in the "Value null" message). Returns the attributes and their size.
 */
export function checkMessageAttributes(
  attributes: Readonly<Record<string, MessageAttributeValue>> | undefined,
  entry?: number,
): { attributes: Record<string, StoredAttribute> | undefined; size: number } {
  if (!attributes || Object.keys(attributes).length === 0) return { attributes: undefined, size: 0 };
  const out: Record<string, StoredAttribute> = {};
  let size = 0;
  for (const [name, value] of Object.entries(attributes)) {
    checkName(name);
    const type = value.DataType;
    if (type === undefined || type === '') {
      const at = entry === undefined ? '' : `publishBatchRequestEntries.${entry}.member.`;
      throw snsErrors.valueNull(`${at}messageAttributes.${name}.member.dataType`);
    }
    if (!TYPE.test(type)) {
      throw snsErrors.parameterValueInvalid(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    const binary = type.startsWith('Binary');
    const field = binary ? 'Binary' : 'String';
    const given = binary ? value.BinaryValue : value.StringValue;
    const other = binary ? value.StringValue : value.BinaryValue;
    if (given === undefined && other === undefined) throw nonEmpty(name, type);
    if (given === undefined) throw snsErrors.parameterValueInvalid(`The message attribute '${name}' with type '${type}' must use field '${field}'.`);
    if (given.length === 0) throw nonEmpty(name, type);
    if (type.startsWith('Number') && !NUMBER.test((given as string).trim())) {
      // [unverified wording] SNS rejects a Number it cannot read as one.
      throw snsErrors.parameterValueInvalid(`The message attribute '${name}' with type 'Number' has an invalid value: ${given as string}`);
    }
    const stored = binary ? Buffer.from(given as Uint8Array).toString('base64') : (given as string);
    setOwn(out, name, { Type: type, Value: stored }); // `__proto__` is a valid name: kept as an entry
    size += bytes(name) + bytes(type) + (binary ? (given as Uint8Array).length : bytes(given as string));
  }
  return { attributes: out, size };
}

function nonEmpty(name: string, type: string) {
  return snsErrors.parameterValueInvalid(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
}

function checkName(name: string): void {
  if (bytes(name) >= 256) throw snsErrors.parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
  if (name.startsWith('.')) throw snsErrors.parameterValueInvalid("Invalid message attribute name starting with character '.' was found.");
  if (name.endsWith('.')) throw snsErrors.parameterValueInvalid("Invalid message attribute name ending with character '.' was found.");
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (!NAME_CHARS.test(c)) {
      const code = `#x${c.codePointAt(0)!.toString(16).toUpperCase()}`;
      throw snsErrors.parameterValueInvalid(`Invalid non-alphanumeric character '${code}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`);
    }
    if (c === '.' && name[i - 1] === '.') throw snsErrors.parameterValueInvalid("Message attribute name can not have successive '.' character.");
  }
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
