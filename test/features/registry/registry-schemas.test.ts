import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { litellmEntrySchema, registryFileSchema } from "../../../src/features/registry/registry-schemas.ts";

const minimal = { version: 1, data_classes: [{ id: "public" }] };
const vendor = { id: "acme", name: "Acme" };
const model = { id: "m", name: "Model", vendor: "acme", status: "approved", max_data_class: "public" };
const system = { id: "s", name: "System", data_class: "public", models: ["m"] };

/** The messages of what is wrong with a file made of `minimal` and `fields`, keyed by path. */
function problems(fields: Record<string, unknown>): Record<string, string> {
  const result = registryFileSchema.safeParse({ ...minimal, ...fields });
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}
const accepts = (fields: Record<string, unknown>) => assert.deepEqual(problems(fields), {});

describe("registryFileSchema", () => {
  it("fills the defaults of a minimal file: no governance, no lists, null for unset fields", () => {
    assert.deepEqual(registryFileSchema.parse(minimal), {
      version: 1,
      governance: { leads: [], notice_channel: null },
      data_classes: [{ id: "public", name: null, aliases: [] }],
      use_cases: [],
      vendors: [],
      models: [],
      systems: [],
    });
    const parsed = registryFileSchema.parse({ ...minimal, vendors: [vendor], models: [model] });
    assert.deepEqual(
      {
        hosting: parsed.models[0]?.hosting,
        open_weights: parsed.models[0]?.open_weights,
        use_cases: parsed.models[0]?.use_cases,
        alternatives: parsed.models[0]?.alternatives,
      },
      { hosting: "vendor_api", open_weights: false, use_cases: null, alternatives: [] },
    );
  });

  it("keeps use_cases: [] apart from an absent list", () => {
    const parsed = registryFileSchema.parse({ ...minimal, vendors: [vendor], models: [{ ...model, use_cases: [] }] });
    assert.deepEqual(parsed.models[0]?.use_cases, []);
  });

  it("accepts only format version 1 and at least one data class", () => {
    assert.match(problems({ version: 2 }).version ?? "", /1 \(the only registry format version so far\)/);
    assert.equal(problems({ data_classes: [] }).data_classes, "at least one data class");
  });

  it("rejects keys it does not know, so a misspelt field is not silently ignored", () => {
    assert.deepEqual(problems({ vendor: [] }), { "": 'Unrecognized key: "vendor"' });
    assert.deepEqual(problems({ vendors: [vendor], models: [{ ...model, staus: "approved" }] }), {
      "models.0": 'Unrecognized key: "staus"',
    });
  });

  it("takes ids of letters, digits and . _ : / @ + -, starting with a letter or digit, up to 150 characters", () => {
    accepts({ vendors: [vendor], models: [{ ...model, id: "openai/gpt-4.1:2025@eu+v1_x" }] });
    accepts({ data_classes: [{ id: "a".repeat(150) }] });
    assert.ok(problems({ data_classes: [{ id: "a".repeat(151) }] })["data_classes.0.id"]);
    for (const id of ["", "-leading", "with space", "ünïcode", "semi;colon"]) {
      assert.ok(problems({ data_classes: [{ id }] })["data_classes.0.id"], JSON.stringify(id));
    }
  });

  it("trims names and refuses blank ones, but keeps unicode names whole", () => {
    const parsed = registryFileSchema.parse({ ...minimal, vendors: [{ id: "z", name: "  智谱 AI  " }] });
    assert.equal(parsed.vendors[0]?.name, "智谱 AI");
    assert.equal(problems({ vendors: [{ id: "z", name: "   " }] })["vendors.0.name"], "must not be empty");
    assert.equal(
      problems({ vendors: [vendor], models: [{ ...model, aliases: [" "] }] })["models.0.aliases.0"],
      "must not be empty",
    );
  });

  it("takes Slack user ids for people and channel ids for channels, not the other way round", () => {
    accepts({ governance: { leads: ["U0123ABCD", "W0123ABCD"], notice_channel: "C0123ABCD" } });
    accepts({ governance: { notice_channel: "G0123ABCD" } });
    assert.ok(problems({ governance: { leads: ["C0123ABCD"] } })["governance.leads.0"]);
    assert.ok(problems({ governance: { leads: ["u0123abcd"] } })["governance.leads.0"]);
    assert.ok(problems({ governance: { notice_channel: "U0123ABCD" } })["governance.notice_channel"]);
    assert.ok(problems({ governance: { notice_channel: "#general" } })["governance.notice_channel"]);
  });

  it("takes http(s) URLs only", () => {
    accepts({ vendors: [{ ...vendor, status_page: "https://status.acme.com", models_url: "http://localhost:4000" }] });
    for (const url of ["ftp://acme.com/x", "javascript:alert(1)", "status.acme.com"]) {
      assert.equal(problems({ vendors: [{ ...vendor, status_page: url }] })["vendors.0.status_page"], "an http(s) URL");
    }
  });

  it("takes an environment variable name for the API key, never the key itself", () => {
    accepts({ vendors: [{ ...vendor, models_api_key_env: "OPENAI_API_KEY" }] });
    for (const value of ["sk-abc123", "openai_api_key", "1KEY"]) {
      assert.ok(problems({ vendors: [{ ...vendor, models_api_key_env: value }] })["vendors.0.models_api_key_env"]);
    }
  });

  it("reads dates written as text or parsed by YAML 1.1 into Date objects, and refuses impossible ones", () => {
    const parsed = registryFileSchema.parse({
      ...minimal,
      vendors: [vendor],
      models: [{ ...model, retires_on: new Date("2026-03-01T00:00:00Z"), reviewed_on: "2025-12-31" }],
    });
    assert.equal(parsed.models[0]?.retires_on, "2026-03-01");
    assert.equal(parsed.models[0]?.reviewed_on, "2025-12-31");
    for (const date of ["2026-02-30", "01/03/2026", "2026-3-1"]) {
      assert.ok(problems({ vendors: [vendor], models: [{ ...model, retires_on: date }] })["models.0.retires_on"], date);
    }
  });

  it("refuses a system with no model and a model with an unknown status or hosting", () => {
    assert.equal(
      problems({ systems: [{ ...system, models: [] }] })["systems.0.models"],
      "a system depends on at least one model",
    );
    assert.ok(problems({ vendors: [vendor], models: [{ ...model, status: "allowed" }] })["models.0.status"]);
    assert.ok(problems({ vendors: [vendor], models: [{ ...model, hosting: "on_prem" }] })["models.0.hosting"]);
  });
});

describe("litellmEntrySchema", () => {
  it("keeps fields it does not name and takes a null deprecation date", () => {
    const entry = { litellm_provider: "openai", mode: "chat", deprecation_date: null, max_tokens: 4096 };
    assert.deepEqual(litellmEntrySchema.parse(entry), entry);
  });

  it("refuses an empty provider", () => {
    assert.equal(litellmEntrySchema.safeParse({ litellm_provider: "" }).success, false);
  });
});
