import { sqsErrors } from '../errors.js';

/**
 * Queue tags, as AWS's "Quotas related to queues" page (SQS Developer Guide, quotas-queues.html,
 * row "Queue tag") documents them:
 * - keys and values "can include Unicode alphanumeric characters in UTF-8 and whitespaces. The
 *   following special characters are allowed: _ . : / = + - @" (the same rule for both);
 * - "The tag Key or Value must not include the reserved prefix aws:";
 * - a key is at most 128 Unicode characters and not empty; a value at most 256 and may be empty.
 * Lengths are counted in Unicode characters (code points), not UTF-16 units. At most 50 tags a
 * queue: the page only says more "isn't recommended"; the refusal and its wording are the emulators'.
 */
export const MAX_TAGS = 50;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
const RESERVED_PREFIX = 'aws:';

// No U+0000, other controls than whitespace, or lone surrogates can match, so nothing stored is
// text XML or PostgreSQL cannot carry.
const TAG_TEXT = /^[\p{L}\p{N}\p{Z}\s_.:/=+\-@]*$/u;

/** Unicode characters (code points) in the text: an astral letter is one, not two. */
function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function validateTagKey(key: unknown): void {
  if (typeof key !== 'string' || key.length === 0 || characters(key) > MAX_KEY_LENGTH) {
    throw sqsErrors.invalidParameterValue(`Tag key must be between 1 and 128 characters: ${String(key)}`);
  }
  if (!TAG_TEXT.test(key)) throw sqsErrors.invalidTagKey();
  // AWS: keys with this prefix are AWS's own and cannot be set or deleted (UntagQueue too).
  if (key.startsWith(RESERVED_PREFIX)) throw sqsErrors.reservedTagPrefix();
}

/**
 * Checks the tags a request sets; `existing` (the queue's tags, for TagQueue) counts toward the 50
 * but is not re-checked, so a queue is never locked by a tag stored before a rule was added.
 */
export function validateTags(
  tags: Readonly<Record<string, string>>,
  existing: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const entries = Object.entries(tags);
  if (Object.keys({ ...existing, ...tags }).length > MAX_TAGS) throw sqsErrors.tooManyTags();
  for (const [key, value] of entries) {
    validateTagKey(key);
    const text = String(value);
    if (characters(text) > MAX_VALUE_LENGTH) throw sqsErrors.invalidParameterValue(`Tag value must be at most 256 characters: ${key}`);
    if (!TAG_TEXT.test(text)) throw sqsErrors.invalidTagValue();
    if (text.startsWith(RESERVED_PREFIX)) throw sqsErrors.reservedTagPrefix();
  }
  return { ...tags };
}
