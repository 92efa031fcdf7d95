import type { InputErrors } from '../shared/service.js';
import { kinesisErrors } from './errors.js';

/**
 * How Kinesis words the problems the protocol layer finds while decoding a request, in coral's
 * words as kinesalite recorded them from real Kinesis:
 * - a missing required member: ValidationException "… Value null at 'records.1.member.data'
 *   failed to satisfy constraint: Member must not be null" (lower-camel path, list items as
 *   `<n>.member`);
 * - a value of the wrong JSON type: SerializationException with the Java deserializer's message,
 *   e.g. "class java.lang.String can not be converted to an Integer";
 * - an unreadable body: SerializationException; an unknown X-Amz-Target: UnknownOperationException.
 */

const NUMBER = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';
const BOOLEAN = 'class java.lang.Boolean';
const STRING = 'class java.lang.String';
const LIST_HERE = 'Start of list found where not expected';
const MAP_HERE = 'Start of structure or map found where not expected.';

export function awsPath(path: string): string {
  return path
    .split('.')
    .map((seg) => (/^\d+$/.test(seg) ? `${seg}.member` : seg.charAt(0).toLowerCase() + seg.slice(1)))
    .join('.');
}

function jsonKind(v: unknown): 'number' | 'boolean' | 'string' | 'list' | 'map' | 'other' {
  if (Array.isArray(v)) return 'list';
  if (v !== null && typeof v === 'object') return 'map';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return typeof v as 'number' | 'boolean' | 'string';
  return 'other';
}

/** The coral deserializer's message for `value` where `expected` (the decoder's type name) was wanted. */
export function serializationMessage(value: unknown, expected: string): string {
  const kind = jsonKind(value);
  if (kind === 'list' && expected !== 'list') return LIST_HERE;
  if (kind === 'map' && expected !== 'map' && expected !== 'structure') return MAP_HERE;
  const from = kind === 'number' ? NUMBER : kind === 'boolean' ? BOOLEAN : STRING;
  switch (expected) {
    case 'string':
      return `${from} can not be converted to an String`;
    case 'integer':
    case 'long':
    case 'double': {
      const java = expected === 'integer' ? 'Integer' : expected === 'long' ? 'Long' : 'Double';
      return `${from} can not be converted to an ${java}`;
    }
    case 'boolean':
      return kind === 'string' ? `'${String(value).toUpperCase()}' can not be converted to an Boolean` : `${from} can not be converted to an Boolean`;
    case 'timestamp':
      return `${from} can not be converted to milliseconds since epoch`;
    case 'list':
      return kind === 'map' ? MAP_HERE : 'Expected list or null';
    case 'map':
      return kind === 'list' ? LIST_HERE : 'Expected map or null';
    case 'structure':
      return 'Expected null';
    default:
      if (expected.startsWith('blob')) {
        if (kind !== 'string') return `${from} can not be converted to a Blob`;
        const s = String(value);
        if (s.length % 4 !== 0) return `'${s}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${s.length}`;
        const bad = /[^a-zA-Z0-9+/=]|=[^=]/.exec(s);
        return bad ? `'${s}' can not be converted to a Blob: Invalid Base64 character: '${bad[0][0]}'` : `'${s}' can not be converted to a Blob`;
      }
      return `${from} can not be converted to an ${expected}`;
  }
}

export const decodeErrors: InputErrors = {
  missing: (path) => kinesisErrors.validation([`Value null at '${awsPath(path)}' failed to satisfy constraint: Member must not be null`]),
  // The same constraint text as an absent member, at the entry's path [unverified].
  nullEntry: (path) => decodeErrors.missing(path),
  invalidType: (_path, value, expected) => kinesisErrors.serialization(serializationMessage(value, expected)),
  // AWS answers an unparseable body with a bare {"__type":"SerializationException"} [kinesalite].
  malformed: () => kinesisErrors.serialization(''),
  unknownOperation: (name) => kinesisErrors.unknownOperation(name),
};
