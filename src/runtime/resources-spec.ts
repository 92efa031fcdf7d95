import { readFileSync } from 'node:fs';
import { ConfigError } from './config.js';
import { checkTriggers, type TriggerSpec } from './resources-spec-triggers.js';
import { checkStreamTriggers, type StreamTriggerSpec } from './resources-spec-stream-triggers.js';
import { jsonEncodable, jsonPreview } from './triggers/json-encodable.js';

/**
 * The resource file: queues (with their dead-letter queues), topics (with their subscriptions)
 * and streams (with their consumers), declared once and reconciled at startup
 * (resources-apply.ts), and written back from a running server (resources-export.ts). JSON only:
 * no YAML reader is among the dependencies.
 *
 * Names, not URLs or ARNs: a queue, topic or stream is named as in the CreateQueue / CreateTopic /
 * CreateStream call, and resolved for the account and region the file is applied to.
 */

/**
 * An attribute as AWS has it, or friendlier: numbers and booleans are turned into AWS's strings,
 * and a JSON-valued attribute (Policy, RedriveAllowPolicy, DeliveryPolicy …) may be an object.
 */
export type AttributeValue = string | number | boolean | Record<string, unknown> | unknown[];
export type Attributes = Record<string, AttributeValue>;
export type Tags = Record<string, string>;

export interface QueueSpec {
  /** `.fifo` makes it a FIFO queue (FifoQueue=true is implied). */
  readonly name: string;
  readonly attributes?: Attributes;
  readonly tags?: Tags;
  /** The queue's RedrivePolicy, by the dead-letter queue's name (in this file or on the server). */
  readonly deadLetter?: { readonly queue: string; readonly maxReceiveCount: number };
  /** Lambda functions that consume the queue (SQS event source mappings: resources-spec-triggers.ts). */
  readonly triggers?: readonly TriggerSpec[];
}

export interface SubscriptionSpec {
  /** One of SNS's protocols (sqs, http, https, email, lambda …); may be left out when `queue` is given (sqs). */
  readonly protocol?: string;
  /** For `sqs`: the queue's name (in this file or on the server). */
  readonly queue?: string;
  /** For every other protocol (and for an SQS queue by ARN): the endpoint as Subscribe takes it. */
  readonly endpoint?: string;
  readonly rawMessageDelivery?: boolean;
  readonly filterPolicy?: Record<string, unknown>;
  readonly filterPolicyScope?: 'MessageAttributes' | 'MessageBody';
  /** The subscription's RedrivePolicy: undeliverable messages go to this queue. */
  readonly deadLetter?: { readonly queue: string };
  /** Any other subscription attribute (DeliveryPolicy, SubscriptionRoleArn, ReplayPolicy). */
  readonly attributes?: Attributes;
}

export interface TopicSpec {
  /** `.fifo` makes it a FIFO topic (FifoTopic=true is implied). */
  readonly name: string;
  readonly attributes?: Attributes;
  readonly tags?: Tags;
  readonly subscriptions?: readonly SubscriptionSpec[];
}

export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface StreamSpec {
  readonly name: string;
  /** Default: PROVISIONED when `shards` is given, else AWS's default, ON_DEMAND. */
  readonly mode?: StreamMode;
  /** Open shards of a PROVISIONED stream. */
  readonly shards?: number;
  readonly retentionHours?: number;
  /** Enhanced fan-out consumers, by name. */
  readonly consumers?: readonly string[];
  readonly tags?: Tags;
  /** Lambda functions that consume the stream (Kinesis event source mappings: resources-spec-stream-triggers.ts). */
  readonly triggers?: readonly StreamTriggerSpec[];
}

export interface ResourceSpec {
  readonly version?: 1;
  readonly queues?: readonly QueueSpec[];
  readonly topics?: readonly TopicSpec[];
  readonly streams?: readonly StreamSpec[];
}

