/**
 * Nodes of two versions on one store (README "Upgrading"): the rule both engines apply when they
 * find a store that a newer Switchyard has migrated.
 *
 * Each migration says which older code keeps working once it is applied (`olderNodes`), and the
 * store records that beside the migration (`schema_migrations.older_nodes`): the newer node that
 * applies a migration is the only one that knows its rule, so an older node must read it from the
 * store. Each applied migration m requires code that knows at least version
 *
 *   needs(m) = 0 when m is 'compatible', N when it is 'from N', m itself when it is 'incompatible'
 *              (and when its row has no rule, or one this code cannot read),
 *
 * and the store's compatible_from is the highest needs(m) over its applied migrations (0 on an
 * empty store). Code that knows the migrations up to version V may run against the store when
 * V >= compatible_from. Kept per migration rather than as one stored number, so that nothing can
 * drift out of step and a gap filled later (version numbers land in any order) changes nothing.
 */

/**
 * - `compatible`: nodes of the previous versions can keep running against the schema after this
 *   migration, and behave as they did before it (a new table, a nullable or defaulted column, an
 *   index, a feature the older code simply does not offer). A feature new in this version may
 *   not be offered by the older nodes while they run: that is what a rolling upgrade means.
 * - `incompatible`: older code would fail against the schema (a dropped or renamed table or
 *   column) or would misread or overwrite what newer code writes. Nodes older than this migration
 *   must be stopped before it is applied.
 * - `{ from: N }`: the contract step of an expand/contract change. Code that knows migration N
 *   (the expand step, which stopped using what this one removes) keeps working; older code does
 *   not. So a column is renamed over two releases without stopping every node: N adds the new
 *   one (compatible) and the code of N writes both and reads the new; a later migration drops
 *   the old one `{ from: N }`.
 */
export type OlderNodes = 'compatible' | 'incompatible' | { readonly from: number };

/** How a rule is written in `schema_migrations.older_nodes`: 'compatible', 'incompatible' or 'from N'. */
export function ruleText(rule: OlderNodes | undefined): string | null {
  if (rule === undefined) return null;
  return typeof rule === 'string' ? rule : `from ${rule.from}`;
}

/** The oldest code version an applied migration lets run (needs(m) above). */
export function needs(m: AppliedMigration): number {
  if (m.olderNodes === 'compatible') return 0;
  const from = /^from (\d+)$/.exec(m.olderNodes ?? '');
  return from ? Math.min(Number(from[1]), m.version) : m.version;
}

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
  return Math.max(0, ...applied.map(needs));
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
  const blocking = applied.filter((m) => m.version > knownVersion && needs(m) > knownVersion).sort((a, b) => b.version - a.version)[0];
  if (blocking) {
    const why =
      blocking.olderNodes === null ? 'recorded without a compatibility rule'
      : needs(blocking) < blocking.version ? `marked compatible only with nodes from ${needs(blocking)} on`
      : 'marked incompatible with older nodes';
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
