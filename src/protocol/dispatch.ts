/**
 * The protocol handler: one WireRequest in, one WireResponse out.
 *
 *   detect protocol/service/operation → parse caller (SigV4 scope) → verify (optional hook)
 *   → decode input → service handler → encode output, or encode the error
 *
 * Errors: a ServiceError is looked up in the service's error table (code, status, fault) and
 * written in the request's protocol; anything else is a 500 InternalFailure whose message is never
 * shown to the client, only logged with the request id.
 */
import { accountFor, parseCaller, type Caller, type SignatureVerifier } from './auth.js';
import {
  buildRouter,
  classify,
  mediaType,
  resolveJsonTarget,
  resolveQueryService,
  type OperationEntry,
  type Router,
  type ServiceEntry,
} from './detect.js';
import { ServiceError, isServiceError } from '../services/shared/errors.js';
import { CBOR_CONTENT_TYPE, decodeCbor, decodeCborStruct, encodeCbor, encodeCborError } from './cbor.js';
import { CBOR_PAYLOADS, JSON_PAYLOADS, eventStreamResponse, isEventStreamOutput, type StreamFailure } from './event-stream.js';
import { recycleBody } from './body-pool.js';
import { decodeJsonStruct, encodeJson } from './json.js';
import { InputFault } from './plan.js';
import { decodeQueryStruct, param, readQueryTree, setParamIfAbsent, type QNode } from './query.js';
import type { ServiceDefinition } from '../services/shared/service.js';
import type { WireHandler, WireRequest, WireResponse } from './wire.js';
import { encodeXml, encodeXmlError } from './xml.js';
import { parseJsonBody } from './json-body.js';
import { DispatchContext, type SessionOpener } from './dispatch-context.js';
import { refusedCaller, type RequestAuditor } from './dispatch-audit.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, msg: string, fields: Record<string, unknown>) => void;

export interface ProtocolHandlerOptions {
  readonly services: readonly ServiceDefinition[];
  /** Region when the request carries no SigV4 scope, e.g. `us-east-1`. */
  readonly defaultRegion: string;
  /** Account for unsigned requests and non-numeric access keys, e.g. `000000000000`. */
  readonly defaultAccountId: string;
  /** `scheme://host[:port]` to hand out in URLs instead of the one derived from the Host header. */
  readonly externalBaseUrl?: string;
  readonly log?: Log;
  /** Signature check (sigv4-verify.ts); absent means requests are not verified. */
  readonly verify?: SignatureVerifier;
  /** Told of every answered request (the metrics); absent costs nothing. */
  readonly observe?: RequestObserver;
  /** Told of every request that named an operation, with what an audit record needs (runtime/audit-log.ts); absent costs nothing. */
  readonly audit?: RequestAuditor;
  /** Opens the session tokens the server issued (STS), for resource policies that name roles; absent, none is opened. */
  readonly sessions?: SessionOpener;
}

/**
 * Called once per request when its answer is ready (for an event stream: when the stream starts):
 * the service (`sqs`, `sns`, `kinesis`) and operation it named, or undefined when it named none this
 * server knows (never the client's text: unbounded label values); the error's shape
 * (`QueueDoesNotExist`, `InternalFailure` …) or undefined on success; and the `performance.now()`
 * it came in at. Runs on the request path: must be cheap and synchronous.
 */
export type RequestObserver = (service: string | undefined, operation: string | undefined, error: string | undefined, startedAt: number) => void;

type Proto = 'json' | 'query' | 'cbor';

/**
 * An error the protocol layer raises itself (no such operation, not implemented, unreadable
 * request), with its wire code and status fixed here rather than in a service's table.
 */
export class ProtocolError extends ServiceError {
  constructor(
    /** JSON `__type` (always written bare, without a namespace). */
    shape: string,
    message: string,
    /** Query `<Code>` and `x-amzn-query-error` code. */
    readonly queryCode: string,
    readonly status = 400,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(shape, message);
  }
}

const INTERNAL_MESSAGE = 'We encountered an internal error. Please try again.';

const UNRECOGNISED =
  'Switchyard could not tell which AWS API this request is for. Send AWS JSON (content-type ' +
  'application/x-amz-json-1.0 or 1.1 with an X-Amz-Target header) or the query protocol ' +
  '(an Action= parameter in a form-urlencoded body or in the query string).';