const QUEUE_NAME = /^(?:[A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\.fifo)$/;
const TOPIC_NAME = /^(?:[A-Za-z0-9_-]{1,256}|[A-Za-z0-9_-]{1,251}\.fifo)$/;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const PROTOCOLS = ['sqs', 'http', 'https', 'email', 'email-json', 'sms', 'application', 'lambda', 'firehose'];

/** Reads and checks a resource file; any problem (unreadable, not JSON, a wrong field) is a ConfigError. */
export function readResourcesFile(path: string): ResourceSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the resource file ${path}: ${(error as Error).message}`);
  }
  return parseResources(text, path);
}

/**
 * A spec as a file's text: JSON, two-space indented, with whatever fits in 100 columns on one line
 * (a short queue, a filter policy, a list of consumers), as a person would write it.
 */
export function formatResources(spec: ResourceSpec): string {
  return `${pretty(spec, '', 0)}\n`;
}

const WIDTH = 100;

function pretty(v: unknown, indent: string, prefix: number): string {
  const flat = inline(v);
  if (v === null || typeof v !== 'object' || indent.length + prefix + flat.length <= WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + pretty(x, inner, 0)).join(',\n')}\n${indent}]`;
  const members = Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, inner, JSON.stringify(k).length + 2)}`);
  return `{\n${members.join(',\n')}\n${indent}}`;
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`);
  return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
}

/**
 * Parses and checks a resource file's text (`source` names it in messages). Checks what can be
 * known without a server: the structure, names, duplicates, enums and ranges, and that dead-letter
 * chains end. Names of queues the file does not declare are checked when it is applied; attribute
 * names and values are checked by the operations themselves then.
 */
