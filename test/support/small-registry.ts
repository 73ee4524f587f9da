import { type Model, plainVendor, type Registry } from "../../src/features/registry/registry.ts";

/** An approved vendor-API model of vendor `acme`, with what `fields` says. */
export function testModel(id: string, name: string, fields: Partial<Model> = {}): Model {
  return {
    id,
    name,
    vendor: "acme",
    aliases: [],
    status: "approved",
    max_data_class: "internal",
    use_cases: null,
    conditions: null,
    hosting: "vendor_api",
    open_weights: false,
    retires_on: null,
    alternatives: [],
    policy_url: null,
    reviewed_on: null,
    ...fields,
  };
}

/** A registry of the given models with three data classes (public < internal < confidential) and two vendors. */
export function smallRegistry(models: Model[], systems: Registry["systems"] = []): Registry {
  return {
    version: 1,
    governance: { leads: [], notice_channel: null },
    data_classes: [
      { id: "public", name: "Public", aliases: [] },
      { id: "internal", name: "Internal", aliases: [] },
      { id: "confidential", name: "Confidential", aliases: ["customer data"] },
    ],
    use_cases: [{ id: "coding", name: "Coding", aliases: ["programming"] }],
    vendors: [plainVendor("acme", "Acme AI"), plainVendor("globex", "Globex")],
    models,
    systems,
  };
}
