/** The quirks each service opts into, by ServiceModel.service. */
import type { Quirk } from './quirk.js';
import { sqsQueryErrorMessage } from './sqs-query-error-message.js';
import { sqsQueueUrlFromPath } from './sqs-queue-url-from-path.js';
import { sqsXmlEscaping } from './sqs-xml-escaping.js';

export type { Quirk } from './quirk.js';

export const QUIRKS: Readonly<Record<string, readonly Quirk[]>> = {
  sqs: [sqsQueueUrlFromPath, sqsQueryErrorMessage, sqsXmlEscaping],
};

export function quirksFor(service: string): readonly Quirk[] {
  return QUIRKS[service] ?? [];
}
