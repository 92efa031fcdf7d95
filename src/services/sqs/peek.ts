import type { Message } from '@aws-sdk/client-sqs';
import { resolveQueue, type SqsDeps } from './context.js';
import { queueSettings } from './domain/queue-attributes.js';
import { receivedMessage, receiveView } from './domain/received-message.js';

/**
 * The admin peek (GET /_switchyard/sqs/messages, runtime/admin-routes.ts): a queue's messages as
 * they are, without receiving them, for tests and operators (LocalStack, ElasticMQ, fauxqs and
 * moto offer the same; AWS has no such call). Nothing changes: no receive count, no visibility.
 * Each message is shown as a ReceiveMessage asking for every attribute would show it, without a
 * ReceiptHandle (a peek is no receive), with its state at the time of the peek.
 */
export interface PeekedMessage {
  /** Position in the queue: pass the last one as `after` for the next page. */
  readonly seq: number;
  /** `visible` (a receive could take it now), `inFlight` (received, not yet visible again) or `delayed` (never received, not yet visible). */
  readonly state: 'visible' | 'inFlight' | 'delayed';
  /** Epoch ms from which a receive can take it. */
  readonly visibleAt: number;
  readonly message: Omit<Message, 'ReceiptHandle'>;
}

const EVERYTHING = receiveView(['All'], undefined, ['All']);

export async function peekMessages(deps: SqsDeps, queueUrl: string | undefined, afterSeq: number, limit: number): Promise<PeekedMessage[]> {
  const queue = await resolveQueue(deps, queueUrl);
  const settings = queueSettings(queue.attributes);
  const now = deps.clock.now();
  const stored = await deps.store.peekMessages(queue.id, now - settings.retentionMs, afterSeq, limit);
  return stored.map((m) => {
    const { ReceiptHandle: _, ...message } = receivedMessage(queue.id, m, EVERYTHING, now, settings.fifo);
    // A receive would make now its first receive; a message nobody received yet has none to show.
    if (m.firstReceiveAt === null && message.Attributes) delete message.Attributes.ApproximateFirstReceiveTimestamp;
    const state = m.visibleAt <= now ? 'visible' : m.receiveCount > 0 ? 'inFlight' : 'delayed';
    return { seq: m.seq, state, visibleAt: m.visibleAt, message };
  });
}
