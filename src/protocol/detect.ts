/**
 * Which protocol, service and operation a request is for. Everything that can be known before the
 * first request is precomputed into a Router (plans, response tags, lookup maps).
 *
 * Protocol, from the request:
 *   content-type application/x-amz-json-1.0|1.1, or X-Amz-Target with another non-form type → JSON
 *   content-type application/x-amz-cbor-1.1                                         → CBOR
 *   content-type application/x-www-form-urlencoded, or `Action=` in the URL query   → query
 * JSON and CBOR: the service is the one whose targetPrefix starts `X-Amz-Target: <Prefix>.<Op>`
 * (CBOR only for services whose model lists 'cbor').
 * Query: the service is, in order, the one whose apiVersion equals `Version`, the SigV4 signing
 * name, `sqs` for queue-URL paths (`/<account>/<queue>`, `/queue/<region>/<account>/<queue>`),
 * then the first service defining the Action.
 */
import type { Caller } from './auth.js';
import { quirksFor, type Quirk } from './quirks/index.js';
import { isQueuePath } from './quirks/sqs-queue-url-from-path.js';
import { planStructure, type StructPlan } from './plan.js';
import { param, type QNode } from './query.js';
import type { Handler, ServiceDefinition } from '../services/shared/service.js';
import type { OperationModel, ServiceModel } from '../services/shared/shapes.js';
import type { WireRequest } from './wire.js';
import { xmlEnvelope, type XmlEnvelope } from './xml.js';

export interface ServiceEntry {
  readonly def: ServiceDefinition;
  readonly model: ServiceModel;
  readonly operations: ReadonlyMap<string, OperationEntry>;
  readonly jsonContentType: string;
  /** The model lists 'cbor': CBOR requests are decoded, not refused. */
  readonly speaksCbor: boolean;
  readonly xmlNamespace: string;
  readonly quirks: readonly Quirk[];
  /** Quirks with an implicitInput hook (checked on every request, so kept apart). */
  readonly inputQuirks: readonly Quirk[];
  readonly queryMessageQuirks: readonly Quirk[];
}

export interface OperationEntry {
  readonly service: ServiceEntry;
  readonly name: string;
  readonly model: OperationModel;
  readonly handler: Handler | undefined;
  readonly input: StructPlan;
  readonly output: StructPlan | undefined;
  readonly xml: XmlEnvelope;
  /** Member name → query wire name, for members quirks may fill in. */
  readonly wireNames: ReadonlyMap<string, string>;
}

export interface Router {
  readonly services: readonly ServiceEntry[];
  /** `AmazonSQS.SendMessage` → entry */
  readonly targets: ReadonlyMap<string, OperationEntry>;
  readonly jsonPrefixes: ReadonlyMap<string, ServiceEntry>;
  readonly queryByVersion: ReadonlyMap<string, ServiceEntry>;
  readonly queryBySigningName: ReadonlyMap<string, ServiceEntry>;
  readonly queryByAction: ReadonlyMap<string, ServiceEntry>;
  readonly queueService: ServiceEntry | undefined;
}

