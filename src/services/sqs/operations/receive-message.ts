import type { ReceiveMessageRequest, ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsDeps, type SqsOperation } from '../context.js';
import type { QueueRecord } from '../store.js';
import type { RequestContext } from '../../shared/service.js';
import { sqsErrors } from '../errors.js';
import { queueSettings } from '../domain/queue-attributes.js';
import { receivedMessage, receiveView } from '../domain/received-message.js';
import { redriveRule } from '../domain/dead-letter.js';
import { checkFifoId, DEDUP_WINDOW_MS } from '../domain/fifo.js';

/**
 * Claims up to MaxNumberOfMessages visible messages. With a wait (WaitTimeSeconds, else the queue's
 * ReceiveMessageWaitTimeSeconds) it long-polls: it returns as soon as at least one message is
 * claimed, sleeping between attempts until a send or visibility change wakes it, the next delayed
 * or in-flight message becomes visible, the wait ends, or the client goes away.
 */
export const receiveMessage: SqsOperation<ReceiveMessageRequest, ReceiveMessageResult> = async (deps, input, ctx) => {
  const queue = await resolveQueue(deps, input.QueueUrl);
  const result = await receiveFrom(deps, queue, input, ctx);
  deps.observer.received(queue, result.Messages?.length ?? 0); // 0: an empty receive
  return result;
};

async function receiveFrom(deps: SqsDeps, queue: QueueRecord, input: ReceiveMessageRequest, ctx: RequestContext): Promise<ReceiveMessageResult> {
  const settings = queueSettings(queue.attributes);
  const max = input.MaxNumberOfMessages ?? 1;
  if (!Number.isInteger(max) || max < 1 || max > 10) {
    throw sqsErrors.invalidParameter('MaxNumberOfMessages', max, 'Must be between 1 and 10, if provided.');
  }
  const waitSeconds = input.WaitTimeSeconds ?? settings.receiveWaitSeconds;
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > 20) {
    throw sqsErrors.invalidParameter('WaitTimeSeconds', waitSeconds, 'Must be >= 0 and <= 20, if provided.');
  }
  const visibility = input.VisibilityTimeout ?? settings.visibilityTimeoutSeconds;
  if (!Number.isInteger(visibility) || visibility < 0 || visibility > 43_200) {
    throw sqsErrors.invalidParameter('VisibilityTimeout', visibility, 'Must be >= 0 and <= 43200, if provided.');
  }
  const view = receiveView(input.AttributeNames, input.MessageSystemAttributeNames, input.MessageAttributeNames);
  const redrive = await redriveRule(deps, queue, ctx.region);
  // ReceiveRequestAttemptId makes a retried FIFO receive return the same messages (AWS ignores it on standard queues).
  const attemptId = settings.fifo && input.ReceiveRequestAttemptId !== undefined ? checkFifoId('ReceiveRequestAttemptId', input.ReceiveRequestAttemptId) : undefined;

  const deadline = deps.clock.now() + waitSeconds * 1000;
  for (;;) {
    const generation = deps.waiters.generation(queue.id);
    const now = deps.clock.now();
    if (await deps.inFlight.atLimit(queue, settings.fifo, settings.retentionMs)) {
      // AWS: OverLimit on a standard queue; a FIFO queue just returns nothing.
      if (!settings.fifo) throw sqsErrors.overLimit(deps.inFlight.limits.standard);
      return {};
    }
    const claimed = await deps.store.claimVisible(queue.id, {
      now,
      max,
      visibilityTimeoutMs: visibility * 1000,
      retentionMs: settings.retentionMs,
      ordering: settings.fifo ? 'fifo' : 'standard',
      redrive,
      attempt: attemptId === undefined ? undefined : { id: attemptId, windowMs: DEDUP_WINDOW_MS },
    });
    if (claimed.length > 0) {
      deps.inFlight.add(queue.id, claimed.length);
      return { Messages: claimed.map((m) => receivedMessage(queue.id, m, view, now, settings.fifo)) };
    }
    if (now >= deadline || ctx.signal.aborted || deps.waiters.closed) return {};
    const next = await deps.store.nextVisibleAt(queue.id, now, settings.retentionMs);
    const until = next === null ? deadline : Math.min(deadline, next);
    await deps.waiters.wait(queue.id, generation, until - now, ctx.signal);
    if (ctx.signal.aborted) return {};
  }
}
