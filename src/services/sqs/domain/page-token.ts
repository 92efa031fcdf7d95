import { sqsErrors } from '../errors.js';
import { isQueueName } from './queue-url.js';

/** NextToken of name-ordered listings: the last name of the page, opaque to clients. */
export function encodePageToken(lastName: string): string {
  return Buffer.from(`sy1:${lastName}`).toString('base64url');
}

export function decodePageToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const name = text.slice(4);
  // Only names we handed out: anything else (say U+0000, which PostgreSQL cannot compare) is no token of ours.
  if (!text.startsWith('sy1:') || !isQueueName(name)) throw sqsErrors.invalidParameterValue('Invalid NextToken value.');
  return name;
}
