import { isIP } from 'node:net';
import { FilterPolicyError, type Cidr } from './types.js';

/**
 * IP addresses and CIDR blocks for the `cidr` operator. Validation messages are AWS's
 * [AWS-recorded]: "Malformed CIDR, one '/' required", "Malformed CIDR, mask bits must be an
 * integer", "Nonstandard IP address: <ip>" (these carry no JSON location).
 */

/** An IPv4 or IPv6 address as (version, 32- or 128-bit integer), or undefined when it is not one. */
export function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
  const v = isIP(text);
  if (v === 4) return { version: 4, value: ipv4(text) };
  if (v === 6) return { version: 6, value: ipv6(text) };
  return undefined;
}

function ipv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6(text: string): bigint {
  let head = text;
  let tail4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail4 = ipv4(text.slice(lastColon + 1));
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const l = left ? left.split(':') : [];
  const r = right !== undefined && right !== '' ? right.split(':') : [];
  const groups = right === undefined ? l : [...l, ...Array(8 - l.length - r.length).fill('0'), ...r];
  let value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail4 !== undefined) value = (value & ~0xffffffffn) | tail4;
  return value;
}

export function parseCidr(text: string): Cidr {
  const parts = text.split('/');
  if (parts.length !== 2) throw new FilterPolicyError("Malformed CIDR, one '/' required");
  const [ip, mask] = parts as [string, string];
  if (!/^\d+$/.test(mask)) throw new FilterPolicyError('Malformed CIDR, mask bits must be an integer');
  const addr = parseIp(ip);
  if (!addr) throw new FilterPolicyError(`Nonstandard IP address: ${ip}`);
  const width = addr.version === 4 ? 32 : 128;
  const bits = Number(mask);
  if (bits > width) throw new FilterPolicyError('Malformed CIDR, mask bits must be an integer');
  return { version: addr.version, network: addr.value >> BigInt(width - bits), bits };
}

export function inCidr(value: string, cidr: Cidr): boolean {
  const addr = parseIp(value);
  if (!addr || addr.version !== cidr.version) return false;
  const width = cidr.version === 4 ? 32 : 128;
  return addr.value >> BigInt(width - cidr.bits) === cidr.network;
}