const cborUnsupported = (service: string): string =>
  `Switchyard does not speak the CBOR protocol (application/x-amz-cbor-1.1) for ${service}. Configure the ` +
  'client to use JSON instead (Java SDK v2: -Daws.cborEnabled=false or AWS_CBOR_ENABLED=false; ' +
  'Java SDK v1 and the KCL: -Dcom.amazonaws.sdk.disableCbor=true or AWS_CBOR_DISABLE=true).';

export function createProtocolHandler(options: ProtocolHandlerOptions): WireHandler {
  const router = buildRouter(options.services);
  if (options.observe === undefined) return (req) => handle(router, options, req, 0);
  return (req) => handle(router, options, req, performance.now());
}

async function handle(router: Router, options: ProtocolHandlerOptions, req: WireRequest, startedAt: number): Promise<WireResponse> {
  const media = mediaType(req);
  const kind = classify(req, media);
  let proto: Proto = 'json';
  let service: ServiceEntry | undefined;
  let op: OperationEntry | undefined;
  let opName = '';
  // Outside the try for the auditor, which also hears of refusals.
  let input: Record<string, unknown> | undefined;
  let verifiedAccount: string | undefined;
  let ctx: DispatchContext | undefined;
  try {
    const caller = parseCaller(req);
    const baseUrl = options.externalBaseUrl ?? `${req.scheme}://${req.headers.host ?? 'localhost'}`;

    if (kind === 'json' || kind === 'cbor') {
      // CBOR is AWS JSON with another body encoding: same X-Amz-Target, same member names.
      proto = kind;
      const t = resolveJsonTarget(router, req.headers['x-amz-target']);
      service = t.service;
      op = t.op;
      opName = t.opName;
      if (proto === 'cbor' && service !== undefined && !service.speaksCbor) {
        throw new ProtocolError('SerializationException', cborUnsupported(service.model.service), 'SerializationException');
      }
      if (op === undefined) {
        if (service !== undefined) throw asServiceError(service.def.inputErrors.unknownOperation(opName));
        throw new ProtocolError(
          'UnknownOperationException',
          opName === '' ? 'Missing X-Amz-Target header.' : `No service handles the operation ${req.headers['x-amz-target']}.`,
          'InvalidAction',
        );
      }
      if (options.verify !== undefined) {
        const verified = options.verify(req, caller, service!.def, op.name);
        verifiedAccount = verified instanceof Promise ? await verified : verified; // a promise only when it must wait
      }
      input = proto === 'cbor' ? decodeCborBody(op, req, baseUrl) : decodeJsonBody(op, req, baseUrl);
    } else if (kind === 'query') {
      proto = 'query';
      const body = media === 'application/x-www-form-urlencoded' ? req.body.toString('utf8') : undefined;
      const params = readQueryTree(req.query, body);
      service = resolveQueryService(router, params, caller, req.path);
      opName = param(params, 'Action') ?? '';
      if (service === undefined) {
        throw opName === ''
          ? new ProtocolError('MissingAction', 'The request must contain the parameter Action.', 'MissingAction')
          : new ProtocolError('InvalidAction', `The action ${opName} is not valid for this endpoint.`, 'InvalidAction');
      }
      op = service.operations.get(opName);
      if (op === undefined) throw asServiceError(service.def.inputErrors.unknownOperation(opName));
      if (options.verify !== undefined) {
        const verified = options.verify(req, caller, service.def, op.name);
        verifiedAccount = verified instanceof Promise ? await verified : verified; // a promise only when it must wait
      }
      input = decodeQueryParams(op, req, params, baseUrl);
    } else {
      throw new ProtocolError('UnrecognizedRequest', UNRECOGNISED, 'UnrecognizedRequest');
    }

    if (op.handler === undefined) {
      throw new ProtocolError(
        proto === 'json' ? 'UnknownOperationException' : 'InvalidAction',
        `The operation ${op.name} is not implemented by Switchyard yet.`,
        'InvalidAction',
      );
    }
    ctx = new DispatchContext(req, verifiedAccount ?? accountFor(caller.accessKeyId, options.defaultAccountId), caller.region ?? options.defaultRegion, caller.accessKeyId, baseUrl, options.sessions);
    const output = await op.handler(input, ctx);
    let res: WireResponse;
    if (proto === 'query') res = respond(200, 'text/xml', req.requestId, encodeXml(op.xml, op.output, output, req.requestId));
    else if (isEventStreamOutput(output)) {
      const entry = op.service;
      const codec = proto === 'cbor' ? CBOR_PAYLOADS : JSON_PAYLOADS;
      res = eventStreamResponse(output, req.requestId, codec, (e) => streamFailure(e, entry, req, opName, options.log));
    } else {
      res =
        proto === 'cbor'
          ? respond(200, CBOR_CONTENT_TYPE, req.requestId, encodeCbor(op.output, output))
          : respondPooled(200, op.service.jsonContentType, req.requestId, encodeJson(op.output, output));
    }
    options.observe?.(service!.model.service, op.name, undefined, startedAt);
    options.audit?.(req, service!.def, op.name, ctx, input, output, undefined);
    return res;
  } catch (e) {
    options.observe?.(service?.model.service, op?.name, isServiceError(e) ? e.shape : 'InternalFailure', startedAt);
    options.audit?.(req, service?.def, op?.name, ctx ?? refusedCaller(req, verifiedAccount, options), input, undefined, e);
    return renderError(e, proto, service, req, media, opName, options.log);
  }
}

