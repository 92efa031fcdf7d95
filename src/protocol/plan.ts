/**
 * Codec plans: each model shape compiled once, at startup, into a node the codecs walk per
 * request. A plan carries what every codec would otherwise recompute on each request: wire
 * names, precomputed JSON keys and XML tags, and whether a subtree needs any conversion at all.
 *
 * Plans are cached per shape object (a WeakMap), so a shape shared by many operations (SQS
 * `MessageAttributeValue`) is compiled once and recursive shapes terminate.
 */
import type { Member, Shape, StructureShape } from '../services/shared/shapes.js';
import { NUMBER_TEXT } from '../services/shared/number-text.js';

export type ScalarKind = 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'blob' | 'timestamp';

export interface ScalarPlan {
  readonly kind: ScalarKind;
  /** JSON decode must replace the parsed value (blob → Buffer, timestamp → Date). */
  readonly convert: boolean;
  /** Timestamp wire format override (Smithy `timestampFormat`). */
  readonly tsFormat?: 'epoch-seconds' | 'date-time';
}

export interface ListPlan {
  readonly kind: 'list';
  readonly convert: boolean;
  item: Plan;
  /** Query/XML element name of each item when not flattened (`member`). */
  readonly memberName: string;
  readonly itemOpen: string;
  readonly itemClose: string;
}

export interface MapPlan {
  readonly kind: 'map';
  readonly convert: boolean;
  key: Plan;
  value: Plan;
  readonly keyName: string;
  readonly valueName: string;
  readonly keyOpen: string;
  readonly keyClose: string;
  readonly valueOpen: string;
  readonly valueClose: string;
}

export interface StructPlan {
  readonly kind: 'structure';
  readonly name: string;
  convert: boolean;
  members: MemberPlan[];
}

export type Plan = ScalarPlan | ListPlan | MapPlan | StructPlan;

export interface MemberPlan {
  /** The member name: the key in decoded inputs and handler outputs, and the JSON key. */
  readonly name: string;
  /** Query/XML name (`xmlName`, else the member name). */
  readonly wire: string;
  readonly flattened: boolean;
  readonly required: boolean;
  plan: Plan;
  /** `"Name":` and `,"Name":` */
  readonly jsonFirst: string;
  readonly jsonNext: string;
  /** `<Wire>` and `</Wire>` */
  readonly open: string;
  readonly close: string;
}

const cache = new WeakMap<Shape, Plan>();

const SCALARS: Record<string, ScalarPlan> = {};
for (const kind of ['string', 'integer', 'long', 'double', 'boolean', 'blob', 'timestamp'] as const) {
  SCALARS[kind] = Object.freeze({ kind, convert: kind === 'blob' || kind === 'timestamp' });
}

export function planFor(shape: Shape): Plan {
  const hit = cache.get(shape);
  if (hit) return hit;
  switch (shape.type) {
    case 'structure':
      return planStructure(shape);
    case 'list': {
      const memberName = shape.memberName ?? 'member';
      const p: ListPlan = {
        kind: 'list',
        convert: false,
        item: SCALARS.string!,
        memberName,
        itemOpen: `<${memberName}>`,
        itemClose: `</${memberName}>`,
      };
      cache.set(shape, p);
      p.item = planFor(shape.member);
      (p as { convert: boolean }).convert = p.item.convert;
      return p;
    }
    case 'map': {
      const keyName = shape.keyName ?? 'key';
      const valueName = shape.valueName ?? 'value';
      const p: MapPlan = {
        kind: 'map',
        convert: false,
        key: SCALARS.string!,
        value: SCALARS.string!,
        keyName,
        valueName,
        keyOpen: `<${keyName}>`,
        keyClose: `</${keyName}>`,
        valueOpen: `<${valueName}>`,
        valueClose: `</${valueName}>`,
      };
      cache.set(shape, p);
      p.key = planFor(shape.key);
      p.value = planFor(shape.value);
      (p as { convert: boolean }).convert = p.value.convert;
      return p;
    }
    case 'timestamp':
      if (shape.format) {
        const p: ScalarPlan = { kind: 'timestamp', convert: true, tsFormat: shape.format };
        cache.set(shape, p);
        return p;
      }
      return SCALARS.timestamp!;
    default:
      return SCALARS[shape.type]!;
  }
}

export function planStructure(shape: StructureShape): StructPlan {
  const hit = cache.get(shape);
  if (hit) return hit as StructPlan;
  const p: StructPlan = { kind: 'structure', name: shape.name, convert: false, members: [] };
  cache.set(shape, p);
  for (const [name, m] of Object.entries(shape.members)) p.members.push(planMember(name, m));
  p.convert = p.members.some((m) => m.plan.convert);
  return p;
}

function planMember(name: string, m: Member): MemberPlan {
  const wire = m.xmlName ?? name;
  const key = JSON.stringify(name);
  return {
    name,
    wire,
    flattened: m.flattened === true,
    required: m.required === true,
    plan: planFor(m.shape),
    jsonFirst: `${key}:`,
    jsonNext: `,${key}:`,
    open: `<${wire}>`,
    close: `</${wire}>`,
  };
}

/**
 * A decode problem found deep in an input. The path is assembled while the fault unwinds (each
 * level prepends its segment), so building paths costs nothing on the success path.
 */
export class InputFault {
  readonly path: string[] = [];
  constructor(
    /** `null`: a null list member or map value (`expected` says which: `member` or `value`). */
    readonly reason: 'missing' | 'type' | 'null',
    readonly value?: unknown,
    readonly expected?: string,
  ) {}
  at(segment: string): this {
    this.path.unshift(segment);
    return this;
  }
}

/**
 * Strict base64 → Buffer. Node's decoder silently skips characters outside the alphabet, so the
 * decoded length is compared with the length the text must decode to; any skipped or misplaced
 * character shows up as a shortfall. Lenient where Node is: unpadded text and the URL-safe
 * alphabet (`-_`) are accepted; whitespace and stray `=` are not.
 */
export function decodeBase64(s: string): Buffer | undefined {
  const n = s.length;
  if (n % 4 === 1) return undefined;
  let pad = 0;
  if (n > 0 && s.charCodeAt(n - 1) === 61) pad = n > 1 && s.charCodeAt(n - 2) === 61 ? 2 : 1;
  if (pad > 0 && n % 4 !== 0) return undefined;
  const buf = Buffer.from(s, 'base64');
  const expected = Math.floor(((n - pad) * 3) / 4);
  return buf.length === expected ? buf : undefined;
}

export function toBase64(v: unknown): string {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return Buffer.from(String(v), 'utf8').toString('base64');
}

/** Output timestamps may be a Date, epoch milliseconds, or an ISO string; always returns epoch ms. */
export function toEpochMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  return new Date(String(v)).getTime();
}


/** Input timestamp text: epoch seconds (int, fraction, exponent) or an ISO 8601 / RFC 7231 date. */
export function parseTimestampText(s: string): Date | undefined {
  if (NUMBER_TEXT.test(s)) return new Date(Number(s) * 1000);
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
