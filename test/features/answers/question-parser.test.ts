import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseQuestion } from "../../../src/features/answers/question-parser.ts";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const catalog = buildModelCatalog(
  smallRegistry([testModel("acme/orbit", "Orbit"), testModel("acme/nova-5", "Nova 5")]),
);
const parse = (question: string) => parseQuestion(catalog, question);

describe("parseQuestion", () => {
  it("reads the intent from the question's shape", () => {
    const intents = [
      ["Is Orbit approved?", "status"],
      ["Can I use Orbit with customer data?", "data"],
      ["Is Orbit ok for programming?", "use_case"],
      ["What should I use instead of Orbit?", "alternatives"],
      ["Which systems use Orbit?", "dependents"],
      ["Which models are approved for programming?", "list"],
      ["What retires in the next 3 months?", "retiring"],
      ["what is the weather today", "unknown"],
    ] as const;
    for (const [question, intent] of intents) assert.equal(parse(question).intent, intent, question);
  });

  it("reads the horizon of a retiring question, 90 days unless it says", () => {
    assert.equal(parse("What retires in the next 3 months?").days, 90);
    assert.equal(parse("What retires in 2 weeks?").days, 14);
    assert.equal(parse("What retires soon?").days, 90);
  });

  it("reads data and uses the registry has no name for, without taking their words for a model's name", () => {
    const data = parse("Can I paste patient scans into Orbit?");
    assert.equal(data.unknownData, "patient scans");
    assert.equal(data.intent, "data");
    assert.deepEqual(
      data.models.map((model) => model.id),
      ["acme/orbit"],
    );
    assert.equal(data.unrecognized, null);
    const use = parse("Is Orbit ok for legal review?");
    assert.equal(use.unknownUseCase, "legal review");
    assert.equal(use.intent, "use_case");
  });

  it("reads open weights and self hosting as list filters", () => {
    const parsed = parse("Which open-weight models can we self-host?");
    assert.equal(parsed.intent, "list");
    assert.equal(parsed.openWeights, true);
    assert.equal(parsed.selfHosted, true);
  });

  it("names the unknown model a question is about, and keeps the typos it forgave", () => {
    const unknown = parse("Is Zorblax 9 approved?");
    assert.equal(unknown.unknownModelPhrase, "Zorblax 9");
    assert.equal(unknown.intent, "status");
    const typo = parse("is Nova 5 ok for programing");
    assert.deepEqual(typo.corrections, [{ phrase: "programing", name: "Coding" }]);
  });
});
