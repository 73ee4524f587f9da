import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plainVendor } from "../../../src/features/registry/registry.ts";
import { toRegistryFile } from "../../../src/features/registry/registry-file-format.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

describe("toRegistryFile", () => {
  it("writes a vendor with only its required keys, leaving out every unset one", () => {
    const file = toRegistryFile(smallRegistry([]));
    assert.deepEqual((file.vendors as unknown[])[0], { id: "acme", name: "Acme AI" });
  });

  it("leaves out empty lists and nulls but keeps false, zero-length text and set values", () => {
    const model = testModel("m", "Model", { conditions: "", policy_url: "https://example.com/p" });
    const [written] = toRegistryFile(smallRegistry([model])).models as Record<string, unknown>[];
    assert.deepEqual(written, {
      id: "m",
      name: "Model",
      vendor: "acme",
      status: "approved",
      max_data_class: "internal",
      conditions: "",
      hosting: "vendor_api",
      open_weights: false,
      policy_url: "https://example.com/p",
    });
  });

  it("keeps use_cases: [] (no use case) and drops use_cases: null (any use case)", () => {
    const none = testModel("none", "None", { use_cases: [] });
    const any = testModel("any", "Any", { use_cases: null });
    const [first, second] = toRegistryFile(smallRegistry([none, any])).models as Record<string, unknown>[];
    assert.deepEqual(first?.use_cases, []);
    assert.ok(!(second && "use_cases" in second));
  });

  it("keeps governance leads only when there are some, and the order of every list", () => {
    const registry = smallRegistry([testModel("b", "B"), testModel("a", "A")]);
    registry.vendors = [plainVendor("zeta", "Zeta"), plainVendor("alpha", "Älpha")];
    assert.deepEqual(toRegistryFile(registry).governance, {});
    registry.governance = { leads: ["U0LEAD1"], notice_channel: "C0NOTICE" };
    const file = toRegistryFile(registry);
    assert.deepEqual(file.governance, { leads: ["U0LEAD1"], notice_channel: "C0NOTICE" });
    assert.deepEqual(
      (file.models as { id: string }[]).map((m) => m.id),
      ["b", "a"],
    );
    assert.deepEqual(file.vendors, [
      { id: "zeta", name: "Zeta" },
      { id: "alpha", name: "Älpha" },
    ]);
    assert.deepEqual(Object.keys(file), [
      "version",
      "governance",
      "data_classes",
      "use_cases",
      "vendors",
      "models",
      "systems",
    ]);
  });

  it("does not change the registry it writes", () => {
    const registry = smallRegistry([testModel("m", "Model")]);
    const copy = structuredClone(registry);
    toRegistryFile(registry);
    assert.deepEqual(registry, copy);
  });
});