function decodeJsonBody(op: OperationEntry, req: WireRequest, baseUrl: string): Record<string, unknown> {
  const inputErrors = op.service.def.inputErrors;
  let parsed: unknown;
  if (req.body.length === 0) parsed = {};
  else {
    try {
      parsed = parseJsonBody(req.body);
    } catch (e) {
      throw asServiceError(inputErrors.malformed((e as Error).message));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw asServiceError(inputErrors.malformed('The request body must be a JSON object.'));
    }
  }
  const obj = parsed as Record<string, unknown>;
  for (const q of op.service.inputQuirks) {
    const extra = q.implicitInput!(op.model, req, baseUrl);
    if (extra !== undefined) for (const k in extra) if (obj[k] === undefined || obj[k] === null) obj[k] = extra[k];
  }
  try {
    return decodeJsonStruct(op.input, obj);
  } catch (e) {
    throw inputFault(op, e);
  }
}

function decodeCborBody(op: OperationEntry, req: WireRequest, baseUrl: string): Record<string, unknown> {
  let parsed: unknown = {};
  if (req.body.length > 0) {
    try {
      parsed = decodeCbor(req.body);
    } catch (e) {
      throw asServiceError(op.service.def.inputErrors.malformed((e as Error).message));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Buffer.isBuffer(parsed) || parsed instanceof Date) {
      throw asServiceError(op.service.def.inputErrors.malformed('The request body must be a CBOR map.'));
    }
  }
  const obj = parsed as Record<string, unknown>;
  for (const q of op.service.inputQuirks) {
    const extra = q.implicitInput!(op.model, req, baseUrl);
    if (extra !== undefined) for (const k in extra) if (obj[k] === undefined || obj[k] === null) obj[k] = extra[k];
  }
  try {
    return decodeCborStruct(op.input, obj);
  } catch (e) {
    throw inputFault(op, e);
  }
}

function decodeQueryParams(
  op: OperationEntry,
  req: WireRequest,
  params: QNode,
  baseUrl: string,
): Record<string, unknown> {
  for (const q of op.service.inputQuirks) {
    const extra = q.implicitInput!(op.model, req, baseUrl);
    if (extra === undefined) continue;
    for (const k in extra) {
      const wire = op.wireNames.get(k);
      if (wire !== undefined) setParamIfAbsent(params, wire, extra[k]!);
    }
  }
  try {
    return decodeQueryStruct(op.input, params);
  } catch (e) {
    throw inputFault(op, e);
  }
}

/** Turns a decode fault into the service's own error; the path is dotted, list indexes 1-based. */
function inputFault(op: OperationEntry, e: unknown): unknown {
  if (!(e instanceof InputFault)) return e;
  const errors = op.service.def.inputErrors;
  const path = e.path.join('.');
  if (e.reason === 'missing') return asServiceError(errors.missing(path));
  if (e.reason === 'null') return asServiceError(errors.nullEntry(path, e.expected ?? 'member'));
  return asServiceError(errors.invalidType(path, e.value, e.expected ?? ''));
}

/** InputErrors return `Error`; one that is not a ServiceError still answers as a client error. */
function asServiceError(e: Error): Error {
  if (isServiceError(e)) return e;
  return new ServiceError(e.name && e.name !== 'Error' ? e.name : 'ValidationError', e.message);
}

function respond(status: number, contentType: string, requestId: string, body: string | Buffer): WireResponse {
  return { status, headers: { 'content-type': contentType, 'x-amzn-RequestId': requestId }, body };
}

