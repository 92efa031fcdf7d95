import type { Handler, RequestContext } from '../shared/service.js';
import { authorizationRequest, decide, parsePolicy, refusalMessage, refusedByIdentity, type Principal, type Refusal } from '../shared/policy/index.js';
import type { SqsDeps } from './context.js';
import { sqsErrors } from './errors.js';
import { isTaskHandle } from './domain/task-handle.js';
import { isAccountId, isQueueName, parseQueueArn, parseQueueUrl, queueArn } from './domain/queue-url.js';

/**
 * `--enforce-policies` for SQS: before a queue-scoped operation runs, the queue's `Policy`
 * attribute is evaluated for `sqs:<Action>` on the queue's ARN (shared/policy). Wrapping the
 * handler table is the one place every operation passes, including SNS's in-process deliveries
 * (which act as sns.amazonaws.com); with enforcement off the table is not wrapped at all.
 *
 * Anything the gate cannot resolve (no QueueUrl, a malformed one, a queue that does not exist) is
 * left to the operation, which answers it in its own words, once the caller's identity policies
 * (IAM users, sessions of declared roles; shared/policy/identity-gate.ts) allow the action on the
 * ARN the queue would have (CreateQueue: the new queue's [AWS-recorded: "sqs:createqueue on resource:
 * arn:aws:sqs:ap-northeast-2:086015456585:my-test-queue" in public CLI output]); ListQueues and
 * the other account-wide actions on `arn:aws:sqs:<region>:<account>:` [AWS-recorded: "sqs:listqueues
 * on resource: arn:aws:sqs:us-east-1:123456789012:" in public CLI output]. SQS dead-letter redrive and message
 * move tasks move messages inside SQS as the owner, with no policy check, as on AWS.
 */

/** Batch operations are authorized as their single form: IAM has no `sqs:SendMessageBatch` [AWS-recorded: aws/serverless-application-model#3633]. */
const ACTION_OF: Readonly<Record<string, string>> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

/**
 * "Cross-account permissions don't apply to the following actions" (SQS Developer Guide,
 * "Limitations of Amazon SQS custom policies"): only the owner's account may call these.
 */
const OWNER_ONLY = new Set([
  'AddPermission', 'CancelMessageMoveTask', 'CreateQueue', 'DeleteQueue', 'ListMessageMoveTasks', 'ListQueues', 'ListQueueTags',
  'RemovePermission', 'SetQueueAttributes', 'StartMessageMoveTask', 'TagQueue', 'UntagQueue',
]);

interface QueueRef {
  readonly accountId: string;
  readonly name: string;
}

/** Which queue an operation's input names, or undefined (not queue-scoped, or unreadable: the operation reports it). */
async function queueNamed(deps: SqsDeps, operation: string, input: Record<string, unknown>, ctx: RequestContext): Promise<QueueRef | undefined> {
  if (typeof input.QueueUrl === 'string') {
    try {
      return parseQueueUrl(input.QueueUrl);
    } catch {
      return undefined;
    }
  }
  if (operation === 'GetQueueUrl' && typeof input.QueueName === 'string') {
    const accountId = typeof input.QueueOwnerAWSAccountId === 'string' && input.QueueOwnerAWSAccountId !== '' ? input.QueueOwnerAWSAccountId : ctx.accountId;
    return isAccountId(accountId) ? { accountId, name: input.QueueName } : undefined;
  }
  if ((operation === 'StartMessageMoveTask' || operation === 'ListMessageMoveTasks') && typeof input.SourceArn === 'string') return parseQueueArn(input.SourceArn);
  // A task handle names its task, and the task its source queue.
  if (operation === 'CancelMessageMoveTask' && typeof input.TaskHandle === 'string' && isTaskHandle(input.TaskHandle)) {
    const task = await deps.store.getMoveTask(input.TaskHandle);
    return task && parseQueueArn(task.sourceArn);
  }
  return undefined;
}

export function enforceQueuePolicies(deps: SqsDeps, handlers: Readonly<Record<string, Handler>>): Record<string, Handler> {
  const gated: Record<string, Handler> = {};
  for (const [operation, handler] of Object.entries(handlers)) {
    const action = ACTION_OF[operation] ?? operation;
    const ownerOnly = OWNER_ONLY.has(operation);
    gated[operation] = async (input, ctx) => {
      const fields = (input ?? {}) as Record<string, unknown>;
      const ref = await queueNamed(deps, operation, fields, ctx);
      const queue = ref && isQueueName(ref.name) ? await deps.store.getQueue(ref.accountId, ref.name) : undefined;
      // SQS spells the action in lower case in this message [AWS-recorded: microsoft/aspire#3333].
      const refused = (principal: Principal, arn: string, refusal: Refusal) => sqsErrors.accessDenied(refusalMessage(principal, `sqs:${action.toLowerCase()}`, arn, refusal));
      if (queue) {
        const arn = queueArn(ctx.region, queue.accountId, queue.name);
        const req = authorizationRequest(ctx, `sqs:${action}`, arn, deps.clock.now());
        const refusal = decide(parsePolicy(queue.attributes.Policy), req, queue.accountId, ownerOnly);
        if (refusal) throw refused(req.principal, arn, refusal);
      } else {
        const arn = ref ? queueArn(ctx.region, ref.accountId, ref.name) : unresolvedArn(operation, fields, ctx);
        const denied = refusedByIdentity(ctx, `sqs:${action}`, arn, deps.clock.now());
        if (denied) throw refused(denied.principal, arn, denied.refusal);
      }
      return handler(input, ctx);
    };
  }
  return gated;
}

/** The ARN an operation naming no existing queue is authorized on: the queue CreateQueue would make, else the account's. */
function unresolvedArn(operation: string, input: Record<string, unknown>, ctx: RequestContext): string {
  if (operation === 'CreateQueue' && typeof input.QueueName === 'string') return queueArn(ctx.region, ctx.accountId, input.QueueName);
  return `arn:aws:sqs:${ctx.region}:${ctx.accountId}:`;
}
