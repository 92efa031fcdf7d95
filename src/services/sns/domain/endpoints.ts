import { snsErrors } from '../errors.js';
import { isArn, parseQueueArn } from './arn.js';

/**
 * Subscription protocols and endpoints: what Subscribe accepts for each protocol [AWS-recorded
 * messages where LocalStack recorded them], which protocols a FIFO topic can deliver to (SQS
 * queues, standard or FIFO, and Firehose: AWS docs "Message delivery for FIFO topics"), and which
 * subscriptions start confirmed (same-account AWS endpoints) or pending (HTTP/S and email wait for
 * the owner of the endpoint to confirm).
 */

export const PROTOCOLS = new Set(['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose']);
const FIFO_PROTOCOLS = new Set(['sqs', 'firehose']);
const CONFIRMED_BY_OWNER = new Set(['http', 'https', 'email', 'email-json']);
const E164 = /^\+?[1-9]\d{1,14}$/;
/** No endpoint form (URL, ARN, address, number) has control characters; one with them is malformed. */
const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkEndpoint(protocol: string, endpoint: string | undefined, fifoTopic: boolean): string {
  if (!PROTOCOLS.has(protocol)) throw snsErrors.unsupportedProtocol(protocol);
  const e = endpoint ?? '';
  switch (protocol) {
    case 'http':
    case 'https':
      if (!e.startsWith(`${protocol}://`)) throw snsErrors.invalidParameter('Endpoint must match the specified protocol');
      if (CONTROL.test(e)) throw snsErrors.invalidParameter('Endpoint'); // [unverified wording]
      break;
    case 'sqs':
      if (!parseQueueArn(e) || CONTROL.test(e)) throw snsErrors.invalidParameter('SQS endpoint ARN');
      if (e.endsWith('.fifo') && !fifoTopic) throw snsErrors.fifoQueueOnStandardTopic();
      break;
    case 'sms':
      if (!E164.test(e)) throw snsErrors.invalidSmsEndpoint(e);
      break;
    case 'email':
    case 'email-json':
      // [unverified wording]
      if (!/^[^@\s]+@[^@\s]+$/.test(e) || CONTROL.test(e)) throw snsErrors.invalidParameter('Email address');
      break;
    case 'application':
      if (!isArn(e) || CONTROL.test(e)) throw snsErrors.invalidParameter('ApplicationEndpoint ARN');
      break;
    default:
      // lambda: AWS's words [AWS-recorded: "Invalid parameter: Lambda endpoint ARN", Subscribe with
      // protocol lambda, Miserlou/Zappa#225]; firehose's in the same form [unverified wording]
      if (!isArn(e) || CONTROL.test(e)) throw snsErrors.invalidParameter(`${protocol === 'lambda' ? 'Lambda' : 'Firehose'} endpoint ARN`);
  }
  if (fifoTopic && !FIFO_PROTOCOLS.has(protocol)) throw snsErrors.protocolNotForFifoTopic(protocol);
  return e;
}

/**
 * Whether a new subscription waits for confirmation. AWS confirms same-account AWS endpoints at
 * once; HTTP/S and email need the endpoint's owner to confirm. (A cross-account SQS queue is also
 * confirmed at once here: AWS would send it a SubscriptionConfirmation, which is part of the
 * confirmation-delivery work.)
 */
export function needsConfirmation(protocol: string): boolean {
  return CONFIRMED_BY_OWNER.has(protocol);
}
