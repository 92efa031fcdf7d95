/**
 * The console's admin API: `POST /_switchyard/console/api/<sqs|sns|kinesis>/<Operation>`, a JSON
 * body in handler form (the operation's input members by their model names; blobs base64,
 * timestamps epoch seconds or ISO text), answered with the operation's output as AWS JSON, or
 * `{"error":{"code","message"}}` with the status AWS gives that error.
 *
 * Why a protocol handler of its own: so that a console request is decoded, validated and answered
 * by the very code that serves the SDKs (createProtocolHandler), not by a second validator that
 * would drift. Each service is presented to it as an AWS JSON service under a console-only target
 * prefix (SNS speaks only query on the wire, but its model is the same data either way), and the
 * request goes to it in-process, unsigned: the console acts as the server's default account in the
 * default region, as an unsigned SDK request would. With --credentials it acts as the account of the
 * key its Basic auth named, and, when the credentials file declares IAM users or roles, as that key's
 * identity (`caller`, attributed to the inner request as the SigV4 check does to a signed one): with
 * --enforce-policies the services' policy gates then decide the console's call as they would the
 * same key's signed call, and a refusal comes back in AWS's words.
 */
import { attributeIdentity } from '../protocol/sigv4-verify.js';
import type { IamCaller } from '../services/shared/policy/identity.js';
import { createProtocolHandler, type Log, type RequestAuditor, type ServiceDefinition, type WireHandler, type WireRequest, type WireResponse } from '../protocol/index.js';
import type { ServiceModel } from '../services/shared/shapes.js';
import { consoleError, refuseUnlessConsoleCall } from './guard.js';

export interface ConsoleSettings {
  readonly accountId: string;
  readonly region: string;
  /** `scheme://host[:port]` for URLs handed out (queue URLs), as the server's `--hostname`. */
  readonly hostname?: string;
}

export type ConsoleServices = Readonly<Record<string, ServiceDefinition>>;

/** Serves one API call; `caller` is the IAM identity of the key the console was signed in with, when the credentials file declares users or roles. */
export type ConsoleApi = (req: WireRequest, service: string, operation: string, caller?: IamCaller) => Promise<WireResponse>;

const TARGET_PREFIX = 'SwitchyardConsole_';

export function createConsoleApi(services: ConsoleServices, settings: ConsoleSettings, log?: Log, audit?: RequestAuditor): ConsoleApi {
  const models = new Map(Object.entries(services).map(([name, def]) => [name, def.model]));
  // The audit log is told of the browser's request (its address, user agent, Basic auth), not the inner one.
  const outer = new WeakMap<WireRequest, WireRequest>();
  const protocol = createProtocolHandler({
    services: Object.entries(services).map(([name, def]) => asJsonService(name, def)),
    defaultRegion: settings.region,
    defaultAccountId: settings.accountId,
    externalBaseUrl: settings.hostname,
    log,
    audit: audit && ((inner, ...rest) => audit(outer.get(inner) ?? inner, ...rest)),
  });
  return async (req, service, operation, caller) => {
    const refused = refuseUnlessConsoleCall(req);
    if (refused) return refused;
    const model = models.get(service);
    if (model === undefined) return consoleError(404, 'UnknownService', `The console serves ${[...models.keys()].join(', ')}; not ${service}.`);
    if (streamsOutput(model, operation)) {
      return consoleError(400, 'UnsupportedOperation', `${operation} answers with an event stream, which the console does not relay; read records with GetShardIterator and GetRecords.`);
    }
    const inner = innerRequest(req, service, operation);
    if (caller !== undefined) attributeIdentity(inner, caller);
    if (audit !== undefined) outer.set(inner, req);
    return answer(model, await protocol(inner));
  };
}

/** The service as an AWS JSON service the protocol layer routes by a console-only target prefix. */
function asJsonService(name: string, def: ServiceDefinition): ServiceDefinition {
  const model: ServiceModel = { ...def.model, protocols: ['json'], targetPrefix: TARGET_PREFIX + name, jsonVersion: '1.1' };
  return { model, handlers: def.handlers, inputErrors: def.inputErrors };
}

/** Whether the operation's output is an event stream (Kinesis SubscribeToShard). */
function streamsOutput(model: ServiceModel, operation: string): boolean {
  const output = Object.hasOwn(model.operations, operation) ? model.operations[operation]!.output : undefined;
  return Object.values(output?.members ?? {}).some((m) => m.shape.type === 'structure' && m.shape.eventStream === true);
}

/**
 * The console's request as an unsigned AWS JSON request: only the body and the host are carried
 * over, never the browser's other headers (no Authorization, no cookies reach the services); and
 * the peer's address, so that policies see the browser's aws:SourceIp, as they would its SDK's.
 */
function innerRequest(req: WireRequest, service: string, operation: string): WireRequest {
  return {
    method: 'POST',
    path: '/',
    query: '',
    headers: { host: req.headers.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}${service}.${operation}` },
    body: req.body,
    requestId: req.requestId,
    scheme: req.scheme,
    httpVersion: req.httpVersion,
    signal: req.signal,
    remoteAddress: req.remoteAddress,
  };
}

/**
 * The protocol layer's answer for the console: success as it is (AWS JSON); an error as
 * `{"error":{"code","message"}}` with the same status, `code` being the error's shape (the name
 * the SDKs throw, `__type` without its namespace) and `queryCode` the query protocol's code where
 * it differs (SQS `AWS.SimpleQueueService.NonExistentQueue`, SNS `NotFound`).
 */
function answer(model: ServiceModel, res: WireResponse): WireResponse {
  if (res.status < 300) return { ...res, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-amzn-RequestId': res.headers['x-amzn-RequestId'] ?? '' } };
  const { __type, message } = JSON.parse(String(res.body)) as { __type: string; message: string };
  const code = __type.slice(__type.indexOf('#') + 1);
  const queryCode = model.errors[code]?.code;
  return consoleError(res.status, code, message, queryCode !== undefined && queryCode !== code ? { queryCode } : {});
}
