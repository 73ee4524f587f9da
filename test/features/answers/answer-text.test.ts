import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { answerQuestion } from "../../../src/features/answers/answer-engine.ts";
import { hostingMarks, leadsSentence, renderAnswerText } from "../../../src/features/answers/answer-text.ts";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import { summarizeModel } from "../../../src/features/registry/model-status.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const registry = smallRegistry([
  testModel("acme/orbit", "Orbit", { status: "prohibited", alternatives: ["acme/local", "acme/ring"] }),
  testModel("acme/local", "Local", { open_weights: true, hosting: "self_hosted" }),
  testModel("acme/ring", "Ring", { status: "restricted", conditions: "Only for internal drafts." }),
]);
registry.governance.leads = ["U0LEAD0001"];
const catalog = buildModelCatalog(registry);
const context = { today: "2026-12-01", suspendedModelIds: new Set<string>() };

describe("answer text", () => {
  it("marks how a model can be run", () => {
    const summary = (id: string) => {
      const model = catalog.modelsById.get(id);
      assert.ok(model, id);
      return summarizeModel(catalog, context, model);
    };
    assert.equal(hostingMarks(summary("acme/local")), "open weights, self-hosted");
    assert.equal(hostingMarks(summary("acme/ring")), "");
  });

  it("names the leads to ask, or the governance team when there are none", () => {
    assert.equal(leadsSentence(["U1", "U2"]), "Ask the governance leads: U1, U2.");
    assert.equal(leadsSentence([]), "Ask your AI governance team.");
  });

  it("writes a refusal with its alternatives as plain text, restricted ones with their conditions noted", () => {
    const text = renderAnswerText(answerQuestion(catalog, context, "Is Orbit approved?"));
    assert.match(text, /^No/);
    assert.match(text, /Approved alternatives:\n• Local \(acme\/local, open weights, self-hosted\)/);
    assert.match(text, /• Ring \(acme\/ring, with conditions\)/);
    assert.doesNotMatch(text, /[<>*]/, "no Slack markup");
  });

  it("lists sources only when asked to", () => {
    const answer = answerQuestion(catalog, context, "Is Ring approved?");
    assert.ok(answer.sources.length > 0);
    assert.doesNotMatch(renderAnswerText(answer), /Sources:/);
    assert.match(renderAnswerText(answer, { sources: true }), /Sources:\n- /);
  });
});
