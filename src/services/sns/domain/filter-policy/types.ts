/**
 * A compiled filter policy: `$or` already expanded, so a policy is an OR of branches, each an AND
 * of rules, each rule an OR of conditions on the values at one key path.
 */

export type Scope = 'MessageAttributes' | 'MessageBody';

/** A value a policy compares: JSON scalars (attribute values are read as these too). */
export type Scalar = string | number | boolean | null;

export interface Cidr {
  readonly version: 4 | 6;
  readonly network: bigint;
  readonly bits: number;
}

export interface NumericRange {
  readonly op: 'numeric';
  readonly lower?: { readonly value: number; readonly inclusive: boolean };
  readonly upper?: { readonly value: number; readonly inclusive: boolean };
}

export type Condition =
  | { readonly op: 'equals'; readonly value: Scalar }
  | { readonly op: 'prefix' | 'suffix' | 'equals-ignore-case'; readonly value: string }
  | { readonly op: 'anything-but'; readonly values: readonly Scalar[] }
  | { readonly op: 'anything-but-prefix' | 'anything-but-suffix'; readonly value: string }
  | NumericRange
  | { readonly op: 'exists'; readonly value: boolean }
  | { readonly op: 'cidr'; readonly cidr: Cidr };

export interface Rule {
  /** One key for attribute policies; nested keys for message-body policies. */
  readonly path: readonly string[];
  readonly conditions: readonly Condition[];
}

export interface FilterPolicy {
  readonly scope: Scope;
  readonly branches: readonly (readonly Rule[])[];
}

/**
 * A policy AWS refuses. `detail` is the text after "FilterPolicy: " (or, for `scope`, the whole
 * reason); the caller adds the operation's prefix ("Invalid parameter: [Attributes Reason: ]").
 */
export class FilterPolicyError extends Error {
  constructor(
    readonly detail: string,
    /** The nested-policy-with-MessageAttributes-scope error, which AWS words without "FilterPolicy: ". */
    readonly scope = false,
  ) {
    super(detail);
  }
}