export function parseResources(text: string, source: string): ResourceSpec {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON: ${(error as Error).message}`);
  }
  const fail = (path: string, what: string): never => {
    throw new ConfigError(`${source}: ${path}: ${what}`);
  };
  return checkSpec(root, fail);
}

type Fail = (path: string, what: string) => never;

/** The checks of parseResources on a value already read (also for specs built in code). */
export function checkSpec(root: unknown, fail: Fail): ResourceSpec {
  const top = object(root, '(top level)', fail);
  onlyKeys(top, '(top level)', ['$schema', 'version', 'queues', 'topics', 'streams'], fail);
  if (top.version !== undefined && top.version !== 1) fail('version', `unknown version ${jsonPreview(top.version)} (this server reads version 1)`);
  const queues = list(top.queues, 'queues', fail).map((q, i) => checkQueue(q, `queues[${i}]`, fail));
  const topics = list(top.topics, 'topics', fail).map((t, i) => checkTopic(t, `topics[${i}]`, fail));
  const streams = list(top.streams, 'streams', fail).map((s, i) => checkStream(s, `streams[${i}]`, fail));
  unique(queues.map((q) => q.name), 'queues', 'queue', fail);
  unique(topics.map((t) => t.name), 'topics', 'topic', fail);
  unique(streams.map((s) => s.name), 'streams', 'stream', fail);
  checkDeadLetterChains(queues, fail);
  // JSON.parse reads any depth; a value nested thousands deep that no field check refused (an
  // attribute's JSON, a tag) would throw later, when applied. Last, so that the checks above name
  // their places first.
  if (!jsonEncodable(root)) fail('(top level)', 'nested too deeply to be read back as JSON');
  const spec: { -readonly [K in keyof ResourceSpec]: ResourceSpec[K] } = {};
  if (top.version !== undefined) spec.version = 1;
  if (queues.length > 0) spec.queues = queues;
  if (topics.length > 0) spec.topics = topics;
  if (streams.length > 0) spec.streams = streams;
  return spec;
}

function checkQueue(raw: unknown, path: string, fail: Fail): QueueSpec {
  const { o: q, name, attributes, tags } = fifoNamed(raw, path, ['name', 'attributes', 'tags', 'deadLetter', 'triggers'], QUEUE_KINDS, fail);
  let deadLetter: QueueSpec['deadLetter'];
  if (q.deadLetter !== undefined) {
    const d = object(q.deadLetter, `${path}.deadLetter`, fail);
    onlyKeys(d, `${path}.deadLetter`, ['queue', 'maxReceiveCount'], fail);
    const count = d.maxReceiveCount;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
      fail(`${path}.deadLetter.maxReceiveCount`, 'must be a whole number from 1 to 1000');
    }
    deadLetter = { queue: queueRef(d.queue, `${path}.deadLetter.queue`, fail), maxReceiveCount: count as number };
    if (attributes?.RedrivePolicy !== undefined) fail(`${path}.attributes.RedrivePolicy`, 'give either deadLetter or a RedrivePolicy attribute, not both');
  }
  const triggers = q.triggers === undefined ? undefined : checkTriggers(q.triggers, `${path}.triggers`, name, fail);
  return compact({ name, attributes, tags, deadLetter, triggers });
}

function checkTopic(raw: unknown, path: string, fail: Fail): TopicSpec {
  const { o: t, name, attributes, tags } = fifoNamed(raw, path, ['name', 'attributes', 'tags', 'subscriptions'], TOPIC_KINDS, fail);
  const subscriptions = list(t.subscriptions, `${path}.subscriptions`, fail).map((s, i) => checkSubscription(s, `${path}.subscriptions[${i}]`, fail));
  unique(subscriptions.map((s) => `${s.protocol} ${s.queue ?? s.endpoint}`), `${path}.subscriptions`, 'subscription', fail);
  return compact({
    name,
    attributes,
    tags,
    subscriptions: t.subscriptions === undefined ? undefined : subscriptions,
  });
}

interface FifoNaming {
  readonly kind: string;
  readonly pattern: RegExp;
  readonly rule: string;
  /** The attribute that says FIFO, implied by a `.fifo` name. */
  readonly attribute: string;
}

const QUEUE_KINDS: FifoNaming = { kind: 'queue', pattern: QUEUE_NAME, rule: '1–80 of A–Z a–z 0–9 _ -, a FIFO queue\'s ending in .fifo', attribute: 'FifoQueue' };
const TOPIC_KINDS: FifoNaming = { kind: 'topic', pattern: TOPIC_NAME, rule: '1–256 of A–Z a–z 0–9 _ -, a FIFO topic\'s ending in .fifo', attribute: 'FifoTopic' };

/** A queue or topic's object, name, attributes and tags; its `.fifo` name and its FIFO attribute, if given, must agree. */
function fifoNamed(raw: unknown, path: string, keys: readonly string[], naming: FifoNaming, fail: Fail) {
  const { kind, attribute } = naming;
  const o = object(raw, path, fail);
  onlyKeys(o, path, keys, fail);
  const name = string(o.name, `${path}.name`, fail);
  if (!naming.pattern.test(name)) fail(`${path}.name`, `"${name}" is not a ${kind} name (${naming.rule})`);
  const attributes = o.attributes === undefined ? undefined : checkAttributes(o.attributes, `${path}.attributes`, fail);
  const fifo = name.endsWith('.fifo');
  const given = attributes?.[attribute];
  if (given !== undefined && String(given).toLowerCase() !== String(fifo)) {
    fail(`${path}.attributes.${attribute}`, fifo ? `a ${kind} named .fifo is a FIFO ${kind}` : `a FIFO ${kind}'s name must end in .fifo`);
  }
  const tags = o.tags === undefined ? undefined : checkTags(o.tags, `${path}.tags`, fail);
  return { o, name, attributes, tags };
}

/** Attributes that have a field of their own in a subscription. */
const SUBSCRIPTION_FIELDS: Readonly<Record<string, string>> = {
  RawMessageDelivery: 'rawMessageDelivery',
  FilterPolicy: 'filterPolicy',
  FilterPolicyScope: 'filterPolicyScope',
  RedrivePolicy: 'deadLetter',
};

