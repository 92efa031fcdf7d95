import { sqsErrors } from '../errors.js';

/**
 * AWS accepts only these characters in a message body and attribute strings:
 * #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF. Lone surrogates are invalid.
 */
// eslint-disable-next-line no-control-regex
const INVALID = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Whether the text holds a character outside that set (U+0000, other controls, lone surrogates …). */
export function hasInvalidCharacters(text: string): boolean {
  return INVALID.test(text);
}

export function checkBodyCharacters(body: string): void {
  if (INVALID.test(body)) throw sqsErrors.invalidMessageContents();
}

export function validateBody(body: unknown): string {
  if (typeof body !== 'string' || body.length === 0) throw sqsErrors.missingParameter('MessageBody');
  checkBodyCharacters(body);
  return body;
}
