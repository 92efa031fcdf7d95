/**
 * Random IAM policy documents that the credentials file accepts (identity policies with Resource,
 * trust policies with Principal), with policy variables, odd condition values and every kind of
 * condition operator: for the credentials file's property tests and the identity-policy e2e fuzz.
 */
import { between, pick, type Rng } from './json-fuzz.js';

export const A = '111111111111';
export const B = '222222222222';

export const OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLikeIfExists', 'StringEqualsIgnoreCase', 'NumericLessThan', 'NumericEquals',
  'DateGreaterThan', 'DateLessThanEquals', 'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnLike', 'ArnNotEquals', 'Null',
  'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'stringequals',
];
export const KEYS = ['aws:username', 'aws:userid', 'aws:PrincipalTag/team', 'aws:SourceIp', 'aws:CurrentTime', 'aws:EpochTime', 'aws:SecureTransport', 'sts:ExternalId', 'aws:PrincipalArn', 'x'];
export const VALUES = ['alice', 'ci', '${aws:username}', "${aws:PrincipalTag/team, 'shared'}", '${', '${aws:username', "${a,'b'}", '${*}', '10.0.0.0/8', '::1/128', '1e309', '-0', 'NaN', '2026-01-01T00:00:00Z', 'true', '*', '😀', ''];
export const RESOURCES = ['*', `arn:aws:sqs:*:${A}:\${aws:username}-*`, `arn:aws:sqs:us-east-1:${A}:orders`, 'arn:aws:sns:*:*:*', `arn:aws:kinesis:*:${A}:stream/\${aws:PrincipalTag/team}`, 'arn:aws:iam::*:role/*', '${', 'arn:aws:sqs:*'];
export const ACTIONS = ['*', 'sqs:*', 'sqs:SendMessage', 'SNS:publish', 'kinesis:Put*', 'sts:AssumeRole', 'sqs:?etQueueUrl', 'iam:*'];

export function conditionOf(rng: Rng): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (let i = between(rng, 1, 3); i > 0; i--) {
    const op = pick(rng, OPERATORS);
    out[op] = { ...out[op] };
    const value = () => (rng() < 0.2 ? pick(rng, [1, 0.5, true, 1e308]) : pick(rng, VALUES));
    out[op]![pick(rng, KEYS)] = rng() < 0.5 ? value() : Array.from({ length: between(rng, 1, 3) }, value);
  }
  return out;
}

const oneOrList = <T>(rng: Rng, xs: readonly T[]): T | T[] => (rng() < 0.5 ? pick(rng, xs) : Array.from({ length: between(rng, 1, 3) }, () => pick(rng, xs)));

export function policyOf(rng: Rng, kind: 'identity' | 'trust'): unknown {
  const statements = Array.from({ length: between(rng, 1, 3) }, () => {
    const s: Record<string, unknown> = { Effect: rng() < 0.8 ? 'Allow' : 'Deny', [rng() < 0.85 ? 'Action' : 'NotAction']: oneOrList(rng, ACTIONS) };
    if (rng() < 0.3) s.Sid = `S${between(rng, 0, 99)}`;
    if (kind === 'identity') s[rng() < 0.85 ? 'Resource' : 'NotResource'] = oneOrList(rng, RESOURCES);
    else s.Principal = rng() < 0.2 ? '*' : { AWS: oneOrList(rng, [`arn:aws:iam::${B}:user/bob`, B, `arn:aws:iam::${A}:root`, '*']) };
    if (rng() < 0.5) s.Condition = conditionOf(rng);
    return s;
  });
  const doc = { ...(rng() < 0.8 && { Version: pick(rng, ['2012-10-17', '2008-10-17']) }), Statement: rng() < 0.2 ? statements[0] : statements };
  return rng() < 0.3 ? JSON.stringify(doc) : doc;
}

