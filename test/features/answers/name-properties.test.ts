import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { answerQuestion } from "../../../src/features/answers/answer-engine.ts";
import { buildModelCatalog } from "../../../src/features/registry/model-catalog.ts";
import { nameKey } from "../../../src/features/registry/name-key.ts";
import type { StatusContext } from "../../../src/features/registry/registry.ts";
import { MODEL_STATUSES, plainVendor, type Registry } from "../../../src/features/registry/registry.ts";
import { smallRegistry, testModel } from "../../support/small-registry.ts";

const FAMILIES = ["Nova", "Orion", "Kestrel", "Qwen", "Lumen", "Atlas", "Vega", "Kimi", "Deepseek", "GLM"];
const VERSIONS = ["2", "3", "4.5", "5", "K2", "V3"];
const VARIANTS = ["Flash", "Pro", "Mini", "Coder", "Lite", "Max", "Turbo", "Thinking", "Instruct", "Air", "Nano"];
const SIZES = ["8B", "32B", "70B", "235B", "8x7B", "400B"];
/** What people glue to a name: variant words and sizes, as typed. */
const EXTRAS = [...VARIANTS, ...SIZES, "codex", "preview", "vision", "ultra", "plus", "1.5b", "a22b", "mini"];
const DATA_CLASSES = ["public", "internal", "confidential", "restricted"];
const USE_CASES = ["coding", "translation", "summarization"];

const GREETINGS = [
  "hi",
  "hey team,",
  "morning!",
  "good morning :wave:",
  "quick question:",
  "sorry to bother,",
  "<@U0BOT0001>",
  "👋",
  "hello hello",
  "hiya folks -",
  "sorry if this is a dumb question, but",
];
const SIGN_OFFS = [
  "thanks!",
  "thx",
  "cheers",
  "asking for the design team",
  ":pray:",
  "🙏",
  "ty!",
  "thanks in advance",
  "asking for a friend",
  "much appreciated :slightly_smiling_face:",
];

const modelSpec = fc.record({
  family: fc.constantFrom(...FAMILIES),
  version: fc.constantFrom(...VERSIONS),
  variant: fc.option(fc.constantFrom(...VARIANTS), { nil: null }),
  size: fc.option(fc.constantFrom(...SIZES), { nil: null }),
  status: fc.constantFrom(...MODEL_STATUSES),
  dataClass: fc.constantFrom(...DATA_CLASSES),
  useCases: fc.option(fc.subarray(USE_CASES), { nil: null }),
});

const nameOf = (spec: { family: string; version: string; variant: string | null; size: string | null }) =>
  [spec.family, spec.version, spec.variant, spec.size].filter(Boolean).join(" ");

/** A registry of confusable families: the same family and version with and without variants and sizes. */
const registries = fc
  .uniqueArray(modelSpec, { minLength: 2, maxLength: 14, selector: (spec) => nameKey(nameOf(spec)) })
  .map((specs): Registry => {
    const models = specs.map((spec) => {
      const name = nameOf(spec);
      return {
        id: `lab/${nameKey(name)}`,
        name,
        vendor: "lab",
        aliases: [],
        status: spec.status,
        max_data_class: spec.dataClass,
        use_cases: spec.useCases,
        conditions: spec.status === "restricted" ? "Through the gateway only." : null,
        hosting: "vendor_api" as const,
        open_weights: false,
        retires_on: null,
        alternatives: [],
        policy_url: null,
        reviewed_on: null,
      };
    });
    return {
      version: 1,
      governance: { leads: ["U0LEAD0001"], notice_channel: null },
      data_classes: DATA_CLASSES.map((id) => ({ id, name: null, aliases: [] })),
      use_cases: USE_CASES.map((id) => ({ id, name: null, aliases: [] })),
      vendors: [plainVendor("lab", "Lab")],
      models,
      systems: [],
    };
  });

const context: StatusContext = { today: "2026-11-24", suspendedModelIds: new Set() };

describe("properties of name resolution", () => {
  it("never reads a known model with a variant glued on as a typo of a third model (fast-check's counterexample)", () => {
    const catalog = buildModelCatalog(
      smallRegistry([testModel("acme/nova-k2-mini", "Nova K2 Mini"), testModel("acme/nova-2", "Nova 2")]),
    );
    for (const question of ["Is Nova 2 Mini approved?", "can i use nova 2 mini with internal data"]) {
      const answer = answerQuestion(catalog, context, question);
      assert.equal(answer.verdict, "unknown", `${question}: ${answer.answer}`);
      assert.deepEqual(answer.models, []);
      assert.match(answer.answer, /Did you mean Nova 2 or Nova K2 Mini\?/);
    }
    const typo = answerQuestion(catalog, context, "Is Nova K2 Mnii approved?");
    assert.deepEqual(
      typo.models.map((model) => model.id),
      ["acme/nova-k2-mini"],
      "a real typo of the longer name is still forgiven",
    );
  });

  it("a model's name with a variant word or size glued on that no registry model has never gets that model's verdict", () => {
    fc.assert(
      fc.property(registries, fc.constantFrom(...EXTRAS), fc.boolean(), (registry, extra, lowerCase) => {
        const catalog = buildModelCatalog(registry);
        const names = new Set(registry.models.map((model) => nameKey(model.name)));
        for (const model of registry.models) {
          const longer = `${model.name} ${extra}`;
          if (names.has(nameKey(longer))) continue;
          const typed = lowerCase ? longer.toLowerCase() : longer;
          for (const question of [`Is ${typed} approved?`, `can i use ${typed} with internal data`]) {
            const answer = answerQuestion(catalog, context, question);
            assert.ok(
              !answer.models.some((m) => m.id === model.id),
              `${question} was answered for ${model.name}: ${answer.answer}`,
            );
            assert.ok(answer.verdict === "unknown" || answer.verdict === null, `${question}: ${answer.answer}`);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("greetings before and sign-offs after a question never change its answer", () => {
    const questions = (registry: Registry) =>
      registry.models.flatMap((model) => [
        `Is ${model.name} approved?`,
        `can I use ${model.name} with ${DATA_CLASSES[model.name.length % DATA_CLASSES.length]} data?`,
        `Is ${model.name} approved for ${USE_CASES[model.name.length % USE_CASES.length]}?`,
        `What should I use instead of ${model.name}?`,
        `Which models are approved for ${USE_CASES[model.name.length % USE_CASES.length]}?`,
      ]);
    fc.assert(
      fc.property(
        registries,
        fc.option(fc.constantFrom(...GREETINGS), { nil: null }),
        fc.option(fc.constantFrom(...SIGN_OFFS), { nil: null }),
        (registry, greeting, signOff) => {
          fc.pre(greeting !== null || signOff !== null);
          const catalog = buildModelCatalog(registry);
          for (const question of questions(registry)) {
            const wrapped = [greeting, question, signOff].filter(Boolean).join(" ");
            const plain = answerQuestion(catalog, context, question);
            const answer = answerQuestion(catalog, context, wrapped);
            const gist = (a: typeof answer) => ({
              intent: a.intent,
              verdict: a.verdict,
              headline: a.headline,
              models: a.models.map((m) => m.id),
              alternatives: a.alternatives.map((m) => m.id),
            });
            assert.deepEqual(gist(answer), gist(plain), `“${wrapped}” answered unlike “${question}”`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
