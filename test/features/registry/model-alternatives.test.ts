import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  alternativesAmong,
  approvedAlternatives,
  MAX_ALTERNATIVES,
} from "../../../src/features/registry/model-alternatives.ts";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import type { Model, StatusContext } from "../../../src/features/registry/registry.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const today: StatusContext = { today: "2026-12-01", suspendedModelIds: new Set() };
const ids = (models: readonly { id: string }[]) => models.map((model) => model.id);

describe("approved alternatives", () => {
  const main = testModel("acme/main", "Main", {
    use_cases: ["coding"],
    max_data_class: "confidential",
    alternatives: ["acme/restricted", "acme/under-review", "acme/small"],
  });
  const models: Model[] = [
    main,
    testModel("acme/restricted", "Restricted", { status: "restricted", max_data_class: "confidential" }),
    testModel("acme/under-review", "Under review", { status: "under_review", max_data_class: "confidential" }),
    testModel("acme/small", "Small", { max_data_class: "public" }),
    testModel("acme/other-use", "Other use", { use_cases: ["translation"], max_data_class: "confidential" }),
    testModel("acme/any-use", "Any use", { max_data_class: "confidential" }),
    testModel("acme/restricted-2", "Restricted too", { status: "restricted", max_data_class: "confidential" }),
  ];
  const catalog = buildModelCatalog(smallRegistry(models));

  it("lists the model's own usable alternatives first, then approved models that share a use and take the data", () => {
    assert.deepEqual(ids(approvedAlternatives(catalog, today, main, "confidential")), [
      "acme/restricted",
      "acme/any-use",
    ]);
    assert.deepEqual(
      ids(approvedAlternatives(catalog, today, main, "public")),
      ["acme/restricted", "acme/small", "acme/any-use"],
      "less sensitive data opens more models",
    );
  });

  it("keeps to a use case when given one, and leaves out suspended models", () => {
    assert.deepEqual(ids(approvedAlternatives(catalog, today, main, "confidential", "translation")), [
      "acme/restricted",
      "acme/other-use",
      "acme/any-use",
    ]);
    const suspended = { today: today.today, suspendedModelIds: new Set(["acme/restricted"]) };
    assert.deepEqual(ids(approvedAlternatives(catalog, suspended, main, "confidential")), ["acme/any-use"]);
  });

  it("gives at most a few", () => {
    const many = Array.from({ length: 9 }, (_, i) => testModel(`acme/m${i}`, `M${i}`));
    const crowded = buildModelCatalog(smallRegistry([main, ...many]));
    assert.equal(approvedAlternatives(crowded, today, main, "internal").length, MAX_ALTERNATIVES);
    assert.equal(alternativesAmong(crowded, today, ["acme/main"], "internal", []).length, MAX_ALTERNATIVES);
  });

  it("for several models, merges their alternatives once each, without the models or the excluded", () => {
    assert.deepEqual(
      ids(
        alternativesAmong(catalog, today, ["acme/main", "acme/restricted", "acme/unknown"], "confidential", [
          "acme/any-use",
        ]),
      ),
      ["acme/other-use"],
      "a model for any use falls back on one for another use",
    );
    assert.deepEqual(ids(alternativesAmong(catalog, today, ["acme/main", "acme/small"], "public", [])), [
      "acme/restricted",
      "acme/any-use",
      "acme/other-use",
    ]);
  });
});
