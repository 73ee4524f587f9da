import type { Registry } from "./registry.ts";

/**
 * The registry as a person would write it: no null keys and no empty lists,
 * except `use_cases: []`, which means "no use case" where absent means "any".
 */
export function toRegistryFile(registry: Registry): Record<string, unknown> {
  return {
    version: registry.version,
    governance: withoutEmpty(registry.governance),
    data_classes: registry.data_classes.map(withoutEmpty),
    use_cases: registry.use_cases.map(withoutEmpty),
    vendors: registry.vendors.map(withoutEmpty),
    models: registry.models.map(withoutEmpty),
    systems: registry.systems.map(withoutEmpty),
  };
}

function withoutEmpty(item: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).filter(
      ([key, value]) => value !== null && !(Array.isArray(value) && value.length === 0 && key !== "use_cases"),
    ),
  );
}
