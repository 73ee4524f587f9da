import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import { tokenize } from "../../../src/features/registry/phrase-index.ts";
import { resolveSpans, versionDigits } from "../../../src/features/registry/span-resolver.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const catalog = buildModelCatalog(
  smallRegistry([
    testModel("acme/kimi", "Kimi K2"),
    testModel("acme/kimi-thinking", "Kimi K2 Thinking"),
    testModel("acme/m3", "Acme Medium 3"),
    testModel("acme/maverick-4", "Maverick 4", { aliases: ["maverick"] }),
  ]),
);
const resolve = (text: string) => resolveSpans(catalog, tokenize(text), text);

describe("resolveSpans", () => {
  it("prefers a typo of a longer name to an exact shorter one", () => {
    const resolution = resolve("is kimi k2 thinkng ok");
    assert.deepEqual(
      resolution.models.map((mention) => [mention.values.map((m) => m.id), mention.phrase, mention.distance]),
      [[["acme/kimi-thinking"], "kimi k2 thinkng", 1]],
    );
  });

  it("reads a vendor word inside a model's name as the model, typo and all", () => {
    const resolution = resolve("acme medum 3 please");
    assert.deepEqual(
      resolution.models.map((mention) => mention.values[0]?.id),
      ["acme/m3"],
    );
    assert.deepEqual(resolution.vendors, []);
  });

  it("reads data classes, use cases and vendors beside models, and marks the words they cover", () => {
    const resolution = resolve("Kimi K2 for programming with customer data at Globex");
    assert.deepEqual(
      resolution.useCases.map((mention) => mention.values[0]?.id),
      ["coding"],
    );
    assert.deepEqual(
      resolution.dataClasses.map((mention) => mention.values[0]?.id),
      ["confidential"],
    );
    assert.deepEqual(
      resolution.vendors.map((mention) => mention.values[0]?.id),
      ["globex"],
    );
    assert.deepEqual(resolution.covered, [true, true, false, true, false, true, true, false, true]);
  });

  it("takes a version after a name as part of it when the model has it, and a variant glued on as another model", () => {
    assert.deepEqual(
      resolve("is maverick 4 ok").models.map((mention) => mention.phrase),
      ["maverick 4"],
    );
    const other = resolve("is Kimi K2 mini ok");
    assert.deepEqual(other.models, []);
    assert.deepEqual(
      other.otherModels.map((model) => [model.phrase, model.near.map((m) => m.id)]),
      [["Kimi K2 mini", ["acme/kimi"]]],
    );
  });
});

describe("versionDigits", () => {
  it("reads a name's version numbers without trailing .0", () => {
    assert.equal(versionDigits("Gemini 2.0 Flash"), "2");
    assert.equal(versionDigits("Claude Haiku 4.5"), "4.5");
    assert.equal(versionDigits("Qwen3 32B"), "3 32");
  });
});
