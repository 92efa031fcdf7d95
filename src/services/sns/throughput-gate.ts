import type { Handler, RequestContext } from '../shared/service.js';
import type { RateCharge, RateLimiter } from '../shared/rate-limiter.js';
import type { SnsDeps } from './context.js';
import { parseTopicArn } from './domain/arn.js';
import { snsModel } from './model.js';
import { snsErrors } from './errors.js';
import { apiCharge, apiRate, publishCharges, type PublishTopic } from './throughput.js';

const MAX_BATCH_ENTRIES = 10;

/**
 * The throughput mode (`--throughput-limits`) in front of SNS's handlers (throughput.ts): each call
 * is counted against its windows or refused before the operation runs, with the common
 * `Throttling` error, or the modelled `Throttled` where the operation's model lists it. Only the
 * limited operations are wrapped, and only in the mode. A publish whose topic cannot be found, or
 * a PublishBatch whose entries are not a list of 1 to 10, is left to the operation (which reports
 * it) and not counted.
 */
export function limitSnsThroughput(deps: SnsDeps, handlers: Record<string, Handler>, limiter: RateLimiter): Record<string, Handler> {
  const limited = { ...handlers };
  for (const [operation, handler] of Object.entries(handlers)) {
    const refusal = snsModel.operations[operation]?.errors.includes('ThrottledException') ? snsErrors.throttled : snsErrors.rateExceeded;
    const charges = operation === 'Publish' || operation === 'PublishBatch' ? publishChargesOf(deps, operation) : undefined;
    if (!charges && apiRate(operation, '') === undefined) continue;
    limited[operation] = async (input, ctx) => {
      const charge = charges ? await charges(input, ctx) : [apiCharge(operation, ctx)!];
      if (charge && !(await limiter.tryAll(charge))) throw refusal();
      return handler(input, ctx);
    };
  }
  return limited;
}

type Charges = (input: Record<string, unknown>, ctx: RequestContext) => Promise<RateCharge[] | undefined>;

function publishChargesOf(deps: SnsDeps, operation: 'Publish' | 'PublishBatch'): Charges {
  return async (input, ctx) => {
    if (operation === 'Publish') {
      const direct = input.PhoneNumber !== undefined || (typeof input.TargetArn === 'string' && input.TargetArn.includes(':endpoint/'));
      if (direct) return publishCharges(ctx, undefined, [undefined]);
      const topic = await publishTopic(deps, input.TopicArn ?? input.TargetArn, ctx);
      return topic && publishCharges(ctx, topic, [groupOf(input)]);
    }
    const entries = input.PublishBatchRequestEntries;
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_BATCH_ENTRIES) return undefined;
    const topic = await publishTopic(deps, input.TopicArn, ctx);
    return topic && publishCharges(ctx, topic, entries.map(groupOf));
  };
}

function groupOf(entry: unknown): string | undefined {
  const group = (entry as { MessageGroupId?: unknown } | null)?.MessageGroupId;
  return typeof group === 'string' ? group : undefined;
}

/** The topic a publish names, if it exists (a bad or unknown ARN: undefined, left to the operation). */
async function publishTopic(deps: SnsDeps, arn: unknown, ctx: RequestContext): Promise<PublishTopic | undefined> {
  if (typeof arn !== 'string') return undefined;
  try {
    const topic = await deps.store.getTopic(parseTopicArn(arn, 'TopicArn', ctx.region).arn);
    if (!topic) return undefined;
    return { arn: topic.arn, fifo: topic.attributes.FifoTopic === 'true', perMessageGroup: topic.attributes.FifoThroughputScope === 'MessageGroup' };
  } catch {
    return undefined;
  }
}
