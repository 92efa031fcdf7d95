import type { AttributeValue, ResourceSpec } from './resources-spec.js';
import { filterPatterns, type FilterCriteriaSpec, type TriggerSpec } from './resources-spec-triggers.js';
import type { StreamTriggerSpec } from './resources-spec-stream-triggers.js';

/**
 * What the Terraform and CloudFormation renderings of an export (export-terraform.ts,
 * export-cloudformation.ts) share: they render the resource file `switchyard export` writes
 * (resources-export.ts), and need the same answers about it: which names are resources of the
 * export, which ARNs inside a policy point at them, and unique identifiers made from names.
 */

export type ResourceKind = 'queue' | 'topic' | 'stream';

/**
 * What a string in a policy (or an ARN-valued attribute) stands for when it names the exported
 * account: an ARN in that account (`region` undefined when it is the exported region, so that it
 * becomes the region the rendering is applied in; `''` for global services such as IAM), or the
 * account id itself. `resource` is everything after the account.
 */
export type Target = { readonly kind: 'arn'; readonly service: string; readonly region: string | undefined; readonly resource: string } | { readonly kind: 'account' };

/** The partition, region and account the exported resources live in, as their ARNs say. */
interface Home {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

const ARN = /^arn:([a-z-]+):(sqs|sns|kinesis):([a-z0-9-]+):(\d{12}):(stream\/)?([A-Za-z0-9_.-]+)$/;
const ANY_ARN = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}):(.+)$/;
const SERVICE_KIND: Readonly<Record<string, ResourceKind>> = { sqs: 'queue', sns: 'topic', kinesis: 'stream' };

/**
 * The names of an export and the home its policies' ARNs are read against. The resource file
 * names resources, not ARNs, so the home account and region are not in it: they are taken from
 * the first ARN in a JSON-valued attribute (a policy, a redrive allow policy) that names one of
 * the export's resources. ARNs in that account are then rebuilt from the account (and region) the
 * rendering is applied in, so that a policy still points at the right queue or topic, and a role
 * ARN at the right role, once the account is a real one.
 */
export class ExportIndex {
  readonly queues: ReadonlySet<string>;
  readonly topics: ReadonlySet<string>;
  readonly streams: ReadonlySet<string>;
  private readonly home: Home | undefined;

  constructor(spec: ResourceSpec) {
    this.queues = new Set((spec.queues ?? []).map((q) => q.name));
    this.topics = new Set((spec.topics ?? []).map((t) => t.name));
    this.streams = new Set((spec.streams ?? []).map((s) => s.name));
    // Policies as data, also when the file gives one as a string.
    const values: unknown[] = [];
    const add = (attributes: Readonly<Record<string, AttributeValue>> | undefined) => values.push(...Object.values(attributes ?? {}).map(asJson));
    for (const q of spec.queues ?? []) add(q.attributes);
    for (const t of spec.topics ?? []) {
      add(t.attributes);
      for (const s of t.subscriptions ?? []) add(s.attributes);
    }
    this.home = findHome(values, this);
  }

  has(kind: ResourceKind, name: string): boolean {
    return (kind === 'queue' ? this.queues : kind === 'topic' ? this.topics : this.streams).has(name);
  }

  /** The queue or topic of the export an ARN names (in the home account and region), else undefined. */
  declared(arn: string): { readonly kind: ResourceKind; readonly name: string } | undefined {
    const t = this.target(arn);
    if (t?.kind !== 'arn' || t.region !== undefined) return undefined;
    const kind = t.service === 'sqs' ? 'queue' : t.service === 'sns' ? 'topic' : undefined;
    return kind !== undefined && this.has(kind, t.resource) ? { kind, name: t.resource } : undefined;
  }

  /** What a string stands for if it is the home account or an ARN in it (any service), else undefined. */
  target(s: string): Target | undefined {
    const home = this.home;
    if (home === undefined) return undefined;
    if (s === home.accountId) return { kind: 'account' };
    const m = ANY_ARN.exec(s);
    if (!m || m[1] !== home.partition || m[4] !== home.accountId) return undefined;
    return { kind: 'arn', service: m[2]!, region: m[3] === home.region ? undefined : m[3]!, resource: m[5]! };
  }
}

function findHome(values: readonly unknown[], index: ExportIndex): Home | undefined {
  let home: Home | undefined;
  const visit = (v: unknown): void => {
    if (home !== undefined) return;
    if (typeof v === 'string') {
      const m = ARN.exec(v);
      if (m && index.has(SERVICE_KIND[m[2]!]!, m[6]!)) home = { partition: m[1]!, region: m[3]!, accountId: m[4]! };
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  values.forEach(visit);
  return home;
}

/** A JSON value with every string `replace` has an answer for replaced (objects' keys stay). */
export function mapStrings(v: unknown, replace: (s: string) => unknown): unknown {
  if (typeof v === 'string') return replace(v) ?? v;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, replace));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, replace)]));
  return v;
}

/**
 * Identifiers made from names, unique among those handed out by this instance: `sanitise` turns a
 * name into a valid identifier, and a clash gets _2, _3 … (or 2, 3 … where `_` is not allowed).
 */
export class UniqueIds {
  private readonly used = new Set<string>();
  constructor(private readonly sanitise: (name: string) => string, private readonly separator: string) {}

