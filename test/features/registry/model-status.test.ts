import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import {
  allowsDataClass,
  allowsUseCase,
  effectiveStatus,
  statusOn,
  summarizeModel,
} from "../../../src/features/registry/model-status.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const retiring = testModel("globex/comet", "Comet", {
  vendor: "globex",
  status: "deprecated",
  retires_on: "2027-01-15",
  use_cases: ["coding"],
});
const catalog = buildModelCatalog(smallRegistry([retiring]));

describe("model status", () => {
  it("takes the status on a date: a suspension first, then a past retirement date, else the registry's", () => {
    const none = new Set<string>();
    assert.equal(effectiveStatus(retiring, statusOn(new Date("2027-01-15T23:00:00Z"), none)), "deprecated");
    assert.equal(effectiveStatus(retiring, statusOn(new Date("2027-01-16T00:00:00Z"), none)), "retired");
    assert.equal(
      effectiveStatus(retiring, statusOn(new Date("2027-01-16T00:00:00Z"), new Set(["globex/comet"]))),
      "suspended",
    );
  });

  it("allows data up to the model's most sensitive class, and an unknown class never", () => {
    const model = testModel("acme/a", "A", { max_data_class: "internal" });
    assert.equal(allowsDataClass(catalog, model, "public"), true);
    assert.equal(allowsDataClass(catalog, model, "internal"), true);
    assert.equal(allowsDataClass(catalog, model, "confidential"), false);
    assert.equal(allowsDataClass(catalog, model, "no-such-class"), false);
  });

  it("allows a use case listed for the model, or any when it lists none", () => {
    assert.equal(allowsUseCase(retiring, "coding"), true);
    assert.equal(allowsUseCase(retiring, "translation"), false);
    assert.equal(allowsUseCase(testModel("acme/a", "A"), "translation"), true);
  });

  it("summarises a model with its status today and its vendor's name", () => {
    const summary = summarizeModel(catalog, statusOn(new Date("2027-02-01T00:00:00Z"), new Set()), retiring);
    assert.equal(summary.status, "retired");
    assert.equal(summary.vendor, "Globex");
    assert.equal(summary.retires_on, "2027-01-15");
  });
});
