/**
 * The one error type that crosses from services to the wire. A handler throws
 * `new ServiceError(shape, message)`; the protocol layer looks the shape up in the service's
 * `ServiceModel.errors` table for the query code, HTTP status and fault, and writes it in the
 * request's protocol. Anything thrown that is not a ServiceError becomes `InternalFailure` (500),
 * logged with the request id, its message never echoed to the client.
 */
export interface ServiceErrorOptions {
  /** The message the query protocol shows when it differs from the JSON one (SQS "… for this wsdl version."). */
  readonly queryMessage?: string;
  /** Extra output members of a modelled error (rare). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

export class ServiceError extends Error {
  constructor(
    /** Shape name as in the model's error table, e.g. `QueueDoesNotExist`. */
    readonly shape: string,
    message: string,
    readonly options: ServiceErrorOptions = {},
  ) {
    super(message);
    this.name = shape;
  }
}

export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof ServiceError;
}
