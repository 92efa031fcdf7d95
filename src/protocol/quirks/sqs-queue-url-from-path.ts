/**
 * Quirk `sqs-queue-url-from-path`.
 *
 * What AWS does: a queue URL is also an endpoint. The query API documents requests made to the
 * queue's own URL (`POST|GET https://sqs.<region>.amazonaws.com/<account>/<queue>?Action=…`), and
 * old SDKs (Java v1's QueueUrlHandler and others) send queue operations to that path, sometimes
 * without a `QueueUrl` parameter. SQS then takes the queue from the path.
 *
 * What we do: for an operation with a `QueueUrl` member, a request at `/<12-digit account>/<queue>`
 * or `/queue/<region>/<account>/<queue>` that does not carry QueueUrl gets
 * `QueueUrl = baseUrl + path`, in either protocol, before decoding (so `required` is satisfied).
 * A QueueUrl the client did send always wins.
 */
import type { Quirk } from './quirk.js';

const QUEUE_PATH = /^\/(?:\d{12}|queue\/[^/]+\/\d{12})\/[^/]+\/?$/;

export const sqsQueueUrlFromPath: Quirk = {
  name: 'sqs-queue-url-from-path',
  implicitInput(op, req, baseUrl) {
    const path = req.path;
    if (path.length < 15 || op.input.members.QueueUrl === undefined || !QUEUE_PATH.test(path)) return undefined;
    return { QueueUrl: baseUrl + (path.endsWith('/') ? path.slice(0, -1) : path) };
  },
};

export function isQueuePath(path: string): boolean {
  return QUEUE_PATH.test(path);
}