function checkSubscription(raw: unknown, path: string, fail: Fail): SubscriptionSpec {
  const s = object(raw, path, fail);
  onlyKeys(s, path, ['protocol', 'queue', 'endpoint', 'rawMessageDelivery', 'filterPolicy', 'filterPolicyScope', 'deadLetter', 'attributes'], fail);
  const protocol = s.protocol === undefined && s.queue !== undefined ? 'sqs' : string(s.protocol, `${path}.protocol`, fail);
  if (!PROTOCOLS.includes(protocol)) fail(`${path}.protocol`, `"${protocol}" is not an SNS protocol (${PROTOCOLS.join(', ')})`);
  if (s.queue !== undefined && protocol !== 'sqs') fail(`${path}.queue`, `a queue is for the sqs protocol; for ${protocol} give an endpoint`);
  if (s.queue !== undefined && s.endpoint !== undefined) fail(path, 'give either queue (a name) or endpoint (a queue ARN), not both');
  if (s.queue === undefined && s.endpoint === undefined) fail(path, protocol === 'sqs' ? 'needs a queue (a name in this file or on the server) or an endpoint (a queue ARN)' : 'needs an endpoint');
  const queue = s.queue === undefined ? undefined : queueRef(s.queue, `${path}.queue`, fail);
  const endpoint = s.endpoint === undefined ? undefined : string(s.endpoint, `${path}.endpoint`, fail);
  if (s.rawMessageDelivery !== undefined && typeof s.rawMessageDelivery !== 'boolean') fail(`${path}.rawMessageDelivery`, 'must be true or false');
  let filterPolicy: Record<string, unknown> | undefined;
  if (s.filterPolicy !== undefined) {
    // A policy in a string (as the attribute holds it) is taken too; it must hold an object.
    let policy = s.filterPolicy;
    if (typeof policy === 'string') {
      try {
        policy = JSON.parse(policy);
      } catch {
        fail(`${path}.filterPolicy`, 'is a string that is not JSON (write the policy as an object)');
      }
    }
    filterPolicy = object(policy, `${path}.filterPolicy`, fail);
  }
  const scope = s.filterPolicyScope;
  if (scope !== undefined && scope !== 'MessageAttributes' && scope !== 'MessageBody') fail(`${path}.filterPolicyScope`, 'must be MessageAttributes or MessageBody');
  let deadLetter: SubscriptionSpec['deadLetter'];
  if (s.deadLetter !== undefined) {
    const d = object(s.deadLetter, `${path}.deadLetter`, fail);
    onlyKeys(d, `${path}.deadLetter`, ['queue'], fail);
    deadLetter = { queue: queueRef(d.queue, `${path}.deadLetter.queue`, fail) };
  }
  const attributes = s.attributes === undefined ? undefined : checkAttributes(s.attributes, `${path}.attributes`, fail);
  for (const [attribute, field] of Object.entries(SUBSCRIPTION_FIELDS)) {
    if (attributes?.[attribute] !== undefined && s[field] !== undefined) fail(`${path}.attributes.${attribute}`, `give either ${field} or the ${attribute} attribute, not both`);
  }
  return compact({
    protocol,
    queue,
    endpoint,
    rawMessageDelivery: s.rawMessageDelivery as boolean | undefined,
    filterPolicy,
    filterPolicyScope: scope as SubscriptionSpec['filterPolicyScope'],
    deadLetter,
    attributes,
  });
}

