import { sqsErrors } from '../errors.js';

/**
 * Queue URLs and ARNs. Clients rewrite hosts (Docker, proxies), so a queue is found by the
 * (account, name) in the URL's path and the host is ignored (AWS-WIRE §1.4). Accepted paths:
 * `/ACCOUNT/NAME` and LocalStack's `/queue/REGION/ACCOUNT/NAME`.
 */
export interface QueueAddress {
  readonly accountId: string;
  readonly name: string;
}

const ACCOUNT = /^\d{12}$/;
export const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** FIFO names end in `.fifo`, which counts toward the 80 characters. */
export const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

/**
 * Whether a queue of this name can exist. A lookup of any other name is answered "does not exist"
 * without asking the store (PostgreSQL cannot even compare text holding U+0000).
 */
export function isQueueName(name: string): boolean {
  return QUEUE_NAME.test(name) || FIFO_QUEUE_NAME.test(name);
}

/** Whether an account id can own queues (12 digits). */
export function isAccountId(id: string): boolean {
  return ACCOUNT.test(id);
}

export function parseQueueUrl(url: string): QueueAddress {
  const path = pathOf(url);
  const parts = path.split('/').filter((p) => p !== '');
  const tail = parts.length === 4 && parts[0] === 'queue' ? parts.slice(2) : parts;
  if (tail.length === 2 && ACCOUNT.test(tail[0]!)) return { accountId: tail[0]!, name: tail[1]! };
  throw sqsErrors.invalidAddress(url);
}

function pathOf(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 0) return url;
  const slash = url.indexOf('/', scheme + 3);
  if (slash < 0) return '';
  const q = url.indexOf('?', slash);
  return q < 0 ? url.slice(slash) : url.slice(slash, q);
}

export function queueUrl(baseUrl: string, accountId: string, name: string): string {
  return `${baseUrl}/${accountId}/${name}`;
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

/** `arn:aws:sqs:REGION:ACCOUNT:NAME` → its parts, or undefined when it is not an SQS queue ARN (or names no possible queue). */
export function parseQueueArn(arn: string): (QueueAddress & { region: string }) | undefined {
  const p = arn.split(':');
  if (p.length !== 6 || p[0] !== 'arn' || p[2] !== 'sqs' || !ACCOUNT.test(p[4]!) || !isQueueName(p[5]!)) return undefined;
  return { region: p[3]!, accountId: p[4]!, name: p[5]! };
}
