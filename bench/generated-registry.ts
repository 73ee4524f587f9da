import type { Registry } from "../src/features/registry/registry.ts";
import { MODEL_STATUSES, plainVendor } from "../src/features/registry/registry.ts";

/**
 * A large, realistic-looking registry: many vendors, families and versions,
 * every status, restricted models with conditions, and systems that depend
 * on several models each. Deterministic, so runs compare.
 */
export function generateRegistry(modelCount: number, systemCount: number): Registry {
  const vendorCount = 50;
  const dataClasses = ["public", "internal", "confidential", "restricted"];
  const useCases = ["coding", "summarization", "customer_support", "translation", "data_analysis", "recruiting"];
  const vendors = Array.from({ length: vendorCount }, (_, v) => plainVendor(`vendor${v}`, `Vendor ${v}`));
  const models = Array.from({ length: modelCount }, (_, i) => {
    const vendor = i % vendorCount;
    const family = Math.floor(i / vendorCount) % 40;
    const version = Math.floor(i / (vendorCount * 40));
    const status = MODEL_STATUSES[i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : i % 13 === 0 ? 5 : 0] ?? "approved";
    return {
      id: `vendor${vendor}/fam${family}-v${version}`,
      name: `V${vendor} Family${family} r${version}`,
      vendor: `vendor${vendor}`,
      aliases: [`v${vendor}f${family}r${version}`],
      status,
      max_data_class: dataClasses[i % 4] as string,
      use_cases: i % 3 === 0 ? null : [useCases[i % useCases.length] as string],
      conditions: status === "restricted" ? "Only with the gateway." : null,
      hosting: i % 5 === 0 ? ("self_hosted" as const) : ("vendor_api" as const),
      open_weights: i % 5 === 0,
      retires_on: i % 17 === 0 ? `2027-0${(i % 9) + 1}-15` : null,
      alternatives: [1, 2, 3].map((step) => (i + step * 97) % modelCount).map((j) => modelIdAt(j, vendorCount)),
      policy_url: null,
      reviewed_on: "2026-10-01",
    };
  });
  const systems = Array.from({ length: systemCount }, (_, s) => ({
    id: `system-${s}`,
    name: `System ${s}`,
    owner: `U0OWNER${String(s).padStart(4, "0")}`,
    channel: `C0SYS${String(s).padStart(5, "0")}`,
    data_class: dataClasses[s % 4] as string,
    models: [...new Set([s * 5, s * 5 + 1, s * 7 + 3].map((j) => modelIdAt(j % modelCount, vendorCount)))],
  }));
  return {
    version: 1,
    governance: { leads: ["U0GOVLEAD1"], notice_channel: "C0AINOTICES" },
    data_classes: dataClasses.map((id) => ({ id, name: null, aliases: [] })),
    use_cases: useCases.map((id) => ({ id, name: null, aliases: [] })),
    vendors,
    models,
    systems,
  };
}

function modelIdAt(i: number, vendorCount: number): string {
  return `vendor${i % vendorCount}/fam${Math.floor(i / vendorCount) % 40}-v${Math.floor(i / (vendorCount * 40))}`;
}
