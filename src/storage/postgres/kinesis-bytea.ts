/**
 * Record data to PostgreSQL as bytes, not hex text. node-postgres sends a JS array parameter as a
 * text array literal, each Buffer in it as `\\x` + hex: twice the bytes on the socket, hex-encoded
 * and then UTF-8-encoded by Switchyard and hex-decoded again by the server (V8 profile: 21 % of
 * the Switchyard process's CPU on the PutRecords path). A Buffer parameter, by contrast, goes in
 * binary format, and the server reads it with the parameter type's binary input function: for
 * `$n::bytea[]` that is array_recv, whose format this builds.
 *
 * Reads get their bytes another way (kinesis-copy.ts): a `binary: true` result is not usable, as
 * node-postgres 8.23 decodes every result field as UTF-8 and back (brianc/node-postgres#3495).
 */

const BYTEA_OID = 17;

/** A one-dimensional `bytea[]` without NULLs, in PostgreSQL's binary array format (array_recv). */
export function byteaArray(items: readonly Uint8Array[]): Buffer {
  if (items.length === 0) {
    // ndim 0: the empty array (flags and element type still present).
    const empty = Buffer.alloc(12);
    empty.writeUInt32BE(BYTEA_OID, 8);
    return empty;
  }
  let size = 20 + 4 * items.length;
  for (const item of items) size += item.length;
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0); // ndim
  out.writeInt32BE(0, 4); // flags: no NULLs
  out.writeUInt32BE(BYTEA_OID, 8); // element type
  out.writeInt32BE(items.length, 12); // dimension's length
  out.writeInt32BE(1, 16); // dimension's lower bound
  let at = 20;
  for (const item of items) {
    out.writeInt32BE(item.length, at);
    out.set(item, at + 4);
    at += 4 + item.length;
  }
  return out;
}
