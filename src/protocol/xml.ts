/**
 * AWS query protocol, response side: XML documents built by string concatenation into one array.
 *
 *   <OpResponse xmlns="ns"><OpResult>…members in model order…</OpResult>
 *     <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></OpResponse>
 *
 * Naming mirrors query.ts: flattened lists repeat `<Wire>`; other lists are
 * `<Wire><member>…</member></Wire>`; flattened maps repeat `<Wire><K>k</K><V>v</V></Wire>`; other maps
 * are `<Wire><entry><key>k</key><value>v</value></entry></Wire>`. Blobs are base64, timestamps ISO
 * 8601 (unless the shape says epoch-seconds), booleans `true`/`false`.
 */
import { toBase64, toEpochMs, type MemberPlan, type Plan, type StructPlan } from './plan.js';

export const XML_DECL = '<?xml version="1.0"?>';

const ESCAPE_ALL = /[&<>"\r]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#xD;' };
const entity = (c: string): string => ENTITIES[c]!;

/**
 * Escapes text for an XML text node or attribute: `& < > "` and carriage return (`&#xD;`, else
 * an XML parser normalises it to `\n`). `\n`, `\t` and all other characters pass literally (UTF-8).
 * See quirks/sqs-xml-escaping.ts for why SQS clients depend on the `"` and `\r` part.
 */
export function escapeXml(s: string): string {
  // Five indexOf scans beat one regex scan by far on long text (message bodies).
  if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0) return s;
  return s.replace(ESCAPE_ALL, entity);
}

/** Appends the members of a structure, in model order. */
export function xmlStruct(p: StructPlan, o: Record<string, unknown>, out: string[]): void {
  for (const m of p.members) {
    const v = o[m.name];
    if (v === undefined || v === null) continue;
    xmlMember(m, v, out);
  }
}

function xmlMember(m: MemberPlan, v: unknown, out: string[]): void {
  const p = m.plan;
  if (p.kind === 'list' && m.flattened) {
    const a = v as readonly unknown[];
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (x === undefined || x === null) continue;
      out.push(m.open);
      xmlValue(p.item, x, out);
      out.push(m.close);
    }
    return;
  }
  if (p.kind === 'map' && m.flattened) {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (x === undefined || x === null) continue;
      out.push(m.open, p.keyOpen, escapeXml(k), p.keyClose, p.valueOpen);
      xmlValue(p.value, x, out);
      out.push(p.valueClose, m.close);
    }
    return;
  }
  out.push(m.open);
  xmlValue(p, v, out);
  out.push(m.close);
}

function xmlValue(p: Plan, v: unknown, out: string[]): void {
  switch (p.kind) {
    case 'string':
      out.push(escapeXml(typeof v === 'string' ? v : String(v)));
      return;
    case 'integer':
    case 'long':
    case 'double':
      out.push(String(v));
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'blob':
      out.push(toBase64(v));
      return;
    case 'timestamp': {
      const ms = toEpochMs(v);
      out.push(p.tsFormat === 'epoch-seconds' ? String(ms / 1000) : new Date(ms).toISOString());
      return;
    }
    case 'structure':
      if (typeof v === 'object') xmlStruct(p, v as Record<string, unknown>, out);
      return;
    case 'list': {
      const a = v as readonly unknown[];
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        if (x === undefined || x === null) continue;
        out.push(p.itemOpen);
        xmlValue(p.item, x, out);
        out.push(p.itemClose);
      }
      return;
    }
    case 'map': {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        const x = o[k];
        if (x === undefined || x === null) continue;
        out.push('<entry>', p.keyOpen, escapeXml(k), p.keyClose, p.valueOpen);
        xmlValue(p.value, x, out);
        out.push(p.valueClose, '</entry>');
      }
      return;
    }
  }
}

/** Precomputed tags of one operation's response document. */
export interface XmlEnvelope {
  /** `<?xml…?><OpResponse xmlns="ns">` */
  readonly open: string;
  /** `<OpResult>` / `</OpResult>`, absent when the operation has no output. */
  readonly resultOpen?: string;
  readonly resultClose?: string;
  /** `<ResponseMetadata><RequestId>` … `</RequestId></ResponseMetadata></OpResponse>` */
  readonly metaOpen: string;
  readonly close: string;
}

export function xmlEnvelope(operation: string, namespace: string, hasOutput: boolean): XmlEnvelope {
  return {
    open: `${XML_DECL}<${operation}Response xmlns="${escapeXml(namespace)}">`,
    resultOpen: hasOutput ? `<${operation}Result>` : undefined,
    resultClose: hasOutput ? `</${operation}Result>` : undefined,
    metaOpen: '<ResponseMetadata><RequestId>',
    close: `</RequestId></ResponseMetadata></${operation}Response>`,
  };
}

export function encodeXml(env: XmlEnvelope, plan: StructPlan | undefined, value: unknown, requestId: string): string {
  const out: string[] = [env.open];
  if (env.resultOpen !== undefined) {
    out.push(env.resultOpen);
    if (plan !== undefined && typeof value === 'object' && value !== null) xmlStruct(plan, value as Record<string, unknown>, out);
    out.push(env.resultClose!);
  }
  out.push(env.metaOpen, escapeXml(requestId), env.close);
  return out.join('');
}

export function encodeXmlError(
  namespace: string | undefined,
  fault: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
): string {
  const ns = namespace === undefined ? '' : ` xmlns="${escapeXml(namespace)}"`;
  return (
    `${XML_DECL}<ErrorResponse${ns}><Error><Type>${fault}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message><Detail/></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}
