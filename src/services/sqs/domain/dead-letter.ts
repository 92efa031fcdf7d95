import type { SqsDeps } from '../context.js';
import { sqsErrors } from '../errors.js';
import type { QueueRecord, RedriveRule } from '../store.js';
import { isFifo, queueSettings } from './queue-attributes.js';
import { parseQueueArn, queueArn } from './queue-url.js';
import { allowsSource } from './redrive.js';

/**
 * The cross-queue rules of a RedrivePolicy: the dead-letter queue must exist, be of the source's
 * type (standard → standard, FIFO → FIFO) and allow the source in its RedriveAllowPolicy.
 */
export async function checkRedriveTarget(deps: SqsDeps, source: { arn: string; fifo: boolean }, policyJson: string | undefined): Promise<void> {
  if (!policyJson) return;
  const policy = JSON.parse(policyJson) as { deadLetterTargetArn: string };
  const fail = (reason: string) => sqsErrors.invalidParameter('RedrivePolicy', policyJson, reason);
  const target = await queueByArn(deps, policy.deadLetterTargetArn);
  if (!target) throw fail('Dead letter target does not exist.');
  if (isFifo(target.attributes) !== source.fifo) {
    throw fail(source.fifo ? 'Dead-letter target must be a FIFO queue.' : 'Dead-letter target must be a standard queue.');
  }
  if (!allowsSource(target.attributes.RedriveAllowPolicy, source.arn)) {
    throw fail('Dead letter target queue does not allow redrive from this source queue (RedriveAllowPolicy).');
  }
}

export async function queueByArn(deps: SqsDeps, arn: string): Promise<QueueRecord | undefined> {
  const address = parseQueueArn(arn);
  return address ? deps.store.getQueue(address.accountId, address.name) : undefined;
}

/** The redrive rule a receive on `queue` applies, or undefined (no policy, or its target is gone). */
export async function redriveRule(deps: SqsDeps, queue: QueueRecord, region: string): Promise<RedriveRule | undefined> {
  const policy = queueSettings(queue.attributes).redrivePolicy;
  if (!policy) return undefined;
  const target = await queueByArn(deps, policy.deadLetterTargetArn);
  if (!target || target.id === queue.id) return undefined;
  return {
    deadLetterQueueId: target.id,
    maxReceiveCount: policy.maxReceiveCount,
    sourceArn: queueArn(region, queue.accountId, queue.name),
    onMoved: (messages) => deps.observer.deadLettered(queue, messages),
  };
}
