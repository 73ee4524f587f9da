import { nameKey } from "./name-key.ts";
import { type Model, plainVendor, type Registry, type Vendor } from "./registry.ts";
import { litellmCatalogSchema, litellmEntrySchema } from "./registry-schemas.ts";

/** Providers that are servers you run yourself. */
const SELF_HOSTED_PROVIDERS = new Set(["ollama", "ollama_chat", "vllm", "hosted_vllm", "lm_studio", "llamafile"]);

const DRAFT_DATA_CLASSES = ["public", "internal", "confidential", "restricted"];

export interface DraftResult {
  registry: Registry;
  skipped: number;
}

/**
 * Turns LiteLLM's model catalog into a registry draft: every chat model
 * under review, so nothing is approved until a person says so, with its
 * vendor and retirement date. Ids and names are made unique and valid.
 */
export function draftRegistryFromLitellm(catalog: unknown): DraftResult {
  const entries = litellmCatalogSchema.parse(catalog);
  const vendors = new Map<string, Vendor>();
  const models: Model[] = [];
  const usedIds = new Set<string>();
  const usedKeys = new Set<string>();
  let skipped = 0;

  for (const [key, value] of Object.entries(entries)) {
    const parsed = litellmEntrySchema.safeParse(value);
    if (key === "sample_spec" || !parsed.success || parsed.data.mode !== "chat" || !parsed.data.litellm_provider) {
      skipped++;
      continue;
    }
    const provider = parsed.data.litellm_provider;
    const vendorId = validId(provider);
    if (!vendors.has(vendorId)) vendors.set(vendorId, plainVendor(vendorId, provider));

    const baseId = validId(key.startsWith(`${provider}/`) ? key : `${provider}/${key}`);
    const id = unique(baseId, (candidate) => !usedIds.has(candidate) && !usedKeys.has(nameKey(candidate)));
    usedIds.add(id);
    usedKeys.add(nameKey(id));
    const name = unique(key, (candidate) => !usedKeys.has(nameKey(candidate)) || nameKey(candidate) === nameKey(id));
    usedKeys.add(nameKey(name));

    const deprecation = parsed.data.deprecation_date ?? null;
    models.push({
      id,
      name,
      vendor: vendorId,
      aliases: [],
      status: "under_review",
      max_data_class: "public",
      use_cases: null,
      conditions: null,
      hosting: SELF_HOSTED_PROVIDERS.has(provider) ? "self_hosted" : "vendor_api",
      open_weights: false,
      retires_on: deprecation && isRealDate(deprecation) ? deprecation : null,
      alternatives: [],
      policy_url: null,
      reviewed_on: null,
    });
  }

  return {
    registry: {
      version: 1,
      governance: { leads: [], notice_channel: null },
      data_classes: DRAFT_DATA_CLASSES.map((id) => ({ id, name: null, aliases: [] })),
      use_cases: [],
      vendors: [...vendors.values()],
      models,
      systems: [],
    },
    skipped,
  };
}

function validId(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9._:/@+-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "");
  return cleaned.slice(0, 140) || "model";
}

function unique(base: string, isFree: (candidate: string) => boolean): string {
  if (isFree(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (isFree(candidate)) return candidate;
  }
}

function isRealDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}
