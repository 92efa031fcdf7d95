import { sqsErrors } from '../errors.js';
import { hasInvalidCharacters } from './message-body.js';

/**
 * Queue tags: at most 50 per queue; keys 1–128 characters, values up to 256. AWS's quotas page:
 * keys and values "can include UTF-8 Unicode alphanumeric characters and whitespace" and
 * `_ . : / = + - @`. Keys are held to that pattern (as the emulators modelled on AWS do, with the
 * message below); values only to the characters XML can carry (no U+0000, other controls or lone
 * surrogates), since whether AWS refuses other punctuation in a value is [unverified].
 */
export const MAX_TAGS = 50;

const TAG_KEY = /^[\p{L}\p{N}\p{Z}\s_.:/=+\-@]+$/u;

export function validateTagKey(key: unknown): void {
  if (typeof key !== 'string' || key.length < 1 || key.length > 128) {
    throw sqsErrors.invalidParameterValue(`Tag key must be between 1 and 128 characters: ${String(key)}`);
  }
  if (!TAG_KEY.test(key)) throw sqsErrors.invalidTagKey();
}

export function validateTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw sqsErrors.tooManyTags();
  for (const [key, value] of entries) {
    validateTagKey(key);
    if (String(value).length > 256) throw sqsErrors.invalidParameterValue(`Tag value must be at most 256 characters: ${key}`);
    if (hasInvalidCharacters(String(value))) throw sqsErrors.invalidTagValue();
  }
  return { ...tags };
}