/** As respond; a body written into pooled memory (JsonBytes) gives it back once sent. */
function respondPooled(status: number, contentType: string, requestId: string, body: string | Buffer): WireResponse {
  const res = respond(status, contentType, requestId, body);
  return typeof body === 'string' ? res : { ...res, sent: () => recycleBody(body) };
}

function renderError(
  e: unknown,
  proto: Proto,
  service: ServiceEntry | undefined,
  req: WireRequest,
  media: string,
  opName: string,
  log: ProtocolHandlerOptions['log'],
): WireResponse {
  const model = service?.model;
  let shape: string;
  let message: string;
  let fields: Readonly<Record<string, unknown>> | undefined;
  if (isServiceError(e)) {
    shape = e.shape;
    message = e.message;
    fields = e.options.fields;
    if (proto === 'query' && service !== undefined) {
      for (const q of service.queryMessageQuirks) message = q.queryErrorMessage!(e) ?? message;
    }
    log?.('debug', 'service error', { requestId: req.requestId, service: model?.service, operation: opName, error: shape, message });
  } else {
    shape = 'InternalFailure';
    message = INTERNAL_MESSAGE;
    log?.('error', 'internal failure', {
      requestId: req.requestId,
      service: model?.service,
      operation: opName,
      error: e instanceof Error ? e.message : String(e),
      stack: e instanceof Error ? e.stack : undefined,
    });
  }
  // The service's catalogue decides code, status and fault; the protocol layer's own errors and
  // InternalFailure fall back to fixed values when the service does not list them.
  const spec = model?.errors[shape];
  let code: string;
  let status: number;
  let fault: 'Sender' | 'Receiver';
  let jsonType: string;
  if (spec !== undefined) {
    ({ code, status, fault } = spec);
    const ns = spec.namespace ?? model!.errorNamespace;
    jsonType = ns === undefined ? shape : `${ns}#${shape}`;
  } else if (e instanceof ProtocolError) {
    code = e.queryCode;
    status = e.status;
    fault = e.fault;
    jsonType = shape;
  } else if (isServiceError(e)) {
    code = shape;
    status = 400;
    fault = 'Sender';
    jsonType = model?.errorNamespace === undefined ? shape : `${model.errorNamespace}#${shape}`;
  } else {
    code = jsonType = shape;
    status = 500;
    fault = 'Receiver';
  }

  if (proto === 'query') {
    return respond(status, 'text/xml', req.requestId, encodeXmlError(service?.xmlNamespace, fault, code, message, req.requestId));
  }
  const headers: Record<string, string> = {
    'content-type':
      proto === 'cbor' ? CBOR_CONTENT_TYPE : service?.jsonContentType ?? (media.startsWith('application/x-amz-json-') ? media : 'application/json'),
    'x-amzn-RequestId': req.requestId,
  };
  if (service?.model.queryCompatible) headers['x-amzn-query-error'] = `${code};${fault}`;
  if (proto === 'cbor') return { status, headers, body: encodeCborError(jsonType, message, fields) };
  let body = `{"__type":${JSON.stringify(jsonType)},"message":${JSON.stringify(message)}`;
  if (fields !== undefined) {
    for (const k in fields) if (k !== '__type' && k !== 'message' && fields[k] !== undefined) body += `,${JSON.stringify(k)}:${JSON.stringify(fields[k])}`;
  }
  return { status, headers, body: body + '}' };
}

export type { Caller };

/**
 * What a stream says when its event source throws after the 200 went out: a modelled error
 * becomes an exception event (JS v3 throws the typed exception), anything else an error message
 * (`:error-code`/`:error-message`); internal failures are logged and their message not shown.
 */
function streamFailure(e: unknown, service: ServiceEntry, req: WireRequest, opName: string, log: ProtocolHandlerOptions['log']): StreamFailure {
  const fields = { requestId: req.requestId, service: service.model.service, operation: opName };
  if (isServiceError(e)) {
    log?.('debug', 'service error in event stream', { ...fields, error: e.shape, message: e.message });
    if (service.model.errors[e.shape] === undefined) return { code: e.shape, message: e.message };
    return { exception: e.shape, payload: { ...e.options.fields, message: e.message } };
  }
  log?.('error', 'internal failure in event stream', {
    ...fields,
    error: e instanceof Error ? e.message : String(e),
    stack: e instanceof Error ? e.stack : undefined,
  });
  return { code: 'InternalFailure', message: INTERNAL_MESSAGE };
}
