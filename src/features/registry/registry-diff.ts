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

function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with sorted keys, so the order fields were read in does not count. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
