import type { CancelMessageMoveTaskRequest, CancelMessageMoveTaskResult } from '@aws-sdk/client-sqs';
import type { SqsOperation } from '../context.js';
import { sqsErrors } from '../errors.js';
import { isTaskHandle } from '../domain/task-handle.js';

/** Asks a RUNNING task to stop (it becomes CANCELLING, then CANCELLED after its current step). */
export const cancelMessageMoveTask: SqsOperation<CancelMessageMoveTaskRequest, CancelMessageMoveTaskResult> = async (deps, input) => {
  if (!input.TaskHandle) throw sqsErrors.missingParameter('TaskHandle');
  const task = isTaskHandle(input.TaskHandle) ? await deps.store.getMoveTask(input.TaskHandle) : undefined;
  if (!task) throw sqsErrors.resourceNotFound('The task you specified does not exist.');
  if (task.status !== 'RUNNING') throw sqsErrors.unsupported(`Only a RUNNING task can be cancelled; this one is ${task.status}.`);
  await deps.store.updateMoveTask(task.taskHandle, { status: 'CANCELLING' }, deps.clock.now());
  return { ApproximateNumberOfMessagesMoved: task.moved };
};
