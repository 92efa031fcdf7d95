/**
 * The vocabulary in which every service's `model.ts` describes its operations as data.
 *
 * The codecs (json.ts, query.ts, xml.ts, cbor.ts) are generic: they walk these shapes to decode a
 * request into a plain input object and to encode an output object, so no handler ever touches a
 * form field, an XML tag or a JSON `__type`.
 *
 * Decoded values: string → string, integer/long/double → number, boolean → boolean,
 * blob → Buffer, timestamp → Date, list → array, map → plain object, structure → plain object
 * keyed by member name. Handlers return outputs in the same form (blobs may be any Uint8Array,
 * timestamps a Date).
 */

export type Shape =
  | StringShape
  | NumberShape
  | BooleanShape
  | BlobShape
  | TimestampShape
  | ListShape
  | MapShape
  | StructureShape;

export interface StringShape {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** A regular expression source the whole value must match (Smithy `pattern`). */
  readonly pattern?: string;
}

export interface NumberShape {
  readonly type: 'integer' | 'long' | 'double';
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape {
  readonly type: 'boolean';
}

export interface BlobShape {
  readonly type: 'blob';
  readonly min?: number;
  readonly max?: number;
}

export interface TimestampShape {
  readonly type: 'timestamp';
  /** Wire format where the protocol default is not used (Smithy `timestampFormat`). */
  readonly format?: 'epoch-seconds' | 'date-time';
}

export interface ListShape {
  readonly type: 'list';
  readonly member: Shape;
  /** Query/XML element name of each item when the list is NOT flattened (default `member`). */
  readonly memberName?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape {
  readonly type: 'map';
  readonly key: Shape;
  readonly value: Shape;
  /** Query/XML name of the key and value elements (defaults `key` and `value`). */
  readonly keyName?: string;
  readonly valueName?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface StructureShape {
  readonly type: 'structure';
  /** The Smithy shape name, e.g. `SendMessageRequest`. */
  readonly name: string;
  readonly members: Readonly<Record<string, Member>>;
  /** Smithy `union`: exactly one member is set (e.g. Kinesis `SubscribeToShardEventStream`). */
  readonly union?: boolean;
  /**
   * Smithy `@streaming` union: the member carrying it is an event stream, whose members are the
   * event types (modelled errors among them); its wire form is event-stream frames, not a document.
   */
  readonly eventStream?: boolean;
}

export interface Member {
  readonly shape: Shape;
  readonly required?: boolean;
  /**
   * Query/XML name of this member (Smithy `xmlName`), e.g. SQS `Attributes` travels as
   * `Attribute.N.Name` / `<Attribute>`. Defaults to the member name.
   */
  readonly xmlName?: string;
  /** Smithy `xmlFlattened`: list items / map entries repeat under the member's own name. */
  readonly flattened?: boolean;
}

export interface OperationModel {
  readonly name: string;
  readonly input: StructureShape;
  /** Absent for operations with no output (the wire answer is `{}` or an empty `…Response`). */
  readonly output?: StructureShape;
  /** Shape names (keys of ServiceModel.errors) this operation may raise. */
  readonly errors: readonly string[];
}

export interface ErrorModel {
  /** The query-protocol code (`<Code>`, `x-amzn-query-error`), e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
  readonly code: string;
  readonly status: number;
  readonly fault: 'Sender' | 'Receiver';
  /** JSON `__type` namespace when it differs from the service's, e.g. `com.amazon.coral.service`. */
  readonly namespace?: string;
}

export type WireProtocol = 'json' | 'query' | 'cbor';

export interface ServiceModel {
  /** Short id, also the SigV4 signing name: `sqs`, `sns`, `kinesis`. */
  readonly service: string;
  readonly apiVersion: string;
  readonly protocols: readonly WireProtocol[];
  /** JSON: the `X-Amz-Target` prefix (`AmazonSQS`, `Kinesis_20131202`). */
  readonly targetPrefix?: string;
  /** JSON: `1.0` or `1.1` (the content type `application/x-amz-json-<v>`). */
  readonly jsonVersion?: '1.0' | '1.1';
  /** Query/XML: the response namespace, e.g. `http://queue.amazonaws.com/doc/2012-11-05/`. */
  readonly xmlNamespace?: string;
  /** JSON: `__type` is `<errorNamespace>#<Shape>`; absent means the bare shape name (Kinesis). */
  readonly errorNamespace?: string;
  /** Smithy `awsQueryCompatible`: JSON errors carry `x-amzn-query-error: <code>;<fault>`. */
  readonly queryCompatible?: boolean;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly errors: Readonly<Record<string, ErrorModel>>;
}

// ---------------------------------------------------------------------------------------------
// Builders the service models use to write their shapes as data (one set, shared by every model)

export function structure(
  name: string,
  members: Record<string, Member>,
  extra: { readonly union?: boolean; readonly eventStream?: boolean } = {},
): StructureShape {
  return { type: 'structure', name, members, ...extra };
}
/** An optional member. */
export function opt(shape: Shape): Member {
  return { shape };
}
/** A required member. */
export function req(shape: Shape): Member {
  return { shape, required: true };
}
