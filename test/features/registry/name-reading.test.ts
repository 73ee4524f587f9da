import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import {
  modelsWithKeyPrefix,
  readModels,
  readSpans,
  recognizeNames,
} from "../../../src/features/registry/name-reading.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const catalog = buildModelCatalog(
  smallRegistry([
    testModel("acme/nova-5", "Nova 5"),
    testModel("acme/nova-5-mini", "Nova 5 mini"),
    testModel("acme/orbit", "Orbit", { aliases: ["orb"] }),
    testModel("globex/comet-pro", "Comet Pro", { vendor: "globex", aliases: ["comet"] }),
    testModel("globex/comet-max", "Comet Max", { vendor: "globex", aliases: ["comet"] }),
    testModel("globex/sirius", "Sirius Large", { vendor: "globex" }),
  ]),
);
const read = (text: string) => readModels(catalog, readSpans(catalog, text));
const ids = (models: readonly { id: string }[]) => models.map((model) => model.id);

describe("reading names in text", () => {
  it("leaves Slack markup, links and emoji out of the names", () => {
    const spans = readSpans(catalog, "<@U123> :wave: is <https://x.example/orbit|Orbit docs> 🚀 ok with Nova 5?");
    assert.equal(spans.text.includes("<@U123>"), false);
    assert.equal(spans.text.includes(":wave:"), false);
    assert.deepEqual(ids(read("<@U123> :wave: <https://x.example/orbit|Orbit> Nova 5?").models), ["acme/nova-5"]);
  });

  it("reads the data class, use case and vendor, with the typos it forgave", () => {
    const spans = readSpans(catalog, "can Globex take custmer data for programming");
    assert.equal(spans.vendor?.id, "globex");
    assert.equal(spans.dataClass?.id, "confidential");
    assert.equal(spans.useCase?.id, "coding");
    assert.deepEqual(spans.corrections, [{ phrase: "custmer data", name: "Confidential" }]);
  });

  it("reads one model, a typo of one, or several named each", () => {
    assert.deepEqual(ids(read("is Nova 5 mini ok").models), ["acme/nova-5-mini"], "the longest name wins");
    const typo = read("is Sirius Lrge ok");
    assert.deepEqual(ids(typo.models), ["globex/sirius"]);
    assert.deepEqual(typo.corrections, [{ phrase: "Sirius Lrge", name: "Sirius Large" }]);
    const several = read("Orbit or Nova 5?");
    assert.deepEqual(several.models, []);
    assert.equal(several.ambiguous?.kind, "several");
    assert.deepEqual(ids(several.ambiguous?.candidates ?? []), ["acme/orbit", "acme/nova-5"]);
  });

  it("reads a name several models share as a phrase to pick from, and a bare family as a family", () => {
    const phrase = read("is comet ok");
    assert.equal(phrase.ambiguous?.kind, "phrase");
    assert.deepEqual(ids(phrase.ambiguous?.candidates ?? []), ["globex/comet-pro", "globex/comet-max"]);
    const family = read("is nova ok");
    assert.equal(family.ambiguous?.kind, "family");
    assert.deepEqual(ids(family.ambiguous?.candidates ?? []), ["acme/nova-5", "acme/nova-5-mini"]);
  });

  it("reads a registry name with a variant glued on as another model, with close suggestions", () => {
    const other = read("is Orbit Ultra approved");
    assert.deepEqual(other.models, []);
    assert.equal(other.otherModelPhrase, "Orbit Ultra");
    assert.deepEqual(ids(other.suggestions), ["acme/orbit"]);
  });

  it("keeps the first unknown name, unless the caller claimed its words first", () => {
    assert.equal(read("is Zorblax ok").unknownName, "Zorblax");
    const spans = readSpans(catalog, "is Zorblax ok");
    spans.claimed.fill(true);
    assert.equal(readModels(catalog, spans).unknownName, null);
  });

  it("says which name beside a recognised model is not one of ours", () => {
    assert.deepEqual(read("Orbit or Zorblax?").unrecognized, { phrase: "Zorblax", near: [], kind: "unknown" });
    assert.equal(read("Orbit or nova?").unrecognized?.kind, "family");
  });
});

describe("recognizeNames", () => {
  it("gives the vendor, each model named (a shared name gives each it fits), and whether it names another model", () => {
    assert.deepEqual(recognizeNames(catalog, "Globex: comet degraded"), {
      vendorIds: ["globex"],
      modelIds: ["globex/comet-pro", "globex/comet-max"],
      namesOtherModels: false,
    });
    assert.deepEqual(recognizeNames(catalog, "Orbit Ultra outage"), {
      vendorIds: [],
      modelIds: [],
      namesOtherModels: true,
    });
  });
});

describe("modelsWithKeyPrefix", () => {
  it("finds each model once by any name that starts with the key, at most the limit", () => {
    assert.deepEqual(ids(modelsWithKeyPrefix(catalog, "comet", 10)), ["globex/comet-pro", "globex/comet-max"]);
    assert.deepEqual(ids(modelsWithKeyPrefix(catalog, "nova5", 1)), ["acme/nova-5"]);
    assert.deepEqual(modelsWithKeyPrefix(catalog, "zzz", 10), []);
  });
});
