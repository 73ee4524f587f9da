import type { Registry } from "./registry.ts";

export type EntityType = "governance" | "data_class" | "use_case" | "vendor" | "model" | "system";

export interface RegistryChange {
  action: "added" | "changed" | "removed";
  type: EntityType;
  id: string;
  before: unknown;
  after: unknown;
}

export interface RegistryDiff {
  changes: RegistryChange[];
  /** Ids whose row must be written: added, changed, or moved within its list. */
  touched: Record<EntityType, Set<string>>;
}

const SECTIONS = [
  ["data_classes", "data_class"],
  ["use_cases", "use_case"],
  ["vendors", "vendor"],
  ["models", "model"],
  ["systems", "system"],
] as const;

/**
 * Compares two registries entity by entity. Order only counts for data
 * classes, whose order is their sensitivity; elsewhere a move is rewritten
 * silently so that export keeps the file's order.
 */
export function diffRegistries(before: Registry, after: Registry): RegistryDiff {
  const changes: RegistryChange[] = [];
  const touched: RegistryDiff["touched"] = {
    governance: new Set(),
    data_class: new Set(),
    use_case: new Set(),
    vendor: new Set(),
    model: new Set(),
    system: new Set(),
  };

  if (!sameValue(before.governance, after.governance)) {
    changes.push({
      action: "changed",
      type: "governance",
      id: "governance",
      before: before.governance,
      after: after.governance,
    });
  }

  for (const [section, type] of SECTIONS) {
    const oldItems: readonly { id: string }[] = before[section];
    const newItems: readonly { id: string }[] = after[section];
    const oldById = new Map(oldItems.map((item, position) => [item.id, { item, position }]));
    const newIds = new Set(newItems.map((item) => item.id));
    for (const [position, item] of newItems.entries()) {
      const old = oldById.get(item.id);
      const withRank = (value: unknown, rank: number) =>
        type === "data_class" ? { ...(value as object), rank } : value;
      if (!old) {
        changes.push({ action: "added", type, id: item.id, before: null, after: item });
        touched[type].add(item.id);
      } else if (!sameValue(withRank(old.item, old.position), withRank(item, position))) {
        changes.push({
          action: "changed",
          type,
          id: item.id,
          before: withRank(old.item, old.position),
          after: withRank(item, position),
        });
        touched[type].add(item.id);
      } else if (old.position !== position) {
        touched[type].add(item.id);
      }
    }
    for (const item of oldItems) {
      if (!newIds.has(item.id)) changes.push({ action: "removed", type, id: item.id, before: item, after: null });
    }
  }
  return { changes, touched };
}

/**
 * Deep equality of plain data where the order keys were read in does not
 * count, as for JSON with sorted keys, but without building that JSON: a
 * re-import compares every entity, and the strings cost seconds at 100,000.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameValue(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // A key holding undefined is no key at all, as in JSON.
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  if (keys.length !== Object.keys(right).filter((key) => right[key] !== undefined).length) return false;
  return keys.every((key) => sameValue(left[key], right[key]));
}
