import { setOwn } from '../../shared/own.js';
import { snsErrors } from '../errors.js';

/** Topic tags: AWS's limits are 50 tags per topic, keys of 1–128 and values of up to 256 characters. */
export const MAX_TAGS = 50;

/**
 * SNS documents no character pattern for tags ("Amazon SNS interprets tags as character strings",
 * TagResource), unlike AWS's general tagging rules (letters, digits, white space, `_ . : / = + - @`);
 * what no tag anywhere in AWS can hold is refused: control characters and lone surrogates.
 */
const NOT_TAG_TEXT = /[\u0000-\u001f\u007f]|\p{Cs}/u;
/** [unverified wording] */
const badTagCharacters = (parameter: string) => snsErrors.invalidParameter(`${parameter} Reason: Tag keys and values may not contain control characters`);

/** UntagResource's keys: a key with characters no tag can have is refused, not looked up. */
export function checkTagKeys(keys: readonly string[] | undefined): string[] {
  for (const k of keys ?? []) if (NOT_TAG_TEXT.test(k)) throw badTagCharacters('TagKeys');
  return [...(keys ?? [])];
}

export interface Tag {
  readonly Key?: string;
  readonly Value?: string;
}

/** The tags of a request as a map, after AWS's checks (duplicate keys, lengths, count). */
export function checkTags(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) {
    const key = t.Key ?? '';
    const value = t.Value ?? '';
    // Own keys only: `key in out` said a first tag named toString or constructor was a duplicate.
    if (Object.hasOwn(out, key)) throw snsErrors.duplicatedTagKeys();
    // [unverified wording] for the two length checks.
    if (key.length < 1 || key.length > 128) throw snsErrors.invalidParameter('Tags Reason: Tag keys must be between 1 and 128 characters in length.');
    if (value.length > 256) throw snsErrors.invalidParameter('Tags Reason: Tag values may only be up to 256 characters in length.');
    if (NOT_TAG_TEXT.test(key) || NOT_TAG_TEXT.test(value)) throw badTagCharacters('Tags');
    setOwn(out, key, value); // a key `__proto__` is a tag like any other (an assignment dropped it)
  }
  if (Object.keys(out).length > MAX_TAGS) throw snsErrors.tagLimitExceeded();
  return out;
}
