import type { Handler } from '../shared/service.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import { resolveQueue, type SqsDeps } from './context.js';
import { sqsErrors } from './errors.js';
import { FIFO_COUNTED_ACTIONS, fifoRateCharge } from './throughput.js';

/**
 * The throughput mode (`--throughput-limits`) in front of the counted actions (throughput.ts): the
 * queue is looked up, and a FIFO queue's call is counted against its action's window or refused
 * with RequestThrottled before the operation runs. Only these handlers are wrapped, and only in
 * the mode: off, the request path is exactly as without it. A request whose queue cannot be
 * found (or whose QueueUrl is bad) is left to the operation, which reports it, and is not counted.
 * A URL whose name does not end in `.fifo` names a standard queue (AWS requires the suffix of FIFO
 * queues): not looked up, so standard queues pay nothing in the mode either.
 */
export function limitFifoThroughput(deps: SqsDeps, handlers: Record<string, Handler>, limiter: RateLimiter): Record<string, Handler> {
  const limited = { ...handlers };
  for (const action of Object.keys(FIFO_COUNTED_ACTIONS)) {
    const handler = handlers[action];
    if (!handler) continue;
    limited[action] = async (input, ctx) => {
      const url = input.QueueUrl;
      const fifo = typeof url === 'string' && url.endsWith('.fifo');
      const queue = fifo ? await resolveQueue(deps, url).catch(() => undefined) : undefined;
      const charge = queue && fifoRateCharge(action, { key: `${queue.accountId}/${queue.name}`, attributes: queue.attributes }, ctx.region);
      if (charge && !(await limiter.tryAll([charge]))) throw sqsErrors.requestThrottled();
      return handler(input, ctx);
    };
  }
  return limited;
}