  take(name: string): string {
    const base = this.sanitise(name);
    let id = base;
    for (let n = 2; this.used.has(id.toLowerCase()); n++) id = `${base}${this.separator}${n}`;
    this.used.add(id.toLowerCase());
    return id;
  }
}

/** A Terraform resource name: letters, digits and _ (as Terraform's style guide has them), not starting with a digit. */
export function terraformName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(s) ? s : `r_${s}`;
}

/** A CloudFormation logical id: letters and digits only (PascalCase from the name's words), at most 255. */
export function cloudFormationId(...parts: string[]): string {
  const words = parts.join(' ').split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return (/^[A-Za-z]/.test(id) ? id : `R${id}`).slice(0, 240);
}

/** The ARN of a queue, topic or stream of the exported account and region, as a Target. */
export function resourceTarget(kind: ResourceKind, name: string): Target {
  const service = kind === 'queue' ? 'sqs' : kind === 'topic' ? 'sns' : 'kinesis';
  return { kind: 'arn', service, region: undefined, resource: kind === 'stream' ? `stream/${name}` : name };
}

/** The last part of a subscription's endpoint, to name it by: a URL's host and path, an ARN's name, an address. */
export function endpointTail(endpoint: string): string {
  const url = endpoint.indexOf('://');
  return url >= 0 ? endpoint.slice(url + 3) : endpoint.slice(endpoint.lastIndexOf(':') + 1);
}

/** A trigger's function by name (and version or alias): the last part of its ARN, or the name itself. */
export function functionName(ref: string): string {
  const m = /:function:(.+)$/.exec(ref);
  return m ? m[1]!.replace(':', '_') : ref;
}

/**
 * A queue's or stream's trigger as CreateEventSourceMapping's (and AWS::Lambda::EventSourceMapping's)
 * properties, only those the file gave; ScalingConfig.MaximumConcurrency as `MaximumConcurrency`
 * (each format nests it its way). Terraform's argument is each name in snake case. FilterCriteria
 * as CloudFormation takes it, `{ Filters: [{ Pattern: "<JSON string>" }] }` (a pattern the file
 * gave as an object encoded), when it has any filter (an empty one is no filter, as on AWS).
 * DestinationConfig as `{ OnFailure: { Destination: <ARN> } }`; each format makes the ARN a
 * reference when it names a queue or topic the export declares (declaredTarget).
 */
export function mappingSettings(t: TriggerSpec | StreamTriggerSpec): [string, unknown][] {
  const q = t as Partial<TriggerSpec>;
  const s = t as Partial<StreamTriggerSpec>;
  const all: [string, unknown][] = [
    ['StartingPosition', s.startingPosition],
    ['StartingPositionTimestamp', s.startingPositionTimestamp],
    ['BatchSize', t.batchSize],
    ['MaximumBatchingWindowInSeconds', t.maximumBatchingWindowInSeconds],
    ['ParallelizationFactor', s.parallelizationFactor],
    ['BisectBatchOnFunctionError', s.bisectBatchOnFunctionError],
    ['MaximumRetryAttempts', s.maximumRetryAttempts],
    ['MaximumRecordAgeInSeconds', s.maximumRecordAgeInSeconds],
    ['TumblingWindowInSeconds', s.tumblingWindowInSeconds],
    ['DestinationConfig', s.destinationConfig && { OnFailure: { Destination: s.destinationConfig.onFailure.destination } }],
    ['FunctionResponseTypes', t.functionResponseTypes && [...t.functionResponseTypes]],
    ['MaximumConcurrency', q.maximumConcurrency],
    ['FilterCriteria', filterCriteria((t as { readonly filterCriteria?: FilterCriteriaSpec }).filterCriteria)],
    ['Enabled', t.enabled],
  ];
  return all.filter(([, v]) => v !== undefined);
}

function filterCriteria(criteria: FilterCriteriaSpec | undefined): { Filters: { Pattern: string }[] } | undefined {
  const patterns = criteria === undefined ? [] : filterPatterns(criteria);
  return patterns.length === 0 ? undefined : { Filters: patterns.map((Pattern) => ({ Pattern })) };
}

/** What the function's role must be allowed, for the note beside an exported trigger. */
export function triggerNote(kind: 'queue' | 'stream'): string {
  return `The function is not part of the export (Switchyard runs none): it must exist in AWS, and its execution role must be allowed to ${kind === 'queue' ? 'read and delete from the queue' : 'read from the stream'}.`;
}

/** A FIFO queue or topic's name ends in .fifo (the resource file says so by the name alone). */
export function isFifoName(name: string): boolean {
  return name.endsWith('.fifo');
}

/** An attribute as a number (AWS's strings and the file's numbers alike). */
export function asNumber(v: AttributeValue): number {
  return typeof v === 'number' ? v : Number(v);
}

export function asBoolean(v: AttributeValue): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

export function asString(v: AttributeValue): string {
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A JSON-valued attribute as data (the export writes objects; a string is parsed if it can be). */
export function asJson(v: AttributeValue): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** An endpoint AWS could not reach: one on this machine or a private network Switchyard ran on. */
export function isLocalEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host) || !host.includes('.');
  } catch {
    return false;
  }
}

/** Topic attributes of delivery status logging: <Protocol>SuccessFeedbackRoleArn and the like. */
export const FEEDBACK = /^(Application|HTTP|Lambda|SQS|Firehose)(SuccessFeedbackRoleArn|SuccessFeedbackSampleRate|FailureFeedbackRoleArn)$/;
