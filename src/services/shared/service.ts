import type { ServiceModel } from './shapes.js';

/**
 * What a handler knows about the request it serves. Nothing here is a wire detail: the protocol
 * layer has already decoded the body, resolved the caller and chosen the service.
 */
export interface RequestContext {
  readonly requestId: string;
  /** Account of the caller: a 12-digit access key id is used as the account, else the default. */
  readonly accountId: string;
  /** Region from the SigV4 credential scope, else the server's default region. */
  readonly region: string;
  readonly accessKeyId?: string;
  /** The request's SigV4 session token (temporary credentials), if it carried one. */
  readonly sessionToken?: string;
  /** `scheme://host[:port]` the client reached us at (or the configured external hostname); for URLs we hand out. */
  readonly baseUrl: string;
  /** Aborted when the client goes away (ends long polls early). */
  readonly signal: AbortSignal;
  /** The request's `X-Amzn-Trace-Id` header (AWS X-Ray), if it had one: SQS keeps it as AWSTraceHeader. */
  readonly traceHeader?: string;
  /** Whether the request came over TLS (the policy key aws:SecureTransport), when known. */
  readonly secureTransport?: boolean;
  /** The peer's IP address (aws:SourceIp), when the HTTP layer tells it. */
  readonly sourceIp?: string;
  /**
   * An AWS service acting for a resource instead of the caller's account (SNS delivering to an SQS
   * queue): resource policies see the service principal, aws:SourceArn and aws:SourceAccount.
   */
  readonly servicePrincipal?: ServiceActor;
  /**
   * Who the request's temporary credentials stand for, when its session token is one this server
   * issued (STS): read by resource policies only. Each read opens the token (an AES-GCM open), so
   * read it once per evaluation; requests without a token pay nothing.
   */
  readonly session?: SessionIdentity;
}

/** A session the server issued (services/sts), as resource policies see it. */
export interface SessionIdentity {
  readonly accountId: string;
  /** Epoch milliseconds (aws:TokenIssueTime). */
  readonly issuedAt: number;
  /** AssumeRole sessions; absent for GetSessionToken's, which are their account's. */
  readonly role?: RoleSessionIdentity;
  readonly sourceIdentity?: string;
  /** Session tags of AssumeRole (aws:PrincipalTag/…). */
  readonly tags?: readonly { readonly Key: string; readonly Value: string }[];
}

export interface RoleSessionIdentity {
  /** `arn:aws:iam::<account>:role/<path><name>`: what role principals and aws:PrincipalArn name. */
  readonly roleArn: string;
  /** `arn:aws:sts::<account>:assumed-role/<name>/<session>`: the session principal. */
  readonly sessionArn: string;
  /** `AROA…:<session>` (aws:userid). */
  readonly userId: string;
}

/** AWS service `service` (`sns.amazonaws.com`) acting for resource `sourceArn` of account `sourceAccount`. */
export interface ServiceActor {
  readonly service: string;
  readonly sourceArn: string;
  readonly sourceAccount: string;
}

export type Handler = (input: any, ctx: RequestContext) => Promise<unknown>;

/** One message of an event stream: an event, or a modelled exception (which ends the stream). */
export type StreamEvent =
  | { readonly type: string; readonly payload: object }
  | { readonly exception: string; readonly payload: object };

/**
 * What a handler returns for an operation whose output is an event stream (Kinesis
 * SubscribeToShard). The protocol layer answers 200 at once and sends `initial` (the output's
 * non-stream members, `{}` for SubscribeToShard) as the `initial-response` event, then one message
 * per item of `events` as it comes, then ends the response when `events` ends. An `exception`
 * item ends the stream after it is sent. Throwing from `events` also ends it: a ServiceError
 * listed in the model's errors goes out as that exception, anything else as an error message.
 *
 * Payloads are plain objects in handler form (blobs as Buffers, timestamps as Dates); `null` and
 * `undefined` members are left out. `events` must finish (or return) when `ctx.signal` aborts: the
 * client going away is noticed between events, and only `ctx.signal` can cut a wait short.
 */
export interface EventStreamOutput {
  readonly initial: object;
  readonly events: AsyncIterable<StreamEvent>;
}

/** A service as the protocol layer sees it: its model (data) and one handler per operation. */
export interface ServiceDefinition {
  readonly model: ServiceModel;
  readonly handlers: Readonly<Record<string, Handler>>;
  /**
   * How this service reports generic decode problems, in its own AWS words. The protocol layer
   * calls these instead of inventing messages.
   */
  readonly inputErrors: InputErrors;
}

export interface InputErrors {
  /** A required member is absent (`path` like `Entries.1.Id` in query form, `Entries[0].Id` style is not used). */
  missing(path: string): Error;
  /** A list member or map value is null (`kind`: `member` or `value`; JSON and CBOR only). */
  nullEntry(path: string, kind: string): Error;
  /** A value could not be read as its model type (not a number, bad base64, wrong JSON type …). */
  invalidType(path: string, value: unknown, expected: string): Error;
  /** The body itself cannot be parsed (malformed JSON / CBOR). */
  malformed(detail: string): Error;
  /** The operation (X-Amz-Target or Action) is not one this service knows. */
  unknownOperation(name: string): Error;
}
