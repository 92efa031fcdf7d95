/**
 * A named, documented deviation of one service from the generic protocol codecs. Each quirk lives
 * in its own file with a comment saying what AWS does and why, and has a test. The codecs never
 * test for a service by name: the dispatcher calls these hooks for the services that list them.
 */
import type { ServiceError } from '../../services/shared/errors.js';
import type { OperationModel } from '../../services/shared/shapes.js';
import type { WireRequest } from '../wire.js';

export interface Quirk {
  readonly name: string;
  /**
   * Values for top-level input members the request did not send, by member name. Applied before
   * decoding (so `required` checks see them) and only to members the operation has.
   */
  implicitInput?(op: OperationModel, req: WireRequest, baseUrl: string): Readonly<Record<string, string>> | undefined;
  /** The `<Message>` of a query-protocol error, when it differs from the JSON one. */
  queryErrorMessage?(err: ServiceError): string | undefined;
}
