import { NUMBER_TEXT } from '../../shared/number-text.js';
import { setOwn } from '../../shared/own.js';
import { sqsErrors } from '../errors.js';
import { md5OfAttributes, type AttributeValue } from './md5.js';
import { checkBodyCharacters } from './message-body.js';

/**
 * Message attributes: validation as AWS words it, the byte size they add to a message, how they
 * are stored (one opaque JSON string; binary as base64) and how a receive selects them.
 */

export type AttributeMap = Readonly<Record<string, AttributeValue>>;

const NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const TYPE = /^(String|Number|Binary)(\..+)?$/;
const MAX_ATTRIBUTES = 10;
/** Numbers: up to 38 significant digits (AWS docs); the value must read as a number. */
const NUMBER = NUMBER_TEXT;

/** Validates user message attributes; returns the byte size they count toward MaximumMessageSize. */
export function validateMessageAttributes(attributes: AttributeMap | undefined): number {
  if (!attributes) return 0;
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) {
    throw sqsErrors.invalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  let size = 0;
  for (const name of names) size += validateOne(name, attributes[name]!, 'user');
  return size;
}

/**
 * Only AWSTraceHeader (a String) may be sent as a message system attribute. Its size counts toward
 * no limit (AWS X-Ray: the trace header is excluded from the message size quota), so none is returned.
 */
export function validateSystemAttributes(attributes: AttributeMap | undefined): void {
  if (!attributes) return;
  for (const [name, value] of Object.entries(attributes)) {
    if (name !== 'AWSTraceHeader') {
      throw sqsErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    }
    if (value.DataType !== 'String') {
      throw sqsErrors.invalidParameterValue(`Message system attribute '${name}' must contain a non-empty value of type 'String'.`);
    }
    validateOne(name, value, 'system');
  }
}

function validateOne(name: string, value: AttributeValue, kind: 'user' | 'system'): number {
  if (kind === 'user') {
    if (!NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw sqsErrors.invalidParameterValue(
        `Message (user) attribute name '${name}' is invalid. The name can contain alphanumeric characters, hyphens (-), underscores (_) and periods (.). It cannot start or end with a period, or contain consecutive periods.`,
      );
    }
    const lower = name.toLowerCase();
    if (lower.startsWith('aws.') || lower.startsWith('amazon.')) {
      throw sqsErrors.invalidParameterValue(`You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use.`);
    }
  }
  const type = value?.DataType;
  if (!type) throw sqsErrors.invalidParameterValue(`The message (${kind}) attribute '${name}' must contain a DataType.`);
  if (!TYPE.test(type) || type.length > 256) {
    throw sqsErrors.invalidParameterValue(
      `The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  // A custom label is part of the message: the body's character rules hold for it too (a U+0000
  // in it could not even be written in a query answer's XML). AWS's error here is [unverified].
  checkBodyCharacters(type);
  const base = type.startsWith('Binary') ? 'Binary' : type.startsWith('Number') ? 'Number' : 'String';
  if (base === 'Binary') {
    if (!value.BinaryValue || value.BinaryValue.length === 0) {
      throw sqsErrors.invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type 'Binary'.`);
    }
    return byteLength(name) + byteLength(type) + value.BinaryValue.length;
  }
  if (value.StringValue === undefined || value.StringValue === '') {
    throw sqsErrors.invalidParameterValue(`Message (${kind}) attribute '${name}' must contain a non-empty value of type '${base}'.`);
  }
  checkBodyCharacters(value.StringValue);
  if (base === 'Number' && !NUMBER.test(value.StringValue.trim())) {
    throw sqsErrors.invalidParameterValue(`Can't cast the value of message (${kind}) attribute '${name}' to a number.`);
  }
  return byteLength(name) + byteLength(type) + byteLength(value.StringValue);
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

interface StoredValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** Serialises attributes for the store (binary as base64), keeping only the fields that matter. */
export function serializeAttributes(attributes: AttributeMap | undefined): string | null {
  if (!attributes) return null;
  const names = Object.keys(attributes);
  if (names.length === 0) return null;
  const out: Record<string, StoredValue> = {};
  for (const name of names) {
    const a = attributes[name]!;
    // `__proto__` is a valid attribute name: an assignment would replace `out`'s prototype and
    // drop the attribute, while the digest answered at send covers it.
    setOwn(
      out,
      name,
      a.BinaryValue !== undefined && !a.DataType.startsWith('String') && !a.DataType.startsWith('Number')
        ? { DataType: a.DataType, BinaryValue: Buffer.from(a.BinaryValue).toString('base64') }
        : { DataType: a.DataType, StringValue: a.StringValue },
    );
  }
  return JSON.stringify(out);
}

export function deserializeAttributes(stored: string): Record<string, AttributeValue> {
  const parsed = JSON.parse(stored) as Record<string, StoredValue>;
  const out: Record<string, AttributeValue> = {};
  for (const [name, v] of Object.entries(parsed)) {
    setOwn(out, name, v.BinaryValue !== undefined ? { DataType: v.DataType, BinaryValue: Buffer.from(v.BinaryValue, 'base64') } : { DataType: v.DataType, StringValue: v.StringValue });
  }
  return out;
}

/** The digest of a set of attributes, or undefined for none (AWS omits the field then). */
export function attributesDigest(attributes: AttributeMap | undefined): string | undefined {
  return attributes && Object.keys(attributes).length > 0 ? md5OfAttributes(attributes) : undefined;
}

/**
 * Which attributes a receive returns for `MessageAttributeNames`: `All` or `.*` → all; `prefix.*`
 * → names starting with `prefix.`; otherwise exact names. Returns null for "all".
 */
export type AttributeSelector = null | ((name: string) => boolean);

export function attributeSelector(names: readonly string[] | undefined): AttributeSelector | 'none' {
  if (!names || names.length === 0) return 'none';
  if (names.includes('All') || names.includes('.*')) return null;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const n of names) {
    if (n.endsWith('.*')) prefixes.push(n.slice(0, -1));
    else exact.add(n);
  }
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}

export function selectAttributes(all: Record<string, AttributeValue>, select: (name: string) => boolean): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const name of Object.keys(all)) if (select(name)) setOwn(out, name, all[name]!);
  return out;
}