function checkStream(raw: unknown, path: string, fail: Fail): StreamSpec {
  const s = object(raw, path, fail);
  onlyKeys(s, path, ['name', 'mode', 'shards', 'retentionHours', 'consumers', 'tags', 'triggers'], fail);
  const name = string(s.name, `${path}.name`, fail);
  if (!STREAM_NAME.test(name)) fail(`${path}.name`, `"${name}" is not a stream name (1–128 of A–Z a–z 0–9 _ . -)`);
  const mode = s.mode;
  if (mode !== undefined && mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') fail(`${path}.mode`, 'must be PROVISIONED or ON_DEMAND');
  if (s.shards !== undefined) {
    if (!isWhole(s.shards, 1, 10_000)) fail(`${path}.shards`, 'must be a whole number from 1 to 10000');
    if (mode === 'ON_DEMAND') fail(`${path}.shards`, 'is for PROVISIONED streams (an ON_DEMAND stream scales itself)');
  }
  if (s.retentionHours !== undefined && !isWhole(s.retentionHours, 24, 8760)) fail(`${path}.retentionHours`, 'must be a whole number of hours from 24 to 8760');
  const consumers = list(s.consumers, `${path}.consumers`, fail).map((c, i) => {
    const consumer = string(c, `${path}.consumers[${i}]`, fail);
    if (!STREAM_NAME.test(consumer)) fail(`${path}.consumers[${i}]`, `"${consumer}" is not a consumer name (1–128 of A–Z a–z 0–9 _ . -)`);
    return consumer;
  });
  unique(consumers, `${path}.consumers`, 'consumer', fail);
  if (consumers.length > 20) fail(`${path}.consumers`, 'a stream has at most 20 consumers');
  return compact({
    name,
    mode: mode as StreamMode | undefined,
    shards: s.shards as number | undefined,
    retentionHours: s.retentionHours as number | undefined,
    consumers: s.consumers === undefined ? undefined : consumers,
    tags: s.tags === undefined ? undefined : checkTags(s.tags, `${path}.tags`, fail),
    triggers: s.triggers === undefined ? undefined : checkStreamTriggers(s.triggers, `${path}.triggers`, fail),
  });
}

/** A dead-letter queue must not be its own source, directly or down the chain (queues of this file). */
function checkDeadLetterChains(queues: readonly QueueSpec[], fail: Fail): void {
  const byName = new Map(queues.map((q) => [q.name, q]));
  queues.forEach((q, i) => {
    const seen = [q.name];
    for (let next = q.deadLetter?.queue; next !== undefined; next = byName.get(next)?.deadLetter?.queue) {
      if (next === q.name) fail(`queues[${i}].deadLetter.queue`, `the dead-letter chain loops: ${[...seen, next].join(' → ')}`);
      if (seen.includes(next)) break; // a loop further down: reported for the queues on it
      seen.push(next);
    }
  });
}

function checkAttributes(raw: unknown, path: string, fail: Fail): Attributes {
  const a = object(raw, path, fail);
  for (const [k, v] of Object.entries(a)) {
    const ok = typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || (typeof v === 'object' && v !== null);
    if (!ok) fail(`${path}.${k}`, 'must be a string, a number, true/false, or (for a JSON-valued attribute) an object');
  }
  return a as Attributes;
}

function checkTags(raw: unknown, path: string, fail: Fail): Tags {
  const t = object(raw, path, fail);
  for (const [k, v] of Object.entries(t)) if (typeof v !== 'string') fail(`${path}.${k}`, 'a tag value must be a string');
  return t as Tags;
}

function queueRef(raw: unknown, path: string, fail: Fail): string {
  const name = string(raw, path, fail);
  if (!QUEUE_NAME.test(name)) fail(path, `"${name}" is not a queue name (a name, not a URL or ARN)`);
  return name;
}

function object(raw: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(path, `must be an object, not ${describe(raw)}`);
  return raw as Record<string, unknown>;
}

function list(raw: unknown, path: string, fail: Fail): unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) fail(path, `must be a list, not ${describe(raw)}`);
  return raw as unknown[];
}

function string(raw: unknown, path: string, fail: Fail): string {
  if (typeof raw !== 'string' || raw === '') fail(path, raw === undefined ? 'is missing' : `must be a non-empty string, not ${describe(raw)}`);
  return raw as string;
}

function onlyKeys(o: Record<string, unknown>, path: string, keys: readonly string[], fail: Fail): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(path, `unknown field "${k}" (known: ${keys.join(', ')})`);
}

function unique(names: readonly string[], path: string, what: string, fail: Fail): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) fail(`${path}[${i}]`, `a second ${what} ${n}`);
    seen.add(n);
  });
}

function isWhole(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? `"${v}"` : typeof v === 'object' ? 'an object' : String(v);
}

/** The object without its undefined members (so specs compare and print cleanly). */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
