import { sqsErrors } from '../errors.js';

/** NextToken of name-ordered listings: the last name of the page, opaque to clients. */
export function encodePageToken(lastName: string): string {
  return Buffer.from(`sy1:${lastName}`).toString('base64url');
}

export function decodePageToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('sy1:')) throw sqsErrors.invalidParameterValue('Invalid NextToken value.');
  return text.slice(4);
}
