import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildModelCatalog,
  modelsRetiringBetween,
  mostSensitiveClass,
} from "../../../src/features/registry/model-catalog.ts";
import type { StatusContext } from "../../../src/features/registry/registry.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const registry = smallRegistry(
  [
    testModel("acme/nova-5", "Nova 5", {
      aliases: ["nova"],
      max_data_class: "confidential",
      alternatives: ["acme/orbit"],
    }),
    testModel("acme/orbit", "Orbit", { max_data_class: "confidential", use_cases: ["coding"] }),
    testModel("globex/comet-2", "Comet 2", { vendor: "globex", retires_on: "2027-03-01" }),
    testModel("globex/comet-1", "Comet 1", { vendor: "globex", retires_on: "2027-01-10" }),
    testModel("acme/zephyr", "Zephyr", { max_data_class: "confidential" }),
  ],
  [
    {
      id: "helpdesk",
      name: "Helpdesk",
      owner: null,
      channel: null,
      data_class: "confidential",
      models: ["acme/nova-5", "acme/orbit"],
    },
  ],
);
const today: StatusContext = { today: "2026-12-01", suspendedModelIds: new Set() };

describe("model catalog", () => {
  const catalog = buildModelCatalog(registry);

  it("indexes the registry by id, sensitivity rank, system and use case", () => {
    assert.equal(catalog.modelsById.get("acme/orbit")?.name, "Orbit");
    assert.equal(catalog.vendorsById.get("globex")?.name, "Globex");
    assert.deepEqual(
      ["public", "internal", "confidential"].map((id) => catalog.dataClassRank.get(id)),
      [0, 1, 2],
    );
    assert.deepEqual(
      catalog.systemsByModel.get("acme/orbit")?.map((system) => system.id),
      ["helpdesk"],
    );
    assert.deepEqual(
      catalog.modelsByUseCase.get("coding")?.map((model) => model.id),
      ["acme/nova-5", "acme/orbit", "globex/comet-2", "globex/comet-1", "acme/zephyr"],
      "a model for any use counts for each use case",
    );
    assert.equal(mostSensitiveClass(catalog)?.id, "confidential");
  });

  it("finds the models that retire between two dates, by date, both ends included", () => {
    assert.deepEqual(
      modelsRetiringBetween(catalog, "2027-01-10", "2027-03-01").map((model) => model.id),
      ["globex/comet-1", "globex/comet-2"],
    );
    assert.deepEqual(
      modelsRetiringBetween(catalog, "2027-01-11", "2027-02-28").map((model) => model.id),
      [],
    );
  });

  it("recognises the vendors and models a text names, and a model that is none of the registry's", () => {
    assert.deepEqual(catalog.recognize("Elevated errors on Nova 5 and Orbit for Acme AI customers"), {
      vendorIds: ["acme"],
      modelIds: ["acme/nova-5", "acme/orbit"],
      namesOtherModels: false,
    });
    assert.deepEqual(catalog.recognize("Comet 3 is degraded"), {
      vendorIds: [],
      modelIds: [],
      namesOtherModels: true,
    });
    assert.deepEqual(catalog.recognize("Scheduled maintenance tonight"), {
      vendorIds: [],
      modelIds: [],
      namesOtherModels: false,
    });
  });

  it("reads every model a family name fits as no model of its own: 'comet' names no one model", () => {
    assert.deepEqual(catalog.recognize("comet is down").modelIds, []);
  });

  it("gives approved alternatives for a data class, leaving out the excluded and the suspended it is told of", () => {
    const ids = (status: StatusContext, exclude: string[] = []) =>
      catalog.alternativesFor(["acme/nova-5"], "confidential", { exclude, status }).map((model) => model.id);
    assert.deepEqual(ids(today), ["acme/orbit", "acme/zephyr"], "its own alternative first, then others that fit");
    assert.deepEqual(ids(today, ["acme/orbit"]), ["acme/zephyr"]);
    assert.deepEqual(ids({ today: today.today, suspendedModelIds: new Set(["acme/zephyr"]) }), ["acme/orbit"]);
    assert.deepEqual(
      catalog
        .alternativesFor(["acme/nova-5", "acme/orbit"], "confidential", { exclude: [], status: today })
        .map((model) => model.id),
      ["acme/zephyr"],
      "models given are never each other's alternative, and none twice",
    );
  });

  it("tells apart models named in another script that share only their version", () => {
    const catalog = buildModelCatalog(smallRegistry([testModel("wenxin-5", "文心 5"), testModel("qwen-5", "千问 5")]));
    assert.deepEqual(catalog.recognize("can I use 千问 5 for coding?").modelIds, ["qwen-5"]);
    assert.deepEqual(catalog.recognize("is 文心 5 approved").modelIds, ["wenxin-5"]);
  });
});
