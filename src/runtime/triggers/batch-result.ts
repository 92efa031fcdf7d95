import type { InvokeAnswer } from '../../services/shared/lambda.js';
import { jsonPreview } from './json-encodable.js';

/**
 * What a RequestResponse invocation of a batch means for its messages [Lambda developer guide,
 * "Handling errors for an SQS event source in Lambda", "Implementing partial batch responses"]:
 *
 * - 2xx without `X-Amz-Function-Error`: the batch succeeded, every message is deleted; with
 *   ReportBatchItemFailures, all but those the function names in
 *   `{"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}`. An empty or null list, an empty or
 *   null response (or any answer that is no object with that key) is complete success. Invalid
 *   JSON, an itemIdentifier that is empty, null, not a string, missing (a bad key name) or no
 *   message of the batch is complete failure;
 * - `X-Amz-Function-Error` (the function threw or timed out) or any other status: nothing is
 *   deleted. The messages come back when their visibility timeout ends, and the queue's
 *   RedrivePolicy dead-letters them after maxReceiveCount receives, as on AWS.
 */
export type BatchResult =
  | { readonly ok: true; readonly failedIds: ReadonlySet<string> }
  | { readonly ok: false; readonly functionError: boolean; readonly reason: string };

const NONE: ReadonlySet<string> = new Set();

export function batchResult(answer: InvokeAnswer, messageIds: readonly string[], reportBatchItemFailures: boolean): BatchResult {
  if (answer.functionError !== undefined) {
    return { ok: false, functionError: true, reason: `the function failed (X-Amz-Function-Error: ${answer.functionError})${errorText(answer.body)}` };
  }
  if (answer.status < 200 || answer.status >= 300) {
    return { ok: false, functionError: false, reason: `Lambda answered HTTP ${answer.status}${answer.errorType ? ` ${answer.errorType}` : ''}${errorText(answer.body)}` };
  }
  if (!reportBatchItemFailures) return { ok: true, failedIds: NONE };
  return partialResponse(answer.body, messageIds);
}

function partialResponse(body: string, messageIds: readonly string[]): BatchResult {
  if (body.trim() === '') return { ok: true, failedIds: NONE };
  let response: unknown;
  try {
    response = JSON.parse(body);
  } catch {
    return { ok: false, functionError: true, reason: 'the function answered invalid JSON (ReportBatchItemFailures): the whole batch failed' };
  }
  if (response === null || typeof response !== 'object' || Array.isArray(response)) return { ok: true, failedIds: NONE };
  const list = (response as Record<string, unknown>).batchItemFailures;
  if (list === undefined || list === null) return { ok: true, failedIds: NONE };
  if (!Array.isArray(list)) return { ok: false, functionError: true, reason: 'batchItemFailures is not a list: the whole batch failed' };
  const known = new Set(messageIds);
  const failed = new Set<string>();
  for (const item of list) {
    const id = item !== null && typeof item === 'object' ? (item as Record<string, unknown>).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '' || !known.has(id)) {
      return { ok: false, functionError: true, reason: `batchItemFailures names ${jsonPreview(item)}, which is no message of the batch: the whole batch failed` };
    }
    failed.add(id);
  }
  return { ok: true, failedIds: failed };
}

function errorText(body: string): string {
  const text = body.trim();
  return text === '' || text === 'null' ? '' : `: ${text.slice(0, 300)}`;
}
