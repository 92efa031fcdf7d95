/**
 * Quirk `sqs-query-error-message`.
 *
 * What AWS does: SQS words some errors differently per protocol. Over JSON a missing queue is
 * "The specified queue does not exist."; over the query protocol the same error reads "The
 * specified queue does not exist for this wsdl version." (recorded against real AWS; see
 * docs/AWS-WIRE.md §1.2). Clients and scripts that match on the message see the one they expect.
 *
 * What we do: an SQS handler throws one ServiceError with `options.queryMessage`; query responses
 * use it as `<Message>`, JSON responses use the plain message.
 */
import type { Quirk } from './quirk.js';

export const sqsQueryErrorMessage: Quirk = {
  name: 'sqs-query-error-message',
  queryErrorMessage(err) {
    return err.options.queryMessage;
  },
};
