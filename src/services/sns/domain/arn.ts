import { snsErrors } from '../errors.js';

/**
 * SNS and SQS ARNs. A topic is `arn:aws:sns:REGION:ACCOUNT:NAME`; a subscription is its topic's
 * ARN plus `:UUID`. AWS checks the shape before looking anything up: fewer than 6 `:`-separated
 * elements is "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not N"
 * [AWS-recorded]; a well-formed ARN of another region is "Invalid parameter: TopicArn" (the topic
 * lives in one region, the request was signed for another).
 */

export interface TopicAddress {
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
}

export function topicArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

/** Parses a topic ARN given as `parameter` (TopicArn, TargetArn, ResourceArn …), checked against the request's region. */
export function parseTopicArn(arn: string | undefined, parameter: string, region: string): TopicAddress {
  const parts = (arn ?? '').split(':');
  if (parts.length < 6) throw snsErrors.arnTooShort(parameter, parts.length);
  const [prefix, , service, arnRegion, accountId, ...rest] = parts;
  const name = rest.join(':');
  if (prefix !== 'arn' || service !== 'sns' || arnRegion !== region || rest.length !== 1 || name === '') {
    throw snsErrors.invalidParameter(parameter);
  }
  return { region: arnRegion, accountId: accountId!, name, arn: arn! };
}

/** The topic ARN part of a subscription ARN, or undefined when it has not 7 elements. */
export function topicOfSubscription(subscriptionArn: string): string | undefined {
  const parts = subscriptionArn.split(':');
  return parts.length === 7 ? parts.slice(0, 6).join(':') : undefined;
}

/** Checks a subscription ARN's shape (AWS's message for a short one, as for topics). */
export function checkSubscriptionArn(arn: string): void {
  const parts = arn.split(':');
  if (parts.length < 6) throw snsErrors.arnTooShort('SubscriptionArn', parts.length);
}

export interface QueueAddress {
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

/** `arn:aws:sqs:REGION:ACCOUNT:NAME` → its parts, or undefined when it is not an SQS queue ARN. */
export function parseQueueArn(arn: string): QueueAddress | undefined {
  const p = arn.split(':');
  if (p.length !== 6 || p[0] !== 'arn' || p[2] !== 'sqs' || !/^\d{12}$/.test(p[4]!) || !p[3] || !p[5]) return undefined;
  return { region: p[3], accountId: p[4]!, name: p[5] };
}

/** Any well-formed ARN (6+ elements starting `arn:`), e.g. a Lambda function or Firehose stream. */
export function isArn(value: string): boolean {
  const p = value.split(':');
  return p.length >= 6 && p[0] === 'arn' && p[2] !== '' && p[3] !== undefined;
}
