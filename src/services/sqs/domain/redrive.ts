import { sqsErrors } from '../errors.js';
import { parseQueueArn } from './queue-url.js';

/**
 * RedrivePolicy and RedriveAllowPolicy: their JSON forms as AWS validates and returns them.
 * A source queue's RedrivePolicy names its dead-letter queue and how many receives a message gets
 * before it is moved there; a dead-letter queue's RedriveAllowPolicy says which sources may use it.
 */
export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

export interface RedriveAllowPolicy {
  readonly redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  readonly sourceQueueArns?: readonly string[];
}

const invalidRedrive = (value: string, reason: string) => sqsErrors.invalidParameter('RedrivePolicy', value, reason);
const invalidAllow = (value: string, reason: string) => sqsErrors.invalidParameter('RedriveAllowPolicy', value, reason);

function parseObject(value: string, fail: (reason: string) => Error): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw fail('Invalid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('Invalid JSON.');
  return parsed as Record<string, unknown>;
}

/** Validates a RedrivePolicy and returns its canonical JSON ("" removes the policy). */
export function normalizeRedrivePolicy(value: string): string {
  if (value === '') return value;
  const fail = (reason: string) => invalidRedrive(value, reason);
  const p = parseObject(value, fail);
  for (const key of Object.keys(p)) {
    if (key !== 'deadLetterTargetArn' && key !== 'maxReceiveCount') throw fail(`Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].`);
  }
  if (p.deadLetterTargetArn === undefined) throw fail('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  if (p.maxReceiveCount === undefined) throw fail('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  const arn = String(p.deadLetterTargetArn);
  if (!parseQueueArn(arn)) throw fail('Invalid value for deadLetterTargetArn.');
  const count = Number(p.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw fail(`Invalid value for maxReceiveCount: ${String(p.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`);
  }
  return JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: count });
}

/** Validates a RedriveAllowPolicy and returns its canonical JSON ("" removes the policy). */
export function normalizeRedriveAllowPolicy(value: string): string {
  if (value === '') return value;
  const fail = (reason: string) => invalidAllow(value, reason);
  const p = parseObject(value, fail);
  const permission = p.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw fail('Amazon SQS can\'t parse the redrivePermission. Valid values are allowAll, denyAll and byQueue.');
  }
  const sources = p.sourceQueueArns;
  if (permission === 'byQueue') {
    if (!Array.isArray(sources) || sources.length === 0) throw fail('You must specify sourceQueueArns when redrivePermission is byQueue.');
    if (sources.length > 10) throw fail('You can specify up to 10 source queue ARNs.');
    for (const arn of sources) if (typeof arn !== 'string' || !parseQueueArn(arn)) throw fail(`Invalid source queue ARN: ${String(arn)}.`);
    return JSON.stringify({ redrivePermission: permission, sourceQueueArns: sources });
  }
  if (sources !== undefined) throw fail('sourceQueueArns can be specified only when redrivePermission is byQueue.');
  return JSON.stringify({ redrivePermission: permission });
}

/** Whether a dead-letter queue's RedriveAllowPolicy lets `sourceArn` use it (no policy = allowAll). */
export function allowsSource(allowPolicy: string | undefined, sourceArn: string): boolean {
  if (!allowPolicy) return true;
  const p = JSON.parse(allowPolicy) as RedriveAllowPolicy;
  if (p.redrivePermission === 'allowAll') return true;
  if (p.redrivePermission === 'denyAll') return false;
  return (p.sourceQueueArns ?? []).includes(sourceArn);
}
