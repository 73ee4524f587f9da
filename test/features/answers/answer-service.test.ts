import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Deps } from "../../../src/deps.ts";
import { readRegistryFile } from "../../../src/features/registry/registry-files.ts";
import { newIncident } from "../../support/incidents.ts";
import { EXAMPLE_REGISTRY, openTestDeps } from "../../support/test-app.ts";

const MYTHOS = "anthropic/claude-mythos-5";

describe("answer service", () => {
  let deps: Deps;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, close } = await openTestDeps({ now: () => new Date("2026-11-24T12:00:00Z") }));
    await deps.registry.importRegistry(await readRegistryFile(EXAMPLE_REGISTRY), "test");
  });
  afterEach(() => close());

  it("reads open suspensions from the incident service: the verdict, the card and App Home follow them", async () => {
    const usableOnHome = async () =>
      (await deps.answers.homeOverview()).approvedByUseCase.some((group) => group.models.some((m) => m.id === MYTHOS));
    assert.equal(
      (await deps.answers.ask({ question: "Is Claude Mythos 5 approved?", surface: "cli" })).answer.verdict,
      "yes",
    );
    assert.equal(await usableOnHome(), true);

    await deps.incidents.create(newIncident({ models: [MYTHOS] }));
    assert.equal(
      (await deps.answers.ask({ question: "Is Claude Mythos 5 approved?", surface: "cli" })).answer.verdict,
      "no",
    );
    assert.equal(await usableOnHome(), false);
    const card = await deps.answers.modelCard("Claude Mythos 5");
    assert.ok("card" in card);
    assert.equal(card.card.model.status, "suspended");
    const opus = await deps.answers.modelCard("Claude Opus 5");
    assert.ok("card" in opus);
    assert.equal(
      opus.card.alternatives.some((m) => m.id === MYTHOS),
      false,
      "a suspended model is nobody's alternative",
    );
  });

  it("answers with the reason there is no card for a name that fits several models or none", async () => {
    const family = await deps.answers.modelCard("claude");
    assert.ok("answer" in family);
    assert.ok(family.answer.choices.length > 1);
    const unknown = await deps.answers.modelCard("Zorblax 9");
    assert.ok("answer" in unknown);
    assert.equal(unknown.answer.verdict, "unknown");
  });

  it("refuses an empty or overlong question with a coded error", async () => {
    await assert.rejects(deps.answers.ask({ question: "  ", surface: "cli" }), { code: "usage" });
    await assert.rejects(deps.answers.ask({ question: "x".repeat(2001), surface: "cli" }), { code: "invalid_input" });
  });

  it("takes feedback and re-asks only for the asker of a logged answer", async () => {
    const { qaId } = await deps.answers.ask({ question: "Is GPT-5 approved?", surface: "dm", userId: "U0ASKER001" });
    assert.ok(qaId !== null);
    await assert.rejects(deps.answers.recordFeedback(qaId, "helpful", "U0OTHER001"), { code: "forbidden" });
    await deps.answers.recordFeedback(qaId, "helpful", "U0ASKER001");
    assert.equal(await deps.answers.loggedQuestion(qaId, "U0ASKER001"), "Is GPT-5 approved?");
    await assert.rejects(deps.answers.loggedQuestion(qaId + 1, "U0ASKER001"), { code: "not_found" });
  });
});
