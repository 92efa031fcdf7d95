import { sqsErrors } from '../errors.js';

/** Queue tags: at most 50 per queue; keys 1–128 characters, values up to 256 (AWS docs). */
export const MAX_TAGS = 50;

export function validateTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw sqsErrors.tooManyTags();
  for (const [key, value] of entries) {
    if (key.length < 1 || key.length > 128) throw sqsErrors.invalidParameterValue(`Tag key must be between 1 and 128 characters: ${key}`);
    if (String(value).length > 256) throw sqsErrors.invalidParameterValue(`Tag value must be at most 256 characters: ${key}`);
  }
  return { ...tags };
}
