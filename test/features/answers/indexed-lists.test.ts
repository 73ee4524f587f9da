import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateRegistry } from "../../../bench/generated-registry.ts";
import { answerQuestion, findRetiringModels } from "../../../src/features/answers/answer-engine.ts";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import { effectiveStatus } from "../../../src/features/registry/model-status.ts";
import type { StatusContext } from "../../../src/features/registry/registry.ts";

// The list and retiring answers read indexes built per registry revision; they must name exactly the
// models, in the same order, that reading every model would.
const registry = generateRegistry(600, 20);
const catalog = buildModelCatalog(registry);
const suspended = new Set(registry.models.filter((_, i) => i % 23 === 0).map((model) => model.id));

describe("list and retiring answers from the indexes", () => {
  for (const today of ["2026-11-24", "2027-03-15", "2027-09-16"]) {
    const context: StatusContext = { today, suspendedModelIds: suspended };
    it(`names every approved model of each use case, in registry order (${today})`, () => {
      for (const useCase of registry.use_cases) {
        const answer = answerQuestion(
          catalog,
          context,
          `Which models are approved for ${useCase.id.replace(/_/g, " ")}?`,
        );
        const expected = registry.models.filter(
          (model) =>
            ["approved", "restricted"].includes(effectiveStatus(model, context)) &&
            (model.use_cases === null || model.use_cases.includes(useCase.id)),
        );
        assert.deepEqual(
          answer.models.map((model) => model.id),
          expected.map((model) => model.id),
          useCase.id,
        );
      }
    });
    it(`names every model retiring within the days asked, by date (${today})`, () => {
      for (const days of [0, 1, 30, 90, 400]) {
        const until = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
        const expected = registry.models
          .filter((model) => model.retires_on !== null && model.retires_on >= today && model.retires_on <= until)
          .sort((a, b) => (a.retires_on ?? "").localeCompare(b.retires_on ?? ""));
        assert.deepEqual(
          findRetiringModels(catalog, context, days).map((model) => model.id),
          expected.map((model) => model.id),
          `${days} days`,
        );
      }
    });
  }
});
