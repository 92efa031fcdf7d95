/**
 * Nodes of two versions on one store (README "Upgrading"): the rule both engines apply when they
 * find a store that a newer Switchyard has migrated.
 *
 * Each migration says whether code written before it keeps working once it is applied
 * (`olderNodes`), and the store records that beside the migration (`schema_migrations.older_nodes`):
 * the newer node that applies a migration is the only one that knows its rule, so an older node
 * must read it from the store. From those rows:
 *
 *   compatible_from = the highest version among the store's applied migrations whose
 *                     `older_nodes` is not 'compatible' (a row without a rule counts as
 *                     incompatible; 0 on an empty store).
 *
 * Code that knows the migrations up to version V may run against the store when
 * V >= compatible_from: every migration it does not know is one that declared older code safe.
 * Kept per migration rather than as one stored number, so that nothing can drift out of step
 * and a gap filled later (version numbers land in any order) changes nothing.
 */

/**
 * - `compatible`: nodes of the previous versions can keep running against the schema after this
 *   migration, and behave as they did before it (a new table, a nullable or defaulted column, an
 *   index, a feature the older code simply does not offer). A feature new in this version may
 *   not be offered by the older nodes while they run: that is what a rolling upgrade means.
 * - `incompatible`: older code would fail against the schema (a dropped or renamed table or
 *   column) or would misread or overwrite what newer code writes. Nodes older than this migration
 *   must be stopped before it is applied.
 */
export type OlderNodes = 'compatible' | 'incompatible';

/** A row of `schema_migrations` as far as this rule is concerned. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  /** null: recorded by a build from before this rule existed. */
  readonly olderNodes: string | null;
}

/** What a node's code makes of the store it opens (or watches while it runs). */
export interface StoreVerdict {
  /** The highest migration applied to the store. */
  readonly storeVersion: number;
  /** The highest migration this code knows. */
  readonly knownVersion: number;
  readonly compatibleFrom: number;
  /** Set when this code must not run against the store, with why (names both versions and the migration). */
  readonly refusal?: string;
}

export function compatibleFrom(applied: readonly AppliedMigration[]): number {
  return Math.max(0, ...applied.filter((m) => m.olderNodes !== 'compatible').map((m) => m.version));
}

/**
 * Judges a store against the versions this code knows. A store not newer than the code is fine
 * here (the caller migrates it). A newer one is fine when no migration above `knownVersion` is
 * incompatible and every migration this code knows is applied (an older node migrates nothing:
 * a store from another line of builds that lacks one of ours is refused, not patched).
 */
export function judgeStore(applied: readonly AppliedMigration[], known: readonly number[], what: string): StoreVerdict {
  const storeVersion = Math.max(0, ...applied.map((m) => m.version));
  const knownVersion = Math.max(0, ...known);
  const from = compatibleFrom(applied);
  const verdict = { storeVersion, knownVersion, compatibleFrom: from };
  if (storeVersion <= knownVersion) return verdict;
  const blocking = applied.filter((m) => m.version > knownVersion && m.olderNodes !== 'compatible').sort((a, b) => b.version - a.version)[0];
  if (blocking) {
    const why = blocking.olderNodes === null ? 'recorded without a compatibility rule' : 'marked incompatible with older nodes';
    return {
      ...verdict,
      refusal:
        `${what} is at migration ${storeVersion}, newer than this Switchyard knows (${knownVersion}), and migration ` +
        `${blocking.version} (${blocking.name}) is ${why}: this version cannot run against it (it needs ${from} or newer); upgrade Switchyard (migrations are forward-only)`,
    };
  }
  const have = new Set(applied.map((m) => m.version));
  const missing = known.filter((v) => !have.has(v)).sort((a, b) => a - b);
  if (missing.length > 0) {
    return {
      ...verdict,
      refusal:
        `${what} is at migration ${storeVersion}, newer than this Switchyard knows (${knownVersion}), but lacks its migration ` +
        `${missing.join(', ')}: it was migrated by another line of builds; upgrade Switchyard`,
    };
  }
  return verdict;
}

/** The line a node logs when it runs against a newer store it may serve. */
export function newerStoreNotice(what: string, v: StoreVerdict): string {
  return (
    `${what} is at migration ${v.storeVersion}, newer than this Switchyard knows (${v.knownVersion}); ` +
    `its migrations since are compatible with older nodes (compatible from ${v.compatibleFrom}), so this node runs without migrating. Upgrade it when you can`
  );
}
