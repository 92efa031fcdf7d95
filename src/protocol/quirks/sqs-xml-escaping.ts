/**
 * Quirk `sqs-xml-escaping`.
 *
 * What AWS does: SQS query responses escape `"` as `&quot;` and carriage return as `&#xD;` in text
 * nodes (LocalStack's SqsQueryResponseSerializer, moto#9386; docs/AWS-WIRE.md §1.3). The `\r` part
 * matters: an XML parser normalises a literal CR or CRLF to LF, so a message body containing `\r`
 * would reach the consumer altered — and its MD5OfBody would no longer match. The old JS v3 query
 * client registers the `#xD` entity for exactly this.
 *
 * What we do: nothing service-specific. `escapeXml` (xml.ts) always escapes `& < > " \r` and keeps
 * `\n` literal; that is correct XML for every service, so this quirk has no hook. It is listed so
 * the behaviour has a name and a test (sqs-xml-escaping.test.ts).
 */
import type { Quirk } from './quirk.js';

export const sqsXmlEscaping: Quirk = { name: 'sqs-xml-escaping' };