export function buildRouter(services: readonly ServiceDefinition[]): Router {
  const entries: ServiceEntry[] = [];
  const targets = new Map<string, OperationEntry>();
  const jsonPrefixes = new Map<string, ServiceEntry>();
  const queryByVersion = new Map<string, ServiceEntry>();
  const queryBySigningName = new Map<string, ServiceEntry>();
  const queryByAction = new Map<string, ServiceEntry>();
  let queueService: ServiceEntry | undefined;

  for (const def of services) {
    const model = def.model;
    const quirks = quirksFor(model.service);
    const operations = new Map<string, OperationEntry>();
    const entry: ServiceEntry = {
      def,
      model,
      operations,
      jsonContentType: `application/x-amz-json-${model.jsonVersion ?? '1.0'}`,
      speaksCbor: model.protocols.includes('cbor'),
      xmlNamespace: model.xmlNamespace ?? `https://${model.service}.amazonaws.com/doc/${model.apiVersion}/`,
      quirks,
      inputQuirks: quirks.filter((q) => q.implicitInput !== undefined),
      queryMessageQuirks: quirks.filter((q) => q.queryErrorMessage !== undefined),
    };
    entries.push(entry);
    for (const [name, op] of Object.entries(model.operations)) {
      const input = planStructure(op.input);
      const wireNames = new Map(input.members.map((m) => [m.name, m.wire] as const));
      const opEntry: OperationEntry = {
        service: entry,
        name,
        model: op,
        handler: def.handlers[name],
        input,
        output: op.output === undefined ? undefined : planStructure(op.output),
        xml: xmlEnvelope(name, entry.xmlNamespace, op.output !== undefined),
        wireNames,
      };
      operations.set(name, opEntry);
    }
    const speaksJson = model.protocols.includes('json') || model.protocols.includes('cbor');
    if (speaksJson && model.targetPrefix !== undefined) {
      if (!jsonPrefixes.has(model.targetPrefix)) jsonPrefixes.set(model.targetPrefix, entry);
      for (const [name, op] of operations) {
        const t = `${model.targetPrefix}.${name}`;
        if (!targets.has(t)) targets.set(t, op);
      }
    }
    if (model.protocols.includes('query')) {
      if (!queryByVersion.has(model.apiVersion)) queryByVersion.set(model.apiVersion, entry);
      if (!queryBySigningName.has(model.service)) queryBySigningName.set(model.service, entry);
      for (const name of operations.keys()) if (!queryByAction.has(name)) queryByAction.set(name, entry);
      if (model.service === 'sqs' && queueService === undefined) queueService = entry;
    }
  }
  return { services: entries, targets, jsonPrefixes, queryByVersion, queryBySigningName, queryByAction, queueService };
}

export type WireKind = 'json' | 'query' | 'cbor' | 'unknown';

const FORM = 'application/x-www-form-urlencoded';
const JSON_PREFIX = 'application/x-amz-json-';
const CBOR = 'application/x-amz-cbor-1.1';

/** The media type of the request, lower-cased, without parameters. */
export function mediaType(req: WireRequest): string {
  const ct = req.headers['content-type'];
  if (ct === undefined) return '';
  const semi = ct.indexOf(';');
  return (semi < 0 ? ct : ct.slice(0, semi)).trim().toLowerCase();
}

export function classify(req: WireRequest, media: string): WireKind {
  if (media.startsWith(JSON_PREFIX)) return 'json';
  if (media === CBOR) return 'cbor';
  if (media === FORM) return 'query';
  if (req.headers['x-amz-target'] !== undefined && media !== '') return 'json';
  if ((req.method === 'GET' || req.method === 'POST') && hasActionParam(req.query)) return 'query';
  return 'unknown';
}

function hasActionParam(query: string): boolean {
  if (query.length === 0) return false;
  return query.startsWith('Action=') || query.includes('&Action=');
}

export interface JsonTarget {
  readonly op?: OperationEntry;
  readonly service?: ServiceEntry;
  /** The operation part of X-Amz-Target (or the whole header when it has no dot). */
  readonly opName: string;
}

export function resolveJsonTarget(router: Router, target: string | undefined): JsonTarget {
  if (target === undefined || target.length === 0) return { opName: '' };
  const op = router.targets.get(target);
  if (op !== undefined) return { op, service: op.service, opName: op.name };
  const dot = target.lastIndexOf('.');
  if (dot < 0) return { opName: target };
  return { service: router.jsonPrefixes.get(target.slice(0, dot)), opName: target.slice(dot + 1) };
}

export function resolveQueryService(
  router: Router,
  params: QNode,
  caller: Caller,
  path: string,
): ServiceEntry | undefined {
  const version = param(params, 'Version');
  if (version !== undefined) {
    const s = router.queryByVersion.get(version);
    if (s !== undefined) return s;
  }
  if (caller.signingService !== undefined) {
    const s = router.queryBySigningName.get(caller.signingService);
    if (s !== undefined) return s;
  }
  if (router.queueService !== undefined && path.length > 1 && isQueuePath(path)) return router.queueService;
  const action = param(params, 'Action');
  return action === undefined ? undefined : router.queryByAction.get(action);
}
